"""Load a spec file (YAML or JSON) and turn every problem into a located :class:`SpecError`.

The text is read within limits (size, nesting, values, aliases: see
:mod:`odoo_factory.spec.bounded_yaml`) into plain data with the line and column of every key
and value; a pydantic error's ``loc`` is then looked up in that map to name the exact place.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from odoo_factory.errors import SpecError
from odoo_factory.spec.bounded_yaml import LIMITS, LoadLimits, Loc, Locations, compose_bounded
from odoo_factory.spec.models import ModuleSpec
from odoo_factory.spec.patterns import pattern_hint

__all__ = [
    "LIMITS",
    "LoadLimits",
    "Loc",
    "Locations",
    "load_spec",
    "load_spec_located",
    "parse_spec_text",
    "read_spec_text",
]


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
        what, hint = pattern_hint(str(error.get("ctx", {}).get("pattern", "")))
        return locs.error(loc, f"{dotted}: {value!r} is not a valid {what}", hint)
    message = error["msg"].removeprefix("Value error, ")
    return locs.error(loc, f"{dotted}: {message}" if dotted else message, "fix this value")


def parse_spec_text(
    text: str, file: str = "<spec>", limits: LoadLimits = LIMITS
) -> tuple[ModuleSpec, Locations]:
    """Parse and validate spec text; raise a located :class:`SpecError` on the first problem.

    The text is refused, located, past any of ``limits`` (size, nesting, values, aliases).
    """
    data, locs = compose_bounded(text, file, limits)
    if not isinstance(data, dict):
        raise locs.error((), "the spec must be a mapping", "start with 'module:'")
    try:
        spec = ModuleSpec.model_validate(data)
    except ValidationError as exc:
        raise _located(exc, locs) from None
    from odoo_factory.spec.semantics import check_semantics

    try:
        check_semantics(spec, locs)
    except ValidationError as exc:  # a check that validates a part again
        raise _located(exc, locs) from None
    return spec, locs


def load_spec(path: str | Path) -> ModuleSpec:
    """Load and fully validate the spec at ``path`` (YAML or JSON)."""
    return load_spec_located(path)[0]


def read_spec_text(path: str | Path, limits: LoadLimits = LIMITS) -> str:
    """The text of a spec file: a regular UTF-8 file of at most ``limits.max_bytes``."""
    file = Path(path)
    where = str(file)
    try:
        if not file.exists():
            raise SpecError(f"no spec file at {file}", hint="check the path")
        if not file.is_file():
            raise SpecError(
                f"{file} is not a file", hint="give the path of a YAML or JSON spec file"
            )
        with file.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise SpecError(
            f"cannot read {where!r}: {getattr(exc, 'strerror', None) or exc}",
            hint="check the path and that the file is readable",
        ) from None
    if len(data) > limits.max_bytes:
        raise SpecError(
            f"the spec is more than {limits.max_bytes:,} bytes",
            hint="split the module into several specs, or move long texts into files",
            file=where,
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SpecError(
            f"byte 0x{data[exc.start]:02X} is not UTF-8 text",
            hint="save the file as UTF-8",
            file=where,
            line=line,
            column=column,
        ) from None


def load_spec_located(
    path: str | Path, limits: LoadLimits = LIMITS
) -> tuple[ModuleSpec, Locations]:
    """Like :func:`load_spec`, with the place of every key and value in the file."""
    return parse_spec_text(read_spec_text(path, limits), str(path), limits)
