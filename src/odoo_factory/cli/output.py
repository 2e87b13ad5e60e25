"""How the CLI shows results: rich on a terminal, JSON for machines, errors on one line."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.text import Text

from odoo_factory.errors import OdooFactoryError

__all__ = ["Output", "tolerate_any_encoding"]


def _jsonable(data: Any) -> Any:
    if isinstance(data, BaseModel):
        return data.model_dump(mode="json")
    if isinstance(data, list):
        return [_jsonable(item) for item in data]
    if isinstance(data, dict):
        return {key: _jsonable(value) for key, value in data.items()}
    return data


def tolerate_any_encoding() -> None:
    """Let stdout and stderr write any text: characters the terminal's encoding lacks are
    escaped (``\\u2014``) instead of failing the command (``PYTHONIOENCODING=ascii``)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if callable(reconfigure):
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot change
                reconfigure(errors="backslashreplace")


class Output:
    """Renders one command's result; ``json_mode`` prints a single JSON document on stdout."""

    def __init__(self, json_mode: bool = False) -> None:
        self.json_mode = json_mode
        self.console = Console(highlight=False, soft_wrap=True)
        self.err = Console(stderr=True, highlight=False, soft_wrap=True)

    def result(self, data: Any, render: Callable[[Console], None] | None = None) -> None:
        if self.json_mode:
            sys.stdout.write(json.dumps(_jsonable(data), indent=2, sort_keys=False) + "\n")
        elif render is not None:
            render(self.console)
        else:
            self.console.print(data)

    @contextmanager
    def progress(self, message: str) -> Iterator[Callable[[str], None]]:
        """A spinner on stderr while long work runs; yields a function that updates its text."""
        if self.json_mode or not self.err.is_terminal:
            yield lambda _text: None
            return
        with self.err.status(message) as status:
            yield lambda text: status.update(text)

    def error(self, exc: OdooFactoryError) -> None:
        if self.json_mode:
            sys.stdout.write(json.dumps({"ok": False, "error": exc.to_dict()}, indent=2) + "\n")
            return
        self.err.print(Text.assemble(("error: ", "bold red"), str(exc)))
        if exc.hint:
            self.err.print(Text.assemble(("hint: ", "yellow"), exc.hint))
