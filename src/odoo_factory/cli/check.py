"""``odoo-factory check ADDON --odoo SERIES``: static checks, no Odoo needed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.text import Text

from odoo_factory.cli.common import JsonOption
from odoo_factory.cli.output import Output

if TYPE_CHECKING:
    from odoo_factory.qa import CheckReport

__all__ = ["register", "render_report"]

# Keyed by ``Severity`` values; the QA package is imported only when a check runs.
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def register(app: typer.Typer) -> None:
    app.command("check")(check)


def render_report(report: CheckReport, c: Console) -> None:
    """Findings grouped by file, each as ``file:line severity rule message`` and its hint."""
    for file, diagnostics in report.by_file().items():
        c.print(Text(file, style="bold underline"))
        for d in diagnostics:
            c.print(
                Text.assemble(
                    ("  ", ""),
                    (d.location, "bold"),
                    " ",
                    (f"{d.severity.value:<7}", _STYLE[d.severity]),
                    " ",
                    (f"[{d.rule}]", "dim"),
                    f" {d.message}",
                )
            )
            c.print(Text(f"      fix: {d.hint}", style="dim"))
    counts = report.counts
    colour = "green" if report.ok else "red"
    verdict = "OK" if report.ok else "FAILED"
    score = f", pylint {report.pylint_score:.2f}/10" if report.pylint_score is not None else ""
    c.print(
        Text.assemble(
            (f"{verdict} ", f"bold {colour}"),
            f"{report.addon} for Odoo {report.series}: {counts['error']} errors, "
            f"{counts['warning']} warnings, {counts['info']} infos{score}",
        )
    )
    steps = ", ".join(
        f"{name} {seconds:.2f}"
        for name, seconds in report.timings.items()
        if name not in ("total", "static")
    )
    c.print(Text(f"  time: {report.timings.get('total', 0.0):.2f} s ({steps})", style="dim"))


def check(
    addon: Annotated[Path, typer.Argument(help="The addon's folder.")],
    odoo: Annotated[str, typer.Option("--odoo", help="Odoo series, e.g. 18.0.")],
    addons_path: Annotated[
        list[Path] | None,
        typer.Option(
            "--addons-path",
            help="Folder holding dependencies (repeat, or separate with commas).",
        ),
    ] = None,
    no_pylint: Annotated[bool, typer.Option("--no-pylint", help="Skip the pylint step.")] = False,
    json: JsonOption = False,
) -> None:
    """Static checks of ADDON for an Odoo series: series rules, references, pylint-odoo."""
    out = Output(json)
    paths = [Path(part) for p in addons_path or [] for part in str(p).split(",") if part]
    with out.progress("checking"):
        from odoo_factory.qa import check_addon

        report = check_addon(addon, odoo, addons_path=paths, run_pylint_step=not no_pylint)
    out.result(report, lambda c: render_report(report, c))
    if not report.ok:
        raise typer.Exit(1)
