"""``odoo-factory db start|stop|status|url``."""

from __future__ import annotations

import dataclasses

import typer
from rich.console import Console

from odoo_factory.cli.common import JsonOption, settings_from_env
from odoo_factory.cli.output import Output
from odoo_factory.db import EmbeddedCluster, server_target
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
    """Show whether the PostgreSQL server runs, where, and its version."""
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

    def render(c: Console) -> None:
        if not info["running"]:
            c.print(f"PostgreSQL is not running (cluster: {info['data_dir']})")
            return
        c.print(f"PostgreSQL {info['version']} running — {info['url']}")

    out.result(info, render)
    if not info["running"]:
        raise typer.Exit(1)


@db_app.command("url")
def url(json: JsonOption = False) -> None:
    """Print the connection URL (starts the embedded server if needed)."""
    out = Output(json)
    target = server_target(settings_from_env())
    out.result({"url": target.url()}, lambda c: c.print(target.url()))
