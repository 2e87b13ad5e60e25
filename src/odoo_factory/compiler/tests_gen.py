"""tests/: smoke tests (each model creatable, each view and action loads) and the spec's
acceptance scenarios, as TransactionCase classes."""

from __future__ import annotations

from typing import Any

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import create_call, lit
from odoo_factory.spec.models import FieldSpec, ModelSpec, Scenario

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
        return [m for m in self.ctx.new_models() if m.kind == "regular" and not m.inherits]

    def maker(self, model: ModelSpec) -> str:
        values: list[str] = []
        for f in model.fields:
            if not _needs_value(f):
                continue
            if f.type == "many2one" and f.comodel:
                target = self.ctx.spec.model(f.comodel)
                if target is not None and target in self.creatable() and target is not model:
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
        scenarios = [self.scenario(s) for s in self.ctx.spec.tests]
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


def tests_file(ctx: BuildContext) -> str:
    return _Tests(ctx).render()


def tests_init(ctx: BuildContext) -> str:
    return f"from . import test_{ctx.module}\n"
