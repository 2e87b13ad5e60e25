"""The gate's thresholds and weights, and where a project sets them.

A project sets them in the nearest ``pyproject.toml`` (table ``[tool.odoo-factory.gate]``) or
``odoo-factory.toml`` (table ``[gate]``) found in the addon's folder or one of its parents,
else in the current folder or one of its parents. Keys are written with dashes
(``min-coverage``) or underscores (``min_coverage``); an unknown key is an error that names
the file and the key.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from odoo_factory.errors import ConfigError

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found, no-redef, unused-ignore]

__all__ = [
    "CONFIG_FILE",
    "PYPROJECT",
    "GateConfig",
    "GateWeights",
    "find_config",
    "load_config",
]

CONFIG_FILE = "odoo-factory.toml"
PYPROJECT = "pyproject.toml"


def _dashed(name: str) -> str:
    return name.replace("_", "-")


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", alias_generator=_dashed, populate_by_name=True, frozen=True
    )


class GateWeights(_Strict):
    """How many points each criterion is worth; the score is scaled to 0–100."""

    pylint: float = Field(default=10.0, ge=0)
    coverage: float = Field(default=15.0, ge=0)
    errors: float = Field(default=20.0, ge=0)
    security: float = Field(default=15.0, ge=0)
    install: float = Field(default=10.0, ge=0)
    warnings: float = Field(default=5.0, ge=0)
    requirements: float = Field(default=25.0, ge=0)

    @model_validator(mode="after")
    def _some_weight(self) -> GateWeights:
        if sum(self.model_dump().values()) <= 0:
            raise ValueError("at least one weight must be above 0")
        return self


class GateConfig(_Strict):
    """The thresholds of the gate; every default is the product's."""

    min_pylint_score: float = Field(
        default=7.5, ge=0, le=10, description="pylint's score out of 10 must reach this"
    )
    min_coverage: float = Field(
        default=80.0, ge=0, le=100, description="percent of the addon's statements run by tests"
    )
    max_errors: int = Field(
        default=0, ge=0, description="static errors plus failed or errored tests allowed"
    )
    max_security_findings: int = Field(default=0, ge=0, description="security findings allowed")
    require_clean_install: bool = Field(
        default=True, description="the addon must install on a fresh clone of the template"
    )
    max_install_warnings: int = Field(
        default=0,
        ge=0,
        description="WARNING or worse records from the addon's own loggers during install",
    )
    min_requirement_coverage: float = Field(
        default=100.0,
        ge=0,
        le=100,
        description="percent of the declared acceptance criteria proven by passing tests",
    )
    require_requirements: bool = Field(
        default=False,
        description="fail when the addon declares no acceptance criteria (tests/requirements.json)",
    )
    weights: GateWeights = Field(default_factory=GateWeights)


def _table(data: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any] | None:
    node: Any = data
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node if isinstance(node, dict) else None


def _where(file: Path) -> tuple[str, ...]:
    return ("tool", "odoo-factory", "gate") if file.name == PYPROJECT else ("gate",)


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        with file.open("rb") as handle:
            data: dict[str, Any] = tomllib.load(handle)
            return data
    except OSError as exc:
        raise ConfigError(
            f"cannot read the gate's configuration: {exc.strerror or exc}",
            file=file,
            hint="check the path given to --config",
        ) from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"not valid TOML: {exc}", file=file, hint="fix the TOML syntax of that file"
        ) from exc


def find_config(start: Path, cwd: Path | None = None) -> Path | None:
    """The nearest file with a gate table above ``start``, else above ``cwd``; None if none."""
    seen: set[Path] = set()
    for origin in (start, cwd or Path.cwd()):
        folder = origin.resolve()
        for candidate_dir in (folder, *folder.parents):
            if candidate_dir in seen:
                continue
            seen.add(candidate_dir)
            for name in (CONFIG_FILE, PYPROJECT):
                file = candidate_dir / name
                if file.is_file() and _table(_read_toml(file), _where(file)) is not None:
                    return file
    return None


def _explain(exc: ValidationError, file: Path, table: str) -> ConfigError:
    first = exc.errors()[0]
    key = ".".join(str(part) for part in first["loc"]) or table
    if first["type"] == "extra_forbidden":
        valid = ", ".join(_dashed(name) for name in GateConfig.model_fields)
        weights = ", ".join(GateWeights.model_fields)
        return ConfigError(
            f"unknown key '{key}' in [{table}]",
            file=file,
            hint=f"valid keys: {valid}; under [{table}.weights]: {weights}",
        )
    return ConfigError(
        f"[{table}] {key}: {first['msg']}",
        file=file,
        hint="fix that value, or delete the key to use the default",
    )


def load_config(
    addon_dir: Path, config_file: Path | None = None, cwd: Path | None = None
) -> tuple[GateConfig, Path | None]:
    """The gate configuration for ``addon_dir`` and the file it came from (None: defaults).

    ``config_file`` is read as a ``pyproject.toml`` when it has that name, else as an
    ``odoo-factory.toml``; a given file without the table is an error.
    """
    file = config_file if config_file is not None else find_config(addon_dir, cwd)
    if file is None:
        return GateConfig(), None
    path = _where(file)
    table_name = ".".join(path)
    table = _table(_read_toml(file), path)
    if table is None:
        raise ConfigError(
            f"no [{table_name}] table",
            file=file,
            hint=f"add a [{table_name}] table, or point --config at another file",
        )
    try:
        return GateConfig.model_validate(table), file
    except ValidationError as exc:
        raise _explain(exc, file, table_name) from exc
