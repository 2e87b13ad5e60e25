"""Score, verdict and findings on constructed check reports and runs."""

from __future__ import annotations

import pytest

from odoo_factory.gate import (
    CriterionId,
    CriterionStatus,
    GateConfig,
    GateReport,
    Verdict,
    build_report,
)
from odoo_factory.gate.config import GateWeights
from odoo_factory.qa.diagnostics import Severity
from odoo_factory.runtime.results import (
    FailureCategory,
    LoadFailure,
    RunStatus,
    TestCaseResult,
)
from tests.gate.helpers import check_report, diagnostic, log, passing_run

DEFAULTS = GateConfig()


def status(report: GateReport) -> dict[str, str]:
    return {c.id.value: c.status.value for c in report.criteria}


def test_a_clean_addon_is_green_with_100_points() -> None:
    report = build_report(check_report(), passing_run(), DEFAULTS)
    assert report.verdict is Verdict.GREEN and report.green
    assert report.score == 100.0
    assert set(status(report).values()) == {"pass"}
    assert [c.id for c in report.criteria] == list(CriterionId)
    assert sum(c.weight for c in report.criteria) == 100
    assert report.reason.startswith("green: all 7 criteria pass")
    assert report.findings == []
    assert report.run is not None and report.run.coverage is not None


def test_pylint_below_the_threshold_earns_a_share_and_turns_red() -> None:
    report = build_report(check_report(pylint_score=6.0), passing_run(), DEFAULTS)
    pylint = report.criterion(CriterionId.PYLINT)
    assert pylint.status is CriterionStatus.FAIL
    assert pylint.value == 6.0 and pylint.measured == "6.00/10" and pylint.threshold == "≥ 7.50/10"
    assert pylint.fraction == 0.8 and pylint.points == 8.0
    assert report.score == 98.0 and report.verdict is Verdict.RED
    assert "pylint 6.00/10 (needs ≥ 7.50/10)" in report.reason


def test_pylint_that_did_not_run_fails_its_criterion() -> None:
    failed = diagnostic(
        "pylint-failed", ".", None, severity=Severity.WARNING, category="tool", source="pylint"
    )
    report = build_report(check_report(failed, pylint_score=None), passing_run(), DEFAULTS)
    pylint = report.criterion(CriterionId.PYLINT)
    assert pylint.status is CriterionStatus.FAIL and pylint.value is None
    assert pylint.detail == "not measured: pylint did not run"
    assert pylint.findings == ["F1"] and report.findings[0].criterion is CriterionId.PYLINT


def test_coverage_exactly_at_the_threshold_passes_and_below_fails() -> None:
    at = build_report(check_report(), passing_run(percent=80.0), DEFAULTS)
    assert at.criterion(CriterionId.COVERAGE).status is CriterionStatus.PASS
    below = build_report(check_report(), passing_run(percent=60.0), DEFAULTS)
    coverage = below.criterion(CriterionId.COVERAGE)
    assert coverage.status is CriterionStatus.FAIL and coverage.points == 11.25
    assert "lowest: models/item.py 60 %" in coverage.detail
    assert below.score == 96.2


def test_static_errors_and_failed_tests_count_as_errors() -> None:
    run = passing_run(
        status=RunStatus.FAILED,
        ok=False,
        reason="1 failed, 0 error(s) of 2 tests",
        tests=[
            TestCaseResult(classname="TestItem", method="test_a", status="passed"),
            TestCaseResult(
                classname="TestItem",
                method="test_b",
                status="failed",
                message="AssertionError: 6 != 7",
                traceback="Traceback ...\nAssertionError: 6 != 7",
                file="tests/test_item.py",
                line=12,
            ),
        ],
    )
    check = check_report(
        diagnostic("field-unknown", "views/item_views.xml", 5),
        diagnostic("list-column-invisible", "views/item_views.xml", 9, severity=Severity.WARNING),
    )
    report = build_report(check, run, DEFAULTS)
    errors = report.criterion(CriterionId.ERRORS)
    assert errors.status is CriterionStatus.FAIL and errors.value == 2
    assert errors.fraction == pytest.approx(0.6) and errors.points == 12.0
    test = next(f for f in report.findings if f.rule == "test-failed")
    assert test.location == "tests/test_item.py:12" and test.seen_by == ["odoo"]
    assert test.message == "TestItem.test_b failed: AssertionError: 6 != 7"
    assert test.detail and "Traceback" in test.detail
    warning = next(f for f in report.findings if f.rule == "list-column-invisible")
    assert warning.criterion is None  # a warning informs, it does not count
    assert [f.id for f in report.findings] == ["F1", "F2", "F3"]


def test_many_errors_never_go_below_zero_points() -> None:
    check = check_report(*(diagnostic("field-unknown", line=n) for n in range(1, 12)))
    report = build_report(check, passing_run(), DEFAULTS)
    errors = report.criterion(CriterionId.ERRORS)
    assert errors.value == 11 and errors.points == 0.0 and errors.fraction == 0.0
    assert report.score == 80.0


def test_security_findings_count_apart_from_errors() -> None:
    check = check_report(
        diagnostic("sql-injection", category="security", source="pylint"),
        diagnostic("access-rights-missing", "models/secret.py", 4, category="security"),
    )
    report = build_report(check, passing_run(), DEFAULTS)
    assert report.criterion(CriterionId.SECURITY).value == 2
    assert report.criterion(CriterionId.ERRORS).value == 0
    assert status(report)["security"] == "fail" and report.verdict is Verdict.RED


def test_odoo_access_warning_confirms_the_static_finding_instead_of_repeating_it() -> None:
    check = check_report(
        diagnostic(
            "access-rights-missing",
            "models/secret.py",
            4,
            category="security",
            message="model 'demo.secret' has no access rights: only the superuser can use it",
        )
    )
    warning = log(
        "odoo.modules.loading",
        "The models ['demo.secret'] have no access rules in module demo, consider adding some",
    )
    report = build_report(check, passing_run(warnings=[warning]), DEFAULTS)
    (finding,) = report.findings
    assert finding.seen_by == ["factory", "odoo"]
    assert finding.detail and "no access rules" in finding.detail
    assert report.criterion(CriterionId.SECURITY).value == 1
    assert report.criterion(CriterionId.WARNINGS).value == 0  # not the addon's own logger


def test_odoo_access_warning_without_a_static_finding_is_a_new_security_finding() -> None:
    warning = log(
        "odoo.modules.loading",
        "The models ['demo.other'] have no access rules in module demo, consider adding some",
    )
    report = build_report(check_report(), passing_run(warnings=[warning]), DEFAULTS)
    (finding,) = report.findings
    assert finding.rule == "access-rights-missing" and finding.seen_by == ["odoo"]
    assert finding.criterion is CriterionId.SECURITY


def test_warnings_of_the_addons_own_loggers_count_and_those_of_its_tests_do_not() -> None:
    run = passing_run(
        warnings=[
            log("odoo.addons.demo.models.item", "price missing on 3 items"),
            log("odoo.addons.demo", "hook ran twice"),
            log("odoo.addons.demo.tests.test_item", "a test's own warning"),
            log("odoo.addons.demo_other.models.x", "not ours"),
        ]
    )
    report = build_report(check_report(), run, DEFAULTS)
    warnings = report.criterion(CriterionId.WARNINGS)
    assert warnings.value == 2 and warnings.status is CriterionStatus.FAIL
    files = {f.file: f for f in report.findings}
    assert set(files) == {"__init__.py", "models/item.py", "tests/test_item.py"}
    assert files["models/item.py"].rule == "install-log-warning"
    assert files["tests/test_item.py"].criterion is None
    assert files["tests/test_item.py"].severity is Severity.INFO


def test_install_failure_on_a_statically_known_line_is_one_finding() -> None:
    check = check_report(
        diagnostic(
            "field-unknown",
            "views/item_views.xml",
            11,
            message="field 'no_such_field' is not a field of demo.item",
        )
    )
    failure = LoadFailure(
        category=FailureCategory.VIEW_ERROR,
        message="Field 'no_such_field' does not exist in model 'demo.item'",
        file="views/item_views.xml",
        line=11,
        field="no_such_field",
        model="demo.item",
        traceback="Traceback ...\nParseError: ...",
    )
    run = passing_run(
        status=RunStatus.INSTALL_FAILED,
        ok=False,
        installed=False,
        reason="install failed: view_error",
        failure=failure,
        tests=[],
        counts=None,
        coverage=None,
    )
    report = build_report(check, run, DEFAULTS)
    (finding,) = report.findings
    assert finding.seen_by == ["factory", "odoo"] and finding.criterion is CriterionId.ERRORS
    assert finding.detail and "ParseError" in finding.detail
    install = report.criterion(CriterionId.INSTALL)
    assert install.status is CriterionStatus.FAIL and install.findings == ["F1"]
    coverage = report.criterion(CriterionId.COVERAGE)
    assert coverage.detail == "not measured: the addon did not install"
    assert status(report) == {
        "pylint": "pass",
        "coverage": "fail",
        "errors": "fail",
        "security": "pass",
        "install": "fail",
        "warnings": "pass",
        "requirements": "pass",
    }


def test_install_failure_nobody_predicted_is_its_own_finding() -> None:
    failure = LoadFailure(
        category=FailureCategory.PYTHON_ERROR,
        message="NameError: name 'fields2' is not defined",
        file="models/item.py",
        line=13,
    )
    run = passing_run(
        status=RunStatus.INSTALL_FAILED,
        ok=False,
        installed=False,
        reason="install failed",
        failure=failure,
        tests=[],
        coverage=None,
        log_file="/tmp/odoo.log",
    )
    report = build_report(
        check_report(diagnostic("field-unknown", "views/v.xml", 3)), run, DEFAULTS
    )
    install = next(f for f in report.findings if f.category == "install")
    assert install.rule == "install-python-error" and install.location == "models/item.py:13"
    assert "/tmp/odoo.log" in install.hint
    assert report.criterion(CriterionId.INSTALL).findings == [install.id]


def test_an_addon_without_tests_fails_coverage() -> None:
    run = passing_run(
        status=RunStatus.NO_TESTS, ok=False, reason="demo installed, but no test ran", tests=[]
    )
    report = build_report(check_report(), run, DEFAULTS)
    coverage = report.criterion(CriterionId.COVERAGE)
    assert coverage.status is CriterionStatus.FAIL and coverage.detail == "no test ran"
    assert [f.rule for f in report.findings] == ["no-tests"]
    assert coverage.findings == ["F1"]


def test_static_only_without_failures_is_incomplete_not_green() -> None:
    report = build_report(check_report(), None, DEFAULTS)
    assert report.verdict is Verdict.INCOMPLETE and report.static_only and report.run is None
    assert status(report) == {
        "pylint": "pass",
        "coverage": "skipped",
        "errors": "pass",
        "security": "pass",
        "install": "skipped",
        "warnings": "skipped",
        "requirements": "pass",
    }
    assert report.score == 70.0
    assert report.reason.startswith("incomplete: not measured: coverage, install, warnings")


def test_thresholds_and_weights_come_from_the_config() -> None:
    config = GateConfig(
        min_pylint_score=9.5,
        min_coverage=50,
        max_errors=1,
        require_clean_install=False,
        weights=GateWeights(
            pylint=50, coverage=50, errors=0, security=0, install=0, warnings=0, requirements=0
        ),
    )
    check = check_report(diagnostic("field-unknown"), pylint_score=9.0)
    report = build_report(check, passing_run(percent=60.0), config)
    assert status(report)["errors"] == "pass" and status(report)["coverage"] == "pass"
    assert report.criterion(CriterionId.PYLINT).status is CriterionStatus.FAIL
    # pylint earns 9.0/9.5 of 50 points, coverage all 50: (47.37 + 50) / 100
    assert report.score == pytest.approx(97.4)
    assert report.verdict is Verdict.RED
    assert report.config.min_coverage == 50


def test_the_report_round_trips_through_json() -> None:
    report = build_report(check_report(diagnostic("field-unknown")), passing_run(), DEFAULTS)
    again = GateReport.model_validate_json(report.model_dump_json())
    assert again == report


@pytest.mark.parametrize(
    ("installed", "criterion"), [(False, CriterionId.INSTALL), (True, CriterionId.ERRORS)]
)
def test_a_timeout_counts_against_install_before_it_and_errors_after(
    installed: bool, criterion: CriterionId
) -> None:
    failure = LoadFailure(category=FailureCategory.TIMEOUT, message="killed after 60 s")
    run = passing_run(
        status=RunStatus.TIMEOUT,
        ok=False,
        installed=installed,
        reason="timeout",
        failure=failure,
        tests=[],
        coverage=None,
    )
    report = build_report(check_report(), run, DEFAULTS)
    (finding,) = report.findings
    assert finding.rule == "run-timeout" and finding.criterion is criterion
    assert finding.seen_by == ["odoo"] and finding.message == "killed after 60 s"
    assert report.verdict is Verdict.RED


def test_a_failed_run_without_a_failed_test_is_one_finding() -> None:
    run = passing_run(
        status=RunStatus.FAILED,
        ok=False,
        reason="odoo exited with code 1",
        counts=None,
        log_file="/tmp/run.log",
    )
    report = build_report(check_report(), run, DEFAULTS)
    (finding,) = report.findings
    assert (
        finding.rule == "run-failed"
        and finding.message == "the run failed: odoo exited with code 1"
    )
    assert "/tmp/run.log" in finding.hint
    assert report.criterion(CriterionId.ERRORS).findings == ["F1"]


def test_a_test_that_raised_is_an_error_with_its_traceback() -> None:
    raised = TestCaseResult(
        classname="TestItem",
        method="test_c",
        status="error",
        message="KeyError: 'x'\nmore",
        traceback="Traceback ...\nKeyError: 'x'",
        file="tests/test_item.py",
        line=30,
    )
    run = passing_run(
        status=RunStatus.FAILED, ok=False, reason="1 error", tests=[raised], counts=None
    )
    report = build_report(check_report(), run, DEFAULTS)
    (finding,) = report.findings
    assert finding.rule == "test-error" and finding.location == "tests/test_item.py:30"
    assert finding.message == "TestItem.test_c raised: KeyError: 'x'"
    assert finding.detail == "Traceback ...\nKeyError: 'x'"


def test_a_missing_dependency_confirms_the_static_finding() -> None:
    check = check_report(
        diagnostic("dependency-unknown", "__manifest__.py", 5, category="structure")
    )
    failure = LoadFailure(
        category=FailureCategory.MISSING_DEPENDENCY, message="unmet dependency: sale_extra"
    )
    run = passing_run(
        status=RunStatus.INSTALL_FAILED,
        ok=False,
        installed=False,
        reason="install failed",
        failure=failure,
        tests=[],
        coverage=None,
    )
    report = build_report(check, run, DEFAULTS)
    (finding,) = report.findings
    assert finding.rule == "dependency-unknown" and finding.seen_by == ["factory", "odoo"]
    assert finding.detail == "unmet dependency: sale_extra"
    assert report.criterion(CriterionId.INSTALL).findings == ["F1"]
    assert report.criterion(CriterionId.ERRORS).findings == ["F1"]
