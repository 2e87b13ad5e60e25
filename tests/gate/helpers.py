"""Builders of gate inputs: check reports, test runs and copies of the fixture addons."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from odoo_factory.qa.diagnostics import CheckReport, Diagnostic, Severity
from odoo_factory.runtime.results import (
    Coverage,
    FileCoverage,
    LogRecord,
    OdooCounts,
    RunStatus,
    TestCaseResult,
    TestRun,
)

GATE_FIXTURES = Path(__file__).parent / "fixtures"
BROKEN = GATE_FIXTURES / "gate_broken"
EXAMPLES = Path(__file__).parents[2] / "examples"


def copy_addon(source: Path, dest_root: Path, series: str) -> Path:
    """A copy of ``source`` under ``dest_root`` whose manifest version names ``series``."""
    dest = dest_root / source.name
    shutil.copytree(source, dest)
    manifest = dest / "__manifest__.py"
    text = manifest.read_text()
    manifest.write_text(re.sub(r'"version": "\d+\.0\.', f'"version": "{series}.', text))
    return dest


def diagnostic(
    rule: str,
    file: str = "models/item.py",
    line: int | None = 10,
    *,
    severity: Severity = Severity.ERROR,
    category: str = "reference",
    source: str = "factory",
    message: str | None = None,
) -> Diagnostic:
    return Diagnostic(
        source=source,  # type: ignore[arg-type]
        severity=severity,
        category=category,
        rule=rule,
        file=file,
        line=line,
        message=message or f"{rule} problem",
        hint=f"fix the {rule} problem",
    )


def check_report(
    *diagnostics: Diagnostic, pylint_score: float | None = 9.0, addon: str = "demo"
) -> CheckReport:
    return CheckReport(
        addon=addon,
        addon_path=f"/tmp/{addon}",
        series="18.0",
        diagnostics=list(diagnostics),
        pylint_score=pylint_score,
        pylint_ran=pylint_score is not None,
    )


def passing_run(addon: str = "demo", **fields: Any) -> TestRun:
    """A run that installed, passed 2 tests and covered ``percent`` % (default 90)."""
    percent = fields.pop("percent", 90.0)
    values: dict[str, Any] = {
        "addon": addon,
        "addon_path": f"/tmp/{addon}",
        "series": "18.0",
        "runtime": "odoo-18.0",
        "database": "oft_run_demo_1234",
        "status": RunStatus.PASSED,
        "ok": True,
        "installed": True,
        "reason": "2 tests passed",
        "tests": [
            TestCaseResult(classname="TestItem", method="test_a", status="passed", duration=0.1),
            TestCaseResult(classname="TestItem", method="test_b", status="passed", duration=0.2),
        ],
        "counts": OdooCounts(failed=0, errors=0, tests=2),
        "coverage": Coverage(
            percent=percent,
            statements=100,
            missing=int(100 - percent),
            files=[
                FileCoverage(
                    file="models/item.py",
                    statements=100,
                    missing=int(100 - percent),
                    percent=percent,
                    missing_lines=[20, 21, 22, 30],
                )
            ],
        ),
    }
    values.update(fields)
    return TestRun.model_validate(values)


def log(logger: str, message: str, level: str = "WARNING") -> LogRecord:
    return LogRecord(
        time="2026-11-22 10:00:00,000", level=level, logger=logger, message=message, line=1
    )
