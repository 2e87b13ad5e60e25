"""Checks of the acceptance criteria and the test scenarios of a spec, before anything is
built: every variable defined before it is used, every field and method known, every value
of the right type for its field, every criterion a test claims declared; and warnings for
criteria no test proves.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from odoo_factory.spec.mail_checks import check_mail_step
from odoo_factory.spec.models import FieldSpec, ModuleSpec
from odoo_factory.spec.patterns import did_you_mean
from odoo_factory.spec.scenarios import Scenario, Step, is_relative_date

if TYPE_CHECKING:
    from odoo_factory.spec.loader import Loc, Locations

__all__ = ["ORM_METHODS", "ScenarioChecker", "SpecWarning", "requirement_warnings"]

# Public methods every model has, in every series the compiler targets (some since 13.0).
ORM_METHODS = frozenset(
    {
        "action_archive",
        "action_unarchive",
        "browse",
        "check_access",
        "check_access_rights",
        "check_access_rule",
        "copy",
        "copy_data",
        "create",
        "default_get",
        "ensure_one",
        "exists",
        "fields_get",
        "filtered",
        "get_views",
        "has_access",
        "invalidate_recordset",
        "mapped",
        "name_create",
        "name_get",
        "name_search",
        "read",
        "read_group",
        "search",
        "search_count",
        "search_read",
        "sorted",
        "toggle_active",
        "unlink",
        "write",
    }
)
MAIL_METHODS = frozenset(
    {
        "activity_schedule",
        "activity_feedback",
        "activity_unlink",
        "message_post",
        "message_subscribe",
        "message_unsubscribe",
        "message_post_with_template",
        "message_post_with_source",
    }
)
_EXPECT_KEY = re.compile(r"^[a-z_][a-z0-9_]*(\.([A-Za-z_][A-Za-z0-9_]*|\d+))*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?$")


@dataclass(frozen=True)
class SpecWarning:
    """A problem that does not stop a build, with its place in the file."""

    message: str
    hint: str
    line: int | None = None
    column: int | None = None

    def as_dict(self, file: str) -> dict[str, object]:
        """The warning as the CLI's and MCP's JSON give it."""
        return {
            "file": file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }


def requirement_warnings(spec: ModuleSpec, locs: Locations) -> list[SpecWarning]:
    """A warning for each criterion that no test scenario proves."""
    proven = {rid for s in spec.tests for rid in s.proves}
    proven |= {rid for t in spec.js_tests for rid in t.proves}
    warnings = []
    for i, req in enumerate(spec.requirements):
        if req.id not in proven:
            line, column = locs.find(("requirements", i, "id"))
            warnings.append(
                SpecWarning(
                    f"criterion {req.id} is proven by no test: {req.text}",
                    f"add a test scenario with 'proves: [{req.id}]'; the gate is red until "
                    "every criterion is proven",
                    line,
                    column,
                )
            )
    return warnings


def _variable(value: Any) -> str | None:
    """'$loan' or '$loan.book_id' → 'loan'; other values → None."""
    if isinstance(value, str) and value.startswith("$") and not value.startswith(("$$", "$ref:")):
        return value[1:].split(".")[0]
    return None


class ScenarioChecker:
    """Checks one spec's requirements and scenarios; ``fail`` raises a located SpecError."""

    def __init__(
        self,
        spec: ModuleSpec,
        locs: Locations,
        fields_of: Callable[[str], set[str] | None],
        group_exists: Callable[[str, Loc], None],
        model_exists: Callable[[str, Loc], None],
        field_type: Callable[[str, str], str | None] = lambda _model, _name: None,
    ) -> None:
        self.spec = spec
        self.locs = locs
        self.fields_of = fields_of
        self.group_exists = group_exists
        self.model_exists = model_exists
        self.field_type = field_type

    def fail(self, loc: Loc, message: str, hint: str) -> None:
        raise self.locs.error(loc, message, hint)

    def run(self) -> None:
        ids: dict[str, int] = {}
        for i, req in enumerate(self.spec.requirements):
            if req.id in ids:
                line = self.locs.find(("requirements", ids[req.id]))[0]
                self.fail(
                    ("requirements", i, "id"),
                    f"duplicate criterion {req.id!r}",
                    f"first defined on line {line}; number criteria uniquely",
                )
            ids[req.id] = i
        for i, scenario in enumerate(self.spec.tests):
            for k, rid in enumerate(scenario.proves):
                if rid not in ids:
                    self.fail(
                        ("tests", i, "proves", k),
                        f"test {scenario.name!r} proves {rid!r}, which is not a criterion",
                        did_you_mean(rid, ids)
                        or "declare it under 'requirements' with an id and a text",
                    )
            self.scenario(i, scenario)
        for i, js_test in enumerate(self.spec.js_tests):
            for k, rid in enumerate(js_test.proves):
                if rid not in ids:
                    self.fail(
                        ("js_tests", i, "proves", k),
                        f"JS test {js_test.name!r} proves {rid!r}, which is not a criterion",
                        did_you_mean(rid, ids)
                        or "declare it under 'requirements' with an id and a text",
                    )

    # -- one scenario -----------------------------------------------------------------------
    def scenario(self, i: int, scenario: Scenario) -> None:
        variables: dict[str, str | None] = {}
        users: set[str] = set()
        for k, group in enumerate(scenario.groups):
            self.group_exists(group, ("tests", i, "groups", k))
        if scenario.groups:
            variables["scenario_user"] = "res.users"
        for u, user in enumerate(scenario.users):
            at: Loc = ("tests", i, "users", u)
            if user.name in variables:
                self.fail((*at, "name"), f"duplicate user {user.name!r}", "name users uniquely")
            for k, group in enumerate(user.groups):
                self.group_exists(group, (*at, "groups", k))
            named = {s.as_ for s in scenario.steps if s.as_}
            for k, company in enumerate([user.company, *user.companies]):
                if company is not None and _variable(company) not in named:
                    where = (*at, "company") if k == 0 and user.company else (*at, "companies")
                    self.value_vars(company, variables, where)
            if not user.company_vars:
                variables[user.name] = "res.users"
                users.add(user.name)
        for j, step in enumerate(scenario.steps):
            for user in scenario.users:  # made once the steps named its companies
                if user.company_vars and all(v in variables for v in user.company_vars):
                    variables[user.name] = "res.users"
                    users.add(user.name)
            self.step(("tests", i, "steps", j), step, variables, users)

    def known(self, name: str, variables: dict[str, str | None], loc: Loc) -> str | None:
        name = name.lstrip("$")
        if name not in variables:
            self.fail(
                loc,
                f"no record named {name!r} at this step",
                did_you_mean(name, variables)
                or "create it in an earlier step with 'as: NAME' (a step that raises names none)",
            )
        return variables[name]

    def value_vars(self, value: Any, variables: dict[str, str | None], loc: Loc) -> None:
        if isinstance(value, list):
            for item in value:
                self.value_vars(item, variables, loc)
        elif isinstance(value, dict):
            for key, item in value.items():
                self.value_vars(item, variables, (*loc, key))
        else:
            name = _variable(value)
            if name is not None:
                self.known(name, variables, loc)

    def spec_field(self, model: str, name: str) -> FieldSpec | None:
        for m in self.spec.models:
            if m.name == model:
                for f in m.fields:
                    if f.name == name:
                        return f
        return None

    def field(self, model: str | None, name: str, loc: Loc, what: str) -> None:
        if model is None:
            return
        names = self.fields_of(model)
        if names is None or name in names:
            return
        self.fail(
            loc,
            f"{what} names unknown field {name!r} of model {model!r}",
            did_you_mean(name, names) or f"declare {name!r} on {model!r} or fix the name",
        )

    def kind(self, model: str, name: str) -> tuple[str, list[str] | None] | None:
        """The type of ``model``'s field ``name`` and, for a selection the spec declares, its
        keys: from the spec, else from the catalogue of the dependencies; None when unknown."""
        f = self.spec_field(model, name)
        if f is not None:
            keys = [k for k, _label in f.selection] if f.selection else None
            return f.type, keys
        found = self.field_type(model, name)
        return (found, None) if found else None

    def typed(self, model: str, name: str, value: Any, loc: Loc) -> None:
        """Refuse a value of the wrong type for a field the spec or a dependency declares."""
        kind = self.kind(model, name)
        if kind is None or _variable(value) is not None:
            return
        ftype, keys = kind
        relational = ftype in ("many2one", "one2many", "many2many")
        if relational and isinstance(value, str) and value.startswith("$ref:"):
            return
        wrong = None
        if ftype in ("date", "datetime"):
            pattern = _DATE if ftype == "date" else _DATETIME
            ok = value is False or (
                isinstance(value, str)
                and (is_relative_date(value) or pattern.match(value) or _DATE.match(value))
            )
            if not ok:
                wrong = "a date like 2024-01-31, or today / now with an offset ('today + 3 days')"
        elif ftype == "integer" and (isinstance(value, bool) or not isinstance(value, int)):
            wrong = "a whole number"
        elif ftype in ("float", "monetary") and (
            isinstance(value, bool) or not isinstance(value, (int, float))
        ):
            wrong = "a number"
        elif ftype == "boolean" and not isinstance(value, bool):
            wrong = "true or false"
        elif ftype == "selection" and keys and value is not False:
            if value not in keys:
                wrong = "one of " + ", ".join(repr(k) for k in keys)
        elif ftype in ("char", "text", "html") and not isinstance(value, (str, bool)):
            wrong = "text"
        if wrong:
            self.fail(
                loc,
                f"{value!r} is not a value for {ftype} field {name!r} of {model!r}",
                f"give {wrong}",
            )

    def values(
        self, model: str | None, values: dict[str, Any], variables: dict[str, str | None], at: Loc
    ) -> None:
        for name, value in values.items():
            loc = (*at, "values", name)
            self.field(model, name, loc, "test step")
            self.value_vars(value, variables, loc)
            if model is not None:
                self.typed(model, name, value, loc)

    def method(self, model: str | None, method: str, loc: Loc) -> None:
        if model is None or method in ORM_METHODS:
            return
        spec_model = self.spec.model(model)
        if spec_model is None or spec_model.extend or spec_model.inherit or spec_model.inherits:
            return  # methods of models the spec does not own are not catalogued
        names = {m.name for m in spec_model.methods}
        if spec_model.workflow:
            names.update(b.name for b in spec_model.workflow.buttons)
        if spec_model.mail:
            names |= MAIL_METHODS | {"_send_template"}
        names.update(f"_compute_{f.name}" for f in spec_model.fields if f.compute)
        if method not in names:
            self.fail(
                loc,
                f"model {model!r} has no method {method!r}",
                did_you_mean(method, names | ORM_METHODS)
                or f"declare it under the 'methods' of {model!r}",
            )

    def step(self, at: Loc, step: Step, variables: dict[str, str | None], users: set[str]) -> None:
        if step.as_user and step.as_user not in users:
            self.fail(
                (*at, "as_user"),
                f"no scenario user named {step.as_user!r}",
                did_you_mean(step.as_user, users)
                or "declare it under the scenario's 'users' with its groups",
            )
        self.value_vars(step.context, variables, (*at, "context"))
        made: str | None = None
        if step.create:
            self.model_exists(step.create, (*at, "create"))
            self.values(step.create, step.values, variables, at)
            made = step.create
        elif step.write:
            model = self.known(step.write, variables, (*at, "write"))
            self.values(model, step.values, variables, at)
        elif step.unlink:
            self.known(step.unlink, variables, (*at, "unlink"))
        elif step.call:
            target, _, method = step.call.rpartition(".")
            if step.model:
                self.model_exists(step.model, (*at, "model"))
                model = step.model
            else:
                model = self.known(target, variables, (*at, "call"))
            self.method(model, method, (*at, "call"))
            self.value_vars(step.args, variables, (*at, "args"))
            self.value_vars(step.kwargs, variables, (*at, "kwargs"))
        elif step.search:
            self.model_exists(step.search, (*at, "search"))
            for k, term in enumerate(step.domain):
                if isinstance(term, list) and len(term) == 3 and isinstance(term[0], str):
                    self.field(step.search, term[0].split(".")[0], (*at, "domain", k), "domain")
                    self.value_vars(term[2], variables, (*at, "domain", k))
                elif term not in ("&", "|", "!"):
                    self.fail(
                        (*at, "domain", k),
                        f"domain term {term!r} is not [field, operator, value], '&', '|' or '!'",
                        "write terms as lists: [state, '=', done]",
                    )
            for key in ("contains", "not_contains"):
                for k, item in enumerate(getattr(step, key)):
                    self.value_vars(item, variables, (*at, key, k))
            made = step.search
        elif step.exists or step.not_exists:
            key = "exists" if step.exists else "not_exists"
            self.known(getattr(step, key), variables, (*at, key))
        elif step.view:
            self.model_exists(step.view.model, (*at, "view", "model"))
            if step.view.field:
                self.field(step.view.model, step.view.field, (*at, "view", "field"), "view check")
        elif step.access:
            if step.access.model:
                self.model_exists(step.access.model, (*at, "access", "model"))
            if step.access.record:
                self.known(step.access.record, variables, (*at, "access", "record"))
        elif step.menu:
            self.local_id(step.menu.id, {m.id for m in self.spec.menus}, (*at, "menu", "id"))
        elif step.http:
            self.value_vars(step.http.json_, variables, (*at, "http", "json"))
        elif step.report:
            for k, item in enumerate(step.report.records):
                self.known(item, variables, (*at, "report", "records", k))
        elif step.read_group:
            grouped = step.read_group
            self.model_exists(grouped.model, (*at, "read_group", "model"))
            self.field(grouped.model, grouped.by, (*at, "read_group", "by"), "read_group")
            self.value_vars(grouped.domain, variables, (*at, "read_group", "domain"))
        elif step.run_server_action:
            for k, item in enumerate(step.run_server_action.records):
                self.known(item, variables, (*at, "run_server_action", "records", k))
        elif step.browser:
            if step.browser.record:
                self.known(step.browser.record, variables, (*at, "browser", "record"))
            if step.browser.model:
                self.model_exists(step.browser.model, (*at, "browser", "model"))
        elif step.template or step.messages or step.activities:
            check_mail_step(self, at, step, variables)
        if step.as_:
            variables[step.as_] = made
        for key, expected in step.expect.items():
            if not _EXPECT_KEY.match(key) or "__" in key:
                self.fail(
                    (*at, "expect", key),
                    f"expect key {key!r} is not a variable and a field path",
                    "write 'var' or 'var.field' (or 'var.field.subfield', 'var.0.field' for "
                    "the first record), e.g. loan.state",
                )
            name, _, path = key.partition(".")
            model = self.known(name, variables, (*at, "expect", key))
            if path and not path.split(".")[0].isdigit():
                first = path.split(".")[0]
                self.field(model, first, (*at, "expect", key), "expect")
                if model is not None and "." not in path:
                    self.expected(model, first, expected, (*at, "expect", key))
            self.value_vars(expected, variables, (*at, "expect", key))

    def expected(self, model: str, name: str, expected: Any, loc: Loc) -> None:
        if isinstance(expected, dict) and len(expected) == 1:
            return  # an operator ({count: 2}, {gt: 3}) compares on the server
        kind = self.kind(model, name)
        if kind is None or expected is None:
            return
        if kind[0] in ("many2one", "one2many", "many2many") and expected in (False, []):
            return
        self.typed(model, name, expected, loc)

    def local_id(self, xmlid: str, local: set[str], loc: Loc) -> None:
        if "." in xmlid and not xmlid.startswith(f"{self.spec.module.name}."):
            return
        bare = xmlid.rpartition(".")[2]
        if bare not in local and not self.spec.default_views:
            self.fail(
                loc,
                f"no menu {xmlid!r} in this spec",
                did_you_mean(bare, local) or "use a menu id declared under 'menus'",
            )
