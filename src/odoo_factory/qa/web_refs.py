"""Web client references: every widget a view names, every tag of a client action and every
asset file the manifest (or, up to 14.0, an assets template) names must exist.

Widgets and client action tags are the addon's own (registered in its ``static/src``
JavaScript), a dependency's on the addons path (read the same way), or standard ones of the
series (``catalogue/web_names.json``, built from Odoo's sources by
``scripts/build_web_names.py``). For a series the table does not cover, unknown names are
reported as info: they could not be checked.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from odoo_factory.qa.context import CheckContext
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.xmltree import XmlNode

__all__ = ["check_web_references", "registered_names", "standard_web_names"]

_NAME = r"""\(\s*["']([A-Za-z0-9_.\-]+)["']"""
_PATTERNS = {
    "fields": (
        re.compile(r"""category\(\s*["']fields["']\s*\)\s*\.add""" + _NAME),
        re.compile(r"""(?:fieldRegistry|field_registry)\s*\.add""" + _NAME),
    ),
    "actions": (
        re.compile(r"""category\(\s*["']actions["']\s*\)\s*\.add""" + _NAME),
        re.compile(r"""action_registry\s*\.add""" + _NAME),
    ),
}
_ALWAYS = frozenset({"base", "web"})
_MAX_JS = 2 * 1024 * 1024


@cache
def _table() -> dict[str, dict[str, dict[str, str]]]:
    text = (resources.files("odoo_factory.qa.catalogue") / "web_names.json").read_text("utf-8")
    data: dict[str, dict[str, dict[str, str]]] = json.loads(text)
    return data


def standard_web_names(series: str) -> dict[str, dict[str, str]] | None:
    """``{"fields": {widget: addon}, "actions": {tag: addon}}`` of the series, or None."""
    return _table().get(series)


def registered_names(addon_dir: Path) -> dict[str, set[str]]:
    """Field widgets and client action tags an addon registers in its static JavaScript."""
    found: dict[str, set[str]] = {kind: set() for kind in _PATTERNS}
    src = addon_dir / "static" / "src"
    if not src.is_dir():
        return found
    for js in sorted(src.rglob("*.js")):
        if "tests" in js.relative_to(addon_dir).parts:
            continue
        try:
            if js.stat().st_size > _MAX_JS:
                continue
            text = js.read_text("utf-8", errors="replace")
        except OSError:
            continue
        for kind, patterns in _PATTERNS.items():
            for pattern in patterns:
                found[kind].update(pattern.findall(text))
    return found


def _diag(
    rel: str, line: int | None, rule: str, message: str, hint: str, sev: Severity
) -> Diagnostic:
    return Diagnostic(
        source="factory",
        severity=sev,
        category="reference",
        rule=rule,
        file=rel,
        line=line,
        message=message,
        hint=hint,
    )


def _closest(word: str, choices: set[str]) -> str:
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}? " if match else ""


class _Names:
    """What the addon can name, per kind: its own, its dependencies' and standard names."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        own = registered_names(ctx.addon.path)
        self.local: dict[str, dict[str, str]] = {
            kind: {name: ctx.addon.name for name in names} for kind, names in own.items()
        }
        for dep in sorted(ctx.closure):
            if dep in ctx.path_addons:
                for kind, names in registered_names(ctx.path_addons[dep]).items():
                    for name in names:
                        self.local[kind].setdefault(name, dep)
        self.standard = standard_web_names(ctx.series)
        self.installed = ctx.closure | ctx.auto_addons | _ALWAYS | {ctx.addon.name}

    def resolve(self, kind: str, name: str, view_type: str | None = None) -> str | None:
        """The addon that registers ``name`` (a list widget may be 'list.name'); None."""
        keys = [name] + ([f"{view_type}.{name}"] if view_type else [])
        for key in keys:
            if key in self.local[kind]:
                return self.local[kind][key]
            if self.standard is not None and key in self.standard.get(kind, {}):
                return self.standard[kind][key]
        return None

    def choices(self, kind: str) -> set[str]:
        names = set(self.local[kind])
        if self.standard is not None:
            names |= {
                n for n, addon in self.standard.get(kind, {}).items() if addon in self.installed
            }
        return names

    def check(
        self, kind: str, name: str, rel: str, line: int, view_type: str | None
    ) -> list[Diagnostic]:
        what = "widget" if kind == "fields" else "client action tag"
        rule = "widget-unknown" if kind == "fields" else "client-action-unknown"
        addon = self.resolve(kind, name, view_type)
        if addon is not None:
            if addon in self.installed or not self.ctx.complete:
                return []
            return [
                _diag(
                    rel,
                    line,
                    rule,
                    f"{what} {name!r} comes from addon {addon!r}, which this addon does not "
                    "depend on",
                    f"add {addon!r} to the manifest's depends",
                    Severity.ERROR,
                )
            ]
        if self.standard is None or not self.ctx.complete:
            return [
                _diag(
                    rel,
                    line,
                    rule,
                    f"{what} {name!r} could not be checked: no table of standard names for "
                    f"{self.ctx.series}, or a dependency is unknown",
                    "make sure an addon registers it",
                    Severity.INFO,
                )
            ]
        registry = "fields" if kind == "fields" else "actions"
        return [
            _diag(
                rel,
                line,
                rule,
                f"no {what} {name!r} in the addon, its dependencies or Odoo {self.ctx.series}",
                _closest(name, self.choices(kind))
                + f"register it in the {registry!r} registry of a JavaScript asset, or fix "
                "the name",
                Severity.ERROR,
            )
        ]


def _view_type(record: XmlNode) -> str | None:
    arch = record.field_value("arch")
    if arch is None:
        return None
    for child in arch.children:
        if child.tag in ("form", "list", "tree", "kanban", "search"):
            return "list" if child.tag == "tree" else child.tag
    return None


def _widgets(root: XmlNode) -> list[tuple[str, int, str | None]]:
    """(widget, line, view type) of every field of every view in a data file."""
    found: list[tuple[str, int, str | None]] = []
    for record in root.iter("record"):
        if record.get("model") != "ir.ui.view":
            continue
        arch = record.field_value("arch")
        if arch is None:
            continue
        kind = _view_type(record)
        for node in arch.iter():
            if node.tag == "field" and node is not arch and node.get("widget"):
                found.append((node.get("widget") or "", node.line, kind))
            elif node.tag == "attribute" and node.get("name") == "widget" and node.text.strip():
                found.append((node.text.strip(), node.line, kind))
    return found


def _tags(root: XmlNode) -> list[tuple[str, int]]:
    found: list[tuple[str, int]] = []
    for record in root.iter("record"):
        if record.get("model") == "ir.actions.client":
            tag = record.field_value("tag")
            if tag is not None and tag.text.strip():
                found.append((tag.text.strip(), tag.line))
    return found


def _manifest_line(ctx: CheckContext, value: str) -> int:
    try:
        text = (ctx.addon.path / ctx.addon.manifest_file).read_text("utf-8")
    except OSError:
        return 1
    for number, line in enumerate(text.splitlines(), start=1):
        if f'"{value}"' in line or f"'{value}'" in line:
            return number
    return 1


def _exists(root: Path, pattern: str) -> bool:
    if any(ch in pattern for ch in "*?["):
        return any(
            fnmatch.fnmatch(p.relative_to(root).as_posix(), pattern)
            for p in root.rglob("*")
            if p.is_file()
        )
    return (root / pattern).is_file()


def _asset_entries(value: Any) -> list[str]:
    """Paths of a bundle's list: plain strings and the path of (directive, path[, ...])."""
    paths: list[str] = []
    if not isinstance(value, (list, tuple)):
        return paths
    for item in value:
        if isinstance(item, str):
            paths.append(item)
        elif isinstance(item, (list, tuple)) and len(item) >= 2 and isinstance(item[1], str):
            if item[0] in ("include",):
                continue  # names a bundle, not a file
            if item[0] == "remove" or item[0] in ("prepend", "append"):
                paths.append(item[1])
            elif item[0] in ("after", "before", "replace") and len(item) >= 3:
                paths.append(str(item[2]))
    return paths


def _missing_file(rel: str, line: int, path: str, where: str) -> Diagnostic:
    return _diag(
        rel,
        line,
        "asset-missing",
        f"{where} names {path!r}, which is not a file of the addon",
        "create the file, or fix the path (relative to the addons folder: addon/static/...)",
        Severity.ERROR,
    )


def _asset_paths(ctx: CheckContext) -> list[Diagnostic]:
    source = ctx.addon
    found: list[Diagnostic] = []
    mf = source.manifest_file
    prefix = source.name + "/"
    assets = source.manifest.get("assets", {})
    if isinstance(assets, dict):
        for bundle, entries in assets.items():
            for path in _asset_entries(entries):
                if path.startswith(prefix) and not _exists(source.path, path[len(prefix) :]):
                    where = f"bundle {bundle!r} of the manifest"
                    found.append(_missing_file(mf, _manifest_line(ctx, path), path, where))
    qweb = source.manifest.get("qweb", [])
    if isinstance(qweb, (list, tuple)):
        for path in qweb:
            if isinstance(path, str) and not _exists(source.path, path):
                line = _manifest_line(ctx, path)
                found.append(_missing_file(mf, line, path, "the manifest's qweb list"))
    for rel, root in source.xml.items():
        for template in root.iter("template"):
            for node in template.iter():
                url = node.get("src") if node.tag == "script" else None
                if node.tag == "link":
                    url = node.get("href")
                local = url[len(prefix) + 1 :] if url and url.startswith("/" + prefix) else None
                if local is not None and not _exists(source.path, local):
                    found.append(_missing_file(rel, node.line, url or "", "the assets template"))
    return found


def check_web_references(ctx: CheckContext) -> list[Diagnostic]:
    names = _Names(ctx)
    found: list[Diagnostic] = []
    for rel, root in sorted(ctx.addon.xml.items()):
        for widget, line, view_type in _widgets(root):
            found += names.check("fields", widget, rel, line, view_type)
        for tag, line in _tags(root):
            found += names.check("actions", tag, rel, line, None)
    return found + _asset_paths(ctx)
