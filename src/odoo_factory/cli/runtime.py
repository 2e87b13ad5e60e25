"""``odoo-factory runtime add|list|remove|doctor|catalogue``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from odoo_factory.cli.common import JsonOption, settings_from_env
from odoo_factory.cli.output import Output
from odoo_factory.runtime import Runtime, RuntimeRegistry, add_runtime
from odoo_factory.runtime.catalogue import (
    RuntimeCatalogue,
    build_runtime_catalogue,
    forget_runtime_catalogue,
)
from odoo_factory.runtime.doctor import doctor
from odoo_factory.settings import Settings

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
    no_catalogue: Annotated[
        bool,
        typer.Option(
            "--no-catalogue",
            help="Do not build the catalogue of the runtime's addons (see 'runtime catalogue').",
        ),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Register an Odoo source tree as a runtime, and catalogue the addons on its path."""
    out = Output(json)
    settings = settings_from_env()
    if python is not None and create_venv:
        from odoo_factory.errors import InputError

        raise InputError("--python and --create-venv exclude each other", hint="give one of them")
    with out.progress("reading the Odoo tree") as update:
        runtime = add_runtime(
            settings,
            path,
            name=name,
            python=python,
            create_venv=create_venv,
            extra_addons_paths=tuple(addons_path or ()),
            community_only=not all_addons,
            replace=replace,
            progress=update,
        )
    catalogue = None if no_catalogue else _catalogue(out, settings, runtime)

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
        if catalogue is not None:
            _render_catalogue(c, catalogue)

    result = runtime.model_dump(mode="json")
    if catalogue is not None:
        result["catalogue"] = _catalogue_dict(catalogue)
    out.result(result, render)


def _catalogue(out: Output, settings: Settings, runtime: Runtime) -> RuntimeCatalogue:
    with out.progress(f"cataloguing the addons of {runtime.name}"):
        return build_runtime_catalogue(settings, runtime)


def _catalogue_dict(catalogue: RuntimeCatalogue) -> dict[str, object]:
    return {
        "runtime": catalogue.runtime,
        "series": catalogue.series,
        "addons": catalogue.addons,
        "models": catalogue.models,
        "views": catalogue.views,
        "file": str(catalogue.file),
        "skipped": catalogue.skipped,
    }


def _render_catalogue(c: Console, catalogue: RuntimeCatalogue) -> None:
    c.print(
        f"catalogue of Odoo {catalogue.series}: {catalogue.addons} addons, "
        f"{catalogue.models} model entries, {catalogue.views} views ({catalogue.file}); "
        "check and spec validate now use it for that series"
    )
    for line in catalogue.skipped[:5]:
        c.print(f"  [yellow]skipped[/] {line}")
    if len(catalogue.skipped) > 5:
        c.print(f"  [yellow]skipped[/] {len(catalogue.skipped) - 5} more unreadable files")


@runtime_app.command("catalogue")
def catalogue_(
    name: Annotated[str | None, typer.Argument(help="Default: every runtime.")] = None,
    json: JsonOption = False,
) -> None:
    """Catalogue the models, fields, XML ids and views of the addons on a runtime's path.

    check and spec validate then know every addon of that runtime (Enterprise, extra addons
    paths) for its series, in place of the catalogue shipped with Odoo Factory."""
    out = Output(json)
    settings = settings_from_env()
    registry = RuntimeRegistry(settings)
    runtimes = [registry.get(name)] if name else registry.list()
    if not runtimes:
        from odoo_factory.errors import InputError

        raise InputError("no runtime is registered", hint="odoo-factory runtime add PATH")
    built = [_catalogue(out, settings, runtime) for runtime in runtimes]

    def render(c: Console) -> None:
        for catalogue in built:
            _render_catalogue(c, catalogue)

    out.result([_catalogue_dict(catalogue) for catalogue in built], render)


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
    settings = settings_from_env()
    runtime = RuntimeRegistry(settings).remove(name)
    forgot = forget_runtime_catalogue(settings, runtime)
    note = f" and the Odoo {runtime.series} catalogue built from it" if forgot else ""
    out.result(
        {"removed": runtime.name, "catalogue_removed": forgot},
        lambda c: c.print(f"removed {runtime.name}{note}"),
    )


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
