"""The ``odoo-factory`` command: builds the settings, registers the sub-commands, maps errors."""

from __future__ import annotations

import sys
from importlib import import_module

import click
import typer

from odoo_factory.cli.output import Output
from odoo_factory.errors import OdooFactoryError, RunCancelledError

__all__ = ["app", "main"]

app = typer.Typer(
    name="odoo-factory",
    help="Build Odoo addons from a specification and prove them on a real Odoo.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Each module registers its commands on ``app`` through ``register(app)``.
_COMMAND_MODULES = ("db", "runtime", "template", "test", "spec", "build", "check", "gate")

for _name in _COMMAND_MODULES:
    import_module(f"odoo_factory.cli.{_name}").register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (also used by the tests)."""
    args = list(sys.argv[1:] if argv is None else argv)
    output = Output(json_mode="--json" in args)
    try:
        result = app(args=args, prog_name="odoo-factory", standalone_mode=False)
    except OdooFactoryError as exc:
        output.error(exc)
        code = exc.exit_code
    except (KeyboardInterrupt, click.exceptions.Abort):
        output.error(RunCancelledError("interrupted", hint="nothing was left behind"))
        code = 130
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    else:
        code = result if isinstance(result, int) else 0
    if argv is None:
        sys.exit(code)
    return code
