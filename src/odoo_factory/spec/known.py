"""Models and fields that a spec's dependencies provide, read from the shipped catalogues."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from odoo_factory.qa.catalogue import available_catalogues, catalogue_stamp, load_catalogue

__all__ = ["KnownModels", "known_models"]


@dataclass(frozen=True)
class KnownModels:
    """Fields per model over the dependency closure; ``complete`` is False when a dependency
    is not in the catalogue (then unknown models are not reported)."""

    models: dict[str, frozenset[str]] = field(default_factory=dict)
    complete: bool = False
    owners: dict[str, str] = field(default_factory=dict)
    xmlids: frozenset[str] = frozenset()
    addons: frozenset[str] = frozenset()
    types: dict[str, dict[str, str]] = field(default_factory=dict)

    def has(self, model: str) -> bool:
        return model in self.models

    def fields(self, model: str) -> frozenset[str] | None:
        return self.models.get(model)

    def names(self) -> set[str]:
        return set(self.models)

    def field_type(self, model: str, name: str) -> str | None:
        """The field's type as the spec writes it ('char', 'many2one'), None when unknown."""
        found = self.types.get(model, {}).get(name)
        return found.partition(":")[0].lower() if found else None

    def has_xmlid(self, xmlid: str) -> bool | None:
        """Whether a dependency defines ``addon.name``; None when that cannot be known."""
        addon = xmlid.partition(".")[0]
        if addon not in self.addons:
            return None
        return xmlid in self.xmlids

    def owner(self, model: str) -> str | None:
        """The addon that declares ``model`` (sets its ``_name``)."""
        return self.owners.get(model)


def _chosen(series: str | None) -> str | None:
    """The catalogue a spec for ``series`` is read against: its own, else the newest."""
    available = available_catalogues()
    if not available:
        return None
    return series if series in available else available[-1]


@cache
def _known(depends: tuple[str, ...], chosen: str | None, _stamp: str) -> KnownModels:
    if chosen is None:
        return KnownModels()
    catalogue = load_catalogue(chosen)
    if catalogue is None:  # pragma: no cover - listed yet unreadable
        return KnownModels()
    todo = ["base", *depends]
    seen: set[str] = set()
    complete = True
    models: dict[str, set[str]] = {}
    types: dict[str, dict[str, str]] = {}
    owners: dict[str, str] = {}
    xmlids: set[str] = set()
    while todo:
        addon = todo.pop()
        if addon in seen:
            continue
        seen.add(addon)
        if not catalogue.has(addon):
            complete = False
            continue
        todo.extend(catalogue.depends(addon))
        xmlids.update(f"{addon}.{x}" for x in catalogue.xmlids(addon))
        for name, info in catalogue.models(addon).items():
            models.setdefault(name, set()).update(info.get("f", {}))
            types.setdefault(name, {}).update(info.get("f", {}))
            if info.get("n"):
                owners[name] = addon
    # inherited mixins bring their fields: follow _inherit chains once
    inherits: dict[str, set[str]] = {}
    for addon in seen:
        if catalogue.has(addon):
            for name, info in catalogue.models(addon).items():
                inherits.setdefault(name, set()).update(info.get("i", []))
    for name in list(models):
        for parent in inherits.get(name, ()):
            models[name].update(models.get(parent, ()))
            for key, kind in types.get(parent, {}).items():
                types[name].setdefault(key, kind)
    present = frozenset(a for a in seen if catalogue.has(a))
    return KnownModels(
        {k: frozenset(v) for k, v in models.items()},
        complete,
        owners,
        frozenset(xmlids),
        present,
        types,
    )


def known_models(depends: list[str], series: str | None = None) -> KnownModels:
    chosen = _chosen(series)
    stamp = catalogue_stamp(chosen) if chosen else ""
    return _known(tuple(sorted(depends)), chosen, stamp)
