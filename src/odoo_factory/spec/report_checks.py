"""Cross-reference checks of the spec's reports: their ids, models and file-name expressions,
and the reports the test scenarios render."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from odoo_factory.spec.semantics import _Checker

__all__ = ["check_reports"]


def check_reports(checker: _Checker) -> None:
    """Report ids are unique among reports and templates, name a known model, and a test's
    ``report`` step names a report of the spec (or one of another addon)."""
    spec = checker.spec
    checker.unique(
        [(t.id, ("templates", i, "id")) for i, t in enumerate(spec.templates)]
        + [(r.id, ("reports", i, "id")) for i, r in enumerate(spec.reports)],
        "template or report id",
    )
    for i, report in enumerate(spec.reports):
        checker.model_exists(report.model, ("reports", i, "model"))
        checker.python(report.print_report_name, ("reports", i, "print_report_name"), "eval")
    local = {r.id for r in spec.reports}
    own = f"{spec.module.name}."
    for i, scenario in enumerate(spec.tests):
        for j, step in enumerate(scenario.steps):
            if step.report is None:
                continue
            ref = step.report.id
            if "." in ref and not ref.startswith(own):
                continue
            bare = ref.removeprefix(own)
            if bare not in local:
                checker.fail(
                    ("tests", i, "steps", j, "report", "id"),
                    f"no report {ref!r} in this spec",
                    f"use the id of a report declared under 'reports' ({', '.join(sorted(local))})"
                    if local
                    else "declare the report under 'reports', or name another addon's as "
                    "'addon.report_name'",
                )
