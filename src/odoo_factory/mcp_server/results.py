"""What the tools return: a compact summary plus the failures, or every detail on request."""

from __future__ import annotations

from typing import Any, Literal

from odoo_factory.errors import OdooFactoryError
from odoo_factory.gate import CriterionStatus, GateReport
from odoo_factory.qa import CheckReport, Severity
from odoo_factory.runtime import TestRun
from odoo_factory.runtime.results import LoadFailure, TestCaseResult

__all__ = ["Detail", "check_result", "error_diagnostic", "gate_result", "run_result"]

Detail = Literal["compact", "full"]

_MAX_ITEMS = 40
_TRACEBACK_LINES = 25


def _tail(text: str | None, lines: int = _TRACEBACK_LINES) -> str | None:
    if not text:
        return text
    parts = text.splitlines()
    if len(parts) <= lines:
        return text
    return "\n".join([f"... ({len(parts) - lines} lines above)", *parts[-lines:]])


def error_diagnostic(exc: OdooFactoryError) -> dict[str, Any]:
    """A located error as a diagnostic: file, line, column, message, hint."""
    return {
        "severity": "error",
        "file": exc.file,
        "line": exc.line,
        "column": exc.column,
        "location": exc.location,
        "message": exc.message,
        "hint": exc.hint,
    }


def check_result(report: CheckReport, detail: Detail) -> dict[str, Any]:
    """``check_addon``'s report; compact keeps errors and warnings (infos only in full)."""
    if detail == "full":
        return report.model_dump(mode="json")
    shown = [d for d in report.diagnostics if d.severity is not Severity.INFO]
    return {
        "ok": report.ok,
        "addon": report.addon,
        "addon_path": report.addon_path,
        "series": report.series,
        "counts": report.counts,
        "pylint_score": report.pylint_score,
        "diagnostics": [
            {
                "severity": d.severity.value,
                "category": d.category,
                "rule": d.rule,
                "location": d.location,
                "message": d.message,
                "hint": d.hint,
            }
            for d in shown[:_MAX_ITEMS]
        ],
        "omitted": max(len(shown) - _MAX_ITEMS, 0),
        "seconds": round(report.timings.get("total", 0.0), 2),
    }


def _failure(failure: LoadFailure | None) -> dict[str, Any] | None:
    if failure is None:
        return None
    data = failure.model_dump(mode="json", exclude={"frames", "traceback"}, exclude_none=True)
    data["traceback"] = _tail(failure.traceback)
    return data


def _failed_test(test: TestCaseResult) -> dict[str, Any]:
    return {
        "test": f"{test.classname}.{test.method}",
        "status": test.status,
        "location": f"{test.file}:{test.line}" if test.file and test.line else test.file,
        "message": test.message,
        "traceback": _tail(test.traceback),
    }


def run_result(run: TestRun, detail: Detail) -> dict[str, Any]:
    """``run_addon_tests``'s result; compact: status, reason, the failure, the failed tests."""
    if detail == "full":
        data = run.model_dump(mode="json")
        data["run_id"] = run.database
        return data
    failed = run.failed_tests
    return {
        "ok": run.ok,
        "status": run.status.value,
        "reason": run.reason,
        "addon": run.addon,
        "series": run.series,
        "runtime": run.runtime,
        "failure": _failure(run.failure) if not run.ok else None,
        "failed_tests": [_failed_test(t) for t in failed[:_MAX_ITEMS]],
        "tests": {
            "passed": sum(t.status == "passed" for t in run.tests),
            "failed_or_error": len(failed),
            "total": len(run.tests),
        },
        "odoo_summary": run.summary_line,
        "errors_in_log": len(run.errors),
        "warnings_in_log": len(run.warnings),
        "coverage_percent": run.coverage.percent if run.coverage else None,
        "seconds": run.timings.total,
        "run_id": run.database,
        "log_file": run.log_file,
        "notes": run.notes,
    }


def gate_result(report: GateReport, detail: Detail) -> dict[str, Any]:
    """``run_gate``'s report; compact: verdict, score, failing criteria, counted findings."""
    if detail == "full":
        data = report.model_dump(mode="json")
        data["run_id"] = report.run.database if report.run else None
        return data
    counted = [f for f in report.findings if f.criterion is not None]
    run = report.run
    return {
        "ok": report.ok,
        "verdict": report.verdict.value,
        "score": report.score,
        "reason": report.reason,
        "addon": report.addon,
        "series": report.series,
        "criteria_not_passed": [
            {
                "id": c.id.value,
                "status": c.status.value,
                "measured": c.measured,
                "threshold": c.threshold,
                "detail": c.detail,
            }
            for c in report.criteria
            if c.status is not CriterionStatus.PASS
        ],
        "findings": [
            {
                "id": f.id,
                "severity": f.severity.value,
                "category": f.category,
                "rule": f.rule,
                "location": f.location,
                "message": f.message,
                "hint": f.hint,
                "criterion": f.criterion.value if f.criterion else None,
                "seen_by": f.seen_by,
                "detail": _tail(f.detail, 12),
            }
            for f in counted[:_MAX_ITEMS]
        ],
        "omitted_findings": max(len(counted) - _MAX_ITEMS, 0) + len(report.findings) - len(counted),
        "run": None
        if run is None
        else {
            "status": run.status.value,
            "reason": run.reason,
            "failed_tests": [_failed_test(t) for t in run.tests if t.status in ("failed", "error")][
                :_MAX_ITEMS
            ],
            "coverage_percent": run.coverage.percent if run.coverage else None,
            "run_id": run.database,
            "log_file": run.log_file,
        },
        "seconds": report.timings.get("total"),
    }
