"""What a gate run returns: criteria with their points, findings, tests and coverage.

One :class:`GateReport` is rendered as JSON, a terminal report, Markdown, HTML and JUnit XML.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from odoo_factory.gate.config import GateConfig
from odoo_factory.gate.requirements import RequirementResult
from odoo_factory.qa.diagnostics import Severity
from odoo_factory.runtime.results import (
    Coverage,
    OdooCounts,
    RunStatus,
    TestCaseResult,
    Timings,
)

__all__ = [
    "Criterion",
    "CriterionId",
    "CriterionStatus",
    "Finding",
    "GateReport",
    "RunSummary",
    "Verdict",
]


class Verdict(str, Enum):
    """``green``: every criterion passes; ``red``: one fails; ``incomplete``: one was not run."""

    GREEN = "green"
    RED = "red"
    INCOMPLETE = "incomplete"


class CriterionId(str, Enum):
    PYLINT = "pylint"
    COVERAGE = "coverage"
    ERRORS = "errors"
    SECURITY = "security"
    INSTALL = "install"
    WARNINGS = "warnings"
    REQUIREMENTS = "requirements"


class CriterionStatus(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    SKIPPED = "skipped"  # not measured: --static-only


class Criterion(BaseModel):
    """One line of the score breakdown."""

    id: CriterionId
    title: str
    weight: float = Field(description="points this criterion is worth before scaling")
    threshold: str = Field(description="what it must reach, for people: '≥ 7.50/10'")
    value: float | None = Field(description="what was measured; None when not measured")
    measured: str = Field(description="the value for people: '8.21/10', 'not measured'")
    status: CriterionStatus
    fraction: float = Field(ge=0, le=1, description="share of the weight earned")
    points: float = Field(description="weight × fraction")
    detail: str = Field(description="why it passed or failed, one line")
    findings: list[str] = Field(
        default_factory=list, description="ids of the findings that count against it"
    )

    @property
    def passed(self) -> bool:
        return self.status is CriterionStatus.PASS


class Finding(BaseModel):
    """One problem, reported once even when the static checks and Odoo both saw it."""

    id: str = Field(description="F1, F2, … in report order")
    severity: Severity
    category: str = Field(
        description="series | reference | structure | manifest | security | install | test | "
        "log | tool | a pylint category"
    )
    rule: str
    file: str = Field(description="addon-relative path, '/' separated; '.' for the addon")
    line: int | None = None
    column: int | None = None
    message: str
    hint: str = Field(description="what to change to fix it")
    seen_by: list[Literal["factory", "pylint", "odoo"]] = Field(
        description="which steps reported it: the static checks, pylint, the run on Odoo"
    )
    criterion: CriterionId | None = Field(
        default=None, description="the criterion it counts against; None: informative only"
    )
    detail: str | None = Field(default=None, description="a traceback or log excerpt")

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class RunSummary(BaseModel):
    """The run on a real Odoo, without the findings already listed in the report."""

    runtime: str
    status: RunStatus
    installed: bool
    reason: str
    database: str
    mode: str
    counts: OdooCounts | None = None
    summary_line: str | None = None
    tests: list[TestCaseResult] = Field(default_factory=list)
    coverage: Coverage | None = None
    timings: Timings = Field(default_factory=Timings)
    log_file: str | None = None


class GateReport(BaseModel):
    """The verdict on one addon for one series, and everything it rests on."""

    addon: str
    addon_path: str
    series: str
    verdict: Verdict
    score: float = Field(ge=0, le=100, description="sum of points, scaled to 0–100")
    reason: str = Field(description="one line: the verdict and the failing criteria")
    criteria: list[Criterion]
    findings: list[Finding] = Field(default_factory=list)
    pylint_score: float | None = None
    run: RunSummary | None = Field(default=None, description="None with --static-only")
    config: GateConfig
    config_file: str | None = Field(description="where the thresholds came from; None: defaults")
    static_only: bool = False
    timings: dict[str, float] = Field(default_factory=dict, description="seconds per step")
    requirements: list[RequirementResult] = Field(
        default_factory=list,
        description="each declared acceptance criterion, the tests naming it and their outcome",
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True only when the verdict is green: the addon may ship."""
        return self.verdict is Verdict.GREEN

    @property
    def green(self) -> bool:
        return self.ok

    def criterion(self, id: CriterionId) -> Criterion:
        return next(c for c in self.criteria if c.id is id)

    def by_file(self) -> dict[str, list[Finding]]:
        """Findings grouped by file, files in name order, findings by line."""
        grouped: dict[str, list[Finding]] = {}
        order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
        for finding in sorted(
            self.findings,
            key=lambda f: (f.file, f.line or 0, f.column or 0, order[f.severity], f.rule),
        ):
            grouped.setdefault(finding.file, []).append(finding)
        return grouped

    def counts(self) -> dict[str, int]:
        totals = {severity.value: 0 for severity in Severity}
        for finding in self.findings:
            totals[finding.severity.value] += 1
        return totals
