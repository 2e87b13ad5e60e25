"""tests/: smoke tests (each model creatable, each view and action loads), tests derived from
the spec (computed fields, onchanges, each workflow button, each other button) and the spec's
acceptance scenarios, as TransactionCase classes.

The derived tests are what makes a generated addon reach the gate's coverage threshold
without scenarios written by hand: every statement the compiler writes runs at least once.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.mail import mail_step_call
from odoo_factory.compiler.pyfmt import call, create_call, if_not, lit
from odoo_factory.spec.models import FieldSpec, ModelSpec, Scenario, Step, WorkflowButton
from odoo_factory.spec.scenarios import TestUser

__all__ = ["test_files", "tests_file", "tests_init"]

_SAMPLES: dict[str, Any] = {
    "char": "Test",
    "text": "Test",
    "html": "<p>Test</p>",
    "integer": 1,
    "float": 1.0,
    "monetary": 1.0,
    "boolean": True,
    "date": "2024-01-02",
    "datetime": "2024-01-02 10:00:00",
    "binary": "dGVzdA==",
    "image": "dGVzdA==",
}


def _needs_value(f: FieldSpec) -> bool:
    return f.required and f.default is None and f.compute is None and f.related is None


class _Tests:
    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.errors: set[str] = set()

    def creatable(self) -> list[ModelSpec]:
        return [m for m in self.ctx.new_models() if m.kind != "abstract" and not m.inherits]

    def regular(self) -> list[ModelSpec]:
        return [m for m in self.creatable() if m.kind == "regular"]

    def maker(self, model: ModelSpec) -> str:
        values: list[str] = []
        for f in model.fields:
            if model.kind == "transient" and f.type == "many2many" and f.comodel:
                # a wizard acts on the records it is given: give it one of each
                target = self.ctx.spec.model(f.comodel)
                if target is not None and target in self.regular():
                    made = f"self._make_{target.module_name}().ids"
                    values.append(f"{lit(f.name)}: [(6, 0, {made})]")
                continue
            if not _needs_value(f):
                continue
            if f.type == "many2one" and f.comodel:
                target = self.ctx.spec.model(f.comodel)
                if target is not None and target in self.regular() and target is not model:
                    values.append(f"{lit(f.name)}: self._make_{target.module_name}().id")
                else:
                    values.append(
                        f"{lit(f.name)}: self.env[{lit(f.comodel)}].search([], limit=1).id"
                    )
            elif f.type == "selection" and f.selection:
                values.append(f"{lit(f.name)}: {lit(f.selection[0][0])}")
            elif f.type in _SAMPLES:
                values.append(f"{lit(f.name)}: {lit(_SAMPLES[f.type])}")
        text = create_call(f"return self.env[{lit(model.name)}].create", values, 8)
        return f"    def _make_{model.module_name}(self):\n{text}"

    def smoke(self) -> str:
        methods = [self.maker(m) for m in self.creatable()]
        for m in self.creatable():
            methods.append(
                f"    def test_create_{m.module_name}(self):\n"
                f"        record = self._make_{m.module_name}()\n"
                "        self.assertTrue(record.exists())"
            )
        views = [(self.ctx.qualify(self.ctx.view_xmlid(v))) for v in self.ctx.views]
        if views:
            loader = self.ctx.profile.view_load_method
            load = f"model.{loader}(view.id, view.type)"
            methods.append(
                "    def test_views_load(self):\n"
                f"        for xmlid in {lit(views, 8)}:\n"
                "            view = self.env.ref(xmlid)\n"
                "            model = self.env[view.model]\n"
                f"            self.assertTrue({load})"
            )
        actions = [self.ctx.qualify(self.ctx.action_xmlid(a)) for a in self.ctx.actions]
        if actions:
            methods.append(
                "    def test_actions_load(self):\n"
                f"        for xmlid in {lit(actions, 8)}:\n"
                "            self.assertTrue(self.env.ref(xmlid).read())"
            )
        if not methods:
            methods.append(
                "    def test_installed(self):\n        self.assertTrue(self.env.registry)"
            )
        return "\n\n".join(methods)

    # -- tests derived from the spec ---------------------------------------------------------
    def record(self, model: ModelSpec) -> str:
        """A record to exercise: a made one for the addon's models, a new one for others."""
        if model in self.creatable():
            return f"self._make_{model.module_name}()"
        return f"self.env[{lit(model.name)}].new({{}})"

    def computed(self, model: ModelSpec) -> str | None:
        """Each computed field read once: counts and sums of a record without lines are 0,
        an expression equals itself evaluated on the record; any other compute is read
        (``mapped``), which fails the test when it raises or assigns nothing. A made wizard
        has lines: one record of each model it acts on."""
        fields = [f for f in model.fields if f.compute is not None]
        if not fields or model.kind == "abstract" or model.inherits:
            return None
        empty = model.kind != "transient"
        lines = [f"    def test_compute_{model.module_name}(self):"]
        lines.append(f"        rec = {self.record(model)}")
        for f in fields:
            c = f.compute
            assert c is not None
            if c.expression:
                check = call("self.assertEqual", [f"rec.{f.name}", c.expression.strip()], 8)
                lines.append(" " * 8 + check)
            elif empty and (c.count or c.sum):
                lines.append(f"        self.assertEqual(rec.{f.name}, 0)")
            elif empty and c.max:
                lines.append(f"        self.assertFalse(rec.{f.name})")
            else:
                lines.append(f"        rec.mapped({lit(f.name)})")
        return "\n".join(lines)

    def onchanges(self, model: ModelSpec) -> list[str]:
        """Each onchange run on a new record whose trigger fields hold a sample value."""
        if model.kind == "abstract" or model.inherits:
            return []
        by_name = {f.name: f for f in model.fields}
        tests = []
        for onchange in model.onchanges:
            items = []
            for name in onchange.fields:
                sample = _sample(by_name.get(name))
                if sample is not None:
                    items.append(f"{lit(name)}: {lit(sample)}")
            method = f"_onchange_{'_'.join(onchange.fields)}"
            tests.append(
                f"    def test_{model.module_name}{method}(self):\n"
                + create_call(f"record = self.env[{lit(model.name)}].new", items, 8)
                + f"\n        result = record.{method}()\n"
                "        self.assertIsInstance(result, (dict, type(None)))"
            )
        return tests

    def workflow(self, model: ModelSpec) -> list[str]:
        """Each button refuses a state it does not start from and moves on from one it does."""
        wf = model.workflow
        if wf is None or model not in self.regular():
            return []
        tests = []
        for button in wf.buttons:
            self.errors.add("UserError")
            lines = [
                f"    def test_{model.module_name}_{button.name}(self):",
                f"        rec = self._make_{model.module_name}()",
            ]
            wrong = [s for s, _label in wf.states if s not in button.from_]
            if wrong:
                lines += [
                    f"        rec.write({{{lit(wf.field)}: {lit(wrong[0])}}})",
                    "        with self.assertRaises(UserError):",
                    f"            rec.{button.name}()",
                ]
            lines.append(f"        rec.write({{{lit(wf.field)}: {lit(button.from_[0])}}})")
            lines += _move(button, wf.field)
            tests.append("\n".join(lines))
        return tests

    def buttons(self, model: ModelSpec) -> list[str]:
        """Each other object button of the model's form, clicked on a made record, returns
        what Odoo accepts from a button: an action, True/False or None."""
        if model not in self.creatable():
            return []
        names: list[str] = []
        for view in self.ctx.views:
            if view.model == model.name and view.type == "form":
                names += [b.name for b in view.stat_buttons]
        if model.kind == "transient":
            names += [m.name for m in model.methods if m.button_label is not None]
        return [
            f"    def test_{model.module_name}_{name}(self):\n"
            f"        record = self._make_{model.module_name}()\n"
            f"        result = record.{name}()\n"
            "        self.assertIsInstance(result, (dict, bool, type(None)))"
            for name in dict.fromkeys(names)
        ]

    def derived(self) -> list[str]:
        tests: list[str] = []
        for model in self.ctx.spec.models:
            computed = self.computed(model)
            tests += [computed] if computed else []
            tests += self.onchanges(model)
            tests += self.workflow(model)
            tests += self.buttons(model)
        return tests

    def qualify_refs(self, value: Any) -> Any:
        """``$ref:xmlid`` without an addon prefix belongs to the addon being built."""
        if isinstance(value, str) and value.startswith("$ref:") and "." not in value[5:]:
            return f"$ref:{self.ctx.qualify(value[5:])}"
        if isinstance(value, list):
            return [self.qualify_refs(v) for v in value]
        if isinstance(value, dict):
            return {k: self.qualify_refs(v) for k, v in value.items()}
        return value

    def step_lines(self, scenario: Scenario, number: int, step: Step) -> list[str]:
        """The calls of one step: its action (inside ``step_raises`` when it must fail),
        then its checks. Every spec value is passed as a literal."""
        label = f"{scenario.name} step {number}"
        ind = (12 if step.raises else 8) + 4  # where an exploded argument starts
        args: list[str] = [lit(label)]
        user = [f"user={lit(step.as_user)}"] if step.as_user else []
        who: list[str] = list(user)
        if step.sudo:
            who.append("sudo=True")
        if step.context:
            who.append(f"context={lit(self.qualify_refs(step.context), ind)}")
        named = [f"as_={lit(step.as_)}"] if step.as_ else []
        head: str | None = None
        if step.create:
            head = "self.step_create"
            args += [lit(step.create), lit(self.qualify_refs(step.values), ind), *named, *who]
        elif step.write:
            head = "self.step_write"
            args += [lit(step.write.lstrip("$")), lit(self.qualify_refs(step.values), ind), *who]
        elif step.unlink:
            head = "self.step_unlink"
            args += [lit(step.unlink.lstrip("$")), *who]
        elif step.call:
            head = "self.step_call"
            target, _, method = step.call.rpartition(".")
            args += [lit(target or None), lit(method)]
            if step.args:
                args.append(f"args={lit(self.qualify_refs(step.args), ind)}")
            if step.kwargs:
                args.append(f"kwargs={lit(self.qualify_refs(step.kwargs), ind)}")
            if step.model:
                args.append(f"model={lit(step.model)}")
            args += named + who
        elif step.search:
            head = "self.step_search"
            args += [lit(step.search), lit(self.qualify_refs(step.domain), ind)]
            if step.limit is not None:
                args.append(f"limit={lit(step.limit)}")
            if step.count is not None:
                args.append(f"count={lit(step.count)}")
            if step.contains:
                args.append(f"contains={lit(self.qualify_refs(step.contains))}")
            if step.not_contains:
                args.append(f"not_contains={lit(self.qualify_refs(step.not_contains))}")
            args += named + who
        elif step.exists or step.not_exists:
            head = "self.step_exists"
            args += [lit((step.exists or step.not_exists or "").lstrip("$"))]
            args.append(f"expected={lit(step.exists is not None)}")
        elif step.view:
            head = "self.step_view"
            v = step.view
            args += [lit(v.model), lit(v.type)]
            args += [
                f"{key}={lit(value)}"
                for key, value in (
                    ("field", v.field),
                    ("button", v.button),
                    ("required", v.required),
                    ("readonly", v.readonly),
                    ("invisible", v.invisible),
                    ("widget", v.widget),
                )
                if value is not None
            ]
            if not v.present:
                args.append("present=False")
            args += user
        elif step.access:
            head = "self.step_access"
            a = step.access
            if a.model:
                args.append(f"model={lit(a.model)}")
            if a.record:
                args.append(f"record={lit(a.record.lstrip('$'))}")
            args += [
                f"{op}={lit(getattr(a, op))}"
                for op in ("read", "write", "create", "unlink")
                if getattr(a, op) is not None
            ]
            args += user
        elif step.menu:
            head = "self.step_menu"
            args += [lit(self.ctx.qualify(step.menu.id)), f"visible={lit(step.menu.visible)}"]
            args += user
        elif step.action:
            head = "self.step_action"
            act = step.action
            args.append(lit(self.ctx.qualify(act.id)))
            if act.model:
                args.append(f"model={lit(act.model)}")
            if act.view_modes:
                args.append(f"view_modes={lit(act.view_modes)}")
            if act.target:
                args.append(f"target={lit(act.target)}")
        elif step.http:
            head = "self.step_http"
            h = step.http
            args.append(lit(h.url))
            for key, value, default in (
                ("method", h.method, "GET"),
                ("params", h.params, {}),
                ("json", self.qualify_refs(h.json_), None),
                ("status", h.status, 200),
                ("redirect", h.redirect, None),
                ("contains", h.contains, []),
                ("not_contains", h.not_contains, []),
                ("result", self.qualify_refs(h.result), None),
            ):
                if value != default:
                    args.append(f"{key}={lit(value, ind)}")
            args += user
        elif step.report:
            head = "self.step_report"
            r = step.report
            args += [lit(self.ctx.qualify(r.id)), lit([item.lstrip("$") for item in r.records])]
            if r.contains:
                args.append(f"contains={lit(r.contains, ind)}")
            if r.not_contains:
                args.append(f"not_contains={lit(r.not_contains, ind)}")
            args += who
        elif step.read_group:
            head = "self.step_read_group"
            g = step.read_group
            args += [lit(g.model), lit(g.by), lit(self.qualify_refs(g.domain), ind), *named, *who]
        elif step.run_automation:
            head = "self.step_run_automation"
            args.append(lit(self.ctx.qualify(step.run_automation)))
        elif step.run_server_action:
            head = "self.step_run_server_action"
            run = step.run_server_action
            args += [lit(self.ctx.qualify(run.id)), lit([r.lstrip("$") for r in run.records])]
            args += named + who
        elif step.browser:
            head = "self.step_browser"
            b = step.browser
            args.append(lit(b.selector))
            for key, value in (
                ("action", b.action and self.ctx.qualify(b.action)),
                ("record", b.record and b.record.lstrip("$")),
                ("model", b.model),
                ("contains", b.contains or None),
                ("timeout", None if b.timeout == 60 else b.timeout),
            ):
                if value is not None:
                    args.append(f"{key}={lit(value, ind)}")
            args += user
        elif step.template or step.messages or step.activities:
            head, more = mail_step_call(self.ctx, step, ind)
            args += more + who
        lines: list[str] = []
        if head is not None:
            if step.raises:
                raises = [lit(label), lit(step.raises)]
                if step.match is not None:
                    raises.append(f"match={lit(step.match)}")
                lines.append(" " * 8 + "with " + call("self.step_raises", raises, 8) + ":")
                lines.append(" " * 12 + call(head, args, 12))
            else:
                lines.append(" " * 8 + call(head, args, 8))
        if step.expect:
            checks = lit(self.qualify_refs(step.expect), 12)
            lines.append(" " * 8 + call("self.expect", [lit(label), checks], 8))
        return lines

    def user_line(self, user: TestUser) -> str:
        """``add_user`` of a scenario user: at the start, or once its companies exist."""
        args = [lit(user.name), lit([self.ctx.qualify(g) for g in user.groups])]
        if user.company:
            args.append(f"company={lit(self.qualify_refs(user.company))}")
        if user.companies:
            args.append(f"companies={lit(self.qualify_refs(user.companies))}")
        if user.lang:
            args.append(f"lang={lit(user.lang)}")
        return " " * 8 + call("self.add_user", args, 8)

    def scenario(self, scenario: Scenario) -> str:
        pad = " " * 8
        lines: list[str] = []
        if scenario.proves:
            lines.append(f'{pad}"""Proves: {", ".join(scenario.proves)}."""')
        default = None
        if scenario.groups:
            default = "scenario_user"
        lines.append(pad + call("self.start_scenario", [lit(default)] if default else [], 8))
        if scenario.groups:
            groups = [self.ctx.qualify(g) for g in scenario.groups]
            lines.append(pad + call("self.add_user", [lit("scenario_user"), lit(groups)], 8))
        waiting = [u for u in scenario.users if u.company_vars]
        lines += [self.user_line(u) for u in scenario.users if not u.company_vars]
        named: set[str] = set()
        for number, step in enumerate(scenario.steps, start=1):
            ready = [u for u in waiting if all(v in named for v in u.company_vars)]
            lines += [self.user_line(u) for u in ready]
            waiting = [u for u in waiting if u not in ready]
            lines += self.step_lines(scenario, number, step)
            named |= {step.as_} if step.as_ and not step.raises else set()
        return f"    def test_{scenario.name}(self):\n" + "\n".join(lines)

    def render(self) -> str:
        module = self.ctx.module
        camel = "".join(p.capitalize() for p in module.split("_"))
        base = self.ctx.profile.test_base_module
        smoke = self.smoke()
        plain = [s for s in self.ctx.spec.tests if not s.needs_http]
        web = [s for s in self.ctx.spec.tests if s.needs_http]
        scenarios = self.derived() + [self.scenario(s) for s in plain]
        parts = []
        if self.errors:
            parts.append(f"from odoo.exceptions import {', '.join(sorted(self.errors))}")
        cases = "HttpCase, TransactionCase, tagged" if web else "TransactionCase, tagged"
        parts.append(f"from {base} import {cases}")
        mixin = ""
        if self.ctx.spec.tests:
            parts.append("\nfrom .scenario_steps import ScenarioSteps")
            mixin = "ScenarioSteps, "
        code = "\n".join(parts) + "\n\n\n"
        code += '@tagged("post_install", "-at_install")\n'
        code += f"class Test{camel}({mixin}TransactionCase):\n{smoke}\n"
        if scenarios:
            code += "\n" + "\n\n".join(scenarios) + "\n"
        if web:
            code += '\n\n@tagged("post_install", "-at_install")\n'
            code += f"class Test{camel}Http(ScenarioSteps, HttpCase):\n"
            code += "\n\n".join(self.scenario(s) for s in web) + "\n"
        return code


def _sample(f: FieldSpec | None) -> Any:
    """A value that sets off an onchange: the last option of a selection (the first is
    usually the default), a sample of the type; None when there is none to give."""
    if f is None or f.compute is not None or f.related is not None:
        return None
    if f.type == "selection" and f.selection:
        return f.selection[-1][0]
    return _SAMPLES.get(f.type)


def _move(button: WorkflowButton, state: str) -> list[str]:
    """The button called from a state it starts from; with a guard, what happens depends
    on the guard, evaluated on the same record ``rec``."""

    def moved(pad: str) -> list[str]:
        return [
            f"{pad}rec.{button.name}()",
            f"{pad}self.assertEqual(rec.{state}, {lit(button.to)})",
        ]

    if not button.guard:
        return moved(" " * 8)
    return [
        if_not(button.guard, 8),
        "            with self.assertRaises(UserError):",
        f"                rec.{button.name}()",
        "        else:",
        *moved(" " * 12),
    ]


def tests_file(ctx: BuildContext) -> str:
    return _Tests(ctx).render()


def _scenario_steps(ctx: BuildContext) -> str:
    """The shipped step runner, with the target series' facts filled in."""
    text = (resources.files("odoo_factory.compiler") / "shipped" / "scenario_steps.py").read_text(
        encoding="utf-8"
    )
    marker = 'USER_GROUPS_FIELD = "groups_id"'
    if marker not in text:  # pragma: no cover - the shipped file is part of the package
        raise RuntimeError("scenario_steps.py lost its USER_GROUPS_FIELD line")
    return text.replace(marker, f"USER_GROUPS_FIELD = {lit(ctx.profile.user_groups_field)}")


def _requirements(ctx: BuildContext) -> str:
    """tests/requirements.json: the criteria and, per test method, the criteria it proves."""
    spec = ctx.spec
    data = {
        "requirements": [r.model_dump() for r in spec.requirements],
        "tests": {f"test_{s.name}": list(s.proves) for s in spec.tests if s.proves},
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def test_files(ctx: BuildContext) -> dict[str, str]:
    """Every file of the addon's tests/ folder, by addon-relative path."""
    files = {
        "tests/__init__.py": tests_init(ctx),
        f"tests/test_{ctx.module}.py": tests_file(ctx),
    }
    if ctx.spec.tests:
        files["tests/scenario_steps.py"] = _scenario_steps(ctx)
    if ctx.spec.requirements:
        files["tests/requirements.json"] = _requirements(ctx)
    return files


def tests_init(ctx: BuildContext) -> str:
    js = f"from . import test_{ctx.module}_js\n" if ctx.spec.js_tests else ""
    return f"from . import test_{ctx.module}\n" + js
