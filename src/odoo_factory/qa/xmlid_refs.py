"""Every XML id a data file names must exist in the addon (defined earlier) or a dependency."""

from __future__ import annotations

from collections.abc import Iterator

from odoo_factory.qa.context import CheckContext, code_ids, generated_xmlids
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.model_index import catalogue_entry
from odoo_factory.qa.xmlids import (
    XmlRef,
    csv_definitions,
    csv_references,
    xml_definitions,
    xml_references,
)

__all__ = ["check_xmlid_references"]

# Ids Odoo creates itself (ir.model.fields, modules, selection values): not in data files.
_GENERATED_PREFIXES = ("field_", "module_", "selection__", "model_")


def _diag(
    file: str,
    line: int,
    message: str,
    hint: str,
    severity: Severity,
    rule: str = "xmlid-unknown",
) -> Diagnostic:
    return Diagnostic(
        source="factory",
        severity=severity,
        category="reference",
        rule=rule,
        file=file,
        line=line,
        message=message,
        hint=hint,
    )


def _load_order(ctx: CheckContext) -> list[tuple[str, int]]:
    """(file, position) of each loaded data file: 'data' first, then 'demo'."""
    order: list[str] = []
    for key in ("data", "demo"):
        order.extend(rel for rel in ctx.addon.data_files(key) if rel not in order)
    return [(rel, index) for index, rel in enumerate(order)]


def check_xmlid_references(ctx: CheckContext) -> list[Diagnostic]:
    source = ctx.addon
    order = _load_order(ctx)
    defined: dict[str, tuple[int, int, str]] = {}  # id -> (file position, line, file)
    references: list[tuple[int, str, XmlRef]] = []
    for rel, position in order:
        if rel in source.xml:
            root = source.xml[rel]
            defs: Iterator[tuple[str, int]] = xml_definitions(root)
            refs: Iterator[XmlRef] = xml_references(root)
        elif rel in source.csv:
            defs = csv_definitions(rel, source.csv[rel])
            refs = csv_references(rel, source.csv[rel])
        else:
            continue
        for xmlid, line in defs:
            local = xmlid.removeprefix(source.name + ".")
            if "." not in local:
                defined.setdefault(local, (position, line, rel))
        references.extend((position, rel, ref) for ref in refs)
    generated = generated_xmlids(catalogue_entry(model for _rel, model in source.models))
    generated |= code_ids(source)
    demo_start = len(source.data_files("data"))
    found: list[Diagnostic] = []
    for position, rel, ref in references:
        diagnostic = _resolve(ctx, defined, generated, position >= demo_start, position, rel, ref)
        if diagnostic is not None:
            found.append(diagnostic)
    return found


def _inherits_parent_id(ctx: CheckContext, name: str) -> str | None:
    """'product_x_product_template' -> 'product_x': Odoo gives _inherits parents such ids."""
    for parent in ctx.index.inherits_parents():
        suffix = "_" + parent.replace(".", "_")
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return None


def _resolve(
    ctx: CheckContext,
    defined: dict[str, tuple[int, int, str]],
    generated: set[str],
    in_demo: bool,
    position: int,
    rel: str,
    ref: XmlRef,
) -> Diagnostic | None:
    module, _, name = ref.xmlid.rpartition(".")
    parent_id = _inherits_parent_id(ctx, name)
    names = {name} if parent_id is None else {name, parent_id}
    if not module or module == ctx.addon.name:
        if names & generated:
            return None
        where = next((defined[n] for n in names if n in defined), None)
        if where is None:
            if name.startswith(_GENERATED_PREFIXES) and not ctx.complete:
                return None
            return _diag(
                rel,
                ref.line,
                f"XML id {ref.xmlid!r} ({ref.how}) is not defined in this addon",
                "define it in a data file, or prefix it with the module "
                "that defines it ('module.xml_id')",
                Severity.ERROR,
            )
        def_position, def_line, def_file = where
        if (def_position, def_line) > (position, ref.line):
            return _diag(
                rel,
                ref.line,
                f"XML id {ref.xmlid!r} is used before it is defined ({def_file}:{def_line})",
                "move the definition above its first use, or list its file earlier in the manifest",
                Severity.ERROR,
                "xmlid-used-before-definition",
            )
        return None
    if module in ctx.unknown:
        return None
    if module not in ctx.closure:
        if not ctx.known_addon(module):
            return _diag(
                rel,
                ref.line,
                f"XML id {ref.xmlid!r} names module {module!r}, which is not a known addon",
                "fix the module prefix",
                Severity.WARNING,
            )
        return _diag(
            rel,
            ref.line,
            f"XML id {ref.xmlid!r} comes from {module!r}, which is "
            "not a dependency: install order is not guaranteed",
            f"add {module!r} to depends in the manifest",
            Severity.ERROR,
            "xmlid-module-not-a-dependency",
        )
    ids = ctx.xmlids.get(module)
    if ids is None or names & ids or name.startswith(("module_", "selection__")):
        return None
    if names & ctx.demo_xmlids.get(module, frozenset()):
        if in_demo:
            return None
        return _diag(
            rel,
            ref.line,
            f"XML id {ref.xmlid!r} is demo data of {module!r}; it does "
            "not exist in a database without demo data",
            "move this record to a demo "
            "file of the manifest, or refer to a record that is not demo data",
            Severity.ERROR,
        )
    return _diag(
        rel,
        ref.line,
        f"XML id {ref.xmlid!r} does not exist in {module!r} ({ctx.series})",
        f"check the id in {module}'s data files for {ctx.series}; it may have been renamed",
        Severity.ERROR,
    )
