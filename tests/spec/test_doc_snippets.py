"""Every YAML example in docs/spec.md is valid: it parses, and each of its values validates
against the construct of the format that holds that key (a whole spec validates whole)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, get_args, get_origin

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from odoo_factory.spec import ModuleSpec
from odoo_factory.spec import parse_spec_text as _parse

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "spec.md"


def _models() -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def walk(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation in found:
                return
            found.append(annotation)
            for info in annotation.model_fields.values():
                walk(info.annotation)
        for arg in get_args(annotation):
            walk(arg)
        origin = get_origin(annotation)
        if origin is not None and origin is not annotation:
            walk(origin)

    walk(ModuleSpec)
    return found


MODELS = _models()


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    return {(info.alias or name): info.annotation for name, info in model.model_fields.items()}


def _snippets() -> list[tuple[str, int, str]]:
    text = DOC.read_text("utf-8")
    snippets = []
    for match in re.finditer(r"```yaml\n(.*?)```", text, re.S):
        line = text.count("\n", 0, match.start()) + 1
        heads = re.findall(r"^#+ (.*)$", text[: match.start()], re.M)
        snippets.append((heads[-1] if heads else "", line, match.group(1)))
    return snippets


def _validates(annotation: Any, value: Any) -> str | None:
    try:
        TypeAdapter(annotation).validate_python(value)
    except ValidationError as exc:
        return str(exc.errors()[0])
    return None


def _check_item(value: Any, head: str) -> str | None:
    """None when ``value`` is a valid instance of some construct (the section's first)."""
    named = [m for m in MODELS if f"`{m.__name__}`" in head]
    problems = []
    for model in [*named, *MODELS]:
        problem = _validates(model, value)
        if problem is None:
            return None
        problems.append(f"{model.__name__}: {problem}")
    return problems[0] if problems else "no construct"


def _check_mapping(snippet: dict[str, Any], head: str) -> list[str]:
    problems = []
    for key, value in snippet.items():
        owners = [m for m in MODELS if key in _keys(m)]
        named = [m for m in owners if f"`{m.__name__}`" in head]
        results = [_validates(_keys(m)[key], value) for m in [*named, *owners]]
        if not owners:
            problem = _check_item({key: value}, head)
            if problem:
                problems.append(f"{key}: no construct has this key ({problem})")
        elif all(r is not None for r in results):
            problems.append(f"{key}: {results[0]}")
    return problems


@pytest.mark.parametrize(("head", "line", "text"), _snippets(), ids=lambda v: str(v)[:40])
def test_each_yaml_example_of_the_docs_is_valid(head: str, line: int, text: str) -> None:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        pytest.fail(f"docs/spec.md:{line}: does not parse: {exc}")
    if isinstance(data, dict) and "module" in data:
        # as if beside the examples, which a whole spec of the docs may depend on
        _parse(text, str(ROOT / "examples" / f"docs_spec_line_{line}.yaml"))
        return
    if isinstance(data, list):
        problems = [p for item in data if (p := _check_item(item, head))]
    elif isinstance(data, dict):
        problems = _check_mapping(data, head)
    else:
        problems = [f"a {type(data).__name__} is no construct"]
    assert not problems, f"docs/spec.md:{line} ({head}): {problems}"
