"""``odoo-factory spec validate|schema``."""

from __future__ import annotations

import json as jsonlib
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from odoo_factory.cli.common import JsonOption
from odoo_factory.cli.output import Output

spec_app = typer.Typer(
    help="The module specification: validate a spec, print its schema.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(spec_app, name="spec")


@spec_app.command("validate")
def validate(
    spec: Annotated[Path, typer.Argument(help="Spec file (YAML or JSON).")],
    odoo: Annotated[
        str | None,
        typer.Option("--odoo", help="Also check that this series can express it."),
    ] = None,
    json: JsonOption = False,
) -> None:
    """Check a spec: syntax, types, names and cross-references, with file:line on errors."""
    from odoo_factory.profiles import get_profile
    from odoo_factory.spec.loader import load_spec_located
    from odoo_factory.spec.scenario_checks import requirement_warnings
    from odoo_factory.spec.semantics import check_series

    out = Output(json)
    model, locs = load_spec_located(spec)
    series = odoo or model.module.series
    if series is not None:
        check_series(model, locs, get_profile(series))
    warnings = [w.as_dict(str(spec)) for w in requirement_warnings(model, locs)]
    summary = {
        "ok": True,
        "file": str(spec),
        "module": model.module.name,
        "series": get_profile(series).series if series else None,
        "models": [m.name for m in model.models],
        "views": len(model.views),
        "tests": len(model.tests),
        "requirements": len(model.requirements),
        "warnings": warnings,
    }

    def render(c: Console) -> None:
        c.print(
            f"{spec}: valid — module {model.module.name}, {len(model.models)} model(s), "
            f"{len(model.views)} view(s), {len(model.tests)} test scenario(s), "
            f"{len(model.requirements)} acceptance criteria"
        )
        for w in warnings:
            c.print(f"warning: {spec}:{w['line']}:{w['column']}: {w['message']}", style="yellow")
            c.print(f"  hint: {w['hint']}", style="dim")

    out.result(summary, render)


@spec_app.command("schema")
def schema(json: JsonOption = False) -> None:
    """Print the JSON Schema of the spec format."""
    from odoo_factory.spec import spec_schema

    document = spec_schema()
    Output(json).result(document, lambda c: c.out(jsonlib.dumps(document, indent=2)))
