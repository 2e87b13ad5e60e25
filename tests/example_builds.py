"""Build an example with the examples it depends on, so it installs beside them."""

from __future__ import annotations

from pathlib import Path

import yaml

from odoo_factory.compiler import build_addon
from odoo_factory.spec import load_spec

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _module_name(path: Path) -> str | None:
    """The module name of an example, read without validating the rest of it."""
    data = yaml.safe_load(path.read_text("utf-8"))
    module = data.get("module") if isinstance(data, dict) else None
    return module.get("name") if isinstance(module, dict) else None


def build_example(spec: Path, series: str, out: Path) -> Path:
    """Build ``spec`` into ``out`` and, beside it, each example it depends on (by module
    name); the addon folder of ``spec``."""
    by_name = {_module_name(path): path for path in sorted(EXAMPLES.glob("*.yaml"))}
    done: set[str] = set()

    def build(path: Path) -> Path:
        spec_ = load_spec(path)
        for dependency in spec_.module.depends:
            if dependency in by_name and dependency not in done:
                build(by_name[dependency])
        done.add(spec_.module.name)
        return build_addon(path, series, out, force=True).addon_path

    return build(spec)
