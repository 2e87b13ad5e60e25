"""A catalogue of a registered runtime's own addons path, for ``check`` and ``spec validate``.

Built without starting Odoo (see :mod:`odoo_factory.qa.catalogue.build`) into
``<data folder>/catalogues/<series>.json.gz``; it replaces the shipped catalogue of its series,
so Enterprise addons, the runtime's extra addons paths and series that ship no catalogue are
known too. One catalogue per series: the runtime built last wins.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from odoo_factory.qa.catalogue.build import build_catalogue, write_catalogue
from odoo_factory.runtime.registry import Runtime
from odoo_factory.settings import Settings

__all__ = ["RuntimeCatalogue", "build_runtime_catalogue", "forget_runtime_catalogue"]

_SOURCE_PREFIX = "runtime "


@dataclass(frozen=True)
class RuntimeCatalogue:
    runtime: str
    series: str
    addons: int
    models: int
    views: int
    file: Path
    skipped: list[str]


def _folder(settings: Settings) -> Path:
    return settings.data_dir / "catalogues"


def _source(runtime: Runtime) -> str:
    return f"{_SOURCE_PREFIX}{runtime.name} ({runtime.path})"


def build_runtime_catalogue(settings: Settings, runtime: Runtime) -> RuntimeCatalogue:
    """Build and write the catalogue of every addon on ``runtime``'s path."""
    skipped: list[str] = []

    def skip(path: Path, problem: str) -> None:
        skipped.append(f"{path}: {problem.splitlines()[0] if problem else 'unreadable'}")

    built = build_catalogue(runtime.addons_paths, runtime.series, _source(runtime), skip=skip)
    models_file, _views_file = write_catalogue(built, _folder(settings))
    return RuntimeCatalogue(
        runtime=runtime.name,
        series=runtime.series,
        addons=len(built.addons),
        models=built.model_count,
        views=len(built.views["v"]),
        file=models_file,
        skipped=skipped,
    )


def forget_runtime_catalogue(settings: Settings, runtime: Runtime) -> bool:
    """Remove the catalogue of ``runtime``'s series when that runtime built it."""
    models_file = _folder(settings) / f"{runtime.series}.json.gz"
    if not models_file.is_file():
        return False
    try:
        source = json.loads(gzip.decompress(models_file.read_bytes())).get("source", "")
    except (OSError, ValueError):
        source = _source(runtime)  # unreadable: it is no use to anyone
    if source != _source(runtime):
        return False
    models_file.unlink(missing_ok=True)
    (models_file.parent / "views" / models_file.name).unlink(missing_ok=True)
    return True
