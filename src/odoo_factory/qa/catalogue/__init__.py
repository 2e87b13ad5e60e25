"""Per-series catalogues of Odoo's addons: their models, fields, XML ids and views.

Built from Odoo source trees (with :mod:`ast`, Odoo is never imported; see
:mod:`odoo_factory.qa.catalogue.build`). Odoo Community's LGPL-3 addons are shipped as
``<series>.json.gz`` beside this module; ``odoo-factory runtime catalogue`` builds one from a
registered runtime's own addons path into ``<data folder>/catalogues/``, which then takes the
place of the shipped one for its series (so any series and any addon on the user's path is
known). Format, per addon::

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
from pathlib import Path
from typing import Any

__all__ = [
    "Catalogue",
    "ViewCatalogue",
    "available_catalogues",
    "catalogue_stamp",
    "load_catalogue",
    "load_views",
    "user_catalogue_folder",
]


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


def user_catalogue_folder() -> Path | None:
    """Where ``runtime catalogue`` writes: ``<data folder>/catalogues`` (read at call time)."""
    from pydantic import ValidationError

    from odoo_factory.settings import Settings

    try:
        return Settings().data_dir / "catalogues"
    except ValidationError:
        return None  # a broken setting is reported by the command that needs it


def _user_file(*parts: str) -> Path | None:
    folder = user_catalogue_folder()
    if folder is None:
        return None
    path = folder.joinpath(*parts)
    return path if path.is_file() else None


def _series_in(names: Any) -> set[str]:
    return {name.removesuffix(".json.gz") for name in names if name.endswith(".json.gz")}


def available_catalogues() -> list[str]:
    """Series with a catalogue: shipped, or built from one of the user's runtimes."""
    found = _series_in(entry.name for entry in resources.files(__name__).iterdir())
    folder = user_catalogue_folder()
    if folder is not None and folder.is_dir():
        found |= _series_in(path.name for path in folder.iterdir())
    return sorted(found, key=lambda series: tuple(int(p) for p in series.split(".") if p.isdigit()))


def _read(*parts: str) -> Any:
    """The decoded file: the user's when there is one, else the shipped one, else None."""
    user = _user_file(*parts)
    if user is not None:
        stat = user.stat()
        return _read_user(str(user), stat.st_mtime_ns, stat.st_size)
    if not resources.files(__name__).joinpath(*parts).is_file():
        return None
    return _read_shipped(*parts)


@cache
def _read_user(path: str, _mtime: int, _size: int) -> Any:
    return json.loads(gzip.decompress(Path(path).read_bytes()))


@cache
def _read_shipped(*parts: str) -> Any:
    return json.loads(gzip.decompress(resources.files(__name__).joinpath(*parts).read_bytes()))


def catalogue_stamp(series: str) -> str:
    """Changes when the catalogue ``load_catalogue(series)`` returns changes (a cache key)."""
    user = _user_file(_file_name(series))
    if user is None:
        return "shipped"
    stat = user.stat()
    return f"{user}:{stat.st_mtime_ns}:{stat.st_size}"


def load_catalogue(series: str) -> Catalogue | None:
    """The catalogue of ``series``, or None when there is none for it."""
    raw = _read(_file_name(series))
    if raw is None:
        return None
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


def load_views(series: str) -> ViewCatalogue | None:
    """The view catalogue of ``series``, or None when there is none for it."""
    raw = _read("views", _file_name(series))
    if raw is None:
        return None
    return ViewCatalogue(series, raw["v"], raw.get("r", {}), frozenset(raw.get("a", [])))
