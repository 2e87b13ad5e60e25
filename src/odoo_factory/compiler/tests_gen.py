"""tests/: smoke tests (each model creatable, each view and action loads), tests derived from
the spec (computed fields, onchanges, each workflow button, each other button) and the spec's
acceptance scenarios, as TransactionCase classes.

The derived tests are what makes a generated addon reach the gate's coverage threshold
without scenarios written by hand: every statement the compiler writes runs at least once.
"""

from __future__ import annotations

from typing import Any

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import call, create_call, if_not, lit
from odoo_factory.spec.models import FieldSpec, ModelSpec, Scenario, WorkflowButton

__all__ = ["tests_file", "tests_init"]

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
            names += [m.name for m in model.methods if m.name.startswith("action_")]
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

    def value(self, value: Any, variables: set[str]) -> str:
        if isinstance(value, str) and value.startswith("$ref:"):
            return f"self.env.ref({lit(value[5:])}).id"
        if isinstance(value, str) and value.startswith("$") and value[1:] in variables:
            return f"{value[1:]}.id"
        if (
            isinstance(value, list)
            and value
            and all(isinstance(v, str) and v.startswith("$") for v in value)
        ):
            return "[(6, 0, [" + ", ".join(self.value(v, variables) for v in value) + "])]"
        return lit(value)

    def scenario(self, scenario: Scenario) -> str:
        pad = " " * 8
        lines: list[str] = []
        variables: set[str] = set()
        env = "self.env"
        if scenario.groups:
            lines.append(f'{pad}groups = self.env.ref("base.group_user")')
            for group in scenario.groups:
                lines.append(f"{pad}groups |= self.env.ref({lit(self.ctx.qualify(group))})")
            items = [
                '"name": "Scenario user"',
                f'"login": {lit("scenario_" + scenario.name)}',
                f"{lit(self.ctx.profile.user_groups_field)}: [(6, 0, groups.ids)]",
            ]
            lines.append(create_call('user = self.env["res.users"].create', items, 8))
            lines.append(f"{pad}env = self.env(user=user.id)")
            env = "env"
        for step in scenario.steps:
            indent = 12 if step.raises else 8
            statement = None
            if step.create:
                items = [f"{lit(k)}: {self.value(v, variables)}" for k, v in step.values.items()]
                prefix = f"{env}[{lit(step.create)}].create"
                if step.as_ and not step.raises:
                    prefix = f"{step.as_} = {prefix}"
                    variables.add(step.as_)
                statement = create_call(prefix, items, indent)
            elif step.call:
                var, _, method = step.call.partition(".")
                statement = f"{' ' * indent}{var}.{method}()"
            if statement and step.raises:
                self.errors.add(step.raises)
                lines.append(f"{pad}with self.assertRaises({step.raises}):")
            if statement:
                lines.append(statement)
            for key, expected in step.expect.items():
                var, _, field = key.partition(".")
                if (
                    isinstance(expected, str)
                    and expected.startswith("$")
                    and expected[1:] in variables
                ):
                    value = expected[1:]
                else:
                    value = lit(expected)
                lines.append(f"{pad}self.assertEqual({var}.{field}, {value})")
        return f"    def test_{scenario.name}(self):\n" + "\n".join(lines)

    def render(self) -> str:
        module = self.ctx.module
        camel = "".join(p.capitalize() for p in module.split("_"))
        base = self.ctx.profile.test_base_module
        smoke = self.smoke()
        scenarios = self.derived() + [self.scenario(s) for s in self.ctx.spec.tests]
        parts = []
        if self.errors:
            parts.append(f"from odoo.exceptions import {', '.join(sorted(self.errors))}")
        parts.append(f"from {base} import TransactionCase, tagged")
        code = "\n".join(parts) + "\n\n\n"
        code += '@tagged("post_install", "-at_install")\n'
        code += f"class Test{camel}(TransactionCase):\n{smoke}\n"
        if scenarios:
            code += "\n" + "\n\n".join(scenarios) + "\n"
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


def tests_init(ctx: BuildContext) -> str:
    return f"from . import test_{ctx.module}\n"
