"""The report files of a red gate with a run: Markdown, JUnit XML and the HTML page, which
a headless Chromium must render with the verdict and the score table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from odoo_factory.gate import (
    CriterionId,
    CriterionStatus,
    GateConfig,
    GateReport,
    build_report,
    html_report,
    junit_report,
    markdown_report,
    write_report,
)
from odoo_factory.qa.diagnostics import Severity
from odoo_factory.runtime.results import OdooCounts, RunStatus, TestCaseResult
from tests.gate.helpers import check_report, diagnostic, log, passing_run
from tests.gate.html_tools import external_references, parse, render, text

CRITERIA = ["pylint", "coverage", "errors", "security", "install", "warnings", "requirements"]
HOSTILE = "<script>alert('x')</script> | `tick` *star*"


@pytest.fixture(scope="module")
def red() -> GateReport:
    """Red on errors, security, coverage and warnings; a hostile message in one finding."""
    check = check_report(
        diagnostic("field-unknown", "views/item_views.xml", 7, message=HOSTILE),
        diagnostic(
            "sql-injection",
            "models/item.py",
            18,
            category="security",
            source="pylint",
            message="SQL injection risk. More info https://example.com/sql",
        ),
        diagnostic("missing-readme", ".", None, severity=Severity.WARNING, category="convention"),
        pylint_score=8.4,
    )
    failing = TestCaseResult(
        classname="odoo.addons.demo.tests.test_item.TestItem",
        method="test_total",
        status="failed",
        duration=0.05,
        message="AssertionError: 6 != 7",
        traceback="Traceback (most recent call last):\n  ...\nAssertionError: 6 != 7",
        file="tests/test_item.py",
        line=11,
    )
    run = passing_run(
        status=RunStatus.FAILED,
        ok=False,
        reason="1 failed, 0 error(s) of 3 tests",
        tests=[*passing_run().tests, failing],
        counts=OdooCounts(failed=1, errors=0, tests=3),
        warnings=[log("odoo.addons.demo", "demo installed badly")],
        percent=61.5,
    )
    return build_report(check, run, GateConfig(), timings={"check": 1.0, "total": 9.5})


def test_markdown_is_a_pull_request_comment(red: GateReport) -> None:
    md = markdown_report(red)
    assert md.startswith("## 🔴 Gate red: `demo` for Odoo 18.0 — score ")
    rows = [line for line in md.splitlines() if line.startswith("| ") and "/ " in line]
    assert len(rows) == len(CRITERIA)
    assert "<script>" not in md and "\\<script\\>" in md  # escaped, shown as text
    assert "### Tests" in md and "`odoo.addons.demo.tests.test_item.TestItem.test_total`" in md
    assert "### Coverage: 61.5 % of 100 statements" in md
    assert "| `models/item.py` | 100 | 38 | 61.5 % |" in md


def test_junit_has_a_case_per_criterion_per_file_and_per_test(red: GateReport) -> None:
    root = ET.fromstring(junit_report(red))
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert list(suites) == ["demo.gate", "demo.findings", "demo.tests"]
    gate = suites["demo.gate"]
    failed = [c.get("name") for c in gate.findall("testcase") if c.find("failure") is not None]
    assert failed == ["coverage", "errors", "security", "warnings"]
    assert gate.get("failures") == "4" and gate.get("tests") == "7"
    files = {c.get("name") for c in suites["demo.findings"].findall("testcase")}
    assert files == {
        ".",
        "__init__.py",
        "models/item.py",
        "tests/test_item.py",
        "views/item_views.xml",
    }
    tests = suites["demo.tests"]
    assert (tests.get("tests"), tests.get("failures"), tests.get("errors")) == ("3", "1", "0")
    case = tests.find("testcase[@name='test_total']")
    assert case is not None and case.get("file") == "tests/test_item.py"
    failure = case.find("failure")
    assert failure is not None and "AssertionError: 6 != 7" in (failure.text or "")


def test_html_is_well_formed_self_contained_and_escapes_text(red: GateReport) -> None:
    page = parse(html_report(red))
    assert page.problems == []
    assert text(page, "verdict") == "red"
    assert text(page, "score") == f"{red.score:.1f}/100"
    assert [i.removeprefix("criterion-") for i in page.ids_by_parent["criteria"]] == CRITERIA
    assert external_references(page) == []
    assert page.tags.count("script") == 0  # the hostile message stays text
    assert {"link", "img", "iframe", "object"}.isdisjoint(page.tags)


def test_html_renders_in_a_headless_browser(red: GateReport, tmp_path: Path) -> None:
    report = tmp_path / "out" / "gate.html"
    write_report(html_report(red), report)
    dom, screenshot = render(report, tmp_path)
    page = parse(dom)
    assert page.problems == []
    assert text(page, "verdict") == "red"
    assert text(page, "score") == f"{red.score:.1f}/100"
    rows = page.ids_by_parent["criteria"]
    assert [i.removeprefix("criterion-") for i in rows] == CRITERIA
    assert "test coverage of the addon" in text(page, "criterion-coverage")
    assert "fail" in text(page, "criterion-coverage").split()
    hostile = next(f.id for f in red.findings if f.rule == "field-unknown")
    assert "<script>alert('x')</script>" in text(page, hostile)
    assert page.tags.count("script") == 0
    data = screenshot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<div><p>text</div>", "</div> closes <p>"),
        ("<table><tr><td>cell</tr></table>", "</tr> closes <td>"),
        ("<main><section>", "never closed: <main>, <section>"),
    ],
)
def test_the_html_checker_catches_badly_formed_pages(html: str, problem: str) -> None:
    assert any(problem in found for found in parse(html).problems)


def test_the_html_checker_catches_external_references() -> None:
    page = parse(
        '<link rel="stylesheet" href="https://cdn.example.com/x.css">'
        '<img src="//example.com/a.png"><a href="#F1">F1</a>'
        "<style>body { background: url(https://example.com/b.png) }</style>"
    )
    found = external_references(page)
    assert found[:2] == ["https://cdn.example.com/x.css", "//example.com/a.png"]
    assert len(found) == 3 and "url(" in found[2]


@pytest.fixture(scope="module")
def traced() -> GateReport:
    """A run whose test_total fails: R1 (named by it) fails, R2 passes, R3 is unproven."""
    from odoo_factory.gate.requirements import Requirement, Requirements

    failing = TestCaseResult(
        classname="odoo.addons.demo.tests.test_item.TestItem",
        method="test_total",
        status="failed",
        message="demo step 2: item.total is 6, expected 7",
        file="tests/test_item.py",
        line=11,
    )
    passed = TestCaseResult(
        classname="odoo.addons.demo.tests.test_item.TestItem", method="test_name", status="passed"
    )
    run = passing_run(
        status=RunStatus.FAILED,
        ok=False,
        tests=[passed, failing],
        counts=OdooCounts(failed=1, errors=0, tests=2),
    )
    declared = Requirements(
        requirements=[
            Requirement(id="R1", text="Totals add up <b>"),
            Requirement(id="R2", text="Items have names"),
            Requirement(id="R3", text="Items are archived"),
        ],
        tests={"test_total": ["R1"], "test_name": ["R2"]},
    )
    return build_report(check_report(), run, GateConfig(), declared=declared)


def test_every_report_traces_criteria_to_tests(traced: GateReport, tmp_path: Path) -> None:
    criterion = traced.criterion(CriterionId.REQUIREMENTS)
    assert criterion.status is CriterionStatus.FAIL and criterion.measured == "1/3 (33 %)"
    assert criterion.detail.startswith("not proven: R1 (TestItem.test_total failed); R3 (no test")
    md = markdown_report(traced)
    assert "### Acceptance criteria: 1 of 3 proven" in md
    assert "| **R1** Totals add up \\<b\\> | `TestItem.test_total` failed: demo step 2" in md
    assert "| **R3** Items are archived | no test names it | ⚠️ unproven |" in md
    suite = ET.fromstring(junit_report(traced)).find("testsuite[@name='demo.requirements']")
    assert suite is not None and suite.get("tests") == "3" and suite.get("failures") == "2"
    r1 = suite.find("testcase[@name='R1 Totals add up <b>']/failure")
    assert r1 is not None and "item.total is 6, expected 7" in (r1.text or "")
    html = html_report(traced)
    page = parse(html)
    assert page.problems == []
    table = text(page, "requirements")
    assert "R1 Totals add up <b>" in table and "item.total is 6, expected 7" in table
    assert "Totals add up &lt;b&gt;" in html  # escaped, not markup
    assert [c for c in ("req-failed", "req-proven", "req-unproven") if c in html] == [
        "req-failed",
        "req-proven",
        "req-unproven",
    ]
