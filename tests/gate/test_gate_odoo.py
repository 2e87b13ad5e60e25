"""The gate on a real Odoo: every example passes it green on each series; the broken fixture
gets each of its problems once, with its fix, a red verdict and report files that open."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.compiler import build_addon
from odoo_factory.errors import SpecError
from odoo_factory.gate import CriterionId, GateConfig, GateOptions, Verdict, run_gate
from odoo_factory.profiles import get_profile
from odoo_factory.runtime import Runtime
from odoo_factory.settings import Settings
from odoo_factory.spec.loader import load_spec_located
from odoo_factory.spec.semantics import check_series
from tests.conftest import TEST_SERIES, run_databases
from tests.example_builds import build_example
from tests.gate.helpers import BROKEN, EXAMPLES, copy_addon
from tests.gate.html_tools import external_references, parse, render, text

pytestmark = pytest.mark.odoo

SPECS = sorted(EXAMPLES.glob("*.yaml"))
# The series the gate is proven on; the broken fixture is written for them (its post-init
# hook takes ``env``, its ``name_get`` is a problem from 17.0 on).
GATE_SERIES = ("17.0", "18.0")
# Every example is gated on every series a runtime is configured for (14.0 to 19.0).
EXAMPLE_SERIES = TEST_SERIES

# tests/gate/fixtures/README.md: (rule, where, criterion, a word of the fix)
BROKEN_PROBLEMS = [
    ("install-log-warning", "__init__.py", "warnings", "log at INFO"),
    ("sql-injection", "models/broken_item.py:18:8", "security", "query parameters"),
    ("name-get-override", "models/broken_item.py:21:4", "errors", "_compute_display_name"),
    ("print-used", "models/broken_item.py:25:8", "errors", "_logger"),
    ("access-rights-missing", "models/broken_secret.py:4", "security", "ir.model.access.csv"),
    ("test-failed", "tests/test_broken_item.py:11", "errors", "fix the code under test"),
]


def _configured(value: str, odoo_runtimes: dict[str, Runtime]) -> str:
    if value not in odoo_runtimes:
        major = value.split(".")[0]
        pytest.skip(
            f"no Odoo {value} runtime: set ODOO_FACTORY_TEST_ODOO_{major} and "
            f"ODOO_FACTORY_TEST_PYTHON_{major}"
        )
    return value


def _refusal(spec: Path, series: str) -> str | None:
    """Why ``series`` cannot express ``spec`` (its located error), None when it can."""
    located, locs = load_spec_located(spec)
    try:
        check_series(located, locs, get_profile(series))
    except SpecError as exc:
        return str(exc)
    return None


@pytest.fixture(params=GATE_SERIES)
def series(request: pytest.FixtureRequest, odoo_runtimes: dict[str, Runtime]) -> str:
    """Each series of GATE_SERIES with a real Odoo runtime; skips visibly for the others."""
    return _configured(str(request.param), odoo_runtimes)


@pytest.fixture(params=EXAMPLE_SERIES)
def example_series(request: pytest.FixtureRequest, odoo_runtimes: dict[str, Runtime]) -> str:
    """Each series the examples are gated on, with a real Odoo runtime; skips the others."""
    return _configured(str(request.param), odoo_runtimes)


@pytest.mark.parametrize("spec", SPECS, ids=lambda path: path.stem)
def test_each_example_passes_the_gate(
    spec: Path, example_series: str, pg_settings: Settings, tmp_path: Path
) -> None:
    series = example_series
    refusal = _refusal(spec, series)
    if refusal:
        pytest.skip(f"{spec.stem} cannot be built for {series}: {refusal}")
    addon = build_example(spec, series, tmp_path)
    options = GateOptions(series=series, config=GateConfig())
    report = run_gate(pg_settings, addon, options)
    assert report.run is not None and report.run.coverage is not None
    coverage = report.run.coverage.percent
    print(f"{spec.stem} {series}: {report.verdict.value} {report.score:.1f}/100, {coverage:.1f} %")
    failing = [(c.id.value, c.detail) for c in report.criteria if not c.passed]
    counted = [(f.location, f.rule, f.message) for f in report.findings if f.criterion]
    assert report.verdict is Verdict.GREEN, (failing, counted)
    assert report.ok and report.score == 100.0 and counted == []
    assert coverage >= 80.0 and report.run.counts is not None and report.run.counts.failed == 0
    requirements = report.criterion(CriterionId.REQUIREMENTS)
    print(f"  requirements: {requirements.measured}")
    assert all(r.status.value == "proven" for r in report.requirements)
    assert run_databases(pg_settings) == []


def test_a_criterion_whose_behaviour_is_removed_turns_the_gate_red(
    series: str, pg_settings: Settings, tmp_path: Path
) -> None:
    """library_loans without the guard that keeps archived books from being lent: every
    other check passes, the gate is red on requirement coverage and names R4."""
    text = (EXAMPLES / "library_loans.yaml").read_text("utf-8")
    guard = '          guard: "rec.book_id.active"\n'
    message = "          guard_message: An archived book cannot be lent.\n"
    assert guard in text and message in text
    wrong = tmp_path / "library_loans.yaml"
    wrong.write_text(text.replace(guard, "").replace(message, ""), "utf-8")
    built = build_addon(wrong, series, tmp_path / "out")
    report = run_gate(
        pg_settings, built.addon_path, GateOptions(series=series, config=GateConfig())
    )
    assert report.verdict is Verdict.RED
    requirements = report.criterion(CriterionId.REQUIREMENTS)
    total = len(report.requirements)
    assert requirements.status.value == "fail" and total >= 8
    assert requirements.measured.startswith(f"{total - 1}/{total} (")
    assert requirements.detail.startswith("not proven: R4 (")
    by_id = {r.id: r for r in report.requirements}
    assert by_id["R4"].status.value == "failed"
    (failed,) = by_id["R4"].tests
    assert failed.name.endswith("test_archived_book_cannot_be_lent")
    assert failed.status == "failed" and "expected UserError" in (failed.message or "")
    assert all(r.status.value == "proven" for r in report.requirements if r.id != "R4")
    assert run_databases(pg_settings) == []


def test_the_broken_addon_gets_each_problem_once_with_its_fix(
    series: str,
    cli_env: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)  # no project configuration: the default thresholds
    addon = copy_addon(BROKEN, tmp_path / "addons", series)
    md, html, junit = tmp_path / "gate.md", tmp_path / "gate.html", tmp_path / "gate.xml"
    args = ["gate", str(addon), "--odoo", series, "--json"]
    code = main([*args, "--markdown", str(md), "--html", str(html), "--junit", str(junit)])
    data = json.loads(capsys.readouterr().out)
    assert code == 1, data
    assert data["verdict"] == "red" and data["ok"] is False

    findings = data["findings"]
    listed = [(f["rule"], _where(f), f["criterion"]) for f in findings]
    assert listed == [(rule, where, criterion) for rule, where, criterion, _fix in BROKEN_PROBLEMS]
    for finding, problem in zip(findings, BROKEN_PROBLEMS, strict=True):
        assert problem[3] in finding["hint"], finding
    access = next(f for f in findings if f["rule"] == "access-rights-missing")
    assert access["seen_by"] == ["factory", "odoo"]  # Odoo's warning confirms it, no twin

    status = {c["id"]: (c["status"], c["measured"]) for c in data["criteria"]}
    assert status["pylint"][0] == status["install"][0] == "pass"
    assert status["errors"] == ("fail", "3") and status["security"] == ("fail", "2")
    assert status["warnings"] == ("fail", "1")
    coverage = next(c for c in data["criteria"] if c["id"] == "coverage")
    assert coverage["status"] == "fail" and coverage["value"] < 80
    assert "lowest: models/broken_item.py" in coverage["detail"]  # problem 7
    run = data["run"]
    assert run["counts"] == {"failed": 1, "errors": 0, "tests": 2}
    assert run_databases(cli_env) == []

    _reports_open_cleanly(md, html, junit, tmp_path)


def _where(finding: dict[str, object]) -> str:
    parts = [str(finding["file"])]
    for key in ("line", "column"):
        if finding[key] is None:
            break
        parts.append(str(finding[key]))
    return ":".join(parts)


def _reports_open_cleanly(md: Path, html: Path, junit: Path, work: Path) -> None:
    text_md = md.read_text("utf-8")
    assert text_md.startswith("## 🔴 Gate red: `gate_broken`")
    for rule, *_rest in BROKEN_PROBLEMS:
        assert text_md.count(f"`{rule}`") == 1, rule
    assert "### Coverage:" in text_md and "AssertionError" in text_md

    root = ET.parse(junit).getroot()
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["gate_broken.gate", "gate_broken.findings", "gate_broken.tests"]
    tests = suites["gate_broken.tests"]
    assert (tests.get("tests"), tests.get("failures")) == ("2", "1")
    assert tests.find("testcase[@name='test_double_is_wrong']/failure") is not None

    page = parse(html.read_text("utf-8"))
    assert page.problems == [] and external_references(page) == []
    dom, screenshot = render(html, work)
    rendered = parse(dom)
    assert rendered.problems == []
    assert text(rendered, "verdict") == "red"
    rows = [i.removeprefix("criterion-") for i in rendered.ids_by_parent["criteria"]]
    assert rows == [c.value for c in CriterionId]
    assert "fail" in text(rendered, "criterion-coverage").split()
    assert "test_double_is_wrong" in text(rendered, "tests")
    assert "models/broken_item.py" in text(rendered, "coverage")
    assert screenshot.read_bytes().startswith(b"\x89PNG")
