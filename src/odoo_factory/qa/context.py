"""What the checked addon can see: its dependencies, their models and their XML ids.

Dependencies come from addons beside the addon or on the addons path (read from their
sources) or from the series catalogue. A dependency known to neither makes the context
*incomplete*: checks then report what they cannot prove as info, never as an error.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from manifestoo_core.core_addons import is_core_addon, is_core_ce_addon
from manifestoo_core.odoo_series import OdooSeries

from odoo_factory.errors import AddonError
from odoo_factory.qa.addon_files import AddonSource, load_addon
from odoo_factory.qa.catalogue import Catalogue, load_catalogue
from odoo_factory.qa.model_index import ModelIndex, catalogue_entry
from odoo_factory.qa.xmlids import code_definitions, csv_definitions, xml_definitions
from odoo_factory.runtime.addons import find_addons

__all__ = ["CheckContext", "build_context", "code_ids", "generated_xmlids", "model_xmlid"]


def model_xmlid(model: str) -> str:
    """The XML id Odoo gives the ir.model record of ``model``: 'model_sale_order'."""
    return "model_" + model.replace(".", "_")


def generated_xmlids(models: dict[str, dict[str, Any]]) -> set[str]:
    """Ids Odoo creates for a module's models and fields (every module that touches one)."""
    ids: set[str] = set()
    for model, item in models.items():
        ids.add(model_xmlid(model))
        prefix = "field_" + model.replace(".", "_") + "__"
        ids.update(prefix + name for name in item.get("f", {}))
    return ids


@dataclass
class CheckContext:
    addon: AddonSource
    series: str
    catalogue: Catalogue | None
    path_addons: dict[str, Path]
    closure: set[str] = field(default_factory=set)  # dependencies, recursively, not the addon
    unknown: set[str] = field(default_factory=set)  # dependencies nobody knows
    index: ModelIndex = field(default_factory=ModelIndex)
    xmlids: dict[str, frozenset[str]] = field(default_factory=dict)  # module -> data ids
    demo_xmlids: dict[str, frozenset[str]] = field(default_factory=dict)  # module -> demo ids
    dependency_models: frozenset[str] = frozenset()  # models the dependencies define or extend
    # addons Odoo installs automatically along with the dependencies (auto_install), not in
    # the closure: what they bring exists once installed, in no guaranteed order
    auto_addons: set[str] = field(default_factory=set)
    entries: list[dict[str, dict[str, Any]]] = field(default_factory=list)  # closure's models
    _auto_index: ModelIndex | None = None

    @property
    def complete(self) -> bool:
        return not self.unknown

    def known_addon(self, name: str) -> bool:
        return (
            name in self.path_addons
            or (self.catalogue is not None and self.catalogue.has(name))
            or is_core_addon(name, OdooSeries(self.series))
        )

    def is_core_ce(self, name: str) -> bool:
        return is_core_ce_addon(name, OdooSeries(self.series))

    @property
    def auto_index(self) -> ModelIndex:
        """The models with those of the automatically installed addons."""
        if self._auto_index is None:
            index = ModelIndex()
            for entry in self.entries:
                index.add_entry(entry)
            for name in sorted(self.auto_addons):
                if self.catalogue is not None:
                    index.add_entry(self.catalogue.models(name))
            index.add_models(model for _rel, model in self.addon.models)
            self._auto_index = index
        return self._auto_index

    def automatic_source(self, model: str, field_name: str | None = None) -> str | None:
        """The automatically installed addon that brings ``model`` or its ``field_name``."""
        if self.catalogue is None:
            return None
        for name in sorted(self.auto_addons):
            item = self.catalogue.models(name).get(model)
            if item is None:
                continue
            if field_name is None:
                if item.get("n"):
                    return name
            elif field_name in item.get("f", {}) or any(
                field_name in (self.auto_index.fields_of(parent) or {})
                for parent in item.get("i", [])
                if parent != model  # a mixin the addon adds, e.g. website.published.mixin
            ):
                return name
        return None


def _automatic(context: CheckContext, catalogue: Catalogue) -> set[str]:
    """Addons installed along with the closure because their auto_install triggers are in it."""
    installed = set(context.closure) | {"base"}
    added: set[str] = set()
    changed = True
    while changed:
        changed = False
        for name in catalogue.addons:
            triggers = catalogue.auto_install(name)
            if name in installed or triggers is None or not triggers <= installed:
                continue
            stack = [name]
            while stack:
                current = stack.pop()
                if current in installed or not catalogue.has(current):
                    continue
                installed.add(current)
                added.add(current)
                stack.extend(catalogue.depends(current))
            changed = True
    return added


def _series_supported(series: str) -> bool:
    return series in {s.value for s in OdooSeries}


def code_ids(source: AddonSource) -> set[str]:
    """Ids of the addon that its code or its <function> calls create."""
    ids: set[str] = set()
    for tree in source.python.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value in ("xml_id", "xmlid")
                        and isinstance(value, ast.Constant)
                        and isinstance(value.value, str)
                    ):
                        ids.update(code_definitions(f"'xml_id': '{value.value}'", source.name))
    for root in source.xml.values():
        for function in root.iter("function"):
            texts = [function.full_text(), *function.attrib.values()]
            texts.extend(v for child in function.iter() for v in child.attrib.values())
            for text in texts:
                ids.update(code_definitions(text, source.name))
    return ids


def _ids_of_source(source: AddonSource, key: str = "data") -> frozenset[str]:
    ids: set[str] = set()
    for rel in source.data_files(key):
        if rel in source.xml:
            ids.update(xmlid for xmlid, _ in xml_definitions(source.xml[rel]))
        elif rel in source.csv:
            ids.update(xmlid for xmlid, _ in csv_definitions(rel, source.csv[rel]))
    if key == "data":
        ids.update(code_ids(source))
        ids.update(generated_xmlids(catalogue_entry(model for _rel, model in source.models)))
    local = {xmlid.removeprefix(source.name + ".") for xmlid in ids}
    return frozenset(xmlid for xmlid in local if "." not in xmlid)


def build_context(source: AddonSource, series: str, addons_path: Iterable[Path]) -> CheckContext:
    if not _series_supported(series):
        raise AddonError(f"no addon lists for Odoo series {series!r}")
    catalogue = load_catalogue(series)
    folders = [source.path.parent, *(Path(p) for p in addons_path)]
    path_addons = {
        name: addon.path
        for name, addon in find_addons(folders).items()
        if addon.path != source.path
    }
    context = CheckContext(source, series, catalogue, path_addons)
    stack = [*source.depends, "base"]
    while stack:
        name = stack.pop()
        if name in context.closure or name in context.unknown or name == source.name:
            continue
        if catalogue is not None and catalogue.has(name):
            context.closure.add(name)
            context.index.add_entry(catalogue.models(name))
            context.entries.append(catalogue.models(name))
            ids = set(catalogue.xmlids(name)) | generated_xmlids(catalogue.models(name))
            context.xmlids[name] = frozenset(ids)
            context.demo_xmlids[name] = catalogue.demo_xmlids(name)
            stack.extend(catalogue.depends(name))
        elif name in path_addons:
            try:
                dep = load_addon(path_addons[name])
            except AddonError:
                context.unknown.add(name)
                continue
            context.closure.add(name)
            context.index.add_models(model for _rel, model in dep.models)
            context.entries.append(catalogue_entry(model for _rel, model in dep.models))
            context.xmlids[name] = _ids_of_source(dep)
            context.demo_xmlids[name] = _ids_of_source(dep, "demo")
            stack.extend(dep.depends)
        else:
            context.unknown.add(name)
    context.dependency_models = frozenset(context.index.contributions)
    if catalogue is not None:
        context.auto_addons = _automatic(context, catalogue) - {source.name}
    context.index.add_models(model for _rel, model in source.models)
    return context
