"""Load a spec file (YAML or JSON) and turn every problem into a located :class:`SpecError`.

YAML is composed into nodes first so that every value keeps its line and column; a pydantic
error's ``loc`` is then looked up in that map to name the exact place in the file.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from odoo_factory.errors import SpecError
from odoo_factory.spec.models import ModuleSpec

__all__ = ["Locations", "load_spec", "load_spec_located", "parse_spec_text"]

Loc = tuple[str | int, ...]


class Locations:
    """(line, column) of every key and value of a spec file, 1-based, keyed by path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.values: dict[Loc, tuple[int, int]] = {}
        self.keys: dict[Loc, tuple[int, int]] = {}

    def find(self, loc: Loc, *, key: bool = False) -> tuple[int | None, int | None]:
        path = tuple(loc)
        if key and path in self.keys:
            return self.keys[path]
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (None, None))

    def error(
        self, loc: Loc, message: str, hint: str | None = None, key: bool = False
    ) -> SpecError:
        line, column = self.find(loc, key=key)
        return SpecError(message, hint=hint, file=self.file, line=line, column=column)


_constructor = yaml.SafeLoader(stream="")
# libyaml's loader when available: same nodes and marks, several times faster
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _to_python(node: yaml.Node, path: Loc, locs: Locations) -> Any:
    locs.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _constructor.construct_object(key_node, deep=True)  # type: ignore[no-untyped-call]
            if not isinstance(key, str):
                key = str(key)
            if key in result:
                line, column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
                raise SpecError(
                    f"duplicate key {key!r}",
                    hint="each key may appear once per mapping; remove or merge one",
                    file=locs.file,
                    line=line,
                    column=column,
                )
            key_path = (*path, key)
            locs.keys[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = _to_python(value_node, (*path, key), locs)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), locs) for i, item in enumerate(node.value)]
    return _constructor.construct_object(node, deep=True)  # type: ignore[no-untyped-call]


def _compose(text: str, file: str) -> tuple[Any, Locations]:
    locs = Locations(file)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise SpecError(
            f"not valid YAML/JSON: {exc.problem or exc.context}",
            hint="fix the syntax at this place (indentation, a missing ':' or quote)",
            file=file,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    if node is None:
        raise SpecError("the spec file is empty", hint="start with a 'module:' section", file=file)
    return _to_python(node, (), locs), locs


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found.extend(_models_in(arg))
    if get_origin(annotation) is None and not found:
        return []
    return found


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The spec model that owns the mapping at ``loc`` (without the offending key)."""
    current: Any = ModuleSpec
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = next(
            (f for n, f in current.model_fields.items() if (f.alias or n) == part or n == part),
            None,
        )
        if info is None:
            return None
        models = _models_in(info.annotation)
        current = models[0] if models else None
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _suggest(word: str, choices: set[str] | list[str]) -> str | None:
    match = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return match[0] if match else None


def _located(exc: ValidationError, locs: Locations) -> SpecError:
    errors = exc.errors()
    error = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    dotted = ".".join(str(p) for p in loc)
    if kind == "extra_forbidden":
        key = str(loc[-1])
        owner = _model_at(loc[:-1])
        allowed = {(f.alias or n) for n, f in owner.model_fields.items()} if owner else set()
        guess = _suggest(key, allowed)
        hint = (
            f"did you mean {guess!r}?" if guess else f"allowed keys: {', '.join(sorted(allowed))}"
        )
        return locs.error(loc, f"unknown key {key!r} at {dotted}", hint, key=True)
    if kind == "missing":
        return locs.error(loc[:-1], f"missing required key {str(loc[-1])!r} at {dotted}", "add it")
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        value = error.get("input")
        guess = _suggest(str(value), re.findall(r"'([^']*)'", str(expected)))
        hint = f"did you mean {guess!r}?" if guess else f"use one of: {expected}"
        if guess:
            hint += f" (allowed: {expected})"
        return locs.error(loc, f"{dotted}: {value!r} is not allowed", hint)
    if kind == "string_pattern_mismatch":
        value = error.get("input")
        return locs.error(
            loc,
            f"{dotted}: {value!r} is not a valid name here",
            "use lower-case letters, digits and '_' (models: dotted, like 'library.book'); "
            "no '/', '-', spaces or paths",
        )
    message = error["msg"].removeprefix("Value error, ")
    return locs.error(loc, f"{dotted}: {message}" if dotted else message, "fix this value")


def parse_spec_text(text: str, file: str = "<spec>") -> tuple[ModuleSpec, Locations]:
    """Parse and validate spec text; raise a located :class:`SpecError` on the first problem."""
    data, locs = _compose(text, file)
    if not isinstance(data, dict):
        raise locs.error((), "the spec must be a mapping", "start with 'module:'")
    try:
        spec = ModuleSpec.model_validate(data)
    except ValidationError as exc:
        raise _located(exc, locs) from None
    from odoo_factory.spec.semantics import check_semantics

    check_semantics(spec, locs)
    return spec, locs


def load_spec(path: str | Path) -> ModuleSpec:
    """Load and fully validate the spec at ``path`` (YAML or JSON)."""
    return load_spec_located(path)[0]


def load_spec_located(path: str | Path) -> tuple[ModuleSpec, Locations]:
    """Like :func:`load_spec`, with the place of every key and value in the file."""
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except FileNotFoundError:
        raise SpecError(f"no spec file at {file}", hint="check the path") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(
            f"cannot read {file}: {exc}", hint="give a UTF-8 YAML or JSON file"
        ) from None
    return parse_spec_text(text, str(file))
