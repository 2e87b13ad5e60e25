"""``odoo-factory test ADDON --odoo SERIES``."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from odoo_factory.cli.common import JsonOption, settings_from_env
from odoo_factory.cli.output import Output
from odoo_factory.runtime import TestOptions, TestRun, run_addon_tests
from odoo_factory.runtime.junit import write_junit


def register(app: typer.Typer) -> None:
    app.command("test")(test)


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM cleans up like Ctrl-C does."""

    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def render_run(run: TestRun, c: Console) -> None:
    colour = "green" if run.ok else "red"
    c.print(
        Text.assemble(
            (f"{run.status.value.upper()} ", f"bold {colour}"),
            f"{run.addon} on Odoo {run.series} ({run.runtime}): {run.reason}",
        )
    )
    if run.failure and not run.ok:
        where = (
            f"{run.failure.file}:{run.failure.line}"
            if run.failure.line
            else (run.failure.file or "")
        )
        c.print(
            Text.assemble(
                ("  ", ""),
                (run.failure.category.value, "bold"),
                f" {where} {run.failure.message}".rstrip(),
            )
        )
        if run.failure.node:
            c.print(Text(f"    node: {run.failure.node}"))
        if run.failure.hint:
            c.print(Text(f"    hint: {run.failure.hint}", style="yellow"))
    for test in run.failed_tests:
        where = f" ({test.file}:{test.line})" if test.file else ""
        c.print(
            Text.assemble(
                ("  ✗ ", "red"),
                f"{test.classname}.{test.method}{where}: ",
                (test.message or "", ""),
            )
        )
    passed = sum(t.status == "passed" for t in run.tests)
    if run.tests:
        c.print(
            f"  tests: {passed} passed, {len(run.failed_tests)} failed or errored"
            + (f" — Odoo: {run.summary_line}" if run.summary_line else "")
        )
    for warning in run.warnings[:10]:
        c.print(
            Text(f"  warning: {warning.logger}: {warning.message.splitlines()[0]}", style="yellow")
        )
    if run.coverage:
        c.print(f"  coverage: {run.coverage.percent:.1f} % of {run.coverage.statements} statements")
    t = run.timings
    c.print(
        f"  time: {t.total:.1f} s (template {t.template:.1f}, clone {t.clone:.2f}, "
        f"install {t.install:.1f}, tests {t.tests:.1f}, drop {t.drop:.2f})"
    )
    if run.log_file:
        c.print(f"  log: {run.log_file}" + (f"  database kept: {run.database}" if run.kept else ""))


def test(
    addon: Annotated[Path, typer.Argument(help="The addon's folder.")],
    odoo: Annotated[str, typer.Option("--odoo", help="Odoo series, e.g. 18.0.")],
    runtime: Annotated[str | None, typer.Option("--runtime", help="Runtime name.")] = None,
    with_demo: Annotated[bool, typer.Option("--with-demo", help="Use demo data.")] = False,
    coverage: Annotated[
        bool, typer.Option("--coverage", help="Measure the addon's coverage.")
    ] = False,
    keep: Annotated[bool, typer.Option("--keep", help="Keep the database after the run.")] = False,
    timeout: Annotated[
        float | None, typer.Option("--timeout", help="Seconds before the run is killed.", min=1)
    ] = None,
    cold: Annotated[
        bool, typer.Option("--cold", help="Start a new Odoo process instead of a warm worker.")
    ] = False,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    json: JsonOption = False,
) -> None:
    """Install ADDON on a clone of a template database and run its tests."""
    out = Output(json)
    settings = settings_from_env()
    with _sigterm_as_interrupt(), out.progress("starting") as update:
        run = run_addon_tests(
            settings,
            addon,
            TestOptions(
                series=odoo,
                runtime=runtime,
                with_demo=with_demo,
                coverage=coverage,
                keep=keep,
                timeout=timeout,
                cold=cold,
                progress=update,
            ),
        )
    if junit is not None:
        write_junit(run, junit)
    out.result(run, lambda c: render_run(run, c))
    if not run.ok:
        raise typer.Exit(1)
