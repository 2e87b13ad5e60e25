"""``odoo-factory build SPEC [--odoo SERIES] [--out DIR] [--force [--clean]]``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from odoo_factory.cli.common import JsonOption
from odoo_factory.cli.output import Output
from odoo_factory.errors import InputError


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
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace an addon an earlier build wrote; refused, naming them, when it holds "
            "files you added or changed.",
        ),
    ] = False,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean",
            help="With --force: replace the addon folder whatever it holds (your added or "
            "changed files are deleted).",
        ),
    ] = False,
    json: JsonOption = False,
) -> None:
    """Compile a spec into a complete addon for one Odoo series."""
    if clean and not force:
        raise InputError("--clean only works with --force", hint="pass --force --clean")
    output = Output(json)
    with output.progress(f"building {spec}"):
        from odoo_factory.compiler import build_addon

        result = build_addon(spec, odoo, out, force=force, clean=clean)

    def render(c: Console) -> None:
        for note in result.notes:
            c.print(f"note: {note}")
        c.print(
            f"built {result.module} for Odoo {result.series}: {result.addon_path} "
            f"({len(result.files)} files)"
        )

    output.result({"ok": True, **result.to_dict()}, render)
