"""Addon folders: reading a manifest safely, finding addons on a path, dependency closures."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from odoo_factory.errors import AddonError

__all__ = [
    "Addon",
    "AddonIndex",
    "dependency_closure",
    "find_addons",
    "read_addon",
    "read_manifest",
]

MANIFEST_NAMES = ("__manifest__.py", "__openerp__.py")


@dataclass(frozen=True)
class Addon:
    name: str
    path: Path
    manifest: dict[str, Any] = field(hash=False, compare=False)

    @property
    def depends(self) -> list[str]:
        return [str(dep) for dep in self.manifest.get("depends", [])]

    @property
    def version(self) -> str:
        return str(self.manifest.get("version", ""))

    @property
    def license(self) -> str:
        return str(self.manifest.get("license", "LGPL-3"))

    @property
    def installable(self) -> bool:
        return bool(self.manifest.get("installable", True))

    @property
    def auto_install(self) -> bool:
        return bool(self.manifest.get("auto_install", False))

    def version_series(self) -> str | None:
        """The series a 5-part manifest version names ('17.0.1.0.0' -> '17.0'), if any."""
        parts = self.version.split(".")
        if len(parts) >= 4 and all(part.isdigit() for part in parts[:2]):
            return f"{parts[0]}.{parts[1]}"
        return None


_LITERAL_NODES = (
    ast.Dict,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.Constant,
    ast.UnaryOp,
    ast.USub,
    ast.UAdd,
    ast.expr_context,
)


def manifest_path(path: Path) -> Path | None:
    for name in MANIFEST_NAMES:
        candidate = path / name
        if candidate.is_file():
            return candidate
    return None


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the addon at ``path`` as a dict; AddonError when it is not one."""
    manifest = manifest_path(path)
    if manifest is None:
        raise AddonError(
            f"{path} is not an Odoo addon: it has no __manifest__.py",
            hint="point at the addon's own folder (the one holding __manifest__.py)",
        )
    try:
        text = manifest.read_text(encoding="utf-8")
        tree = ast.parse(text, str(manifest), mode="eval")
    except (OSError, UnicodeDecodeError) as exc:
        raise AddonError(f"cannot read the manifest: {exc}", file=manifest) from exc
    except SyntaxError as exc:
        raise AddonError(
            f"the manifest is not valid Python: {exc.msg}",
            hint="fix the syntax of __manifest__.py",
            file=manifest,
            line=exc.lineno,
        ) from exc
    try:
        value = ast.literal_eval(tree)
    except ValueError as exc:
        offending = next(
            (node for node in ast.walk(tree.body) if not isinstance(node, _LITERAL_NODES)),
            tree.body,
        )
        raise AddonError(
            "the manifest is not a Python literal (a dict of constants)",
            hint="remove expressions, names and calls from __manifest__.py",
            file=manifest,
            line=getattr(offending, "lineno", None),
        ) from exc
    if not isinstance(value, dict):
        raise AddonError("the manifest is not a dict", file=manifest, line=1)
    return value


def read_addon(path: Path) -> Addon:
    path = path.resolve()
    if not path.is_dir():
        raise AddonError(f"{path} is not a folder", hint="give the addon's folder")
    return Addon(name=path.name, path=path, manifest=read_manifest(path))


def find_addons(paths: Iterable[Path]) -> dict[str, Addon]:
    """Addons found directly below each folder of ``paths``; the first path wins a name."""
    found: dict[str, Addon] = {}
    for folder in paths:
        if not folder.is_dir():
            continue
        for child in sorted(folder.iterdir()):
            if child.name in found or not child.is_dir() or manifest_path(child) is None:
                continue
            try:
                found[child.name] = Addon(child.name, child.resolve(), read_manifest(child))
            except AddonError:
                continue
    return found


class AddonIndex:
    """Addons on a path, looked up by name: a manifest is read only when asked for.

    Finding the dependencies of one addon reads a dozen manifests instead of every one of the
    hundreds on Odoo's path. The first folder that holds a name wins, as in Odoo.
    """

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = [Path(path) for path in paths]
        self._cache: dict[str, Addon | None] = {}

    def get(self, name: str) -> Addon | None:
        if name not in self._cache:
            self._cache[name] = self._find(name)
        return self._cache[name]

    def _find(self, name: str) -> Addon | None:
        if not name or "/" in name or name.startswith("."):
            return None
        for folder in self.paths:
            candidate = folder / name
            if manifest_path(candidate) is None:
                continue
            try:
                return Addon(name, candidate.resolve(), read_manifest(candidate))
            except AddonError:
                return None
        return None

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.get(name) is not None


def dependency_closure(
    names: Iterable[str], available: AddonIndex | dict[str, Addon]
) -> tuple[set[str], set[str]]:
    """All addons ``names`` need (themselves included), and the names that are missing."""
    seen: set[str] = set()
    missing: set[str] = set()
    stack = list(names)
    while stack:
        name = stack.pop()
        if name in seen or name in missing:
            continue
        addon = available.get(name)
        if addon is None:
            missing.add(name)
            continue
        seen.add(name)
        stack.extend(addon.depends)
    return seen, missing
