"""The guard every MCP tool runs behind: per-call limits and the server's last resort.

Before a tool runs, each argument is checked: no NUL byte anywhere, a spec's ``text`` up to
the loader's byte limit, any other text up to :data:`MAX_ARGUMENT_CHARS`, lists up to
:data:`MAX_LIST_ITEMS` entries. While it runs, our errors become tool errors with the text the
CLI prints, and anything unexpected goes through ``crash`` (a crash log and one line) instead
of reaching the client as a bare "Error executing tool".
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from mcp.server.mcpserver.exceptions import ToolError

from odoo_factory.errors import InputError, OdooFactoryError

__all__ = ["MAX_ARGUMENT_CHARS", "MAX_LIST_ITEMS", "check_arguments", "guarded", "tool_error_text"]

MAX_ARGUMENT_CHARS = 4096  # a path, a series, a pattern: anything but a spec's text
MAX_LIST_ITEMS = 100


def tool_error_text(exc: OdooFactoryError) -> str:
    """The message users see: ``file:line:col: what`` and ``hint: what to do``."""
    return f"{exc}\nhint: {exc.hint}" if exc.hint else str(exc)


def _check_text(tool: str, name: str, value: str, limit: int) -> None:
    if "\x00" in value:
        raise InputError(
            f"{tool}: the argument {name!r} contains a NUL byte",
            hint="paths and names cannot hold NUL bytes; send the text without it",
        )
    if len(value) > limit:
        raise InputError(
            f"{tool}: the argument {name!r} is {len(value):,} characters, more than the "
            f"{limit:,} allowed",
            hint="send a shorter value; a large spec goes in a workspace file (path)",
        )


def check_arguments(tool: str, arguments: dict[str, Any]) -> None:
    """Refuse oversized arguments and NUL bytes before a tool runs (InputError)."""
    from odoo_factory.spec.bounded_yaml import LIMITS

    for name, value in arguments.items():
        limit = LIMITS.max_bytes if name == "text" else MAX_ARGUMENT_CHARS
        if isinstance(value, str):
            _check_text(tool, name, value, limit)
        elif isinstance(value, list):
            if len(value) > MAX_LIST_ITEMS:
                raise InputError(
                    f"{tool}: the argument {name!r} has {len(value):,} entries, more than "
                    f"the {MAX_LIST_ITEMS} allowed",
                    hint="send fewer entries",
                )
            for item in value:
                if isinstance(item, str):
                    _check_text(tool, name, item, MAX_ARGUMENT_CHARS)


def guarded(
    tool: Callable[..., Any], crash: Callable[[Exception], OdooFactoryError]
) -> Callable[..., Any]:
    """``tool`` with its arguments checked and every exception turned into a tool error."""
    name = tool.__name__

    def failure(exc: Exception) -> ToolError:
        if isinstance(exc, ToolError):
            return exc
        return ToolError(tool_error_text(exc if isinstance(exc, OdooFactoryError) else crash(exc)))

    if inspect.iscoroutinefunction(tool):

        @functools.wraps(tool)
        async def run_async(**arguments: Any) -> Any:
            try:
                check_arguments(name, arguments)
                return await tool(**arguments)
            except Exception as exc:
                raise failure(exc) from exc

        return run_async

    @functools.wraps(tool)
    def run(**arguments: Any) -> Any:
        try:
            check_arguments(name, arguments)
            return tool(**arguments)
        except Exception as exc:
            raise failure(exc) from exc

    return run
