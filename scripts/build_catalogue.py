"""Build the catalogue of standard models, fields and XML ids of one Odoo series.

Reads an Odoo source tree with ``ast`` and an expat parser (Odoo is never imported) and writes
``src/odoo_factory/qa/catalogue/<series>.json.gz``::

    python scripts/build_catalogue.py /path/to/odoo-18.0 --series 18.0

Test addons, themes and hardware drivers are left out to keep the file small; the checks are
lenient about addons the catalogue does not know.

It also writes ``views/<series>.json.gz``: the combined arch of every backend view (form, list,
search, kanban, ...) of the LGPL-3 addons, with the standard views inheriting it applied, so
``check`` can tell whether an inherited view's xpath finds its target (QWeb templates are left
out for size; an addon inheriting one is told that it was not checked).
"""

from __future__ import annotations

import argparse
import ast
import csv
import gzip
import io
import json
import sys
from pathlib import Path
from typing import Any

from odoo_factory.qa.model_index import catalogue_entry
from odoo_factory.qa.pymodels import ModelDef, models_in_module
from odoo_factory.qa.view_arch import ViewDef, combine, encode, extension_map, views_in
from odoo_factory.qa.xmlids import code_definitions, xml_definitions
from odoo_factory.qa.xmltree import XmlSyntaxError, parse_xml

SKIPPED_PREFIXES = ("test_", "theme_", "hw_")
SKIPPED_DIRS = {"tests", "migrations", "upgrades", "static", "__pycache__"}
OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "odoo_factory" / "qa" / "catalogue"


def addon_roots(tree: Path) -> list[Path]:
    return [p for p in (tree / "odoo" / "addons", tree / "addons") if p.is_dir()]


def python_files(addon: Path) -> list[Path]:
    found = []
    for path in sorted(addon.rglob("*.py")):
        if not SKIPPED_DIRS.intersection(path.relative_to(addon).parts[:-1]):
            found.append(path)
    return found


def read_models(addon: Path) -> list[ModelDef]:
    models: list[ModelDef] = []
    for path in python_files(addon):
        try:
            models.extend(models_in_module(ast.parse(path.read_bytes(), filename=str(path))))
        except (SyntaxError, ValueError) as exc:
            print(f"skip {path}: {exc}", file=sys.stderr)
    return models


def read_xmlids(addon: Path, data_files: list[str], code: bool = False) -> list[str]:
    """Ids the data files (and with ``code``, the Python) define for ``addon``, unprefixed."""
    ids: set[str] = set()
    if code:
        for path in python_files(addon):
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
                print(f"skip {path}: {exc}", file=sys.stderr)
        elif rel.endswith(".csv"):
            reader = csv.DictReader(io.StringIO(path.read_text("utf-8-sig")))
            ids.update(row["id"] for row in reader if row.get("id"))
    local = {i.removeprefix(addon.name + ".") for i in ids}
    return sorted(i for i in local if "." not in i)


BACKEND_VIEWS = frozenset(
    {"form", "tree", "list", "search", "kanban", "calendar", "pivot", "graph", "activity",
     "gantt", "cohort", "map", "hierarchy", "grid"}
)  # fmt: skip


def read_views(addon: Path, data_files: list[str]) -> list[ViewDef]:
    views: list[ViewDef] = []
    for rel in data_files:
        path = addon / rel
        if rel.endswith(".xml") and path.is_file():
            try:
                views.extend(views_in(parse_xml(path.read_bytes()), addon.name, rel))
            except XmlSyntaxError as exc:
                print(f"skip {path}: {exc}", file=sys.stderr)
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


def build_views(tree: Path) -> dict[str, Any]:
    """Combined backend views of the LGPL-3 addons of ``tree``: {"v": {xmlid: arch as JSON},
    "r": {extension xmlid: the view it extends}, "a": [addons covered]}."""
    views: dict[str, ViewDef] = {}
    covered: list[str] = []
    for root in addon_roots(tree):
        for addon in sorted(root.iterdir()):
            manifest_file = addon / "__manifest__.py"
            if addon.name.startswith(SKIPPED_PREFIXES) or not manifest_file.is_file():
                continue
            manifest = ast.literal_eval(manifest_file.read_text("utf-8"))
            if not manifest.get("installable", True):
                continue
            if manifest.get("license", "LGPL-3") != "LGPL-3":
                continue  # Odoo Enterprise and other licences are not redistributed
            covered.append(addon.name)
            for view in read_views(addon, list(manifest.get("data", []))):
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
    return {"a": sorted(covered), "r": aliases, "v": combined}


def build(tree: Path) -> dict[str, dict[str, Any]]:
    addons: dict[str, dict[str, Any]] = {}
    for root in addon_roots(tree):
        for addon in sorted(root.iterdir()):
            manifest_file = addon / "__manifest__.py"
            if addon.name.startswith(SKIPPED_PREFIXES) or not manifest_file.is_file():
                continue
            manifest = ast.literal_eval(manifest_file.read_text("utf-8"))
            if not manifest.get("installable", True):
                continue
            auto = manifest.get("auto_install", False)
            entry: dict[str, Any] = {
                "a": sorted(auto) if isinstance(auto, (list, tuple)) else int(bool(auto)),
                "d": list(manifest.get("depends", [])),
                "m": catalogue_entry(read_models(addon)),
                "x": read_xmlids(addon, list(manifest.get("data", [])), code=True),
                "y": read_xmlids(addon, list(manifest.get("demo", []))),
            }
            addons[addon.name] = {key: value for key, value in entry.items() if value}
    return addons


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, help="an Odoo source tree (holding odoo/)")
    parser.add_argument("--series", required=True, help="the series of that tree, e.g. 18.0")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    addons = build(args.tree)
    if "base" not in addons:
        parser.error(f"{args.tree} holds no odoo/addons/base; is it an Odoo source tree?")
    payload = {"series": args.series, "source": "Odoo Community sources", "addons": addons}
    data = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode()
    out = args.out / f"{args.series}.json.gz"
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    models = sum(len(a.get("m", {})) for a in addons.values())
    print(f"{out}: {len(addons)} addons, {models} model entries, {out.stat().st_size} bytes")
    views = build_views(args.tree)
    views.update(series=args.series, source="Odoo Community sources (LGPL-3 addons)")
    data = json.dumps(views, separators=(",", ":"), sort_keys=True).encode()
    out = args.out / "views" / f"{args.series}.json.gz"
    out.parent.mkdir(exist_ok=True)
    out.write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    print(f"{out}: {len(views['v'])} views, {out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
