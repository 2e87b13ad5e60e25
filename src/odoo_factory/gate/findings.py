"""Findings from the static checks and from the run on Odoo, each problem once.

A problem Odoo reports that a static check already found (the same file and line, the same
field, the same model without access rights, the same missing dependency) is not listed
twice: the static finding gains ``"odoo"`` in ``seen_by`` and the log excerpt as its detail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from odoo_factory.gate.report import CriterionId, Finding
from odoo_factory.qa.diagnostics import CheckReport, Diagnostic, Severity
from odoo_factory.runtime.results import FailureCategory, LoadFailure, LogRecord, RunStatus, TestRun

__all__ = ["SECURITY_CATEGORY", "collect_findings", "own_logger_file"]

SECURITY_CATEGORY = "security"
_QUOTED = re.compile(r"""['"]([\w.]+)['"]""")
_LOGGER_MODEL = re.compile(r"\bmodels?\s+([a-z_][\w.]*\.[\w.]+)")
_ACCESS_RULE = "access-rights-missing"
_NO_ACCESS = re.compile(r"(?:has|have) no access rules")


@dataclass
class _Draft:
    """A finding before it has an id; ``also`` lists criteria it is evidence for."""

    finding: Finding
    also: set[CriterionId] = field(default_factory=set)


def _criterion(d: Diagnostic) -> CriterionId | None:
    if d.category == SECURITY_CATEGORY:
        return CriterionId.SECURITY
    if d.category == "tool" and d.source == "pylint":
        return CriterionId.PYLINT
    if d.severity is Severity.ERROR:
        return CriterionId.ERRORS
    return None


def _from_diagnostic(d: Diagnostic) -> _Draft:
    return _Draft(
        Finding(
            id="",
            severity=d.severity,
            category=d.category,
            rule=d.rule,
            file=d.file,
            line=d.line,
            column=d.column,
            message=d.message,
            hint=d.hint,
            seen_by=[d.source],
            criterion=_criterion(d),
        )
    )


def own_logger_file(logger: str, addon: str) -> str | None:
    """``odoo.addons.todo.models.task`` → ``models/task.py``; None for another logger."""
    prefix = f"odoo.addons.{addon}"
    if logger == prefix:
        return "__init__.py"
    if not logger.startswith(prefix + "."):
        return None
    return logger[len(prefix) + 1 :].replace(".", "/") + ".py"


def _seen_by_odoo(
    category: str,
    rule: str,
    file: str,
    message: str,
    hint: str,
    criterion: CriterionId | None,
    *,
    severity: Severity = Severity.ERROR,
    line: int | None = None,
    detail: str | None = None,
) -> _Draft:
    """A finding only the run on Odoo reported."""
    return _Draft(
        Finding(
            id="",
            severity=severity,
            category=category,
            rule=rule,
            file=file,
            line=line,
            message=message,
            hint=hint,
            seen_by=["odoo"],
            criterion=criterion,
            detail=detail,
        )
    )


def _confirm(draft: _Draft, detail: str | None, criterion: CriterionId) -> None:
    finding = draft.finding
    seen = list(finding.seen_by)
    if "odoo" not in seen:
        seen.append("odoo")
    joined = "\n".join(part for part in (finding.detail, detail) if part) or None
    draft.finding = finding.model_copy(update={"seen_by": seen, "detail": joined})
    if criterion is not finding.criterion:
        draft.also.add(criterion)


def _matches_failure(d: Finding, failure: LoadFailure) -> bool:
    if d.severity is not Severity.ERROR or "odoo" in d.seen_by:
        return False
    if failure.category is FailureCategory.MISSING_DEPENDENCY:
        return d.rule.startswith(("dependency-", "manifest-depends"))
    if failure.category is FailureCategory.ACCESS_RIGHTS:
        return d.rule == _ACCESS_RULE and (
            failure.model is None or f"'{failure.model}'" in d.message
        )
    if failure.file is None or d.file != failure.file:
        return False
    if failure.line is not None and d.line == failure.line:
        return True
    return failure.field is not None and f"'{failure.field}'" in d.message


def _install_finding(run: TestRun, failure: LoadFailure) -> _Draft:
    category = failure.category.value.replace("_", "-")
    return _seen_by_odoo(
        "install",
        f"install-{category}",
        failure.file or ".",
        failure.message,
        failure.hint
        or f"read the traceback below and the log ({run.log_file}); fix the line it names",
        CriterionId.INSTALL,
        line=failure.line,
        detail=failure.traceback,
    )


def _access_models(message: str) -> set[str]:
    return {m for m in _QUOTED.findall(message) if "." in m} | set(_LOGGER_MODEL.findall(message))


def _log_finding(record: LogRecord, addon: str) -> _Draft | None:
    """A finding for a WARNING or worse record of the run, or None if it is not the addon's."""
    file = own_logger_file(record.logger, addon)
    if file is None:
        return None
    in_tests = file.startswith("tests/")
    first = record.message.strip().splitlines()[0] if record.message.strip() else ""
    return _seen_by_odoo(
        "log",
        "test-log-warning" if in_tests else "install-log-warning",
        file,
        f"{record.level} from {record.logger}: {first}",
        "a test's own log records do not count against the gate"
        if in_tests
        else "find the logging call in that module and fix what it warns about; log at "
        "INFO or DEBUG if it is not a problem",
        None if in_tests else CriterionId.WARNINGS,
        severity=Severity.INFO if in_tests else Severity.WARNING,
        detail=record.message if "\n" in record.message.strip() else None,
    )


def _access_warning(record: LogRecord, drafts: list[_Draft]) -> _Draft | None:
    """Odoo's 'no access rules' warning: confirms the static findings, or is a new one."""
    models = _access_models(record.message)
    static = [
        d
        for d in drafts
        if d.finding.rule == _ACCESS_RULE and (_access_models(d.finding.message) & models)
    ]
    for draft in static:
        _confirm(draft, f"Odoo: {record.message}", CriterionId.SECURITY)
    covered = set().union(*(_access_models(d.finding.message) for d in static)) if static else set()
    if static and models <= covered:
        return None
    return _seen_by_odoo(
        SECURITY_CATEGORY,
        _ACCESS_RULE,
        "security/ir.model.access.csv",
        f"Odoo: {record.message.strip().splitlines()[0]}",
        "add a line per model to security/ir.model.access.csv and list the file in the "
        "manifest's data",
        CriterionId.SECURITY,
    )


def _test_findings(run: TestRun) -> list[_Draft]:
    drafts = []
    for test in run.failed_tests:
        failed = test.status == "failed"
        first = (test.message or "").strip().splitlines()
        drafts.append(
            _seen_by_odoo(
                "test",
                "test-failed" if failed else "test-error",
                test.file or "tests",
                f"{test.classname}.{test.method} "
                + ("failed" if failed else "raised")
                + (f": {first[0]}" if first else ""),
                "fix the code under test, or the test if its expectation is wrong; the "
                "traceback shows where",
                CriterionId.ERRORS,
                line=test.line,
                detail=test.traceback,
            )
        )
    counted = run.counts.failed + run.counts.errors if run.counts else 0
    if run.status is RunStatus.FAILED and not drafts:
        drafts.append(
            _seen_by_odoo(
                "test",
                "run-failed",
                ".",
                run.reason if counted else f"the run failed: {run.reason}",
                f"read the log ({run.log_file}) for the ERROR records",
                CriterionId.ERRORS,
            )
        )
    return drafts


def _run_findings(run: TestRun, drafts: list[_Draft]) -> list[_Draft]:
    new: list[_Draft] = []
    failure = run.failure
    if run.status in (RunStatus.INSTALL_FAILED, RunStatus.NOT_INSTALLED) and failure:
        same = [d for d in drafts if _matches_failure(d.finding, failure)]
        for draft in same:
            _confirm(draft, failure.traceback or failure.message, CriterionId.INSTALL)
        if not same:
            new.append(_install_finding(run, failure))
    elif run.status is RunStatus.TIMEOUT and failure:
        draft = _install_finding(run, failure)
        criterion = CriterionId.ERRORS if run.installed else CriterionId.INSTALL
        draft.finding = draft.finding.model_copy(
            update={"rule": "run-timeout", "criterion": criterion}
        )
        new.append(draft)
    elif run.status is RunStatus.NO_TESTS:
        new.append(
            _seen_by_odoo(
                "test",
                "no-tests",
                "tests",
                f"{run.addon} installed, but no test ran: its coverage means nothing",
                "add tests under tests/, import them in tests/__init__.py and tag them "
                "post_install if they need the whole registry",
                CriterionId.COVERAGE,
            )
        )
    new.extend(_test_findings(run))
    for record in [*run.warnings, *run.errors]:
        if own_logger_file(record.logger, run.addon) is None:
            if record.level == "WARNING" and _NO_ACCESS.search(record.message):
                access = _access_warning(record, drafts + new)
                if access is not None:
                    new.append(access)
            continue
        log = _log_finding(record, run.addon)
        if log is not None and not _already_a_test(log.finding, new):
            new.append(log)
    return new


def _already_a_test(finding: Finding, drafts: list[_Draft]) -> bool:
    """A test's own ERROR record repeats the failure already listed for that test."""
    return finding.file.startswith("tests/") and any(d.finding.category == "test" for d in drafts)


def collect_findings(
    check: CheckReport, run: TestRun | None
) -> tuple[list[Finding], dict[str, set[CriterionId]]]:
    """All findings, each once, with ids F1… in file order; and extra criteria per id."""
    drafts = [_from_diagnostic(d) for d in check.diagnostics]
    if run is not None:
        drafts.extend(_run_findings(run, drafts))
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    drafts.sort(
        key=lambda d: (
            d.finding.file,
            d.finding.line or 0,
            d.finding.column or 0,
            order[d.finding.severity],
            d.finding.rule,
        )
    )
    findings: list[Finding] = []
    also: dict[str, set[CriterionId]] = {}
    for number, draft in enumerate(drafts, start=1):
        ident = f"F{number}"
        findings.append(draft.finding.model_copy(update={"id": ident}))
        if draft.also:
            also[ident] = draft.also
    return findings, also
