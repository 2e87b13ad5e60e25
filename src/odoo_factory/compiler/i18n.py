"""i18n/: the addon's translation template (``<module>.pot``) and one ``.po`` file per
language of the spec's ``translations``, in the format Odoo's own export writes for the
target series (``odoo/tools/translate.py``, ``PoFileWriter``).

The terms are gathered from the spec (model descriptions, field labels, help and selection
values, constraint messages, translatable values of the addon's records) and from the files
the compiler wrote (view and template texts, actions, menus, groups, reports, and the
``_()`` messages of the Python code), each with the reference Odoo gives it.
"""

from __future__ import annotations

import ast
import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from odoo_factory.compiler.context import BuildContext
from odoo_factory.spec.i18n import po_file_name
from odoo_factory.spec.models import FieldSpec, ModelSpec

__all__ = ["Term", "collect_terms", "render_po", "translation_files"]

# odoo/tools/translate.py TRANSLATED_ATTRS / TRANSLATED_ELEMENTS / SKIPPED_ELEMENTS
_ATTRS = frozenset(
    {
        "string", "add-label", "help", "sum", "avg", "confirm", "placeholder", "alt", "title",
        "aria-label", "aria-keyshortcuts", "aria-placeholder", "aria-roledescription",
        "aria-valuetext", "value_label", "data-tooltip", "data-editor-message", "label",
    }
)  # fmt: skip
_INLINE = frozenset(
    {
        "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font",
        "i", "ins", "kbd", "keygen", "mark", "math", "meter", "output", "progress", "q",
        "ruby", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
        "wbr", "text", "select", "option",
    }
)  # fmt: skip
_SKIPPED = frozenset({"script", "style", "title"})
# translatable fields of the records an addon's data files hold: (model, field, in terms)
_RECORD_FIELDS = {
    "ir.actions.act_window": (("name", False), ("help", True)),
    "ir.actions.server": (("name", False),),
    "ir.actions.report": (("name", False), ("print_report_name", False)),
    "ir.ui.menu": (("name", False),),
    "res.groups": (("name", False),),
    "res.groups.privilege": (("name", False),),
    "ir.module.category": (("name", False),),
}
# models whose fields reach another model by delegation (_inherits): Odoo reflects the field
# there too, under the addon's xml id
_DELEGATED = {"res.partner": ("res.users",), "product.template": ("product.product",)}
_MAGIC_LABELS = (
    ("id", "ID"),
    ("display_name", "Display Name"),
    ("create_uid", "Created by"),
    ("create_date", "Created on"),
    ("write_uid", "Last Updated by"),
    ("write_date", "Last Updated on"),
)
_WRAP = 78  # polib's wrapwidth, which Odoo's export keeps


@dataclass(frozen=True, order=True)
class Term:
    """One occurrence of a translatable text: ``kind`` is ``code``, ``model`` or
    ``model_terms``; ``name`` the file (code) or ``model,field``; ``ref`` the xml id, or
    the line (always ``0``) of a code term."""

    kind: str
    name: str
    ref: str
    text: str

    @property
    def occurrence(self) -> str:
        if self.kind == "code":
            return f"code:{self.name}:{self.ref}"
        return f"{self.kind}:{self.name}:{self.ref}"


def _counts(text: str) -> bool:
    """Odoo exports a term with at least two letters or digits outside its tags."""
    try:
        plain = "".join(ET.fromstring(f"<div>{text}</div>").itertext())
    except ET.ParseError:
        plain = text
    return len(re.sub(r"\W+", "", plain)) > 1


def _inline(node: ET.Element) -> bool:
    return "o_translate_inline" in node.get("class", "").split() or (
        node.tag in _INLINE
        and not any(key.startswith("t-") for key in node.attrib)
        and all(_inline(child) for child in node)
    )


def arch_terms(node: ET.Element) -> Iterator[str]:
    """The terms Odoo's ``xml_translate`` finds in an arch: runs of text with the inline
    elements inside them, and the translatable attributes."""
    if node.tag in _SKIPPED or node.get("t-translation", "").strip() == "off":
        return
    if node.tag == "attribute" and node.get("name") not in _ATTRS:
        return
    run: list[str] = [node.text or ""]
    for child in node:
        if _inline(child):
            run.append(ET.tostring(child, encoding="unicode"))  # with its tail
            continue
        yield from _flush(run)
        yield from arch_terms(child)
        run = [child.tail or ""]
    yield from _flush(run)
    for key, value in node.attrib.items():
        plain = key.removeprefix("t-attf-")
        if plain in _ATTRS and value.strip():
            yield value.strip()


def _flush(run: list[str]) -> Iterator[str]:
    text = "".join(run).strip()
    if text:
        yield text


def _local(ctx: BuildContext, xmlid: str) -> str:
    return xmlid if "." in xmlid else f"{ctx.module}.{xmlid}"


def _xml_terms(ctx: BuildContext, files: dict[str, str]) -> Iterator[Term]:
    for path, text in files.items():
        if not path.endswith(".xml") or path.startswith("tests/"):
            continue
        try:
            root = ET.fromstring(text.encode("utf-8"))
        except ET.ParseError:  # pragma: no cover - the compiler writes well-formed XML
            continue
        for element in root.iter():
            xmlid = element.get("id")
            if not xmlid:
                continue
            ref = _local(ctx, xmlid)
            if element.tag == "menuitem" and element.get("name"):
                yield Term("model", "ir.ui.menu,name", ref, element.get("name", ""))
            elif element.tag == "template":
                for found in arch_terms(element):
                    yield Term("model_terms", "ir.ui.view,arch_db", ref, found)
            elif element.tag == "record":
                yield from _record_terms(element.get("model", ""), ref, element)


def _record_terms(model: str, ref: str, record: ET.Element) -> Iterator[Term]:
    values = {f.get("name"): f for f in record.findall("field")}
    if model == "ir.ui.view" and "arch" in values:
        for child in values["arch"]:
            for found in arch_terms(child):
                yield Term("model_terms", "ir.ui.view,arch_db", ref, found)
    for name, as_terms in _RECORD_FIELDS.get(model, ()):
        field = values.get(name)
        if field is None:
            continue
        if as_terms:
            for child in field:
                for found in arch_terms(child):
                    yield Term("model_terms", f"{model},{name}", ref, found)
        elif field.text and field.text.strip():
            yield Term("model", f"{model},{name}", ref, field.text.strip())


class _Messages(ast.NodeVisitor):
    """``_("…")``, ``_lt("…")`` and ``self.env._("…")`` calls of a Python file."""

    def __init__(self) -> None:
        self.found: list[str] = []

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        named = (isinstance(func, ast.Name) and func.id in ("_", "_lt")) or (
            isinstance(func, ast.Attribute)
            and func.attr == "_"
            and isinstance(func.value, ast.Attribute)
            and func.value.attr == "env"
        )
        if named and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                self.found.append(first.value)
        self.generic_visit(node)


def _code_terms(ctx: BuildContext, files: dict[str, str]) -> Iterator[Term]:
    for path, text in files.items():
        if not path.endswith(".py") or path.startswith("tests/"):
            continue
        visitor = _Messages()
        try:
            visitor.visit(ast.parse(text))
        except SyntaxError:  # pragma: no cover - the compiler writes valid Python
            continue
        for message in visitor.found:
            yield Term("code", f"addons/{ctx.module}/{path}", "0", message)


def _model_fields(model: ModelSpec) -> list[FieldSpec]:
    """The fields the addon declares on ``model``, those the compiler adds included."""
    fields = list(model.fields)
    declared = {f.name for f in fields}
    extra: list[tuple[str, str, str | None]] = []  # many2one fields: name, comodel, label
    for parent, fk in model.inherits.items():
        extra.append((fk, parent, None))
    if model.multi_company:
        extra.append(("company_id", "res.company", None))
    if model.parent_store:
        extra.append((model.parent_name, model.name, "Parent"))
    for name, comodel, label in extra:
        if name not in declared:
            fields.append(FieldSpec(name=name, type="many2one", comodel=comodel, string=label))
            declared.add(name)
    if model.parent_store:
        fields.append(FieldSpec(name="parent_path", type="char", string="Parent Path"))
    wf = model.workflow
    if wf is not None and wf.field not in declared:
        fields.append(
            FieldSpec.model_validate(
                {"name": wf.field, "type": "selection", "string": "Status", "selection": wf.states}
            )
        )
    return fields


def _field_terms(ctx: BuildContext, model: str, fields: Iterable[FieldSpec]) -> Iterator[Term]:
    table = model.replace(".", "_")
    for f in fields:
        ref = f"{ctx.module}.field_{table}__{f.name}"
        yield Term("model", "ir.model.fields,field_description", ref, f.label)
        if f.help:
            yield Term("model", "ir.model.fields,help", ref, f.help)
        for value, label in f.selection or ():
            xvalue = value.replace(".", "_").replace(" ", "_").lower()
            sref = f"{ctx.module}.selection__{table}__{f.name}__{xvalue}"
            yield Term("model", "ir.model.fields.selection,name", sref, label)


def _spec_terms(ctx: BuildContext) -> Iterator[Term]:
    spec = ctx.spec
    for model in spec.models:
        table = model.name.replace(".", "_")
        fields = _model_fields(model)
        if not model.extend:
            ref = f"{ctx.module}.model_{table}"
            yield Term("model", "ir.model,name", ref, model.label)
            declared = {f.name for f in fields}
            fields += [
                FieldSpec.model_construct(name=name, type="char", string=label)
                for name, label in _MAGIC_LABELS
                if name not in declared
            ]
        yield from _field_terms(ctx, model.name, fields)
        if model.extend:
            for child in _DELEGATED.get(model.name, ()):
                yield from _field_terms(ctx, child, fields)
        for c in model.constraints:
            if c.type != "python":
                ref = f"{ctx.module}.constraint_{table}_{c.name}"
                yield Term("model", "ir.model.constraint,message", ref, c.message)
    if spec.settings is not None:
        settings = [
            FieldSpec(name=s.name, type="char", string=s.label, help=s.help)
            for s in spec.settings.fields
        ]
        yield from _field_terms(ctx, "res.config.settings", settings)
    translatable = {
        (m.name, f.name) for m in spec.models for f in m.fields if f.translate and not m.extend
    }
    for record in [*spec.records, *spec.demo]:
        for name, value in record.values.items():
            if (record.model, name) in translatable and isinstance(value, str):
                ref = _local(ctx, record.id)
                yield Term("model", f"{record.model},{name}", ref, value)


def collect_terms(ctx: BuildContext, files: dict[str, str]) -> list[Term]:
    """Every translatable term of the addon, once per occurrence, in Odoo's order."""
    found = [*_spec_terms(ctx), *_xml_terms(ctx, files), *_code_terms(ctx, files)]
    return sorted({t for t in found if t.text and _counts(t.text)})


# -- the .po format (what polib writes for Odoo's PoFileWriter) ----------------------------
def _escape(text: str) -> str:
    return (
        text.replace("\\", r"\\")
        .replace("\t", r"\t")
        .replace("\r", r"\r")
        .replace("\n", r"\n")
        .replace('"', r"\"")
    )


def _field(keyword: str, text: str) -> list[str]:
    lines = text.splitlines(True)
    if len(lines) > 1:
        lines = ["", *lines]
    else:
        specials = sum(text.count(c) for c in ("\\", "\n", "\r", "\t", '"'))
        room = _WRAP - (len(keyword) + 3) + specials
        if len(text) > room:
            wrapped = textwrap.wrap(
                _escape(text), _WRAP - 2, drop_whitespace=False, break_long_words=False
            )
            return [f'{keyword} ""', *(f'"{line}"' for line in wrapped)]
        lines = [text]
    return [f'{keyword} "{_escape(lines[0])}"', *(f'"{_escape(line)}"' for line in lines[1:])]


def _occurrences(refs: list[str]) -> list[str]:
    joined = " ".join(refs)
    if len(joined) + 3 <= _WRAP:
        return [f"#: {joined}"]
    wrapped = textwrap.wrap(
        joined.replace("-", "*"),
        _WRAP,
        initial_indent="#: ",
        subsequent_indent="#: ",
        break_long_words=False,
    )
    return [line.replace("*", "-") for line in wrapped]


def render_po(
    ctx: BuildContext, terms: list[Term], translations: dict[str, str] | None = None
) -> str:
    """The template (``translations`` None) or a language's file: one entry per text, its
    occurrences sorted, the entries sorted by text."""
    profile = ctx.profile
    by_text: dict[str, list[Term]] = {}
    for term in terms:
        by_text.setdefault(term.text, []).append(term)
    if translations:
        for text in translations:  # kept so that `check` can name the unknown ones
            by_text.setdefault(text, [])
    header = [
        "# Translation of Odoo Server.",
        "# This file contains the translation of the following modules:",
        f"# \t* {ctx.module}",
        "#",
        'msgid ""',
        'msgstr ""',
        f'"Project-Id-Version: Odoo Server {profile.series}\\n"',
        *(
            f'"{key}: {value}\\n"'
            for key, value in (
                ("Report-Msgid-Bugs-To", ""),
                ("POT-Creation-Date", ""),
                ("PO-Revision-Date", ""),
                ("Last-Translator", ""),
                ("Language-Team", ""),
                ("MIME-Version", "1.0"),
                ("Content-Type", "text/plain; charset=UTF-8"),
                ("Content-Transfer-Encoding", ""),
                ("Plural-Forms", ""),
            )
        ),
    ]
    blocks = ["\n".join(header)]
    for text in sorted(by_text):
        found = by_text[text]
        code = any(t.kind == "code" for t in found)
        lines = [f"#. module: {ctx.module}"]
        if code and profile.po_code_comment:
            lines.append("#. odoo-python")
        refs = list(dict.fromkeys(t.occurrence for t in found))
        if refs:
            lines += _occurrences(refs)
        if code and profile.po_python_format:
            lines.append("#, python-format")
        lines += _field("msgid", text)
        lines += _field("msgstr", (translations or {}).get(text, ""))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def translation_files(ctx: BuildContext, files: dict[str, str]) -> dict[str, str]:
    """``i18n/<module>.pot`` and ``i18n/<lang>.po``, when the spec has ``translations``."""
    translations = ctx.spec.translations
    if translations is None:
        return {}
    terms = collect_terms(ctx, files)
    result = {f"i18n/{ctx.module}.pot": render_po(ctx, terms)}
    for lang, texts in sorted(translations.items()):
        result[f"i18n/{po_file_name(lang)}.po"] = render_po(ctx, terms, texts)
    return result
