"""Building a catalogue from Odoo sources: the addons of a source tree or of a runtime's path.

Odoo is never imported: models come from :mod:`ast`, XML ids and views from an expat parser.
The shipped catalogues are built from Odoo Community sources (LGPL-3 addons only) by
``scripts/build_catalogue.py``; ``odoo-factory runtime catalogue`` builds one from a registered
runtime's own addons path (Enterprise and custom addons included) into the data folder, where
it takes the place of the shipped one for that series.
"""

from __future__ import annotations

import ast
import csv
import gzip
import io
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from odoo_factory.qa.model_index import catalogue_entry
from odoo_factory.qa.pymodels import ModelDef, models_in_module
from odoo_factory.qa.view_arch import ViewDef, combine, encode, extension_map, views_in
from odoo_factory.qa.xmlids import code_definitions, xml_definitions
from odoo_factory.qa.xmltree import XmlSyntaxError, parse_xml

__all__ = ["Built", "build_catalogue", "source_roots", "write_catalogue"]

SKIPPED_PREFIXES = ("test_", "theme_", "hw_")
SKIPPED_DIRS = {"tests", "migrations", "upgrades", "static", "__pycache__"}
BACKEND_VIEWS = frozenset(
    {"form", "tree", "list", "search", "kanban", "calendar", "pivot", "graph", "activity",
     "gantt", "cohort", "map", "hierarchy", "grid"}
)  # fmt: skip

Skip = Callable[[Path, str], None]


def source_roots(tree: Path) -> list[Path]:
    """The addons folders of an Odoo source tree."""
    return [p for p in (tree / "odoo" / "addons", tree / "addons") if p.is_dir()]


@dataclass(frozen=True)
class _Addon:
    path: Path
    manifest: dict[str, Any]

    @property
    def name(self) -> str:
        return self.path.name

    def files(self, key: str) -> list[str]:
        return [str(rel) for rel in self.manifest.get(key, []) if isinstance(rel, str)]


def _addons(roots: Iterable[Path], licences: frozenset[str] | None, skip: Skip) -> list[_Addon]:
    """Installable addons below ``roots`` (the first folder holding a name wins, as in Odoo)."""
    found: dict[str, _Addon] = {}
    for root in roots:
        if not root.is_dir():
            continue
        for path in sorted(root.iterdir()):
            manifest_file = path / "__manifest__.py"
            if path.name in found or path.name.startswith(SKIPPED_PREFIXES):
                continue
            if not manifest_file.is_file():
                continue
            try:
                manifest = ast.literal_eval(manifest_file.read_text("utf-8"))
            except (SyntaxError, ValueError, UnicodeDecodeError) as exc:
                skip(manifest_file, str(exc))
                continue
            if not isinstance(manifest, dict) or not manifest.get("installable", True):
                continue
            if licences is not None and manifest.get("license", "LGPL-3") not in licences:
                continue
            found[path.name] = _Addon(path, manifest)
    return list(found.values())


def _python_files(addon: Path) -> Iterator[Path]:
    for path in sorted(addon.rglob("*.py")):
        if not SKIPPED_DIRS.intersection(path.relative_to(addon).parts[:-1]):
            yield path


def _models(addon: Path, skip: Skip) -> list[ModelDef]:
    models: list[ModelDef] = []
    for path in _python_files(addon):
        try:
            models.extend(models_in_module(ast.parse(path.read_bytes(), filename=str(path))))
        except (SyntaxError, ValueError) as exc:
            skip(path, str(exc))
    return models


def _xmlids(addon: Path, data_files: list[str], skip: Skip, code: bool = False) -> list[str]:
    """Ids the data files (and with ``code``, the Python) define for ``addon``, unprefixed."""
    ids: set[str] = set()
    if code:
        for path in _python_files(addon):
            ids.update(code_definitions(path.read_text("utf-8", "replace"), addon.name))
    for rel in data_files:
        path = addon / rel
        if not path.is_file():
            continue
        if rel.endswith(".xml"):
            ids.update(code_definitions(path.read_text("utf-8", "replace"), addon.name))
            try:
                ids.update(xmlid for xmlid, _line in xml_definitions(parse_xml(path.read_bytes())))
            except XmlSyntaxError as exc:
                skip(path, str(exc))
        elif rel.endswith(".csv"):
            reader = csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))
            ids.update(row["id"] for row in reader if row.get("id"))
    local = {i.removeprefix(addon.name + ".") for i in ids}
    return sorted(i for i in local if "." not in i)


def _views(addon: _Addon, skip: Skip) -> list[ViewDef]:
    views: list[ViewDef] = []
    for rel in addon.files("data"):
        path = addon.path / rel
        if rel.endswith(".xml") and path.is_file():
            try:
                views.extend(views_in(parse_xml(path.read_bytes()), addon.name, rel))
            except XmlSyntaxError as exc:
                skip(path, str(exc))
    return views


def _base(view: ViewDef, views: dict[str, ViewDef]) -> ViewDef | None:
    """The view whose arch ``view`` ends up in: itself, or the root of its inheritance chain."""
    seen: set[str] = set()
    current: ViewDef | None = view
    while current is not None and current.parent and current.xmlid not in seen:
        seen.add(current.xmlid)
        if current.primary:
            return current
        current = views.get(current.parent)
    return current


def _combined_views(addons: list[_Addon], skip: Skip) -> dict[str, Any]:
    """{"v": {xmlid: arch as JSON}, "r": {extension xmlid: the view it extends}, "a": [addons]}."""
    views: dict[str, ViewDef] = {}
    for addon in addons:
        for view in _views(addon, skip):
            views[view.xmlid] = view
    extensions = extension_map(views.values())
    combined: dict[str, Any] = {}
    aliases: dict[str, str] = {}
    for xmlid, view in views.items():
        base = _base(view, views)
        if base is None or base.kind != "view":
            continue
        root = views[base.parent].root if base.parent and base.parent in views else base.root
        if base.root.tag not in BACKEND_VIEWS and root.tag not in BACKEND_VIEWS:
            continue
        if base is view:
            arch = encode(combine(xmlid, views, extensions))
            combined[xmlid] = json.dumps(arch, separators=(",", ":"), ensure_ascii=False)
        else:
            aliases[xmlid] = base.xmlid
    aliases = {x: b for x, b in aliases.items() if b in combined}
    return {"a": sorted(a.name for a in addons), "r": aliases, "v": combined}


@dataclass(frozen=True)
class Built:
    """A catalogue and its view catalogue, ready to be written."""

    series: str
    source: str
    addons: dict[str, dict[str, Any]]
    views: dict[str, Any]

    @property
    def model_count(self) -> int:
        return sum(len(a.get("m", {})) for a in self.addons.values())


def _ignore(_path: Path, _problem: str) -> None:
    return None


def build_catalogue(
    roots: Iterable[Path],
    series: str,
    source: str,
    *,
    licences: frozenset[str] | None = None,
    skip: Skip = _ignore,
) -> Built:
    """The catalogue of the addons below ``roots``; only those of ``licences`` when given.

    ``skip`` hears of every file that could not be read (it is left out)."""
    addons = _addons(list(roots), licences, skip)
    entries: dict[str, dict[str, Any]] = {}
    for addon in addons:
        auto = addon.manifest.get("auto_install", False)
        entry: dict[str, Any] = {
            "a": sorted(auto) if isinstance(auto, (list, tuple)) else int(bool(auto)),
            "d": list(addon.manifest.get("depends", [])),
            "m": catalogue_entry(_models(addon.path, skip)),
            "x": _xmlids(addon.path, addon.files("data"), skip, code=True),
            "y": _xmlids(addon.path, addon.files("demo"), skip),
        }
        entries[addon.name] = {key: value for key, value in entry.items() if value}
    return Built(series, source, entries, _combined_views(addons, skip))


def _write_gz(path: Path, payload: dict[str, Any]) -> None:
    """Write ``payload`` compressed, atomically (a reader never sees half a file)."""
    data = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    partial.replace(path)


def write_catalogue(built: Built, folder: Path) -> tuple[Path, Path]:
    """Write ``<series>.json.gz`` and ``views/<series>.json.gz`` into ``folder``."""
    models = folder / f"{built.series}.json.gz"
    views = folder / "views" / f"{built.series}.json.gz"
    _write_gz(views, {**built.views, "series": built.series, "source": built.source})
    _write_gz(models, {"series": built.series, "source": built.source, "addons": built.addons})
    return models, views
