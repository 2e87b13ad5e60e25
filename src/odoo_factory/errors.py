"""The one tree of errors Odoo Factory raises.

Every error carries a message for users (what went wrong, where) and a hint (what to do).
Front-ends map this tree once: the CLI prints ``error: message`` and ``hint: ...`` and exits
with ``exit_code``; the MCP server returns a tool error with the same text.

    OdooFactoryError
     ├── InputError                 bad input from the user: a file, an option, a folder
     │    ├── SpecError             a module specification that does not validate
     │    ├── AddonError            not an addon, unreadable manifest, ...
     │    └── SeriesMismatchError   an addon or spec for another series than the runtime's
     ├── ConfigError                settings that cannot work together
     ├── DatabaseError              PostgreSQL could not do what was asked
     │    ├── DatabaseUnavailableError
     │    └── DatabaseVersionError  the server is older than the series needs
     ├── OdooRuntimeError           a registered Odoo runtime is missing or broken
     │    └── RuntimeNotFoundError
     ├── TemplateError              a template database could not be built
     ├── RunError                   a run of Odoo was stopped before it could finish
     │    ├── RunTimeoutError
     │    └── RunCancelledError     Ctrl-C or a cancelled job
     └── InternalError              an unexpected exception (a bug), its traceback in a log file
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "AddonError",
    "ConfigError",
    "DatabaseError",
    "DatabaseUnavailableError",
    "DatabaseVersionError",
    "InputError",
    "InternalError",
    "OdooFactoryError",
    "OdooRuntimeError",
    "RunCancelledError",
    "RunError",
    "RunTimeoutError",
    "RuntimeNotFoundError",
    "SeriesMismatchError",
    "SpecError",
    "TemplateError",
]


class OdooFactoryError(Exception):
    """Base of every error the product raises on purpose."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        file: str | Path | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.file = str(file) if file is not None else None
        self.line = line
        self.column = column

    @property
    def location(self) -> str | None:
        """``file:line:column`` as far as known."""
        if self.file is None:
            return None
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        where = self.location
        return f"{where}: {self.message}" if where else self.message

    def to_dict(self) -> dict[str, object]:
        return {
            "type": type(self).__name__,
            "message": self.message,
            "hint": self.hint,
            "file": self.file,
            "line": self.line,
            "column": self.column,
        }


class InputError(OdooFactoryError):
    exit_code = 2


class SpecError(InputError):
    pass


class AddonError(InputError):
    pass


class SeriesMismatchError(InputError):
    pass


class ConfigError(OdooFactoryError):
    exit_code = 2


class DatabaseError(OdooFactoryError):
    exit_code = 3


class DatabaseUnavailableError(DatabaseError):
    pass


class DatabaseVersionError(DatabaseError):
    pass


class OdooRuntimeError(OdooFactoryError):
    exit_code = 4


class RuntimeNotFoundError(OdooRuntimeError):
    pass


class TemplateError(OdooFactoryError):
    exit_code = 5


class RunError(OdooFactoryError):
    exit_code = 6


class RunTimeoutError(RunError):
    pass


class RunCancelledError(RunError):
    exit_code = 130


class InternalError(OdooFactoryError):
    """What the last-resort handler of a front-end makes of an unexpected exception."""

    exit_code = 70  # EX_SOFTWARE

    def __init__(self, message: str, *, hint: str | None = None, log: Path | None = None) -> None:
        super().__init__(message, hint=hint)
        self.log = log

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "log": str(self.log) if self.log else None}
