"""``odoo-factory db start|stop|status|url|gc``."""

from __future__ import annotations

import dataclasses
from typing import Annotated

import typer
from rich.console import Console

from odoo_factory.cli.common import JsonOption, settings_from_env
from odoo_factory.cli.output import Output
from odoo_factory.db import EmbeddedCluster, server_target
from odoo_factory.db.leftovers import collect_leftovers, find_leftovers
from odoo_factory.errors import ConfigError
from odoo_factory.runtime.warm import stop_workers

db_app = typer.Typer(help="The PostgreSQL server (embedded by default).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")


def _cluster() -> EmbeddedCluster:
    settings = settings_from_env()
    if not settings.uses_embedded_db:
        raise ConfigError(
            "a PostgreSQL server is configured (ODOO_FACTORY_DB_DSN or ODOO_FACTORY_DB_HOST); "
            "the embedded one is not used",
            hint="unset those variables to use the embedded server",
        )
    return EmbeddedCluster(settings)


@db_app.command("start")
def start(json: JsonOption = False) -> None:
    """Start the embedded PostgreSQL (created on first start)."""
    out = Output(json)
    cluster = _cluster()
    with out.progress("starting PostgreSQL"):
        started = cluster.start()
    status = cluster.status()
    out.result(
        {"started": started, **dataclasses.asdict(status)},
        lambda c: c.print(
            f"PostgreSQL {status.version} {'started' if started else 'already running'}"
            f" — {status.url}"
        ),
    )


@db_app.command("stop")
def stop(json: JsonOption = False) -> None:
    """Stop the embedded PostgreSQL (and the warm Odoo workers that use it)."""
    out = Output(json)
    cluster = _cluster()
    stop_workers(cluster.settings)
    stopped = cluster.stop()
    out.result(
        {"stopped": stopped},
        lambda c: c.print("PostgreSQL stopped" if stopped else "PostgreSQL was not running"),
    )


@db_app.command("status")
def status(json: JsonOption = False) -> None:
    """Show whether the PostgreSQL server runs, where, its version and leftover databases."""
    out = Output(json)
    settings = settings_from_env()
    if settings.uses_embedded_db:
        info = dataclasses.asdict(EmbeddedCluster(settings).status())
        info["embedded"] = True
    else:
        target = server_target(settings, start=False)
        from odoo_factory.db.server import version_label

        info = {
            "embedded": False,
            "running": True,
            "url": target.url(),
            "version": version_label(target.server_version()),
        }
    leftovers = []
    if info["running"]:
        leftovers = find_leftovers(settings, server_target(settings, start=False))
    info["leftovers"] = [dataclasses.asdict(leftover) for leftover in leftovers]

    def render(c: Console) -> None:
        if not info["running"]:
            c.print(f"PostgreSQL is not running (cluster: {info['data_dir']})")
            return
        c.print(f"PostgreSQL {info['version']} running — {info['url']}")
        if leftovers:
            names = ", ".join(leftover.name for leftover in leftovers)
            c.print(f"leftover databases: {names} — 'odoo-factory db gc' drops them")

    out.result(info, render)
    if not info["running"]:
        raise typer.Exit(1)


@db_app.command("gc")
def gc(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what would be dropped; drop nothing.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Drop the databases that runs and template builds left behind (and their filestores)."""
    out = Output(json)
    settings = settings_from_env()
    report = collect_leftovers(settings, server_target(settings), dry_run=dry_run)

    def render(c: Console) -> None:
        if not report.leftovers:
            c.print("no leftover database")
            return
        for leftover in report.leftovers:
            if report.dry_run:
                fate = "would drop"
            elif leftover.name in report.dropped:
                fate = "dropped"
            else:
                fate = f"not dropped: {report.failed.get(leftover.name, 'in use again')}"
            c.print(f"{leftover.name} ({leftover.reason}): {fate}")

    out.result(dataclasses.asdict(report), render)
    if report.failed:
        raise typer.Exit(3)


@db_app.command("url")
def url(json: JsonOption = False) -> None:
    """Print the connection URL (starts the embedded server if needed)."""
    out = Output(json)
    target = server_target(settings_from_env())
    out.result({"url": target.url()}, lambda c: c.print(target.url()))
