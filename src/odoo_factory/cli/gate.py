"""``odoo-factory gate ADDON --odoo SERIES``: check, install and test, score, verdict.

Exit codes: 0 green; 1 red (a criterion failed); 10 incomplete (``--static-only``, nothing
failed); the error codes of the other commands (2 bad input or configuration, 3 database,
4 runtime, 5 template, 6 run stopped, 130 interrupted).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from odoo_factory.cli.common import JsonOption, settings_from_env
from odoo_factory.cli.output import Output
from odoo_factory.cli.test import _sigterm_as_interrupt
from odoo_factory.gate import (
    CriterionStatus,
    GateOptions,
    GateReport,
    Verdict,
    html_report,
    junit_report,
    markdown_report,
    run_gate,
    write_report,
)
from odoo_factory.qa import Severity

__all__ = ["EXIT_INCOMPLETE", "EXIT_RED", "register", "render_gate"]

EXIT_RED = 1
EXIT_INCOMPLETE = 10

_SEVERITY = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_STATUS = {
    CriterionStatus.PASS: ("pass", "green"),
    CriterionStatus.FAIL: ("FAIL", "bold red"),
    CriterionStatus.SKIPPED: ("skipped", "yellow"),
}
_VERDICT = {Verdict.GREEN: "bold green", Verdict.RED: "bold red", Verdict.INCOMPLETE: "bold yellow"}


def register(app: typer.Typer) -> None:
    app.command("gate")(gate)


def _findings(report: GateReport, c: Console) -> None:
    for file, findings in report.by_file().items():
        c.print(Text(file, style="bold underline"))
        for f in findings:
            seen = "+".join(f.seen_by)
            c.print(
                Text.assemble(
                    "  ",
                    (f.location, "bold"),
                    " ",
                    (f"{f.severity.value:<7}", _SEVERITY[f.severity]),
                    " ",
                    (f"[{f.rule}]", "dim"),
                    f" {f.message}",
                    (f"  ({seen})", "dim"),
                )
            )
            c.print(Text(f"      fix: {f.hint}", style="dim"))


def _tests(report: GateReport, c: Console) -> None:
    run = report.run
    if run is None:
        return
    colour = "green" if run.status.value == "passed" else "red"
    c.print(Text.assemble(("tests: ", "bold"), (run.reason, colour)))
    for t in run.tests:
        if t.status in ("failed", "error"):
            where = f" ({t.file}:{t.line})" if t.file else ""
            c.print(Text(f"  ✗ {t.classname}.{t.method}{where}: {t.message or ''}", style="red"))
    if run.coverage is not None:
        low = [f for f in run.coverage.files if f.percent < report.config.min_coverage]
        c.print(
            Text.assemble(
                ("coverage: ", "bold"),
                f"{run.coverage.percent:.1f} % of {run.coverage.statements} statements",
            )
        )
        for f in low:
            c.print(Text(f"  {f.file}: {f.percent:.0f} % ({f.missing} lines not run)", style="dim"))


_REQ_STYLE = {"proven": "green", "failed": "red", "unproven": "yellow"}


def _requirements(report: GateReport, c: Console) -> None:
    if not report.requirements:
        return
    table = Table(title="acceptance criteria", title_justify="left", show_edge=False)
    for name in ("criterion", "tests", "result"):
        table.add_column(name)
    for r in report.requirements:
        tests = "\n".join(
            f"{t.name.rpartition('.')[2]} {t.status}" + (f": {t.message}" if t.message else "")
            for t in r.tests
        )
        table.add_row(
            f"{r.id} {r.text}",
            tests or "no test names it",
            Text(r.status.value, style=_REQ_STYLE[r.status.value]),
        )
    c.print(table)


def render_gate(report: GateReport, c: Console) -> None:
    """Findings grouped by file, tests and coverage, criteria, the score, the verdict last."""
    _findings(report, c)
    _tests(report, c)
    _requirements(report, c)
    table = Table(title="delivery score", title_justify="left", show_edge=False)
    for name, justify in (
        ("criterion", "left"),
        ("threshold", "right"),
        ("measured", "right"),
        ("result", "left"),
        ("points", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for cr in report.criteria:
        label, style = _STATUS[cr.status]
        table.add_row(
            cr.title,
            cr.threshold,
            cr.measured,
            Text(label, style=style),
            f"{cr.points:g}/{cr.weight:g}",
        )
    c.print(table)
    c.print(
        Text.assemble(
            (f"{report.verdict.value.upper()} ", _VERDICT[report.verdict]),
            f"{report.addon} for Odoo {report.series}: score {report.score:.1f}/100",
        )
    )
    for cr in report.criteria:
        if cr.status is not CriterionStatus.PASS:
            c.print(Text(f"  {cr.id.value}: {cr.detail}", style=_STATUS[cr.status][1]))
    source = report.config_file or "defaults"
    c.print(
        Text(
            f"  thresholds: {source}; time: {report.timings.get('total', 0.0):.1f} s",
            style="dim",
        )
    )


def gate(
    addon: Annotated[Path, typer.Argument(help="The addon's folder.")],
    odoo: Annotated[str, typer.Option("--odoo", help="Odoo series, e.g. 18.0.")],
    runtime: Annotated[str | None, typer.Option("--runtime", help="Runtime name.")] = None,
    with_demo: Annotated[bool, typer.Option("--with-demo", help="Use demo data.")] = False,
    static_only: Annotated[
        bool,
        typer.Option("--static-only", help="Only the static checks; the verdict is incomplete."),
    ] = False,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="pyproject.toml ([tool.odoo-factory.gate]) or odoo-factory.toml ([gate]).",
        ),
    ] = None,
    addons_path: Annotated[
        list[Path] | None,
        typer.Option("--addons-path", help="Folder holding dependencies, for the static checks."),
    ] = None,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="Seconds before the run is killed.", min=1)
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Write a Markdown report here.")
    ] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write an HTML report here.")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    json: JsonOption = False,
) -> None:
    """Static checks, install and tests with coverage on a real Odoo, a score and a verdict.

    Exits 0 only when the verdict is green; 1 when it is red; 10 when incomplete.
    """
    out = Output(json)
    paths = [Path(part) for p in addons_path or [] for part in str(p).split(",") if part]
    settings = settings_from_env()
    options = GateOptions(
        series=odoo,
        runtime=runtime,
        with_demo=with_demo,
        static_only=static_only,
        config_file=config,
        addons_path=paths,
        timeout=timeout,
    )
    with _sigterm_as_interrupt(), out.progress("gate: starting") as update:
        report = run_gate(settings, addon, options, progress=update)
    for path, render in ((markdown, markdown_report), (html, html_report), (junit, junit_report)):
        if path is not None:
            write_report(render(report), path)
    out.result(report, lambda c: render_gate(report, c))
    if report.verdict is Verdict.RED:
        raise typer.Exit(EXIT_RED)
    if report.verdict is Verdict.INCOMPLETE:
        raise typer.Exit(EXIT_INCOMPLETE)
