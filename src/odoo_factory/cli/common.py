"""Options and helpers shared by the CLI's commands."""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import ValidationError

from odoo_factory.errors import ConfigError
from odoo_factory.settings import Settings

__all__ = ["JsonOption", "settings_from_env"]

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document for machines.")]


def settings_from_env() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        name = "ODOO_FACTORY_" + str(first["loc"][0]).upper() if first["loc"] else "a setting"
        raise ConfigError(f"{name}: {first['msg']}", hint="fix or unset that variable") from exc
