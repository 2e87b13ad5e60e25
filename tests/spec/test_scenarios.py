"""The test language and acceptance criteria: refused at validate time with a location when
wrong, compiled into calls that carry every spec value as a literal, traced by the gate."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.compiler import render_addon
from odoo_factory.errors import SpecError
from odoo_factory.gate.requirements import (
    RequirementStatus,
    load_requirements,
    trace_requirements,
)
from odoo_factory.runtime.results import RunStatus, TestCaseResult, TestRun
from odoo_factory.spec import ModuleSpec
from odoo_factory.spec import parse_spec_text as _parse

HEAD = """\
module: {name: shop_notes, title: Shop Notes, depends: [base]}
models:
  - name: shop.note
    fields:
      - {name: name, type: char, required: true}
      - {name: due, type: date}
      - {name: amount, type: float}
      - {name: kind, type: selection, selection: [[a, A], [b, B]]}
      - {name: partner_id, type: many2one, comodel: res.partner}
    methods:
      - {name: action_done, python: "self.write({'kind': 'b'})"}
groups:
  - {id: group_clerk, name: Clerk}
requirements:
  - {id: R1, text: A note can be finished}
  - {id: R2, text: Notes are private}
"""


def parse_spec_text(text: str, file: str) -> ModuleSpec:
    return _parse(text, file)[0]


def spec_with(tests: str) -> str:
    return HEAD + "tests:\n" + tests


def refused(tests: str) -> SpecError:
    with pytest.raises(SpecError) as caught:
        parse_spec_text(spec_with(tests), "spec.yaml")
    error = caught.value
    assert error.file == "spec.yaml" and error.line is not None and error.column is not None
    return error


GOOD = """\
  - name: finish
    proves: [R1, R2]
    users: [{name: clerk, groups: [group_clerk]}]
    steps:
      - create: shop.note
        values: {name: N, due: today + 3 months, partner_id: $ref:base.main_partner}
        as: note
      - {call: note.action_done, as_user: clerk, expect: {note.kind: b, note.due: {gt: today}}}
      - {call: note.copy, kwargs: {default: {name: Copy}}, as: other, expect: {other.name: Copy}}
      - {model: shop.note, call: search_count, args: [[[name, "=", N]]], as: n, expect: {n: 1}}
      - {write: note, values: {amount: 2.5}, expect: {note.amount: 2.5}}
      - {search: shop.note, domain: [[kind, "=", b]], count: 2, contains: [$note, $other]}
      - {unlink: other}
      - {not_exists: other}
      - {access: {model: shop.note, read: true}, as_user: clerk}
      - {view: {model: shop.note, field: name, required: true}}
      - {create: shop.note, values: {name: X, kind: a}, raises: ValidationError, match: kind}
"""


def test_a_good_scenario_validates_and_compiles_to_literal_calls() -> None:
    spec = parse_spec_text(spec_with(GOOD), "spec.yaml")
    files = render_addon(spec, "18.0")
    code = files["tests/test_shop_notes.py"]
    tree = ast.parse(code)
    method = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "test_finish"
    )
    assert ast.get_docstring(method) == "Proves: R1, R2."
    calls = [
        n.func.attr
        for n in ast.walk(method)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ]
    assert calls.count("step_create") == 2 and "step_raises" in calls and "step_view" in calls
    # every argument of every step is a literal: no spec value became code
    for node in ast.walk(method):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            for arg in [*node.args, *(k.value for k in node.keywords)]:
                if not isinstance(arg, ast.Call):
                    ast.literal_eval(arg)
    assert '"$ref:base.main_partner"' in code
    assert "class TestShopNotes(ScenarioSteps, TransactionCase)" in code
    steps = files["tests/scenario_steps.py"]
    ast.parse(steps, feature_version=(3, 6))  # Odoo 12.0 runs Python 3.6
    assert 'USER_GROUPS_FIELD = "groups_id"' in steps
    declared = json.loads(files["tests/requirements.json"])
    assert declared["tests"] == {"test_finish": ["R1", "R2"]}
    assert [r["id"] for r in declared["requirements"]] == ["R1", "R2"]


def test_ref_without_prefix_belongs_to_the_addon() -> None:
    tests = """\
  - name: refs
    steps:
      - {create: shop.note, values: {name: N, partner_id: $ref:partner_x}, as: note}
"""
    files = render_addon(parse_spec_text(spec_with(tests), "spec.yaml"), "17.0")
    assert '"$ref:shop_notes.partner_x"' in files["tests/test_shop_notes.py"]


def test_an_http_scenario_runs_in_an_http_case() -> None:
    tests = """\
  - name: web
    steps:
      - {http: {url: /web/login, contains: [Log in]}}
"""
    code = render_addon(parse_spec_text(spec_with(tests), "19.0"), "19.0")[
        "tests/test_shop_notes.py"
    ]
    assert "class TestShopNotesHttp(ScenarioSteps, HttpCase)" in code
    assert 'self.step_http("web step 1", "/web/login", contains=["Log in"])' in code


@pytest.mark.parametrize(
    ("tests", "words"),
    [
        (
            "  - {name: t, steps: [{call: ghost.action_done}]}\n",
            "no record named 'ghost'",
        ),
        (
            "  - {name: t, steps: [{create: shop.note, values: {nme: x}, as: n}]}\n",
            "unknown field 'nme'",
        ),
        (
            "  - {name: t, steps: [{create: shop.note, values: {name: x, due: soon}, as: n}]}\n",
            "not a value for date field 'due'",
        ),
        (
            "  - {name: t, steps: [{create: shop.note, values: {name: x, kind: c}, as: n}]}\n",
            "not a value for selection field 'kind'",
        ),
        (
            "  - {name: t, steps: [{create: shop.note, values: {name: x}, as: n,"
            " expect: {n.amount: lots}}]}\n",
            "not a value for float field 'amount'",
        ),
        (
            "  - {name: t, proves: [R9], steps: [{create: shop.note, values: {name: x}}]}\n",
            "proves 'R9', which is not a criterion",
        ),
        # fields of the dependencies are typed from the series' catalogue
        (
            "  - {name: t, steps: [{create: res.partner, values: {name: x, is_company: yes"
            "please}}]}\n",
            "not a value for boolean field 'is_company' of 'res.partner'",
        ),
        (
            "  - {name: t, steps: [{create: res.partner, values: {name: x}, as: p,"
            " expect: {p.color: red}}]}\n",
            "not a value for integer field 'color' of 'res.partner'",
        ),
        (
            "  - {name: t, steps: [{create: shop.note, values: {name: x}, as: n,"
            " expect: {\"n.name); __import__('os').system('id'\": 1}}]}\n",
            "is not a variable and a field path",
        ),
        (
            "  - {name: t, steps: [{create: shop.note, values: {name: x}, as: n},"
            " {call: n.action_dne}]}\n",
            "has no method 'action_dne'",
        ),
        (
            "  - {name: t, steps: [{create: shop.note, values: {name: x}, as: n,"
            " as_user: nobody}]}\n",
            "no scenario user named 'nobody'",
        ),
        (
            "  - {name: t, steps: [{create: shop.note, write: n, values: {name: x}}]}\n",
            "a step does one thing",
        ),
    ],
)
def test_wrong_scenarios_are_refused_with_a_location(tests: str, words: str) -> None:
    error = refused(tests)
    assert words in error.message, error.message


def test_values_of_the_dependencies_fields_of_the_right_type_pass() -> None:
    tests = """\
  - name: typed
    steps:
      - create: res.partner
        values: {name: x, is_company: true, color: 3, ref: A1, comment: "<p>x</p>"}
        as: p
        expect: {p.is_company: true, p.color: 3, p.parent_id: false, p.ref: A1}
"""
    parse_spec_text(spec_with(tests), "spec.yaml")


def test_standard_methods_are_allowed_without_redeclaring() -> None:
    tests = """\
  - name: std
    steps:
      - {create: shop.note, values: {name: x}, as: n}
      - {call: n.toggle_active}
      - {call: n.write, args: [{name: y}]}
      - {call: n.copy, as: c}
      - {call: c.unlink}
"""
    parse_spec_text(spec_with(tests), "spec.yaml")


def test_create_without_as_is_allowed() -> None:
    parse_spec_text(
        spec_with("  - {name: t, steps: [{create: shop.note, values: {name: x}}]}\n"), "s.yaml"
    )


def test_validate_warns_about_unproven_criteria(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.yaml"
    tests = "  - {name: t, proves: [R1], steps: [{create: shop.note, values: {name: x}}]}\n"
    spec.write_text(spec_with(tests), "utf-8")
    assert main(["spec", "validate", str(spec), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["requirements"] == 2
    (warning,) = data["warnings"]
    assert warning["message"].startswith("criterion R2 is proven by no test")
    assert warning["line"] == 16 and warning["column"] is not None


def _result(method: str, status: str, message: str | None = None) -> TestCaseResult:
    return TestCaseResult(
        classname="odoo.addons.shop_notes.tests.test_shop_notes.TestShopNotes",
        method=method,
        status=status,
        message=message,
    )


def _run(*tests: TestCaseResult) -> TestRun:
    return TestRun(
        addon="shop_notes",
        addon_path="/tmp/shop_notes",
        series="18.0",
        runtime="odoo-18.0",
        database="db",
        status=RunStatus.FAILED,
        ok=False,
        installed=True,
        reason="",
        tests=list(tests),
    )


def test_tracing_proven_failed_unproven_and_docstring_claims(tmp_path: Path) -> None:
    addon = tmp_path / "shop_notes"
    (addon / "tests").mkdir(parents=True)
    (addon / "tests" / "requirements.json").write_text(
        json.dumps(
            {
                "requirements": [
                    {"id": "R1", "text": "one"},
                    {"id": "R2", "text": "two"},
                    {"id": "R3", "text": "three"},
                    {"id": "R4", "text": "four"},
                ],
                "tests": {"test_a": ["R1"], "test_b": ["R2", "R1"]},
            }
        ),
        "utf-8",
    )
    (addon / "tests" / "test_more.py").write_text(
        'def test_c(self):\n    """Checks four.\n\n    Proves: R4.\n    """\n', "utf-8"
    )
    declared = load_requirements(addon)
    assert declared is not None and declared.tests["test_c"] == ["R4"]
    run = _run(
        _result("test_a", "passed"),
        _result("test_b", "failed", "shop_notes step 2: note.kind is 'a', expected 'b'"),
        _result("test_c", "passed"),
    )
    traced = {r.id: r for r in trace_requirements(declared, run)}
    assert traced["R1"].status is RequirementStatus.FAILED  # one of its two tests failed
    assert traced["R2"].status is RequirementStatus.FAILED
    assert traced["R2"].tests[0].message == "shop_notes step 2: note.kind is 'a', expected 'b'"
    assert traced["R3"].status is RequirementStatus.UNPROVEN
    assert traced["R4"].status is RequirementStatus.PROVEN
    assert traced["R4"].tests[0].name == "TestShopNotes.test_c"
    # a named test that did not run proves nothing
    lonely = trace_requirements(declared, _run(_result("test_a", "passed")))
    assert {r.id: r.status for r in lonely}["R4"] is RequirementStatus.FAILED
    assert trace_requirements(declared, None)[0].tests[0].status == "not run"
