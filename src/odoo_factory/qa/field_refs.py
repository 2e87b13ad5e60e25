"""Every field a view, a domain, ``_order`` or ``@api.depends`` names must exist on its model."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from odoo_factory.qa.context import CheckContext, model_xmlid
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.pymodels import field_call_type
from odoo_factory.qa.series_rules import records
from odoo_factory.qa.xmltree import XmlNode

__all__ = ["check_field_references", "domain_paths"]

# Elements of an arch whose children are not fields of the view's model.
_OPAQUE = frozenset({"attribute", "t"})
_XPATH_FIELD = re.compile(r"""field\[@name=['"](\w+)['"]\]""")


def domain_paths(node: ast.expr) -> list[str]:
    """Field paths of the leaves of a domain literal ('partner_id.name', ...)."""
    found: list[str] = []
    if isinstance(node, (ast.List, ast.Tuple)):
        is_leaf = (
            len(node.elts) == 3
            and isinstance(node.elts[0], ast.Constant)
            and isinstance(node.elts[0].value, str)
            and isinstance(node.elts[1], ast.Constant)
        )
        if is_leaf:
            first = node.elts[0]
            assert isinstance(first, ast.Constant)
            found.append(str(first.value))
        else:
            for element in node.elts:
                found.extend(domain_paths(element))
    return found


def _parse_domain(text: str) -> list[str]:
    try:
        return domain_paths(ast.parse(text.strip(), mode="eval").body)
    except (SyntaxError, ValueError, RecursionError):
        return []


@dataclass
class _Checker:
    ctx: CheckContext
    found: list[Diagnostic]

    def severity(self) -> Severity:
        return Severity.ERROR if self.ctx.complete else Severity.INFO

    def check_path(
        self,
        model: str | None,
        path: str,
        file: str,
        line: int | None,
        what: str,
        in_subview: bool = False,
    ) -> None:
        """Follow ``path`` ('a.b.c') from ``model``; report the first name that is missing."""
        if model is None or path in ("id", "") or path.startswith(("parent.", "context")):
            return
        current: str | None = model
        for name in path.split("."):
            if current is None:
                return
            fields = self.ctx.index.fields_of(current)
            if fields is None:
                return
            if name not in fields and in_subview and self.in_x2many_of(current, name):
                return
            if name not in fields and self.automatic(current, name, file, line, what):
                return
            if name not in fields:
                unsure = "" if self.ctx.complete else " (unsure: some dependencies are unknown)"
                self.found.append(
                    Diagnostic(
                        source="factory",
                        severity=self.severity(),
                        category="reference",
                        rule="field-unknown",
                        file=file,
                        line=line,
                        message=f"{what} names field {name!r}, which model {current!r} does "
                        f"not have{unsure}",
                        hint=f"fix the field name, define {name!r} on {current!r}, or add the "
                        "addon that defines it to depends",
                    )
                )
                return
            current = fields[name][1]

    def automatic(self, model: str, name: str, file: str, line: int | None, what: str) -> bool:
        """A field of an addon Odoo installs with the dependencies: a warning, not an error."""
        addon = self.ctx.automatic_source(model, name)
        if addon is not None:
            self.found.append(
                Diagnostic(
                    source="factory",
                    severity=Severity.WARNING,
                    category="reference",
                    rule="field-unknown",
                    file=file,
                    line=line,
                    message=f"{what} names field {name!r} of {model!r}, which comes from "
                    f"{addon}: Odoo installs it automatically with this addon's dependencies, "
                    "in no guaranteed order",
                    hint=f"add {addon!r} to depends",
                )
            )
        return addon is not None

    def in_x2many_of(self, model: str, name: str) -> bool:
        """Whether a one2many/many2many of ``model`` leads to a model with field ``name``."""
        return any(
            ftype in ("One2many", "Many2many")
            and comodel is not None
            and name in (self.ctx.index.fields_of(comodel) or {})
            for ftype, comodel in (self.ctx.index.fields_of(model) or {}).values()
        )

    def comodel(self, model: str, name: str) -> str | None:
        fields = self.ctx.index.fields_of(model)
        return fields[name][1] if fields and name in fields else None

    # -- views ---------------------------------------------------------------------------------

    def arch(self, rel: str, node: XmlNode, model: str, inherited: bool = False) -> None:
        """Check the fields under ``node``; in an inherited view, a position may be a sub-view."""
        for child in node.children:
            if child.tag in _OPAQUE:
                continue
            if child.tag == "field" and child.get("name"):
                name = str(child.get("name"))
                self.check_path(
                    model, name, rel, child.line, f"<field> in a {model} view", inherited
                )
                comodel = self.comodel(model, name)
                if child.get("domain") and comodel:
                    for path in _parse_domain(str(child.get("domain"))):
                        self.check_path(comodel, path, rel, child.line, "domain")
                if child.get("filter_domain"):
                    for path in _parse_domain(str(child.get("filter_domain"))):
                        self.check_path(model, path, rel, child.line, "filter_domain")
                if child.get("position") is not None:
                    self.arch(rel, child, model, inherited=True)
                elif comodel:
                    self.arch(rel, child, comodel)
                continue
            if child.tag == "xpath":
                target = self.xpath_model(model, child.get("expr", "") or "")
                if target is not None:
                    self.arch(rel, child, target, inherited=True)
                continue
            if child.tag == "filter":
                for path in _parse_domain(child.get("domain", "") or ""):
                    self.check_path(model, path, rel, child.line, "filter domain")
            self.arch(rel, child, model, inherited)

    def xpath_model(self, model: str, expr: str) -> str | None:
        """The model of the elements an xpath selects: steps into x2many fields change it."""
        current: str | None = model
        for match in _XPATH_FIELD.finditer(expr):
            if match.end() < len(expr) and expr[match.end()] == "/" and current is not None:
                current = self.comodel(current, match.group(1))
        return current

    def views(self) -> None:
        for rel, record in records(self.ctx.addon, "ir.ui.view"):
            model_node, arch = record.field_value("model"), record.field_value("arch")
            if model_node is None or arch is None or not model_node.text.strip():
                continue
            model = model_node.text.strip()
            if not self.ctx.index.knows(model):
                self.found.append(
                    Diagnostic(
                        source="factory",
                        severity=Severity.INFO,
                        category="reference",
                        rule="model-unknown",
                        file=rel,
                        line=model_node.line,
                        message=f"model {model!r} is not known; the view's fields were not checked",
                        hint="fix the model name, or make the addon defining it visible "
                        "(depends, --addons-path)",
                    )
                )
                continue
            self.arch(rel, arch, model, inherited=record.field_value("inherit_id") is not None)

    def actions(self) -> None:
        models_by_xmlid = {model_xmlid(m): m for m in self.ctx.index.contributions}
        for rel, record in records(self.ctx.addon, "ir.actions.act_window"):
            res_model, domain = record.field_value("res_model"), record.field_value("domain")
            if res_model is not None and domain is not None:
                for path in _parse_domain(domain.text or str(domain.get("eval", ""))):
                    self.check_path(res_model.text.strip(), path, rel, domain.line, "domain")
        for rel, record in records(self.ctx.addon, "ir.rule"):
            model_ref, domain = record.field_value("model_id"), record.field_value("domain_force")
            if model_ref is None or domain is None:
                continue
            model = models_by_xmlid.get(str(model_ref.get("ref", "")).rsplit(".", 1)[-1])
            for path in _parse_domain(domain.text or str(domain.get("eval", ""))):
                self.check_path(model, path, rel, domain.line, "record rule domain")

    # -- Python --------------------------------------------------------------------------------

    def python(self) -> None:
        for rel, model in self.ctx.addon.models:
            if model.kind == "AbstractModel":
                continue  # a mixin's depends and order name fields of the models using it
            if model.order:
                text, line = model.order
                for term in text.split(","):
                    words = term.split()
                    if words:
                        self.check_path(model.name, words[0].strip('"'), rel, line, "_order")
            for path, line, _col in model.depends:
                self.check_path(model.name, path, rel, line, "@api.depends/@api.constrains")
            for field in model.fields.values():
                if field.comodel is None or model.class_node is None:
                    continue
                for stmt in model.class_node.body:
                    value = getattr(stmt, "value", None)
                    if getattr(stmt, "lineno", None) != field.line or value is None:
                        continue
                    if isinstance(value, ast.Call) and field_call_type(value):
                        for keyword in value.keywords:
                            if keyword.arg == "domain":
                                self._python_domain(keyword.value, field.comodel, rel)

    def _python_domain(self, node: ast.expr, comodel: str, rel: str) -> None:
        paths = (
            _parse_domain(node.value)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            else domain_paths(node)
        )
        for path in paths:
            self.check_path(comodel, path, rel, node.lineno, "field domain")


def check_field_references(ctx: CheckContext) -> list[Diagnostic]:
    checker = _Checker(ctx, [])
    checker.views()
    checker.actions()
    checker.python()
    return checker.found
