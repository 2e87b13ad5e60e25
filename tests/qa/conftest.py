"""Builders of real addon folders on disk for the QA tests."""

from __future__ import annotations

import pprint
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

QA_FIXTURES = Path(__file__).parent / "fixtures"
RULE_FIXTURES = QA_FIXTURES / "rules"

AddonMaker = Callable[..., Path]


def write_addon(
    root: Path,
    name: str,
    files: dict[str, str | bytes],
    *,
    manifest: dict[str, Any] | None = None,
    series: str = "18.0",
) -> Path:
    """An addon folder ``root/name``: the files given, a manifest listing the data files."""
    addon = root / name
    addon.mkdir(parents=True)
    data = [f for f in files if f.endswith((".xml", ".csv")) and not f.startswith("demo/")]
    values: dict[str, Any] = {
        "name": name.replace("_", " ").title(),
        "version": f"{series}.1.0.0",
        "license": "LGPL-3",
        "depends": ["base"],
        "data": sorted(data, key=lambda f: (not f.startswith("security/"), f)),
    }
    values.update(manifest or {})
    (addon / "__manifest__.py").write_text(pprint.pformat(values) + "\n")
    packages: dict[str, list[str]] = {}
    for rel, content in files.items():
        path = addon / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
        if rel.endswith(".py") and "/" in rel:
            folder, module = rel.rsplit("/", 1)
            packages.setdefault(folder, []).append(module[:-3])
    imports = sorted({folder.split("/")[0] for folder in packages})
    (addon / "__init__.py").write_text("".join(f"from . import {i}\n" for i in imports))
    for folder, modules in packages.items():
        init = addon / folder / "__init__.py"
        if not init.exists():
            init.write_text("".join(f"from . import {m}\n" for m in sorted(modules)))
    return addon


@pytest.fixture
def make_addon(tmp_path: Path) -> AddonMaker:
    def make(
        name: str = "fixture_addon", files: dict[str, str | bytes] | None = None, **kwargs: Any
    ) -> Path:
        return write_addon(tmp_path, name, files or {}, **kwargs)

    return make
