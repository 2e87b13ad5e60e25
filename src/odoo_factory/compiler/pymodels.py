"""models/*.py and wizards/*.py: one file per model, written for the target series."""

from __future__ import annotations

import ast
import re
import sys

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.mail import button_lines, mail_methods
from odoo_factory.compiler.pyfmt import (
    LINE,
    block,
    call,
    create_call,
    dotted,
    identifier,
    if_not,
    lit,
    odoo_expression,
    signature,
)
from odoo_factory.spec.models import Compute, Constraint, DecimalPrecision, FieldSpec, ModelSpec
from odoo_factory.spec.python_parts import (
    Decorator,
    Import,
    dynamic_default,
    message_template,
    parse_decorator,
    parse_import,
)

__all__ = ["model_file", "model_init", "precision_xmlid"]

_TYPES = {
    "char": "Char",
    "text": "Text",
    "html": "Html",
    "integer": "Integer",
    "float": "Float",
    "monetary": "Monetary",
    "boolean": "Boolean",
    "date": "Date",
    "datetime": "Datetime",
    "selection": "Selection",
    "binary": "Binary",
    "image": "Image",
    "many2one": "Many2one",
    "one2many": "One2many",
    "many2many": "Many2many",
}
_BASES = {
    "regular": "models.Model",
    "transient": "models.TransientModel",
    "abstract": "models.AbstractModel",
}


class _Writer:
    def __init__(self, ctx: BuildContext, model: ModelSpec) -> None:
        self.ctx = ctx
        self.profile = ctx.profile
        self.model = model
        self.imports: set[str] = set()  # api, _, UserError, ValidationError
        self.body: list[str] = []
        self.methods: list[str] = []

    # -- fields --------------------------------------------------------------------------
    def default(self, f: FieldSpec) -> str | None:
        value = f.default
        if value is None:
            return None
        found = dynamic_default(value)
        if found is None:
            return lit(value, 8)
        company = self.profile.current_company_expr
        if found.unit:
            base = {
                "today": "fields.Date.context_today(self)",
                "now": "fields.Datetime.now()",
            }[found.kind]
            delta = call("relativedelta", [f"{found.unit}={found.delta}"], 0)
            return f"lambda self: {base} + {delta}"
        return {
            "today": "fields.Date.context_today",
            "now": "fields.Datetime.now",
            "user": "lambda self: self.env.user",
            "company": f"lambda self: {company}",
            "currency": f"lambda self: {company}.currency_id",
            "context": f"lambda self: self.env.context.get({lit(found.key)})",
            "first": f"lambda self: self.env[{lit(f.comodel)}].search([], limit=1)",
        }[found.kind]

    def digits(self, f: FieldSpec) -> str | None:
        if isinstance(f.digits, tuple):
            return lit(tuple(f.digits))
        name = f.precision
        if name is None:
            return None
        if self.profile.named_digits:
            return lit(name)
        return call("dp.get_precision", [lit(name)], 8)

    def domain(self, f: FieldSpec) -> str | None:
        """A domain of literals as a Python list (what the server applies, on a one2many
        too); one naming fields of the form as the string the web client evaluates."""
        if not f.domain:
            return None
        rendered = odoo_expression(f.domain, "domain")
        try:
            return lit(ast.literal_eval(rendered), 8)
        except ValueError:
            return lit(rendered)

    def translated(self, message: str) -> str:
        """A translatable message, the way the series translates it."""
        function = "self.env._" if self.profile.env_translation else "_"
        return f"{function}({lit(message)})"

    def field_line(self, f: FieldSpec) -> str:
        kind = _TYPES[f.type]
        args: list[str] = []
        if f.type == "image" and not self.profile.image_field:
            kind = "Binary"
            args.append("attachment=True")
        if f.comodel:
            args.append(f"comodel_name={lit(f.comodel)}")
        if f.inverse_name:
            args.append(f"inverse_name={lit(f.inverse_name)}")
        if f.relation:
            args.append(f"relation={lit(f.relation)}")
        if f.selection:
            args.append("selection=" + lit([tuple(s) for s in f.selection], 8))
        if f.related or f.label != _odoo_default_label(f.name):
            args.append(f"string={lit(f.label)}")
        for flag in ("required", "readonly", "index", "translate"):
            if getattr(f, flag):
                args.append(f"{flag}=True")
        if f.readonly is False and (f.related or f.compute):
            args.append("readonly=False")
        if f.copy_ is not None:
            args.append(f"copy={f.copy_}")
        default = self.default(f)
        if default:
            args.append(f"default={default}")
        if f.currency_field:
            args.append(f"currency_field={lit(f.currency_field)}")
        digits = self.digits(f)
        if digits:
            args.append(f"digits={digits}")
        if f.ondelete:
            args.append(f"ondelete={lit(f.ondelete)}")
        if f.check_company:
            args.append("check_company=True")
        if f.company_dependent:
            args.append("company_dependent=True")
        domain = self.domain(f)
        if domain:
            args.append(f"domain={domain}")
        if f.context:
            args.append(f"context={lit(odoo_expression(f.context, 'dict'))}")
        if f.related:
            args.append(f"related={lit(f.related)}")
        if f.compute:
            args.append(f"compute={lit('_compute_' + f.name)}")
            if f.compute.store:
                args.append("store=True")
            if f.inverse:
                args.append(f"inverse={lit('_inverse_' + f.name)}")
        elif f.store is not None:
            args.append(f"store={f.store}")
        if f.group_expand:
            args.append(f"group_expand={lit(_group_expand_method(f))}")
        if f.tracking:
            args.append(self.tracking())
        if f.groups:
            args.append("groups=" + lit(",".join(self.ctx.qualify(g) for g in f.groups)))
        if f.help:
            args.append(f"help={lit(f.help)}")
        return "    " + call(f"{identifier(f.name)} = fields.{kind}", args, 4)

    def group_expand(self, f: FieldSpec) -> None:
        """Every record of the comodel is a group (a kanban column), in its order; the
        method's arguments are the series'."""
        self.imports.add("api")
        every = "  # pylint: disable=no-search-all"  # a board shows every group
        if self.profile.group_expand_order:
            body = "        return records.search([], order=order)" + every
            arguments = "self, records, domain, order"
        else:
            body = "        return records.search([])" + every
            arguments = "self, records, domain"
        self.method(["@api.model"], _group_expand_method(f), body, arguments)

    def tracking(self) -> str:
        if self.profile.tracking_attribute == "tracking":
            return "tracking=True"
        return 'track_visibility="onchange"'

    # -- methods -------------------------------------------------------------------------
    def method(self, decorators: list[str], name: str, body: str, arguments: str = "self") -> None:
        lines = [f"    {d}" for d in decorators]
        lines.append(f"    def {identifier(name)}({arguments}):")
        lines.append(body)
        self.methods.append("\n".join(lines))

    def multi(self) -> list[str]:
        if self.profile.api_multi:
            self.imports.add("api")
            return ["@api.multi"]
        return []

    def depends(self, names: list[str]) -> list[str]:
        self.imports.add("api")
        return [call("@api.depends", [lit(n) for n in names], 4)]

    def compute(self, f: FieldSpec, c: Compute) -> None:
        deps = list(c.depends)
        target = f"rec.{identifier(f.name)}"
        if c.count:
            deps = deps or [c.count]
            body = f"{target} = len(rec.{identifier(c.count)})"
        elif c.sum or c.max:
            path = c.sum or c.max
            assert path is not None
            rel, _, attr = path.partition(".")
            deps = deps or [path]
            values = f"rec.{identifier(rel)}.mapped({lit(dotted(attr))})"
            if c.sum:
                body = f"{target} = sum({values})"
            else:
                body = f"values = {values}\n{target} = max(values) if values else False"
        elif c.expression:
            deps = deps or _rec_attributes(c.expression)
            body = f"{target} = {c.expression.strip()}"
        else:
            assert c.python is not None
            body = c.python
        decorators = self.depends(deps) if deps else []
        self.method(
            decorators, f"_compute_{f.name}", "        for rec in self:\n" + block(body, 12)
        )
        if f.inverse:
            self.method(
                [], f"_inverse_{f.name}", "        for rec in self:\n" + block(f.inverse, 12)
            )

    def message(self, c: Constraint, indent: int) -> str:
        """The constraint's message, translated, with the record's values put in; an
        argument of a call at ``indent``, wrapped the way ruff format wraps it."""
        template = message_template(c.message)
        function = "self.env._" if self.profile.env_translation else "_"
        if template is None:
            one = f"{function}({lit(c.message)})"
            if indent + 4 + len(one) + 1 <= LINE:  # the argument and its comma
                return one
            pad = " " * (indent + 4)
            return f"{function}(\n{pad}    {lit(c.message)}\n{pad})"
        if self.profile.translation_arguments:
            named = [
                f"{identifier(key)}=rec.{dotted(path)}" for key, path in template.values.items()
            ]
            return call(function, [lit(template.text), *named], indent + 4)
        items = [f"{lit(key)}: rec.{dotted(path)}" for key, path in template.values.items()]
        text = self.translated(template.text)
        values = "{" + ", ".join(items) + "}"
        one = f"{text} % {values}"
        inner = " " * (indent + 4)
        if len(inner) + len(one) + 1 <= LINE:
            return one
        if len(inner) + len(values) + 2 > LINE:
            values = "{\n" + "".join(f"{inner}    {item},\n" for item in items) + inner + "}"
        return f"{text}\n{inner}% {values}"

    def decorators(self, names: list[str]) -> list[str]:
        """The method's ``@api.…`` lines, rendered from what was parsed."""
        lines = []
        for text in names:
            found: Decorator = parse_decorator(text)
            head = f"@api.{identifier(found.name)}"
            if found.fields:
                lines.append(call(head, [lit(n) for n in found.fields], 4))
            elif found.at_uninstall is not None:
                lines.append(call(head, [f"at_uninstall={found.at_uninstall}"], 4))
            else:
                lines.append(head)
        return lines

    def constraints(self) -> None:
        sql = [c for c in self.model.constraints if c.type != "python"]
        for c in self.model.constraints:
            if c.type != "python":
                continue
            self.imports.update({"api", "_", "ValidationError"})
            assert c.condition is not None
            body = (
                "        for rec in self:\n"
                + if_not(c.condition, 12)
                + "\n"
                + " " * 16
                + call("raise ValidationError", [self.message(c, 16)], 16)
            )
            self.method(
                [call("@api.constrains", [lit(n) for n in c.fields], 4)],
                f"_check_{c.name}",
                body,
            )
        if not sql:
            return
        definitions = [
            (
                c.name,
                f"UNIQUE({', '.join(c.fields)})" if c.type == "unique" else f"CHECK({c.sql})",
                c.message,
            )
            for c in sql
        ]
        if self.profile.sql_constraint_style == "constraint_class":
            for name, definition, message in definitions:
                self.body.append(
                    "    "
                    + call(
                        f"{identifier('_' + name)} = models.Constraint",
                        [lit(definition), lit(message)],
                        4,
                    )
                )
        else:
            self.body.append("    _sql_constraints = " + lit(definitions, 4))

    def workflow(self) -> None:
        wf = self.model.workflow
        if wf is None:
            return
        labels = dict(wf.states)
        for button in wf.buttons:
            self.imports.update({"_", "UserError"})
            allowed = tuple(button.from_)
            names = ", ".join(labels[s] for s in allowed)
            lines = [
                "        for rec in self:",
                f"            if rec.{identifier(wf.field)} not in {lit(allowed)}:",
                " " * 16
                + call(
                    "raise UserError",
                    [self.translated(f"{button.string}: only allowed from {names}.")],
                    16,
                ),
            ]
            if button.guard:
                message = button.guard_message or f"{button.string} is not possible now."
                lines.append(if_not(button.guard, 12))
                lines.append(" " * 16 + call("raise UserError", [self.translated(message)], 16))
            if button.python:
                lines.append(block(button.python, 12))
            lines.append(f"            rec.{identifier(wf.field)} = {lit(button.to)}")
            lines += button_lines(self.ctx, button)
            lines.append("        return True")
            self.method(self.multi(), button.name, "\n".join(lines))

    def unlink_checks(self, checks: list[tuple[str, bool]]) -> None:
        """Before 15.0 (no ``api.ondelete``), an ``unlink`` override calls the spec's
        ``ondelete`` methods; those with ``at_uninstall=False`` are skipped when the addon
        that owns the records is being uninstalled, as ``api.ondelete`` does."""
        if not checks:
            return
        lines = []
        for name, at_uninstall in checks:
            if at_uninstall:
                lines.append(f"        self.{identifier(name)}()")
            else:
                lines.append("        if not self.env.context.get(MODULE_UNINSTALL_FLAG):")
                lines.append(f"            self.{identifier(name)}()")
        lines.append("        return super().unlink()")
        self.method(self.multi(), "unlink", "\n".join(lines))

    def sequences(self) -> None:
        for seq in self.ctx.spec.sequences:
            if not seq.field:
                continue
            model, _, name = seq.field.rpartition(".")
            if model != self.model.name:
                continue
            self.imports.add("api")
            if seq.per_company:
                self.company_sequence(seq.code, name)
                continue
            body = (
                '        sequence = self.env["ir.sequence"]\n'
                "        for vals in vals_list:\n"
                f'            if vals.get({lit(name)}, "/") in ("/", False, "New"):\n'
                f"                vals[{lit(name)}] = "
                f'sequence.next_by_code({lit(seq.code)}) or "/"\n'
                "        return super().create(vals_list)"
            )
            self.method(["@api.model_create_multi"], "create", body, "self, vals_list")

    def company_sequence(self, code: str, name: str) -> None:
        """``create`` numbers each record from its company's sequence (the record's
        ``company_id``, else the current company), made on first use from the spec's."""
        company = self.profile.current_company_expr
        helper = identifier(f"_next_{name}")
        lines = [
            "        for vals in vals_list:",
            f'            if vals.get({lit(name)}, "/") in ("/", False, "New"):',
        ]
        if self.model.multi_company or any(f.name == "company_id" for f in self.model.fields):
            given = 'self.env["res.company"].browse(vals.get("company_id"))'
            lines.append(f"                given = {given}")
            company = f"given or {company}"
        lines.append(" " * 16 + call(f"vals[{lit(name)}] = self.{helper}", [company], 16))
        lines.append("        return super().create(vals_list)")
        self.method(["@api.model_create_multi"], "create", "\n".join(lines), "self, vals_list")
        seq = next(s for s in self.ctx.spec.sequences if s.code == code)
        items = [
            f"{lit(key)}: {value}"
            for key, value in (
                ("name", lit(seq.name)),
                ("code", "code"),
                ("prefix", lit(seq.prefix)),
                ("padding", lit(seq.padding)),
                ("company_id", "company.id"),
            )
        ]
        if self.profile.with_company:
            numbered = "sequence.with_company(company)"
        else:
            numbered = "sequence.with_context(force_company=company.id)"
        body = [
            '        sequence = self.env["ir.sequence"].sudo()',
            f"        code = {lit(code)}",
            '        domain = [("code", "=", code), ("company_id", "=", company.id)]',
            "        if not sequence.search_count(domain):",
            create_call("sequence.create", items, 12),
            f'        return {numbered}.next_by_code(code) or "/"',
        ]
        self.method([], helper, "\n".join(body), "self, company")

    # -- the class -----------------------------------------------------------------------
    def header(self) -> list[str]:
        m = self.model
        base = _BASES[m.kind]
        lines = [f"class {identifier(m.class_name)}({base}):"]
        mixins = [*(["mail.thread", "mail.activity.mixin"] if m.mail else []), *m.inherit]
        if m.extend:
            parents = [m.name, *mixins]
            lines.append(f"    _inherit = {lit(parents[0] if len(parents) == 1 else parents, 4)}")
        else:
            lines.append(f"    _name = {lit(m.name)}")
            if mixins:
                lines.append(f"    _inherit = {lit(mixins, 4)}")
            lines.append(f"    _description = {lit(m.label)}")
        if m.inherits:
            lines.append(f"    _inherits = {lit(m.inherits, 4)}")
        if m.order:
            lines.append(f"    _order = {lit(m.order)}")
        if m.rec_name:
            lines.append(f"    _rec_name = {lit(m.rec_name)}")
        if m.parent_store:
            lines.append("    _parent_store = True")
            lines.append(f"    _parent_name = {lit(m.parent_name)}")
        if m.check_company:
            lines.append("    _check_company_auto = True")
        return lines

    def render(self) -> str:
        m = self.model
        fields = list(m.fields)
        declared = {f.name for f in fields}
        for parent, fk in m.inherits.items():
            if fk not in declared:
                fields.insert(
                    0,
                    FieldSpec(
                        name=fk, type="many2one", comodel=parent, required=True, ondelete="cascade"
                    ),
                )
        if m.multi_company and "company_id" not in declared:
            fields.append(
                FieldSpec(
                    name="company_id",
                    type="many2one",
                    comodel="res.company",
                    required=True,
                    index=True,
                    default="=company",
                )
            )
        if m.parent_store:
            if m.parent_name not in declared:
                fields.append(
                    FieldSpec(
                        name=m.parent_name,
                        type="many2one",
                        comodel=m.name,
                        string="Parent",
                        index=True,
                        ondelete="cascade",
                    )
                )
            fields.append(
                FieldSpec(name="parent_path", type="char", string="Parent Path", index=True)
            )
        if m.workflow and m.workflow.field not in declared:
            wf = m.workflow
            fields.append(
                FieldSpec.model_validate(
                    {
                        "name": wf.field,
                        "type": "selection",
                        "string": "Status",
                        "selection": wf.states,
                        "default": wf.default or wf.states[0][0],
                        "required": True,
                        "readonly": True,
                        "copy": False,
                        "tracking": wf.tracking and (m.mail or "mail.thread" in m.inherit),
                    }
                )
            )
        self.body.extend(self.field_line(f) for f in fields)
        self.constraints()
        for f in fields:
            if f.compute:
                self.compute(f, f.compute)
        for onchange in m.onchanges:
            self.imports.add("api")
            self.method(
                [call("@api.onchange", [lit(n) for n in onchange.fields], 4)],
                f"_onchange_{'_'.join(onchange.fields)}",
                block(onchange.python, 8),
            )
        for f in fields:
            if f.group_expand:
                self.group_expand(f)
        self.workflow()
        self.sequences()
        for name, arguments, body in mail_methods(self.ctx, m):
            self.method(self.multi(), name, body, arguments)
        on_delete: list[tuple[str, bool]] = []
        for method in m.methods:
            given = method.decorators or (
                [f"api.{method.decorator}"] if method.decorator != "none" else []
            )
            if not self.profile.api_ondelete:
                kept = [text for text in given if parse_decorator(text).name != "ondelete"]
                on_delete += [
                    (method.name, parse_decorator(text).at_uninstall is not False)
                    for text in given
                    if text not in kept
                ]
                given = kept
            decorators = self.decorators(given)
            if not decorators:
                decorators = self.multi()
            self.method(decorators, method.name, block(method.python, 8), signature(method.args))
        self.unlink_checks(on_delete)
        code = "\n".join(self.header())
        if self.body:
            code += "\n\n" + "\n".join(self.body)
        if self.methods:
            code += "\n\n" + "\n\n".join(self.methods)
        head = self.imports_block(code)
        if re.search(r"(?<![\w.])_logger\b", code):
            head += "\n\n_logger = logging.getLogger(__name__)"
        return head + "\n\n\n" + code + "\n"

    def imports_block(self, code: str) -> str:
        """Standard library, other packages, then Odoo: what the code uses, and the
        model's own ``imports`` in their group, each once."""
        groups: dict[str, list[str]] = {"stdlib": [], "other": [], "odoo": []}
        if re.search(r"(?<![\w.])_logger\b", code):
            groups["stdlib"].append("import logging")
        if re.search(r"(?<![\w.])relativedelta\(", code):
            groups["other"].append("from dateutil.relativedelta import relativedelta")
        used = [name for name, pattern in _ODOO_NAMES if re.search(pattern, code)]
        groups["odoo"].append(f"from odoo import {', '.join(used)}")
        errors = [name for name in _ERRORS if re.search(rf"\b{name}\b", code)]
        if errors:
            groups["odoo"].append(f"from odoo.exceptions import {', '.join(errors)}")
        if re.search(r"\bMODULE_UNINSTALL_FLAG\b", code):
            groups["odoo"].append(_UNINSTALL_FLAG_IMPORT)
        if re.search(r"(?<![\w.])dp\.get_precision\(", code):
            groups["odoo"].append("from odoo.addons import decimal_precision as dp")
        for text in self.model.imports:
            found: Import = parse_import(text)
            groups[_import_group(found.module)].append(found.render())
        blocks = [
            "\n".join(sorted(dict.fromkeys(lines), key=_import_order))
            for lines in groups.values()
            if lines
        ]
        return "\n\n".join(blocks)


def _import_order(line: str) -> tuple[bool, str]:
    """isort's order in a group: plain imports first, then by module."""
    return line.startswith("from "), line.split()[1].lower()


def _import_group(module: str) -> str:
    top = module.split(".")[0]
    if top == "odoo":
        return "odoo"
    return "stdlib" if top in sys.stdlib_module_names else "other"


def precision_xmlid(precision: DecimalPrecision) -> str:
    """The xml id of the decimal precision record the addon creates."""
    slug = re.sub(r"[^a-z0-9]+", "_", precision.name.lower()).strip("_") or "precision"
    return f"decimal_precision_{slug}"


def _group_expand_method(f: FieldSpec) -> str:
    return f"_read_group_{f.name}"


def _odoo_default_label(name: str) -> str:
    """The label Odoo gives a field without ``string`` (``fields.Field._setup_attrs``)."""
    return name.removesuffix("_ids").removesuffix("_id").replace("_", " ").title()


_ODOO_NAMES = (
    ("_", r"(?<![\w.])_\("),
    ("api", r"(?<![\w.])api\."),
    ("fields", r"(?<![\w.])fields\."),
    ("models", r"(?<![\w.])models\."),
)
_ERRORS = ("AccessError", "UserError", "ValidationError")
_UNINSTALL_FLAG_IMPORT = "from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG"


def _rec_attributes(expression: str) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(expression.strip(), mode="eval")):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "rec"
            and node.attr not in names
        ):
            names.append(node.attr)
    return names


def model_file(ctx: BuildContext, model: ModelSpec) -> str:
    return _Writer(ctx, model).render()


def model_init(names: list[str]) -> str:
    return "".join(f"from . import {name}\n" for name in sorted(names))
