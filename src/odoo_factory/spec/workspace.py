"""Models of the addons a spec depends on that the catalogue does not know: other specs of the
same workspace and addon folders on disk.

A dependency is looked up, in order, in the shipped catalogue of standard addons, among the
spec files beside the spec (a ``*.yaml``, ``*.yml`` or ``*.json`` whose ``module.name`` is the
dependency), and as an addon folder (``<dependency>/__manifest__.py``) beside the spec or on
one of the given addons paths, whose Python models are read with :mod:`ast`. Their models and
fields are then known when the spec is validated and built, as if the catalogue had them: a
spec extends another spec's model without declaring its fields again.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from odoo_factory.qa.catalogue import available_catalogues, load_catalogue
from odoo_factory.qa.pymodels import models_in_module
from odoo_factory.spec.known import KnownModels, known_models
from odoo_factory.spec.models import ModuleSpec

__all__ = ["workspace_known"]

_SPEC_SUFFIXES = (".yaml", ".yml", ".json")
_MAX_FILE = 1 << 20


@dataclass
class _Models:
    """Fields and parents per model contributed by the workspace's addons."""

    fields: dict[str, set[str]] = field(default_factory=dict)
    parents: dict[str, set[str]] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)

    def add(
        self, addon: str, model: str, names: Iterable[str], parents: Iterable[str], new: bool
    ) -> None:
        self.fields.setdefault(model, set()).update(names)
        self.parents.setdefault(model, set()).update(p for p in parents if p != model)
        if new:
            self.owners.setdefault(model, addon)


def _read_spec(path: Path) -> ModuleSpec | None:
    """The spec at ``path`` without its cross-reference checks; None when it is not one."""
    from odoo_factory.spec.bounded_yaml import compose_bounded

    try:
        if path.stat().st_size > _MAX_FILE:
            return None
        data, _ = compose_bounded(path.read_text("utf-8"), str(path))
        return ModuleSpec.model_validate(data) if isinstance(data, dict) else None
    except Exception:  # anything unreadable is simply not a provider
        return None


def _folder(spec_file: str | None) -> Path | None:
    """The folder of the spec file; None for text that came from no file ('<spec>')."""
    if not spec_file or spec_file.startswith("<"):
        return None
    return Path(spec_file).parent


def _sibling_specs(spec_file: str | None, own: str) -> dict[str, ModuleSpec]:
    """Spec files beside ``spec_file`` by module name (the first one of each name)."""
    if _folder(spec_file) is None:
        return {}
    assert spec_file is not None
    path = Path(spec_file)
    try:
        if not path.parent.is_dir():
            return {}
        candidates = sorted(p for p in path.parent.iterdir() if p.suffix in _SPEC_SUFFIXES)
    except (OSError, ValueError):  # ValueError: a NUL byte in the name
        return {}
    found: dict[str, ModuleSpec] = {}
    for candidate in candidates:
        if candidate.name == path.name:
            continue
        spec = _read_spec(candidate)
        if spec is not None and spec.module.name != own:
            found.setdefault(spec.module.name, spec)
    return found


def _addon_folder(name: str, paths: Sequence[Path]) -> Path | None:
    for folder in paths:
        candidate = folder / name
        try:
            if (candidate / "__manifest__.py").is_file():
                return candidate
        except (OSError, ValueError):
            continue
    return None


def _manifest_depends(addon: Path) -> list[str]:
    try:
        manifest = ast.literal_eval((addon / "__manifest__.py").read_text("utf-8"))
    except (OSError, SyntaxError, ValueError):
        return []
    depends = manifest.get("depends", []) if isinstance(manifest, dict) else []
    return [d for d in depends if isinstance(d, str)]


def _spec_models(spec: ModuleSpec, into: _Models) -> None:
    addon = spec.module.name
    for m in spec.models:
        names = {f.name for f in m.fields} | set(m.inherits.values())
        if m.workflow:
            names.add(m.workflow.field)
        if m.multi_company:
            names.add("company_id")
        parents = [*m.inherit, *m.inherits]
        if m.mail:
            parents += ["mail.thread", "mail.activity.mixin"]
        into.add(addon, m.name, names, parents, not m.extend)
    if spec.settings:
        into.add(addon, "res.config.settings", (f.name for f in spec.settings.fields), [], False)


def _folder_models(addon: Path, into: _Models) -> None:
    for file in sorted(addon.rglob("*.py")):
        if "tests" in file.relative_to(addon).parts:
            continue
        try:
            tree = ast.parse(file.read_text("utf-8"))
        except (OSError, SyntaxError, ValueError):
            continue
        for model in models_in_module(tree):
            parents = [*model.inherit, *model.inherits]
            into.add(addon.name, model.name, model.fields, parents, model.is_new)


def _in_catalogue(series: str | None) -> set[str]:
    available = available_catalogues()
    if not available:
        return set()
    catalogue = load_catalogue(series if series in available else available[-1])
    return set(catalogue.addons) if catalogue else set()


def workspace_known(
    spec: ModuleSpec,
    spec_file: str | None,
    series: str | None = None,
    addons_paths: Sequence[Path] = (),
) -> KnownModels:
    """What ``spec``'s dependencies provide: the catalogue's addons, and the workspace's."""
    depends = list(spec.module.depends)
    standard = _in_catalogue(series)
    if all(d in standard for d in depends):
        return known_models(depends, series)
    siblings = _sibling_specs(spec_file, spec.module.name)
    folder = _folder(spec_file)
    paths = [folder] if folder else []
    paths += [Path(p) for p in addons_paths]
    local = _Models()
    catalogued: set[str] = set()
    complete = True
    todo, seen = list(depends), {spec.module.name}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in standard:
            catalogued.add(name)
        elif name in siblings:
            _spec_models(siblings[name], local)
            todo.extend(siblings[name].module.depends)
        elif (folder := _addon_folder(name, paths)) is not None:
            _folder_models(folder, local)
            todo.extend(_manifest_depends(folder))
        else:
            complete = False
    base = known_models(sorted(catalogued), series)
    models: dict[str, set[str]] = {k: set(v) for k, v in base.models.items()}
    for name, names in local.fields.items():
        models.setdefault(name, set()).update(names)
    for name in local.fields:  # parents' fields, through the whole chain
        stack, visited = list(local.parents.get(name, ())), {name}
        while stack:
            parent = stack.pop()
            if parent in visited:
                continue
            visited.add(parent)
            models[name].update(models.get(parent, ()))
            stack.extend(local.parents.get(parent, ()))
    return KnownModels(
        {k: frozenset(v) for k, v in models.items()},
        complete and base.complete,
        {**base.owners, **local.owners},
        base.xmlids,
        base.addons,
    )
