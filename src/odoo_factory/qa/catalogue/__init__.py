"""Per-series catalogues of Odoo's standard addons: their models, fields and XML ids.

Built from Odoo source trees by ``scripts/build_catalogue.py`` (with :mod:`ast`, Odoo is
never imported) and shipped as ``<series>.json.gz`` beside this module. Format, per addon::

    {"d": [depends], "m": {model: {"f": {field: "Type" | "Type:comodel"},
                                   "i": [_inherit], "h": {_inherits parent: fk},
                                   "n": 1 when the class sets _name, "k": kind}},
     "x": [xml ids defined by its data files, without the module prefix],
     "y": [xml ids defined by its demo files],
     "a": 1 when installed automatically with its depends, or the list of those that trigger it}
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["Catalogue", "available_catalogues", "load_catalogue"]


@dataclass(frozen=True)
class Catalogue:
    series: str
    addons: dict[str, dict[str, Any]]
    source: str = ""

    def has(self, addon: str) -> bool:
        return addon in self.addons

    def depends(self, addon: str) -> list[str]:
        return list(self.addons.get(addon, {}).get("d", []))

    def xmlids(self, addon: str) -> frozenset[str]:
        return frozenset(self.addons.get(addon, {}).get("x", []))

    def demo_xmlids(self, addon: str) -> frozenset[str]:
        return frozenset(self.addons.get(addon, {}).get("y", []))

    def auto_install(self, addon: str) -> frozenset[str] | None:
        """The addons whose installation installs ``addon`` too; None when it never is."""
        value = self.addons.get(addon, {}).get("a")
        if isinstance(value, list):
            return frozenset(value)
        return frozenset(self.depends(addon)) if value else None

    def models(self, addon: str) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = self.addons.get(addon, {}).get("m", {})
        return result


def _file_name(series: str) -> str:
    return f"{series}.json.gz"


def available_catalogues() -> list[str]:
    folder = resources.files(__name__)
    return sorted(
        entry.name.removesuffix(".json.gz")
        for entry in folder.iterdir()
        if entry.name.endswith(".json.gz")
    )


@cache
def load_catalogue(series: str) -> Catalogue | None:
    """The catalogue of ``series``, or None when none is shipped for it."""
    entry = resources.files(__name__).joinpath(_file_name(series))
    if not entry.is_file():
        return None
    raw = json.loads(gzip.decompress(entry.read_bytes()))
    return Catalogue(series=series, addons=raw["addons"], source=raw.get("source", ""))
