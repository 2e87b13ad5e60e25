"""``odoo-factory build SPEC [--odoo SERIES] [--out DIR] [--force]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from odoo_factory.cli.common import JsonOption
from odoo_factory.cli.output import Output


def register(app: typer.Typer) -> None:
    app.command("build")(build)


def build(
    spec: Annotated[Path, typer.Argument(help="Spec file (YAML or JSON).")],
    odoo: Annotated[
        str | None,
        typer.Option("--odoo", help="Target series, e.g. 18.0 (default: module.series)."),
    ] = None,
    out: Annotated[
        Path, typer.Option("--out", help="Folder that receives the addon folder.")
    ] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Replace an existing addon.")] = False,
    json: JsonOption = False,
) -> None:
    """Compile a spec into a complete addon for one Odoo series."""
    output = Output(json)
    with output.progress(f"building {spec}"):
        from odoo_factory.compiler import build_addon

        result = build_addon(spec, odoo, out, force=force)

    def render(c: Console) -> None:
        c.print(
            f"built {result.module} for Odoo {result.series}: {result.addon_path} "
            f"({len(result.files)} files)"
        )

    output.result({"ok": True, **result.to_dict()}, render)
