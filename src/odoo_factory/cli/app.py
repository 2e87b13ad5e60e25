"""The ``odoo-factory`` command: builds the settings, registers the sub-commands, maps errors.

``main`` is the CLI's one place where errors become output: our errors print their message and
hint; anything else is the last resort (``odoo_factory.crashlog``): one line naming what failed,
the traceback in a log file, never on the terminal. With ``--json`` every outcome, errors
and usage mistakes included, is one JSON document on stdout.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

import typer

from odoo_factory.cli.output import Output, tolerate_any_encoding
from odoo_factory.errors import InputError, OdooFactoryError, RunCancelledError

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
_GROUPS = ("db", "runtime", "template", "spec")
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


def _command_name(args: list[str]) -> str:
    """``odoo-factory db status``: the command a crash happened in, without its arguments."""
    words = [arg for arg in args if not arg.startswith("-")][:2]
    if not words or words[0] not in _COMMAND_MODULES:
        return "odoo-factory"
    if words[0] not in _GROUPS:
        words = words[:1]
    return " ".join(["odoo-factory", *words])


def _data_dir() -> Path | None:
    """The data folder for a crash log, when the settings can still be read."""
    try:
        from odoo_factory.cli.common import settings_from_env

        return settings_from_env().data_dir
    except Exception:
        return None


def _usage_error(output: Output, exc: typer.TyperException) -> int:
    code = exc.exit_code
    if output.json_mode:
        message = getattr(exc, "format_message", lambda: str(exc))()
        output.error(InputError(message, hint="see --help for the usage"))
        return code
    show = getattr(exc, "show", None)
    if callable(show):
        show()
    else:
        print(f"error: {exc}", file=sys.stderr)
    return code


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit code (also used by the tests)."""
    args = list(sys.argv[1:] if argv is None else argv)
    tolerate_any_encoding()
    output = Output(json_mode="--json" in args)
    try:
        _register(args)
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
        code = _usage_error(output, exc)
    except Exception as exc:  # the last resort: anything else is a bug, logged, on one line
        from odoo_factory.crashlog import unexpected

        error = unexpected(_command_name(args), exc, _data_dir())
        output.error(error)
        code = error.exit_code
    else:
        code = result if isinstance(result, int) else 0
    if argv is None:
        sys.exit(code)
    return code
