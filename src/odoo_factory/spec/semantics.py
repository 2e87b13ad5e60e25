"""Cross-reference checks of a spec: names that must exist, names that must be unique, code
that must parse. Each problem becomes a located :class:`SpecError`.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from odoo_factory.profiles import SeriesProfile
from odoo_factory.spec.automation_checks import check_automations
from odoo_factory.spec.conditions import (
    ConditionError,
    condition_names,
    condition_to_domain,
    domain_names,
)
from odoo_factory.spec.i18n import check_i18n_and_company_data
from odoo_factory.spec.jstests import check_js_tests
from odoo_factory.spec.known import KnownModels
from odoo_factory.spec.mail_checks import check_mail
from odoo_factory.spec.models import DecimalPrecision, ModelSpec, ModuleSpec
from odoo_factory.spec.patterns import did_you_mean
from odoo_factory.spec.python_parts import message_template, parse_decorator
from odoo_factory.spec.report_checks import check_reports
from odoo_factory.spec.scenario_checks import ORM_METHODS, ScenarioChecker
from odoo_factory.spec.view_parts import ViewElement
from odoo_factory.spec.webclient_checks import check_webclient
from odoo_factory.spec.workspace import workspace_known

if TYPE_CHECKING:
    from odoo_factory.spec.loader import Loc, Locations

__all__ = ["check_semantics", "check_series", "fields_of"]

MAGIC_FIELDS = frozenset(
    {"id", "display_name", "create_date", "create_uid", "write_date", "write_uid"}
)


def fields_of(spec: ModuleSpec, known: KnownModels, model: str) -> set[str] | None:
    """Field names of ``model`` as the addon sees them; None when the model is unknown."""
    names: set[str] = set()
    found = False
    parents: list[str] = []
    for m in spec.models:
        if m.name == model:
            found = True
            names.update(f.name for f in m.fields)
            if m.workflow:
                names.add(m.workflow.field)
            parents.extend(m.inherit)
            parents.extend(m.inherits)
            names.update(m.inherits.values())
            if m.mail:
                parents.extend(["mail.thread", "mail.activity.mixin"])
            if m.multi_company:
                names.add("company_id")
            if m.parent_store:
                names.update({m.parent_name, "parent_path"})
    if model == "res.config.settings" and spec.settings:
        found = True
        names.update(f.name for f in spec.settings.fields)
    base = known.fields(model)
    if base is not None:
        found = True
        names.update(base)
    for parent in parents:
        if parent != model:
            names.update(known.fields(parent) or set())
            names.update(f.name for pm in spec.models if pm.name == parent for f in pm.fields)
    return names | MAGIC_FIELDS if found else None


class _Checker:
    def __init__(self, spec: ModuleSpec, locs: Locations, series: str | None = None) -> None:
        """Checks ``spec`` against what its dependencies provide in ``series`` (by default
        the spec's own ``module.series``, else the newest catalogue)."""
        self.spec = spec
        self.locs = locs
        self.known = workspace_known(spec, locs.file, series or spec.module.series)
        self.declared = {m.name for m in spec.models if not m.extend}
        self._fields: dict[str, set[str] | None] = {}

    def fail(self, loc: Loc, message: str, hint: str) -> None:
        raise self.locs.error(loc, message, hint)

    def model_exists(self, name: str, loc: Loc) -> None:
        if name in self.declared or self.known.has(name) or not self.known.complete:
            return
        choices = self.declared | self.known.names()
        self.fail(
            loc,
            f"model {name!r} is neither declared in the spec nor provided by a dependency "
            f"({', '.join(self.spec.module.depends)})",
            did_you_mean(name, choices) or "declare it under 'models' or add its addon to depends",
        )

    def fields(self, model: str) -> set[str] | None:
        """``fields_of`` the model, computed once per model and check."""
        if model not in self._fields:
            self._fields[model] = fields_of(self.spec, self.known, model)
        return self._fields[model]

    def field_exists(self, model: str, field: str, loc: Loc, what: str) -> None:
        names = self.fields(model)
        if names is None or field in names:
            return
        self.fail(
            loc,
            f"{what} names unknown field {field!r} of model {model!r}",
            did_you_mean(field, names) or f"declare {field!r} on {model!r} or fix the name",
        )

    def python(self, code: str | None, loc: Loc, mode: str = "exec") -> None:
        if code is None:
            return
        try:
            ast.parse(code, mode=mode)
        except SyntaxError as exc:
            line, column = self.locs.find(loc)
            self.fail(
                loc,
                f"Python code does not parse: {exc.msg} (line {exc.lineno} of the code)",
                "fix the code; in YAML use a block scalar ('|') for several lines",
            )
            del line, column

    def unique(self, items: Iterable[tuple[str, Loc]], what: str) -> None:
        seen: dict[str, Loc] = {}
        for name, loc in items:
            if name in seen:
                line = self.locs.find(seen[name])[0]
                self.fail(loc, f"duplicate {what} {name!r}", f"first defined on line {line}")
            seen[name] = loc

    def condition(self, model: str, expr: str | None, loc: Loc, domain: bool = False) -> None:
        if expr is None:
            return
        try:
            names = domain_names(expr) if domain else condition_names(expr)
        except ConditionError as exc:
            self.fail(loc, f"cannot read {expr!r}: {exc}", exc.hint)
        for name in names:
            self.field_exists(model, name, loc, "condition" if not domain else "domain")

    def run(self) -> None:
        spec = self.spec
        new_models = [(m.name, ("models", i, "name")) for i, m in enumerate(spec.models)]
        self.unique(new_models, "model")
        for i, model in enumerate(spec.models):
            self.check_model(model, ("models", i))
        self.check_precisions()
        self.check_views()
        self.check_security()
        self.check_data()
        self.check_settings()
        self.check_web()
        check_reports(self)
        check_i18n_and_company_data(self)
        check_automations(self)
        check_webclient(self)
        check_js_tests(self)
        check_mail(self)

    def check_elements(self, model: str, elements: list[ViewElement], at: Loc) -> None:
        """Fields named by inserted elements exist; their conditions read the model's fields."""
        for k, element in enumerate(elements):
            where: Loc = (*at, k)
            name = element.attrs.get("name")
            if element.tag == "field" and name:
                self.field_exists(model, name, (*where, "attrs", "name"), "view element")
            for key in ("invisible", "readonly", "required", "column_invisible"):
                self.condition(model, getattr(element, key), (*where, key))
            self.check_elements(model, element.children, (*where, "children"))

    def check_web(self) -> None:
        """Routes name existing models, fields and templates; their bodies parse."""
        spec = self.spec
        local = {t.id for t in spec.templates}
        self.unique(
            [(t.id, ("templates", i, "id")) for i, t in enumerate(spec.templates)], "template"
        )
        self.unique(
            [(c.name, ("controllers", i, "name")) for i, c in enumerate(spec.controllers)],
            "controller",
        )
        for i, controller in enumerate(spec.controllers):
            for j, route in enumerate(controller.routes):
                at: Loc = ("controllers", i, "routes", j)
                if route.model:
                    self.model_exists(route.model, (*at, "model"))
                    for k, term in enumerate(route.domain):
                        if isinstance(term, list) and term and isinstance(term[0], str):
                            self.field_exists(
                                route.model, term[0].split(".")[0], (*at, "domain", k), "route"
                            )
                    for k, name in enumerate(route.fields):
                        self.field_exists(route.model, name, (*at, "fields", k), "route")
                template = route.template
                if template and "." not in template and template not in local:
                    self.fail(
                        (*at, "template"),
                        f"unknown template {template!r}",
                        did_you_mean(template, local) or "declare it under 'templates'",
                    )
                self.python(route.python, (*at, "python"))

    def check_model(self, model: ModelSpec, at: Loc) -> None:
        if model.extend:
            self.model_exists(model.name, (*at, "name"))
        for j, parent in enumerate(model.inherit):
            self.model_exists(parent, (*at, "inherit", j))
        for parent in model.inherits:
            self.model_exists(parent, (*at, "inherits", parent))
        self.unique(
            [(f.name, (*at, "fields", j, "name")) for j, f in enumerate(model.fields)], "field"
        )
        for j, field in enumerate(model.fields):
            floc = (*at, "fields", j)
            if field.comodel:
                self.model_exists(field.comodel, (*floc, "comodel"))
                if field.domain:
                    self.condition(field.comodel, field.domain, (*floc, "domain"), domain=True)
            if field.inverse_name and field.comodel:
                self.field_exists(
                    field.comodel, field.inverse_name, (*floc, "inverse_name"), "inverse_name"
                )
            if field.currency_field:
                self.field_exists(
                    model.name, field.currency_field, (*floc, "currency_field"), "currency_field"
                )
            elif field.type == "monetary" and not field.related:
                self.field_exists(model.name, "currency_id", (*floc, "type"), "monetary field")
            if field.related:
                self.field_exists(
                    model.name, field.related.split(".")[0], (*floc, "related"), "related"
                )
            if field.check_company:
                self.field_exists(
                    model.name, "company_id", (*floc, "check_company"), "check_company"
                )
            if field.compute:
                c = field.compute
                self.python(c.python, (*floc, "compute", "python"))
                self.python(c.expression, (*floc, "compute", "expression"), "eval")
                for key in ("count", "sum", "max"):
                    value = getattr(c, key)
                    if value:
                        self.field_exists(
                            model.name,
                            value.split(".")[0],
                            (*floc, "compute", key),
                            f"compute {key}",
                        )
                for k, dep in enumerate(c.depends):
                    self.field_exists(
                        model.name, dep.split(".")[0], (*floc, "compute", "depends", k), "depends"
                    )
            self.python(field.inverse, (*floc, "inverse"))
            for k, group in enumerate(field.groups):
                self.group_exists(group, (*floc, "groups", k))
        self.unique(
            [(c.name, (*at, "constraints", j, "name")) for j, c in enumerate(model.constraints)],
            "constraint",
        )
        for j, cons in enumerate(model.constraints):
            for k, name in enumerate(cons.fields):
                self.field_exists(
                    model.name, name, (*at, "constraints", j, "fields", k), "constraint"
                )
            self.python(cons.condition, (*at, "constraints", j, "condition"), "eval")
        for j, onchange in enumerate(model.onchanges):
            for k, name in enumerate(onchange.fields):
                self.field_exists(model.name, name, (*at, "onchanges", j, "fields", k), "onchange")
            self.python(onchange.python, (*at, "onchanges", j, "python"))
        methods = [(m.name, (*at, "methods", j, "name")) for j, m in enumerate(model.methods)]
        if model.workflow:
            wf = model.workflow
            wloc = (*at, "workflow")
            states = [s[0] for s in wf.states]
            if wf.default and wf.default not in states:
                self.fail(
                    (*wloc, "default"),
                    f"unknown state {wf.default!r}",
                    did_you_mean(wf.default, states) or f"use one of {states}",
                )
            for j, button in enumerate(wf.buttons):
                bloc = (*wloc, "buttons", j)
                methods.append((button.name, (*bloc, "name")))
                for k, state in enumerate([*button.from_, button.to]):
                    if state not in states:
                        where = (*bloc, "from", k) if k < len(button.from_) else (*bloc, "to")
                        self.fail(
                            where,
                            f"unknown state {state!r}",
                            did_you_mean(state, states) or f"use one of {states}",
                        )
                self.python(button.guard, (*bloc, "guard"), "eval")
                for k, group in enumerate(button.groups):
                    self.group_exists(group, (*bloc, "groups", k))
                self.python(button.python, (*bloc, "python"))
        self.unique(methods, "method")
        for j, method in enumerate(model.methods):
            self.python(method.python, (*at, "methods", j, "python"))
        self.check_members(model, at)

    def check_members(self, model: ModelSpec, at: Loc) -> None:
        """Fields named by method decorators and constraint messages exist."""
        for j, method in enumerate(model.methods):
            for k, text in enumerate(method.decorators):
                for path in parse_decorator(text).fields:
                    where: Loc = (*at, "methods", j, "decorators", k)
                    self.field_exists(model.name, path.split(".")[0], where, "decorator")
        for j, cons in enumerate(model.constraints):
            template = message_template(cons.message)
            for path in template.values.values() if template else ():
                where = (*at, "constraints", j, "message")
                self.field_exists(model.name, path.split(".")[0], where, "message")

    def check_precisions(self) -> None:
        """A decimal precision the spec creates has one number of digits."""
        seen: dict[str, tuple[int, Loc]] = {}
        for i, model in enumerate(self.spec.models):
            for j, f in enumerate(model.fields):
                if not isinstance(f.digits, DecimalPrecision):
                    continue
                loc: Loc = ("models", i, "fields", j, "digits")
                first = seen.setdefault(f.digits.name, (f.digits.digits, loc))
                if first[0] != f.digits.digits:
                    line = self.locs.find(first[1])[0]
                    self.fail(
                        loc,
                        f"decimal precision {f.digits.name!r} is created with {first[0]} "
                        f"digits on line {line} and {f.digits.digits} here",
                        f"create it once and name it elsewhere: digits: {f.digits.name}",
                    )

    def check_views(self) -> None:
        spec = self.spec
        self.unique(
            [(v.id, ("views", i, "id")) for i, v in enumerate(spec.views) if v.id], "view id"
        )
        for i, view in enumerate(spec.views):
            at: Loc = ("views", i)
            self.model_exists(view.model, (*at, "model"))
            if view.inherit_id and self.known.has_xmlid(view.inherit_id) is False:
                addon = view.inherit_id.partition(".")[0]
                self.fail(
                    (*at, "inherit_id"),
                    f"{addon} defines no view {view.inherit_id!r}",
                    did_you_mean(
                        view.inherit_id,
                        [x for x in self.known.xmlids if x.startswith(addon + ".")],
                    )
                    or "check the xml id of the view to extend",
                )
            refs: list[tuple[str, Loc, str | None]] = []
            for j, f in enumerate(view.fields):
                refs.append((f.name, (*at, "fields", j), None))
            for key, blocks in (("groups", view.groups), ("pages", view.pages)):
                for j, block in enumerate(blocks):
                    for k, f in enumerate(block.fields):
                        refs.append((f.name, (*at, key, j, "fields", k), None))
            for j, xp in enumerate(view.xpaths):
                for k, f in enumerate(xp.fields):
                    refs.append((f.name, (*at, "xpaths", j, "fields", k), None))
            for key in ("title", "handle", "date_start", "date_stop", "color", "default_group_by"):
                if getattr(view, key):
                    refs.append((getattr(view, key), (*at, key), None))
            for j, name in enumerate(view.group_by):
                refs.append((name, (*at, "group_by", j), None))
            for j, name in enumerate([*view.measures, *view.rows]):
                key = "measures" if j < len(view.measures) else "rows"
                refs.append(
                    (name, (*at, key, j if key == "measures" else j - len(view.measures)), None)
                )
            for name, loc, _ in refs:
                self.field_exists(view.model, name, loc, "view")
            for name, loc in self._view_conditions(view, at):
                self.condition(view.model, name, loc)
            for j, flt in enumerate(view.filters):
                self.condition(view.model, flt.domain, (*at, "filters", j, "domain"), domain=True)
            for j, button in enumerate(view.buttons):
                if button.type == "object":
                    self.method_exists(view.model, button.name, (*at, "buttons", j, "name"))
                self.condition(view.model, button.invisible, (*at, "buttons", j, "invisible"))
            for j, xp in enumerate(view.xpaths):
                self.check_elements(view.model, xp.elements, (*at, "xpaths", j, "elements"))
            for j, stat in enumerate(view.stat_buttons):
                self.method_exists(view.model, stat.name, (*at, "stat_buttons", j, "name"))
                if stat.count:
                    self.field_exists(
                        view.model, stat.count, (*at, "stat_buttons", j, "count"), "stat button"
                    )

    def _view_conditions(self, view: object, at: Loc) -> list[tuple[str, Loc]]:
        from odoo_factory.spec.models import ViewField, ViewGroup, ViewSpec, XPath

        assert isinstance(view, ViewSpec)
        found: list[tuple[str, Loc]] = []
        places: list[tuple[Loc, ViewField]] = []

        def place(loc: Loc, f: ViewField) -> None:  # a field, then the columns of its list
            places.append((loc, f))
            for k, column in enumerate(f.columns):
                place((*loc, "columns", k), column)

        for j, f in enumerate(view.fields):
            place((*at, "fields", j), f)
        blocks: tuple[tuple[str, Sequence[ViewGroup | XPath]], ...] = (
            ("groups", view.groups),
            ("pages", view.pages),
            ("xpaths", view.xpaths),
        )
        for key, parts in blocks:
            for j, part in enumerate(parts):
                for k, f in enumerate(part.fields):
                    place((*at, key, j, "fields", k), f)
        for loc, f in places:
            for attr in ("invisible", "readonly", "required", "column_invisible"):
                value = getattr(f, attr)
                if value is not None and value not in ("1", "True", "true"):
                    found.append((value, (*loc, attr)))
        for key, expr in view.decorations.items():
            found.append((expr, (*at, "decorations", key)))
        return found

    def check_security(self) -> None:
        spec = self.spec
        self.unique([(g.id, ("groups", i, "id")) for i, g in enumerate(spec.groups)], "group")
        self.unique([(r.id, ("rules", i, "id")) for i, r in enumerate(spec.rules)], "rule")
        self.unique([(m.id, ("menus", i, "id")) for i, m in enumerate(spec.menus)], "menu")
        self.unique(
            [(a.id, ("actions", i, "id")) for i, a in enumerate(spec.actions) if a.id], "action"
        )
        local_groups = {g.id for g in spec.groups}
        refs: list[tuple[str, Loc]] = []
        for i, declared in enumerate(spec.groups):
            refs += [(g, ("groups", i, "implied", k)) for k, g in enumerate(declared.implied)]
        for i, menu in enumerate(spec.menus):
            refs += [(g, ("menus", i, "groups", k)) for k, g in enumerate(menu.groups)]
        for i, rule in enumerate(spec.rules):
            refs += [(g, ("rules", i, "groups", k)) for k, g in enumerate(rule.groups)]
        for name, loc in refs:
            self.group_exists(name, loc)
        for i, declared in enumerate(spec.groups):
            # base also has a category per path of the manifests' 'category' (Sales/Sales:
            # base.module_category_sales_sales), made at install and not in the catalogue
            ref = declared.category_ref
            if ref and not ref.startswith("base.module_category_"):
                self.xmlid_exists(ref, ("groups", i, "category"), "category", "module_category_")
            for k, user in enumerate(declared.users):
                self.user_exists(user, ("groups", i, "users", k))
        for i, access in enumerate(spec.access):
            self.model_exists(access.model, ("access", i, "model"))
            if access.group and "." not in access.group and access.group not in local_groups:
                self.fail(
                    ("access", i, "group"),
                    f"unknown group {access.group!r}",
                    did_you_mean(access.group, local_groups)
                    or "declare it under 'groups' or use a full xml id",
                )
        for i, rule in enumerate(spec.rules):
            self.model_exists(rule.model, ("rules", i, "model"))
            self.condition(rule.model, rule.domain, ("rules", i, "domain"), domain=True)
        for i, action in enumerate(spec.actions):
            self.model_exists(action.model, ("actions", i, "model"))
            if action.binding_model:
                self.model_exists(action.binding_model, ("actions", i, "binding_model"))
            if action.domain:
                self.condition(action.model, action.domain, ("actions", i, "domain"), domain=True)
        for i, server in enumerate(spec.server_actions):
            self.model_exists(server.model, ("server_actions", i, "model"))
            self.python(server.python, ("server_actions", i, "python"))

    def check_data(self) -> None:
        spec = self.spec
        ids = [(r.id, ("records", i, "id")) for i, r in enumerate(spec.records)]
        ids += [(r.id, ("demo", i, "id")) for i, r in enumerate(spec.demo)]
        ids += [(c.id, ("crons", i, "id")) for i, c in enumerate(spec.crons)]
        self.unique(ids, "record id")
        self.unique([(s.name, ("tests", i, "name")) for i, s in enumerate(spec.tests)], "test")
        for i, cron in enumerate(spec.crons):
            self.model_exists(cron.model, ("crons", i, "model"))
        for i, seq in enumerate(spec.sequences):
            if seq.field:
                model, _, field = seq.field.rpartition(".")
                self.field_exists(model, field, ("sequences", i, "field"), "sequence")
        for key, records in (("records", spec.records), ("demo", spec.demo)):
            for i, rec in enumerate(records):
                self.model_exists(rec.model, (key, i, "model"))
                for name in rec.values:
                    self.field_exists(rec.model, name, (key, i, "values", name), "record")
        ScenarioChecker(
            spec,
            self.locs,
            self.fields,
            self.group_exists,
            self.model_exists,
            self.known.field_type,
        ).run()

    def xmlid_exists(self, xmlid: str, loc: Loc, what: str, prefix: str = "") -> None:
        """A dependency defines ``xmlid`` (when the catalogue can tell)."""
        if self.known.has_xmlid(xmlid) is not False:
            return
        addon = xmlid.partition(".")[0]
        choices = [x for x in self.known.xmlids if x.startswith(f"{addon}.{prefix}")]
        self.fail(
            loc,
            f"{addon} defines no {what} {xmlid!r}",
            did_you_mean(xmlid, choices) or f"check the xml id, or give a new {what} name",
        )

    def user_exists(self, user: str, loc: Loc) -> None:
        """A user is a res.users record of the spec (bare id) or of a dependency."""
        if "." in user and not user.startswith(f"{self.spec.module.name}."):
            self.xmlid_exists(user, loc, "user", "user_")
            return
        name = user.partition(".")[2] or user
        local = {r.id for r in [*self.spec.records, *self.spec.demo] if r.model == "res.users"}
        if name not in local:
            self.fail(
                loc,
                f"unknown user {user!r}",
                did_you_mean(name, local)
                or "declare the user under 'records' (model res.users) or use a full xml id "
                "such as base.user_admin",
            )

    def check_settings(self) -> None:
        """Settings fields: company fields that exist, names used once, base_setup."""
        settings = self.spec.settings
        if settings is None:
            return
        at: Loc = ("settings",)
        if self.known.complete and "base_setup" not in self.known.addons:
            self.fail(
                at,
                "settings need the Settings screen of base_setup, which no dependency brings",
                "add base_setup (or an app that depends on it, such as sale) to module.depends",
            )
        for i, model in enumerate(self.spec.models):
            if model.name == "res.config.settings":
                self.fail(
                    ("models", i, "name"),
                    "res.config.settings is extended by 'settings'",
                    "move these fields under 'settings' (related or config_parameter)",
                )
        self.unique(
            [(f.name, (*at, "fields", j, "name")) for j, f in enumerate(settings.fields)],
            "setting",
        )
        company = next((m for m in self.spec.models if m.name == "res.company" and m.extend), None)
        declared = {f.name for f in company.fields} if company else set()
        for j, setting in enumerate(settings.fields):
            floc = (*at, "fields", j)
            if setting.comodel:
                self.model_exists(setting.comodel, (*floc, "comodel"))
            if setting.related is None:
                continue
            target = setting.related.split(".")[1]
            self.field_exists("res.company", target, (*floc, "related"), "setting")
            if setting.type is None and target not in declared:
                self.fail(
                    floc,
                    f"setting {setting.name!r}: the type of res.company's field {target!r} "
                    "is not in the spec",
                    "give 'type' (the type of the company field)",
                )

    def method_exists(self, model: str, method: str, loc: Loc) -> None:
        if method in ORM_METHODS:
            return
        spec_model = next((m for m in self.spec.models if m.name == model), None)
        if spec_model is None or (spec_model.extend and not spec_model.methods):
            return  # methods of standard models are not catalogued
        names = {m.name for m in spec_model.methods}
        if spec_model.workflow:
            names.update(b.name for b in spec_model.workflow.buttons)
        if method not in names and (not spec_model.extend or method.startswith("action_")):
            self.fail(
                loc,
                f"model {model!r} has no method {method!r}",
                did_you_mean(method, names) or f"declare it under the 'methods' of {model!r}",
            )

    def group_exists(self, group: str, loc: Loc) -> None:
        local = {g.id for g in self.spec.groups}
        if "." not in group and group not in local:
            self.fail(
                loc,
                f"unknown group {group!r}",
                did_you_mean(group, local) or "declare it under 'groups' or use a full xml id",
            )


def check_semantics(spec: ModuleSpec, locs: Locations) -> None:
    _Checker(spec, locs).run()


def _check_series_members(spec: ModuleSpec, locs: Locations, profile: SeriesProfile) -> None:
    """Field options and method decorators the series does not have."""
    series = profile.series
    for i, model in enumerate(spec.models):
        at: Loc = ("models", i)
        for j, f in enumerate(model.fields):
            if f.check_company and not profile.check_company:
                raise locs.error(
                    (*at, "fields", j, "check_company"),
                    f"Odoo {series} has no check_company on fields",
                    "remove it, or target 13.0 or later",
                )
            if (
                f.precision
                and not profile.named_digits
                and "decimal_precision" not in spec.module.depends
            ):
                raise locs.error(
                    (*at, "fields", j, "digits"),
                    f"Odoo {series} keeps decimal precisions in the decimal_precision addon",
                    "add decimal_precision to module.depends, or target 13.0 or later",
                )
        own_unlink = any(method.name == "unlink" for method in model.methods)
        for j, method in enumerate(model.methods):
            for k, text in enumerate(method.decorators):
                # before 15.0 an unlink override stands for api.ondelete: not beside the
                # spec's own unlink
                is_ondelete = parse_decorator(text).name == "ondelete"
                if is_ondelete and own_unlink and not profile.api_ondelete:
                    raise locs.error(
                        (*at, "methods", j, "decorators", k),
                        f"Odoo {series} has no api.ondelete (added in 15.0), and the model's "
                        "own unlink leaves no place for the unlink override that stands for it",
                        "call this check from your unlink method, or target 15.0 or later",
                    )


def check_series(spec: ModuleSpec, locs: Locations, profile: SeriesProfile) -> None:
    """Refuse, at its place in the file, what ``profile``'s series cannot express: its
    constructs, and the models, fields and values of dependencies the series lacks."""
    _check_series_members(spec, locs, profile)
    checker = None
    if profile.series != spec.module.series:
        checker = _Checker(spec, locs, profile.series)
        checker.run()
    if spec.js_tests and profile.major < 14:
        raise locs.error(
            ("js_tests",),
            f"Odoo {profile.series} has no JS tests here",
            "JS tests are built for 14.0 to 17.0 (QUnit) and 18.0 and later (hoot); "
            "target one of those series, or remove js_tests",
        )
    for i, action in enumerate(spec.actions):
        if action.binding_view_types and not profile.action_binding_view_types:
            raise locs.error(
                ("actions", i, "binding_view_types"),
                f"Odoo {profile.series} has no binding_view_types: a bound action is offered "
                "in the Action menu of every view",
                "remove binding_view_types, or target 13.0 or later",
            )
    if profile.inline_modifiers:
        return
    checker = checker or _Checker(spec, locs, profile.series)
    for i, view in enumerate(spec.views):
        for expr, loc in checker._view_conditions(view, ("views", i)):
            if loc[-2] == "decorations" or expr in ("1", "True", "true"):
                continue
            try:
                condition_to_domain(expr)
            except ConditionError as exc:
                raise locs.error(
                    loc,
                    f"condition {expr!r} cannot be written as an attrs domain, which Odoo "
                    f"{profile.series} needs: {exc}",
                    f"{exc.hint}, or target 17.0 or later",
                ) from None
