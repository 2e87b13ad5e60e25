"""The delivery score and the verdict, from a check report, a test run and the thresholds.

Each criterion earns ``weight × fraction`` points; the score is the sum of points scaled to
0–100. The fraction is 1 when the criterion passes, and otherwise:

- pylint score and coverage: the measured value over the threshold (7.0 for 7.5 → 0.93);
- counted findings (errors, security, install warnings): 1 minus a fifth per finding over
  the limit (never below 0);
- clean install: 0.

A criterion not measured (``--static-only``, or a run that stopped before it) earns 0.
The verdict is green only when every criterion passes; red when one fails; incomplete when
none fails but one was skipped.
"""

from __future__ import annotations

from odoo_factory.gate.config import GateConfig
from odoo_factory.gate.findings import collect_findings
from odoo_factory.gate.report import (
    Criterion,
    CriterionId,
    CriterionStatus,
    Finding,
    GateReport,
    RunSummary,
    Verdict,
)
from odoo_factory.gate.requirements import (
    RequirementResult,
    Requirements,
    RequirementStatus,
    trace_requirements,
)
from odoo_factory.qa.diagnostics import CheckReport
from odoo_factory.runtime.results import RunStatus, TestRun

__all__ = ["EXCESS_PENALTY", "TITLES", "build_report", "summarise_run"]

EXCESS_PENALTY = 0.2  # share of a counted criterion's weight lost per finding over the limit

TITLES = {
    CriterionId.PYLINT: "pylint score",
    CriterionId.COVERAGE: "test coverage of the addon",
    CriterionId.ERRORS: "errors (static errors, failed and errored tests)",
    CriterionId.SECURITY: "security findings",
    CriterionId.INSTALL: "clean install on a fresh clone",
    CriterionId.WARNINGS: "warnings from the addon's loggers during install",
    CriterionId.REQUIREMENTS: "acceptance criteria proven by passing tests",
}


def _criterion(
    id: CriterionId,
    config: GateConfig,
    *,
    threshold: str,
    value: float | None,
    measured: str,
    status: CriterionStatus,
    fraction: float,
    detail: str,
    findings: list[str],
) -> Criterion:
    weight = float(getattr(config.weights, id.value))
    fraction = max(0.0, min(1.0, fraction))
    return Criterion(
        id=id,
        title=TITLES[id],
        weight=weight,
        threshold=threshold,
        value=value,
        measured=measured,
        status=status,
        fraction=round(fraction, 4),
        points=round(weight * fraction, 2),
        detail=detail,
        findings=findings,
    )


def _ratio(value: float, threshold: float) -> float:
    return 1.0 if threshold <= 0 else value / threshold


def _skipped(id: CriterionId, config: GateConfig, threshold: str) -> Criterion:
    return _criterion(
        id,
        config,
        threshold=threshold,
        value=None,
        measured="not measured",
        status=CriterionStatus.SKIPPED,
        fraction=0.0,
        detail="skipped: --static-only runs no Odoo",
        findings=[],
    )


def _ids(findings: list[Finding], also: dict[str, set[CriterionId]], id: CriterionId) -> list[str]:
    return [f.id for f in findings if f.criterion is id or id in also.get(f.id, set())]


def _counted(
    id: CriterionId,
    config: GateConfig,
    findings: list[Finding],
    also: dict[str, set[CriterionId]],
    limit: int,
    noun: str,
) -> Criterion:
    ids = [f.id for f in findings if f.criterion is id]
    count = len(ids)
    ok = count <= limit
    return _criterion(
        id,
        config,
        threshold=f"≤ {limit}",
        value=float(count),
        measured=str(count),
        status=CriterionStatus.PASS if ok else CriterionStatus.FAIL,
        fraction=1.0 if ok else 1.0 - EXCESS_PENALTY * (count - limit),
        detail=f"{count} {noun}" + ("" if ok else f", more than {limit}"),
        findings=_ids(findings, also, id),
    )


def _pylint(
    check: CheckReport,
    config: GateConfig,
    findings: list[Finding],
    also: dict[str, set[CriterionId]],
) -> Criterion:
    limit = config.min_pylint_score
    score = check.pylint_score
    threshold = f"≥ {limit:.2f}/10"
    ids = _ids(findings, also, CriterionId.PYLINT)
    if score is None:
        why = "pylint did not run" if not check.pylint_ran else "pylint gave no score"
        return _criterion(
            CriterionId.PYLINT,
            config,
            threshold=threshold,
            value=None,
            measured="not measured",
            status=CriterionStatus.FAIL,
            fraction=0.0,
            detail=f"not measured: {why}",
            findings=ids,
        )
    ok = score >= limit
    return _criterion(
        CriterionId.PYLINT,
        config,
        threshold=threshold,
        value=round(score, 2),
        measured=f"{score:.2f}/10",
        status=CriterionStatus.PASS if ok else CriterionStatus.FAIL,
        fraction=1.0 if ok else _ratio(score, limit),
        detail=f"pylint-odoo scored {score:.2f}/10" + ("" if ok else f", below {limit:.2f}"),
        findings=ids,
    )


def _coverage(
    run: TestRun, config: GateConfig, findings: list[Finding], also: dict[str, set[CriterionId]]
) -> Criterion:
    limit = config.min_coverage
    threshold = f"≥ {limit:.0f} %"
    ids = _ids(findings, also, CriterionId.COVERAGE)
    coverage = run.coverage
    if run.status is RunStatus.NO_TESTS or coverage is None:
        why = (
            "no test ran"
            if run.status is RunStatus.NO_TESTS
            else "the addon did not install"
            if not run.installed
            else "no coverage data"
        )
        value = coverage.percent if coverage is not None else None
        return _criterion(
            CriterionId.COVERAGE,
            config,
            threshold=threshold,
            value=value,
            measured=f"{value:.1f} %" if value is not None else "not measured",
            status=CriterionStatus.FAIL,
            fraction=0.0,
            detail=f"{'not measured: ' if value is None else ''}{why}",
            findings=ids,
        )
    percent = coverage.percent
    ok = percent >= limit
    weakest = sorted(coverage.files, key=lambda f: f.percent)[:3]
    low = ", ".join(f"{f.file} {f.percent:.0f} %" for f in weakest if f.percent < limit)
    return _criterion(
        CriterionId.COVERAGE,
        config,
        threshold=threshold,
        value=percent,
        measured=f"{percent:.1f} %",
        status=CriterionStatus.PASS if ok else CriterionStatus.FAIL,
        fraction=1.0 if ok else _ratio(percent, limit),
        detail=f"{percent:.1f} % of {coverage.statements} statements run by the tests"
        + ("" if ok or not low else f"; lowest: {low}"),
        findings=ids,
    )


def _install(
    run: TestRun, config: GateConfig, findings: list[Finding], also: dict[str, set[CriterionId]]
) -> Criterion:
    clean = run.installed and run.status not in (
        RunStatus.INSTALL_FAILED,
        RunStatus.NOT_INSTALLED,
    )
    ok = clean or not config.require_clean_install
    detail = (
        f"installed on {run.database}"
        if clean
        else f"{run.reason}" + ("" if config.require_clean_install else " (not required)")
    )
    return _criterion(
        CriterionId.INSTALL,
        config,
        threshold="installs" if config.require_clean_install else "not required",
        value=1.0 if clean else 0.0,
        measured="installed" if clean else "failed",
        status=CriterionStatus.PASS if ok else CriterionStatus.FAIL,
        fraction=1.0 if ok else 0.0,
        detail=detail,
        findings=_ids(findings, also, CriterionId.INSTALL),
    )


def summarise_run(run: TestRun) -> RunSummary:
    return RunSummary(
        runtime=run.runtime,
        status=run.status,
        installed=run.installed,
        reason=run.reason,
        database=run.database,
        mode=run.mode,
        counts=run.counts,
        summary_line=run.summary_line,
        tests=run.tests,
        coverage=run.coverage,
        timings=run.timings,
        log_file=run.log_file,
    )


def _requirements(
    declared: Requirements | None,
    traced: list[RequirementResult],
    run: TestRun | None,
    config: GateConfig,
) -> Criterion:
    limit = config.min_requirement_coverage
    threshold = f"≥ {limit:.0f} %"
    total = len(traced)
    if declared is None or total == 0:
        ok = not config.require_requirements
        return _criterion(
            CriterionId.REQUIREMENTS,
            config,
            threshold=threshold,
            value=None,
            measured="none declared",
            status=CriterionStatus.PASS if ok else CriterionStatus.FAIL,
            fraction=1.0 if ok else 0.0,
            detail="the addon declares no acceptance criteria (tests/requirements.json)"
            + ("" if ok else "; require-requirements is set"),
            findings=[],
        )
    if run is None:
        return _skipped(CriterionId.REQUIREMENTS, config, threshold)
    proven = [r for r in traced if r.status is RequirementStatus.PROVEN]
    percent = 100.0 * len(proven) / total
    ok = percent >= limit - 1e-9
    missing = [r for r in traced if r.status is not RequirementStatus.PROVEN]
    if ok:
        detail = f"{len(proven)} of {total} criteria proven on Odoo {run.series}"
    else:
        parts = []
        for r in missing[:8]:
            why = (
                "no test names it"
                if r.status is RequirementStatus.UNPROVEN
                else ", ".join(f"{t.name} {t.status}" for t in r.tests if t.status != "passed")
            )
            parts.append(f"{r.id} ({why})")
        more = f" and {len(missing) - 8} more" if len(missing) > 8 else ""
        detail = "not proven: " + "; ".join(parts) + more
    return _criterion(
        CriterionId.REQUIREMENTS,
        config,
        threshold=threshold,
        value=round(percent, 1),
        measured=f"{len(proven)}/{total} ({percent:.0f} %)",
        status=CriterionStatus.PASS if ok else CriterionStatus.FAIL,
        fraction=1.0 if ok else _ratio(percent, limit),
        detail=detail,
        findings=[],
    )


def _verdict(criteria: list[Criterion]) -> tuple[Verdict, str]:
    failed = [c for c in criteria if c.status is CriterionStatus.FAIL]
    skipped = [c for c in criteria if c.status is CriterionStatus.SKIPPED]
    if failed:
        parts = "; ".join(f"{c.id.value} {c.measured} (needs {c.threshold})" for c in failed)
        return Verdict.RED, f"red: {parts}"
    if skipped:
        names = ", ".join(c.id.value for c in skipped)
        return Verdict.INCOMPLETE, f"incomplete: not measured: {names}"
    return Verdict.GREEN, f"green: all {len(criteria)} criteria pass"


def build_report(
    check: CheckReport,
    run: TestRun | None,
    config: GateConfig,
    *,
    config_file: str | None = None,
    timings: dict[str, float] | None = None,
    declared: Requirements | None = None,
) -> GateReport:
    """The gate's report over a static check and a run (None: ``--static-only``)."""
    findings, also = collect_findings(check, run)
    traced = trace_requirements(declared, run) if declared is not None else []
    criteria = [
        _pylint(check, config, findings, also),
        _coverage(run, config, findings, also)
        if run is not None
        else _skipped(CriterionId.COVERAGE, config, f"≥ {config.min_coverage:.0f} %"),
        _counted(
            CriterionId.ERRORS,
            config,
            findings,
            also,
            config.max_errors,
            "errors (static errors, failed or errored tests)",
        ),
        _counted(
            CriterionId.SECURITY,
            config,
            findings,
            also,
            config.max_security_findings,
            "security findings",
        ),
        _install(run, config, findings, also)
        if run is not None
        else _skipped(CriterionId.INSTALL, config, "installs"),
        _counted(
            CriterionId.WARNINGS,
            config,
            findings,
            also,
            config.max_install_warnings,
            "warnings from the addon's loggers",
        )
        if run is not None
        else _skipped(CriterionId.WARNINGS, config, f"≤ {config.max_install_warnings}"),
        _requirements(declared, traced, run, config),
    ]
    total_weight = sum(c.weight for c in criteria)
    score = round(100.0 * sum(c.points for c in criteria) / total_weight, 1)
    verdict, reason = _verdict(criteria)
    return GateReport(
        addon=check.addon,
        addon_path=check.addon_path,
        series=check.series,
        verdict=verdict,
        score=min(score, 100.0),
        reason=f"{reason} — score {score:.1f}/100",
        criteria=criteria,
        findings=findings,
        pylint_score=check.pylint_score,
        run=summarise_run(run) if run is not None else None,
        config=config,
        config_file=config_file,
        static_only=run is None,
        timings=timings or {},
        requirements=traced,
    )
