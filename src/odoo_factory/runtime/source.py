"""Reading an Odoo source tree: its series, edition and addons folders."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from odoo_factory.errors import InputError
from odoo_factory.runtime.addons import Addon, find_addons

__all__ = ["OdooSource", "excluded_for_community", "inspect_source"]

COMMUNITY_LICENSE = "LGPL-3"


@dataclass(frozen=True)
class OdooSource:
    root: Path
    series: str
    version: str
    edition: str  # "community" | "enterprise"
    addons_paths: tuple[Path, ...]

    @property
    def requirements(self) -> Path:
        return self.root / "requirements.txt"


def _release_values(release: Path) -> dict[str, object]:
    """Evaluate the simple assignments of ``odoo/release.py`` without importing Odoo."""
    tree = ast.parse(release.read_text(encoding="utf-8"), str(release))
    values: dict[str, object] = {}
    for node in tree.body:
        if not isinstance(node, ast.Assign):
            continue
        try:
            code = compile(ast.Expression(node.value), str(release), "eval")
            value = eval(code, {"__builtins__": {"str": str, "len": len}}, dict(values))
        except Exception:
            continue
        for target in node.targets:
            for name in ast.walk(target):
                if isinstance(name, ast.Name):
                    values[name.id] = value
    return values


def inspect_source(root: Path, extra_addons_paths: tuple[Path, ...] = ()) -> OdooSource:
    """Facts about the Odoo tree at ``root``; InputError when it is not one."""
    root = root.expanduser().resolve()
    release = root / "odoo" / "release.py"
    if not root.is_dir() or not release.is_file() or not (root / "odoo" / "cli").is_dir():
        raise InputError(
            f"{root} is not an Odoo source tree (no odoo/release.py and odoo/cli)",
            hint="give the folder that holds odoo-bin, e.g. a checkout of github.com/odoo/odoo",
        )
    values = _release_values(release)
    info = values.get("version_info")
    if not isinstance(info, tuple) or len(info) < 2:
        raise InputError("odoo/release.py has no version_info", file=release)
    series = str(values.get("serie") or values.get("major_version") or f"{info[0]}.{info[1]}")
    version = str(values.get("version") or series)
    edition = "enterprise" if len(info) > 5 and info[5] == "e" else "community"
    paths = [root / "odoo" / "addons"]
    if (root / "addons").is_dir():
        paths.append(root / "addons")
    for extra in extra_addons_paths:
        extra = extra.expanduser().resolve()
        if not extra.is_dir():
            raise InputError(f"addons path {extra} is not a folder", hint="check --addons-path")
        paths.append(extra)
    if edition == "community" and any((path / "web_enterprise").is_dir() for path in paths):
        edition = "enterprise"
    return OdooSource(root, series, version, edition, tuple(paths))


def excluded_for_community(addons: dict[str, Addon]) -> set[str]:
    """Addons whose license is not LGPL-3, and every addon that depends on one of them."""
    excluded = {name for name, addon in addons.items() if addon.license != COMMUNITY_LICENSE}
    changed = True
    while changed:
        changed = False
        for name, addon in addons.items():
            if name not in excluded and any(dep in excluded for dep in addon.depends):
                excluded.add(name)
                changed = True
    return excluded


def source_addons(source: OdooSource) -> dict[str, Addon]:
    return find_addons(source.addons_paths)
