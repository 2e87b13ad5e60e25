"""System parameters (``ir.config_parameter``) the addon creates with a default value."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ConfigParameter"]


class ConfigParameter(BaseModel):
    """One system parameter, created on install and kept as the administrator changes it."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    key: str = Field(
        pattern=r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$",
        max_length=200,
        description="'module.key', e.g. service_desk.auto_close_days",
    )
    value: str | int | float | bool = Field(description="Default value (stored as text).")
    noupdate: bool = Field(default=True, description="Keep the administrator's value on upgrade.")

    @property
    def xmlid(self) -> str:
        return "config_parameter_" + re.sub(r"[^a-z0-9]+", "_", self.key).strip("_")

    @property
    def text(self) -> str:
        """The stored text, as ``get_param`` returns it."""
        if isinstance(self.value, bool):
            return "True" if self.value else "False"
        return str(self.value)
