"""The fields each model has, merged over every addon that contributes to it.

A model's fields are the union of what each contributing class declares, what its
``_inherit`` parents and ``_inherits`` parents have, and the fields Odoo adds to every model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from odoo_factory.qa.pymodels import ModelDef

__all__ = ["MAGIC_FIELDS", "ModelIndex", "catalogue_entry"]

MAGIC_FIELDS = frozenset(
    {"id", "display_name", "create_uid", "create_date", "write_uid", "write_date", "__last_update"}
)


@dataclass
class _Contribution:
    fields: dict[str, tuple[str, str | None]]
    inherit: list[str]
    inherits: list[str]
    declares_name: bool


def catalogue_entry(models: Iterable[ModelDef]) -> dict[str, dict[str, Any]]:
    """Models of one addon in the catalogue's compact form (see :mod:`.catalogue`)."""
    entry: dict[str, dict[str, Any]] = {}
    for model in models:
        item = entry.setdefault(model.name, {"f": {}, "i": [], "h": {}, "k": model.kind})
        for f in model.fields.values():
            item["f"][f.name] = f"{f.type}:{f.comodel}" if f.comodel else f.type
        item["i"] = sorted(set(item["i"]) | set(model.inherit))
        item["h"].update(model.inherits)
        if model.declares_name:
            item["n"] = 1
    for item in entry.values():
        for key in ("i", "h"):
            if not item[key]:
                del item[key]
    return entry


@dataclass
class ModelIndex:
    """Models known from a set of addons (catalogue entries and parsed Python)."""

    contributions: dict[str, list[_Contribution]] = field(default_factory=dict)
    _cache: dict[str, dict[str, tuple[str, str | None]]] = field(default_factory=dict)
    _parents_cache: dict[str, set[str]] = field(default_factory=dict)

    def add_entry(self, models: dict[str, dict[str, Any]]) -> None:
        for name, item in models.items():
            fields: dict[str, tuple[str, str | None]] = {}
            for fname, spec in item.get("f", {}).items():
                ftype, _, comodel = str(spec).partition(":")
                fields[fname] = (ftype, comodel or None)
            self.contributions.setdefault(name, []).append(
                _Contribution(
                    fields, list(item.get("i", [])), list(item.get("h", {})), bool(item.get("n"))
                )
            )
        self._cache.clear()
        self._parents_cache.clear()

    def add_models(self, models: Iterable[ModelDef]) -> None:
        self.add_entry(catalogue_entry(models))

    def inherits_parents(self) -> set[str]:
        """Models some model delegates to through ``_inherits``."""
        if "__inherits__" not in self._parents_cache:
            self._parents_cache["__inherits__"] = {
                parent
                for items in self.contributions.values()
                for c in items
                for parent in c.inherits
            }
        return self._parents_cache["__inherits__"]

    def knows(self, model: str) -> bool:
        return model in self.contributions

    def fields_of(self, model: str) -> dict[str, tuple[str, str | None]] | None:
        """Field name -> (type, comodel) of ``model``; None when the model is unknown."""
        if model not in self.contributions:
            return None
        return self._resolve(model, set())

    def _resolve(self, model: str, seen: set[str]) -> dict[str, tuple[str, str | None]]:
        if model in self._cache:
            return self._cache[model]
        seen = seen | {model}
        result: dict[str, tuple[str, str | None]] = {name: ("Magic", None) for name in MAGIC_FIELDS}
        for contribution in self.contributions.get(model, []):
            parents = [p for p in contribution.inherit if p != model] + contribution.inherits
            for parent in parents:
                if parent not in seen and parent in self.contributions:
                    for name, spec in self._resolve(parent, seen).items():
                        result.setdefault(name, spec)
            result.update(contribution.fields)
        self._cache[model] = result
        return result
