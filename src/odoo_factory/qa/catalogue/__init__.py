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

__all__ = ["Catalogue", "ViewCatalogue", "available_catalogues", "load_catalogue", "load_views"]


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


@dataclass(frozen=True)
class ViewCatalogue:
    """The standard backend views of one series, each with the standard extensions applied.

    Shipped as ``views/<series>.json.gz``: ``{"v": {xmlid: arch}, "r": {extension xmlid: the
    view it extends}, "a": [addons covered]}``; an arch is ``[tag, {attrs}, text, [children]]``
    (see :mod:`odoo_factory.qa.view_arch`), written as a JSON string of its own so that only
    the views a check needs are decoded. Only LGPL-3 addons are covered.
    """

    series: str
    views: dict[str, str]
    aliases: dict[str, str]
    addons: frozenset[str]

    def arch(self, xmlid: str) -> list[Any]:
        """The stored arch of a catalogued view (see :func:`odoo_factory.qa.view_arch.decode`)."""
        result: list[Any] = json.loads(self.views[xmlid])
        return result

    def resolve(self, xmlid: str) -> str | None:
        """The catalogued view whose arch ``xmlid`` changes: itself or the view it extends."""
        if xmlid in self.views:
            return xmlid
        return self.aliases.get(xmlid)


@cache
def load_views(series: str) -> ViewCatalogue | None:
    """The view catalogue of ``series``, or None when none is shipped for it."""
    entry = resources.files(__name__).joinpath("views").joinpath(_file_name(series))
    if not entry.is_file():
        return None
    raw = json.loads(gzip.decompress(entry.read_bytes()))
    return ViewCatalogue(series, raw["v"], raw.get("r", {}), frozenset(raw.get("a", [])))
