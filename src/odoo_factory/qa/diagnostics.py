"""What a check finds: one :class:`Diagnostic` per problem, gathered in a :class:`CheckReport`.

Both are plain data, so the CLI, the MCP server and the gate read the same thing. Every
diagnostic carries a ``hint``: how to fix it, without reading Odoo's source.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

__all__ = ["CheckReport", "Diagnostic", "Severity"]


class Severity(str, Enum):
    """How bad a finding is: ``error`` fails the check, the others inform."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


_SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Diagnostic(BaseModel):
    """One structured finding in one addon file."""

    model_config = ConfigDict(frozen=True)

    source: Literal["pylint", "factory"]
    severity: Severity
    category: str = Field(
        description="series | reference | structure | manifest | security | pylint category"
    )
    rule: str = Field(description="rule id (ours) or pylint symbol")
    file: str = Field(description="path relative to the addon folder, '/' separated")
    line: int | None = None
    column: int | None = None
    message: str
    hint: str = Field(description="what to change to fix it")

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def sort_key(self) -> tuple[str, int, int, int, str]:
        return (
            self.file,
            self.line or 0,
            self.column or 0,
            _SEVERITY_ORDER[self.severity],
            self.rule,
        )


class CheckReport(BaseModel):
    """Everything ``check_addon`` found, with the timings of each step; a gate consumes it."""

    addon: str
    addon_path: str
    series: str
    diagnostics: list[Diagnostic] = Field(default_factory=list)
    pylint_score: float | None = Field(
        default=None, description="pylint's score out of 10; None when pylint did not run"
    )
    pylint_ran: bool = False
    timings: dict[str, float] = Field(
        default_factory=dict, description="seconds spent in each step"
    )
    files_checked: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def counts(self) -> dict[str, int]:
        totals = {severity.value: 0 for severity in Severity}
        for diagnostic in self.diagnostics:
            totals[diagnostic.severity.value] += 1
        return totals

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ok(self) -> bool:
        """True when no finding has error severity."""
        return not any(d.severity is Severity.ERROR for d in self.diagnostics)

    def by_file(self) -> dict[str, list[Diagnostic]]:
        grouped: dict[str, list[Diagnostic]] = {}
        for diagnostic in sorted(self.diagnostics, key=Diagnostic.sort_key):
            grouped.setdefault(diagnostic.file, []).append(diagnostic)
        return grouped

    def rules(self) -> set[str]:
        return {d.rule for d in self.diagnostics}
