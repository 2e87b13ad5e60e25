"""The module specification: typed models, a located loader, cross-reference checks."""

from __future__ import annotations

from typing import Any

from odoo_factory.spec.loader import load_spec, parse_spec_text
from odoo_factory.spec.models import ModuleSpec

__all__ = ["ModuleSpec", "load_spec", "parse_spec_text", "spec_schema"]


def spec_schema() -> dict[str, Any]:
    """The JSON Schema of the spec format."""
    schema = ModuleSpec.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Odoo Factory module specification"
    return schema
