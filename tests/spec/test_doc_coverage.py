"""docs/spec.md documents every key of the spec format, in the section of its model."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel

from odoo_factory.spec.loader import _models_in
from odoo_factory.spec.models import ModuleSpec

DOC = Path(__file__).resolve().parents[2] / "docs" / "spec.md"


def _spec_models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def walk(model: type[BaseModel]) -> None:
        if model in found:
            return
        found.append(model)
        for info in model.model_fields.values():
            for sub in _models_in(info.annotation):
                walk(sub)

    walk(ModuleSpec)
    return found


def _sections(text: str) -> dict[str, str]:
    """Heading line -> text up to the next heading of any level."""
    parts = re.split(r"^(#{2,4} .*)$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_every_spec_key_is_documented_in_its_section() -> None:
    sections = _sections(DOC.read_text("utf-8"))
    missing: list[str] = []
    for model in _spec_models():
        owners = [body for head, body in sections.items() if f"`{model.__name__}`" in head]
        owners += [
            body
            for head, body in sections.items()
            for body_mention in [f"(`{model.__name__}`)"]
            if body_mention in body and f"`{model.__name__}`" not in head
        ]
        if not owners:
            missing.append(f"{model.__name__}: no section names it")
            continue
        text = "\n".join(owners)
        for name, info in model.model_fields.items():
            key = info.alias or name
            if f"`{key}`" not in text:
                missing.append(f"{model.__name__}.{key}")
    assert not missing, "undocumented spec keys in docs/spec.md: " + ", ".join(missing)


def test_every_section_has_an_example() -> None:
    sections = _sections(DOC.read_text("utf-8"))
    for head, body in sections.items():
        if "(`" in head:
            assert "```yaml" in body, f"{head} has no example"
