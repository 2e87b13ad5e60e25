"""The structured result of running an addon on a real Odoo: one model, several renderings."""

from __future__ import annotations

import re
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = [
    "Coverage",
    "FailureCategory",
    "FileCoverage",
    "Frame",
    "LoadFailure",
    "LogRecord",
    "OdooCounts",
    "RunStatus",
    "TestCaseResult",
    "TestRun",
    "Timings",
    "redact_command",
]

REDACTED = "***"
# Options whose value is a secret, as --name=value or as the next argument.
_SECRET_OPTIONS = ("--db_password", "-w", "--db-password", "--smtp_password", "--smtp-password")
_SECRET_IN_TEXT = (
    re.compile(r"(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)"),  # libpq key=value
    re.compile(r"(?i)(\bpostgres(?:ql)?://[^:/@\s]*:)([^@\s]+)(?=@)"),  # URL user:secret@
)


def redact_command(command: list[str]) -> list[str]:
    """``command`` with every password replaced by ``***``: fit to show, store and log."""
    shown: list[str] = []
    hide_next = False
    for arg in command:
        if hide_next:
            shown.append(REDACTED)
            hide_next = False
            continue
        name, eq, _value = arg.partition("=")
        if name in _SECRET_OPTIONS:
            if eq:
                shown.append(f"{name}={REDACTED}")
            else:
                shown.append(arg)
                hide_next = True
            continue
        for pattern in _SECRET_IN_TEXT:
            arg = pattern.sub(lambda m: m.group(1) + REDACTED, arg)
        shown.append(arg)
    return shown


class RunStatus(str, Enum):
    PASSED = "passed"
    FAILED = "failed"  # installed, some test failed or raised
    INSTALL_FAILED = "install_failed"
    NOT_INSTALLED = "not_installed"  # odoo-bin ignored the addon (not found, other series)
    NO_TESTS = "no_tests"
    TIMEOUT = "timeout"
    CANCELLED = "cancelled"


class FailureCategory(str, Enum):
    PYTHON_ERROR = "python_error"  # syntax or import error in the addon's Python
    MISSING_DEPENDENCY = "missing_dependency"
    DATA_ERROR = "data_error"  # XML/CSV data file that does not parse or load
    VIEW_ERROR = "view_error"  # a view that Odoo's validation refuses
    ACCESS_RIGHTS = "access_rights"
    NOT_FOUND = "not_found"  # the addon is not on the addons path
    SERIES_MISMATCH = "series_mismatch"  # manifest version names another series
    TIMEOUT = "timeout"
    OTHER = "other"


class Frame(BaseModel):
    file: str
    line: int
    function: str
    in_addon: bool = False
    code: str | None = None


class LogRecord(BaseModel):
    time: str
    level: str
    logger: str
    message: str
    line: int = Field(description="Line number in the run's log file.")


class LoadFailure(BaseModel):
    category: FailureCategory
    message: str
    file: str | None = Field(default=None, description="Addon-relative when in the addon.")
    line: int | None = None
    node: str | None = Field(default=None, description="The offending view node, when known.")
    field: str | None = None
    model: str | None = None
    hint: str | None = None
    traceback: str | None = None
    frames: list[Frame] = Field(default_factory=list)


class TestCaseResult(BaseModel):
    __test__ = False

    classname: str
    method: str
    status: str = Field(description="passed | failed | error | skipped")
    duration: float | None = Field(default=None, description="Seconds, from the log times.")
    message: str | None = None
    traceback: str | None = None
    file: str | None = None
    line: int | None = None


class OdooCounts(BaseModel):
    failed: int
    errors: int
    tests: int


class FileCoverage(BaseModel):
    file: str
    statements: int
    missing: int
    percent: float
    missing_lines: list[int] = Field(default_factory=list)


class Coverage(BaseModel):
    percent: float
    statements: int
    missing: int
    files: list[FileCoverage] = Field(default_factory=list)


class Timings(BaseModel):
    template: float = 0.0
    clone: float = 0.0
    install: float = 0.0
    tests: float = 0.0
    drop: float = 0.0
    total: float = 0.0


class TestRun(BaseModel):
    """Everything known about one run of an addon's install and tests."""

    __test__ = False
    model_config = ConfigDict(validate_assignment=True)

    addon: str
    addon_path: str
    series: str
    runtime: str
    database: str
    status: RunStatus
    ok: bool
    installed: bool
    reason: str = Field(description="One line: what happened.")
    failure: LoadFailure | None = None
    tests: list[TestCaseResult] = Field(default_factory=list)
    counts: OdooCounts | None = Field(default=None, description="Odoo's own summary line.")
    summary_line: str | None = None
    warnings: list[LogRecord] = Field(default_factory=list)
    errors: list[LogRecord] = Field(default_factory=list)
    coverage: Coverage | None = None
    timings: Timings = Field(default_factory=Timings)
    exit_code: int | None = None
    log_file: str | None = None
    command: list[str] = Field(default_factory=list)
    kept: bool = False
    mode: str = Field(
        default="cold",
        description="cold: a new Odoo process; warm: a fork of "
        "a worker that had imported Odoo and the template's addons",
    )
    notes: list[str] = Field(default_factory=list)

    @field_validator("command")
    @classmethod
    def _no_secret_in_command(cls, command: list[str]) -> list[str]:
        return redact_command(command)

    @property
    def failed_tests(self) -> list[TestCaseResult]:
        return [t for t in self.tests if t.status in ("failed", "error")]
