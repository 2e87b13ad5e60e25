"""``odoo-factory runtime add|list|remove|doctor``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from odoo_factory.cli.common import JsonOption, settings_from_env
from odoo_factory.cli.output import Output
from odoo_factory.runtime import RuntimeRegistry, add_runtime
from odoo_factory.runtime.doctor import doctor

runtime_app = typer.Typer(
    help="Odoo runtimes: source trees and their Python.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(runtime_app, name="runtime")


@runtime_app.command("add")
def add(
    path: Annotated[Path, typer.Argument(help="Odoo source tree (holds odoo/release.py).")],
    name: Annotated[str | None, typer.Option("--name", help="Default: odoo-SERIES.")] = None,
    python: Annotated[
        Path | None,
        typer.Option("--python", help="Interpreter with Odoo's requirements installed."),
    ] = None,
    create_venv: Annotated[
        bool,
        typer.Option("--create-venv", help="Build a virtualenv from the tree's requirements.txt."),
    ] = False,
    addons_path: Annotated[
        list[Path] | None, typer.Option("--addons-path", help="Extra addons folder (repeatable).")
    ] = None,
    all_addons: Annotated[
        bool, typer.Option("--all-addons", help="Keep non-LGPL-3 (Enterprise) addons on the path.")
    ] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace a runtime of that name.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Register an Odoo source tree as a runtime."""
    out = Output(json)
    if python is not None and create_venv:
        from odoo_factory.errors import InputError

        raise InputError("--python and --create-venv exclude each other", hint="give one of them")
    with out.progress("reading the Odoo tree") as update:
        runtime = add_runtime(
            settings_from_env(),
            path,
            name=name,
            python=python,
            create_venv=create_venv,
            extra_addons_paths=tuple(addons_path or ()),
            community_only=not all_addons,
            replace=replace,
            progress=update,
        )

    def render(c: Console) -> None:
        c.print(
            f"runtime [bold]{runtime.name}[/]: Odoo {runtime.version} ({runtime.edition}) "
            f"at {runtime.path}, Python {runtime.python}"
        )
        if runtime.excluded_addons:
            c.print(
                f"{len(runtime.excluded_addons)} non-LGPL-3 addons kept off the path "
                "(--all-addons keeps them)"
            )

    out.result(runtime, render)


@runtime_app.command("list")
def list_(json: JsonOption = False) -> None:
    """List registered runtimes."""
    out = Output(json)
    runtimes = RuntimeRegistry(settings_from_env()).list()

    def render(c: Console) -> None:
        if not runtimes:
            c.print("no runtime registered — odoo-factory runtime add PATH --create-venv")
            return
        table = Table("name", "series", "edition", "path", "python")
        for rt in runtimes:
            table.add_row(rt.name, rt.series, rt.edition, str(rt.path), str(rt.python))
        c.print(table)

    out.result(runtimes, render)


@runtime_app.command("remove")
def remove(name: str, json: JsonOption = False) -> None:
    """Forget a runtime (its source tree is left alone)."""
    out = Output(json)
    runtime = RuntimeRegistry(settings_from_env()).remove(name)
    out.result({"removed": runtime.name}, lambda c: c.print(f"removed {runtime.name}"))


@runtime_app.command("doctor")
def doctor_(
    name: Annotated[str | None, typer.Argument(help="Default: every runtime.")] = None,
    json: JsonOption = False,
) -> None:
    """Check that runtimes can run: Python, Odoo imports, PostgreSQL, optional tools."""
    out = Output(json)
    with out.progress("checking runtimes"):
        reports = doctor(settings_from_env(), name)

    def render(c: Console) -> None:
        for report in reports:
            c.print(f"[bold]{report.runtime}[/]")
            for check in report.checks:
                mark = {
                    "ok": "[green]ok[/]",
                    "warning": "[yellow]warn[/]",
                    "error": "[red]FAIL[/]",
                }[check.status]
                c.print(f"  {mark} {check.name}: {check.detail}")
                if check.hint and check.status != "ok":
                    c.print(f"       hint: {check.hint}")

    out.result(reports, render)
    if any(check.status == "error" for report in reports for check in report.checks):
        raise typer.Exit(1)
