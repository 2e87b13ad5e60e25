"""The ``odoo-factory`` command: builds the settings, registers the sub-commands, maps errors."""

from __future__ import annotations

import sys
from importlib import import_module

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

# Each module registers its commands on ``app`` through ``register(app)``; a module's name
# is the name of the command (or command group) it registers.
_COMMAND_MODULES = ("db", "runtime", "template", "test", "spec", "build", "check", "gate", "mcp")
_registered: set[str] = set()


@app.callback()
def _root() -> None:
    """Build Odoo addons from a specification and prove them on a real Odoo."""


def _register(args: list[str]) -> None:
    """Import only the command that runs (every command for help or an unknown name)."""
    wanted = [args[0]] if args and args[0] in _COMMAND_MODULES else list(_COMMAND_MODULES)
    for name in wanted:
        if name not in _registered:
            import_module(f"odoo_factory.cli.{name}").register(app)
            _registered.add(name)


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (also used by the tests)."""
    args = list(sys.argv[1:] if argv is None else argv)
    output = Output(json_mode="--json" in args)
    _register(args)
    try:
        result = app(args=args, prog_name="odoo-factory", standalone_mode=False)
    except OdooFactoryError as exc:
        output.error(exc)
        code = exc.exit_code
    except (KeyboardInterrupt, typer.Abort):
        output.error(RunCancelledError("interrupted", hint="nothing was left behind"))
        code = 130
    except typer.Exit as exc:
        code = exc.exit_code
    except typer.TyperException as exc:  # usage errors: a missing argument, an unknown option
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            print(f"error: {exc}", file=sys.stderr)
        code = exc.exit_code
    else:
        code = result if isinstance(result, int) else 0
    if argv is None:
        sys.exit(code)
    return code
