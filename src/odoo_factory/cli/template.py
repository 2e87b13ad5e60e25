"""``odoo-factory template list|build|drop``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from odoo_factory.cli.common import JsonOption, settings_from_env
from odoo_factory.cli.output import Output
from odoo_factory.db import server_target
from odoo_factory.errors import InputError
from odoo_factory.runtime import RuntimeRegistry
from odoo_factory.runtime.templates import drop_template, ensure_template, list_templates

template_app = typer.Typer(help="Template databases, cloned for every run.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(template_app, name="template")


@template_app.command("list")
def list_(json: JsonOption = False) -> None:
    """List template databases with their runtime, modules and size."""
    out = Output(json)
    templates = list_templates(server_target(settings_from_env()))

    def render(c: Console) -> None:
        if not templates:
            c.print("no template yet; 'odoo-factory test' builds them on demand")
            return
        table = Table("name", "runtime", "series", "demo", "modules", "size", "built in")
        for tpl in templates:
            size = f"{(tpl.size_bytes or 0) / 1e6:.0f} MB"
            table.add_row(
                tpl.name,
                tpl.runtime,
                tpl.series,
                "yes" if tpl.demo else "no",
                ",".join(tpl.modules),
                size,
                f"{tpl.build_seconds:.1f} s",
            )
        c.print(table)

    out.result(templates, render)


@template_app.command("build")
def build(
    odoo: Annotated[str, typer.Option("--odoo", help="Series, e.g. 18.0.")],
    modules: Annotated[
        str, typer.Option("--modules", help="Comma-separated modules.")
    ] = "base,web",
    runtime: Annotated[str | None, typer.Option("--runtime", help="Runtime name.")] = None,
    with_demo: Annotated[bool, typer.Option("--with-demo", help="Load demo data.")] = False,
    json: JsonOption = False,
) -> None:
    """Build (or find) the template for a set of modules."""
    out = Output(json)
    settings = settings_from_env()
    rt = RuntimeRegistry(settings).for_series(odoo, runtime)
    names = tuple(sorted({m.strip() for m in modules.split(",") if m.strip()}))
    if not names:
        raise InputError("--modules is empty", hint="e.g. --modules base,web,mail")
    with out.progress("building the template") as update:
        name, seconds = ensure_template(
            settings, server_target(settings), rt, names, with_demo, update
        )
    out.result(
        {"name": name, "built": seconds > 0, "seconds": round(seconds, 2)},
        lambda c: c.print(
            f"{name} " + (f"built in {seconds:.1f} s" if seconds else "already there")
        ),
    )


@template_app.command("drop")
def drop(
    names: Annotated[list[str] | None, typer.Argument(help="Templates to drop.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Drop every template.")] = False,
    json: JsonOption = False,
) -> None:
    """Drop templates (they are rebuilt on demand)."""
    out = Output(json)
    settings = settings_from_env()
    target = server_target(settings)
    chosen = [t.name for t in list_templates(target)] if all_ else list(names or [])
    if not chosen:
        raise InputError("name a template, or pass --all", hint="'odoo-factory template list'")
    for name in chosen:
        drop_template(settings, target, name)
    out.result({"dropped": chosen}, lambda c: c.print(f"dropped {len(chosen)} template(s)"))
