"""Python that a spec describes in parts rather than as code: dynamic field defaults, method
decorators, module imports and messages that show record values.

Each part is parsed and checked here (the spec's validators call the ``*_problem``
functions, so a bad value is refused at its place in the file) and the compiler renders it
again from what was parsed, never from the text as written.
"""

from __future__ import annotations

import ast
import keyword
import re
import warnings
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "DECORATORS",
    "Decorator",
    "DynamicDefault",
    "Import",
    "MessageTemplate",
    "decorator_problem",
    "dynamic_default",
    "import_problem",
    "message_template",
    "parse_decorator",
    "parse_import",
]

# -- dynamic defaults ------------------------------------------------------------------------
DefaultKind = Literal["today", "now", "user", "company", "currency", "context", "first"]
_FIXED: dict[str, DefaultKind] = {
    "=today": "today",
    "=now": "now",
    "=user": "user",
    "=company": "company",
    "=currency": "currency",
    "=first": "first",
}
_UNITS = {
    "year": "years",
    "month": "months",
    "week": "weeks",
    "day": "days",
    "hour": "hours",
    "minute": "minutes",
}
_RELATIVE = re.compile(r"=\s*(today|now)\s*([+-])\s*(\d{1,5})\s*([a-z]+)\s*\Z")
_CONTEXT = re.compile(r"=\s*context\.([A-Za-z_][A-Za-z0-9_]*)\Z")
_LOOKS_DYNAMIC = re.compile(r"=\s*(today|now|user|company|currency|context|first)\b")


@dataclass(frozen=True)
class DynamicDefault:
    """A default computed when a record is created: ``=today + 3 months``,
    ``=context.default_kind``, ``=user`` …"""

    kind: DefaultKind
    delta: int = 0  # signed amount of ``unit`` added to today/now
    unit: str = ""  # a relativedelta keyword: days, weeks, months, years, hours, minutes
    key: str = ""  # the context key of ``=context.key``


def dynamic_default(value: object) -> DynamicDefault | None:
    """The dynamic default ``value`` writes, None for a literal.

    Raises ValueError for a value that starts like one (``=today …``) but is not."""
    if not isinstance(value, str) or not _LOOKS_DYNAMIC.match(value):
        return None
    text = value.strip()
    if text in _FIXED:
        return DynamicDefault(_FIXED[text])
    relative = _RELATIVE.match(text)
    if relative:
        base, sign, amount, unit = relative.groups()
        canonical = _UNITS.get(unit.removesuffix("s"))
        if canonical is None:
            raise ValueError(
                f"{unit!r} is not a unit of a relative default: use days, weeks, months, "
                "years, hours or minutes, e.g. '=today + 3 months'"
            )
        if base == "today" and canonical in ("hours", "minutes"):
            raise ValueError(f"'=today' moves by days, weeks, months or years, not {canonical}")
        delta = int(amount) * (-1 if sign == "-" else 1)
        return DynamicDefault(base, delta=delta, unit=canonical)  # type: ignore[arg-type]
    context = _CONTEXT.match(text)
    if context:
        return DynamicDefault("context", key=context.group(1))
    raise ValueError(
        f"{value!r} is not a dynamic default: write '=today', '=now', '=user', '=company', "
        "'=currency', '=first', a relative date like '=today + 3 months' or '=now - 2 hours', or a "
        "context value like '=context.default_kind'"
    )


# -- decorators ------------------------------------------------------------------------------
DECORATORS = ("model", "model_create_multi", "depends", "constrains", "onchange", "ondelete")
_WITH_FIELDS = ("depends", "constrains", "onchange")
_PATH = re.compile(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*\Z")
_NAME = re.compile(r"[a-z_][a-z0-9_]*\Z")


@dataclass(frozen=True)
class Decorator:
    """An ``@api.…`` decorator of a method."""

    name: str
    fields: tuple[str, ...] = ()
    at_uninstall: bool | None = None


_FORMS = (
    "api.model, api.model_create_multi, api.depends('field', 'line_ids.amount'), "
    "api.constrains('field'), api.onchange('field') or api.ondelete(at_uninstall=False)"
)


def parse_decorator(text: str) -> Decorator:
    """``text`` (``api.depends('a', 'b.c')``, with or without ``@``) as a Decorator.

    Raises ValueError with what is accepted."""
    source = text.strip().removeprefix("@").strip()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            node = ast.parse(source, mode="eval").body
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise ValueError(f"{text!r} is not a decorator; write one of {_FORMS}") from None
    call = node if isinstance(node, ast.Call) else None
    target = call.func if call else node
    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
        if target.value.id != "api":
            raise ValueError(f"{text!r}: only Odoo's api decorators are supported: {_FORMS}")
        name = target.attr
    elif isinstance(target, ast.Name):
        name = target.id
    else:
        raise ValueError(f"{text!r} is not a decorator; write one of {_FORMS}")
    if name not in DECORATORS:
        raise ValueError(f"api.{name} is not supported; write one of {_FORMS}")
    if name in ("model", "model_create_multi"):
        if call is not None:
            raise ValueError(f"api.{name} takes no arguments; write 'api.{name}'")
        return Decorator(name)
    if call is None:
        example = "at_uninstall=False" if name == "ondelete" else "'field'"
        raise ValueError(f"api.{name} needs arguments, e.g. 'api.{name}({example})'")
    if name == "ondelete":
        flag = call.keywords[0].value if len(call.keywords) == 1 else None
        if (
            call.args
            or len(call.keywords) != 1
            or call.keywords[0].arg != "at_uninstall"
            or not isinstance(flag, ast.Constant)
            or not isinstance(flag.value, bool)
        ):
            raise ValueError(
                "api.ondelete takes one argument, at_uninstall=False (or True): "
                "'api.ondelete(at_uninstall=False)'"
            )
        return Decorator(name, at_uninstall=flag.value)
    if call.keywords or not call.args:
        raise ValueError(f"api.{name} takes field names as strings, e.g. api.{name}('amount')")
    names: list[str] = []
    for arg in call.args:
        if not isinstance(arg, ast.Constant) or not isinstance(arg.value, str):
            raise ValueError(
                f"api.{name} takes field names as strings, e.g. api.{name}('amount'), not code"
            )
        pattern = _PATH if name == "depends" else _NAME
        if not pattern.match(arg.value):
            what = "field paths like 'line_ids.amount'" if name == "depends" else "field names"
            raise ValueError(f"api.{name}: {arg.value!r} is not a field name; it takes {what}")
        names.append(arg.value)
    return Decorator(name, fields=tuple(names))


def decorator_problem(text: str) -> str | None:
    try:
        parse_decorator(text)
    except ValueError as exc:
        return str(exc)
    return None


# -- imports ---------------------------------------------------------------------------------
# names a generated module binds itself: an import may not rebind them
RESERVED_IMPORTS = frozenset(
    {
        "api",
        "fields",
        "models",
        "_",
        "UserError",
        "ValidationError",
        "AccessError",
        "logging",
        "_logger",
        "relativedelta",
        "dp",
        "self",
        "rec",
    }
)
# imports that bind one of those names the same way as the compiler does: accepted, written once
_SAME_AS_GENERATED = frozenset(
    {"import logging", "from dateutil.relativedelta import relativedelta"}
)


@dataclass(frozen=True)
class Import:
    """``import a.b [as c]`` or ``from a.b import x [as y], …``."""

    module: str
    names: tuple[tuple[str, str | None], ...] = ()  # from-import: (name, alias)
    alias: str | None = None

    @property
    def bound(self) -> list[str]:
        if self.names:
            return [alias or name for name, alias in self.names]
        return [self.alias or self.module.split(".")[0]]

    def render(self) -> str:
        def one(name: str, alias: str | None) -> str:
            return name if alias is None else f"{name} as {alias}"

        if not self.names:
            return "import " + one(self.module, self.alias)
        items = [one(name, alias) for name, alias in self.names]
        line = f"from {self.module} import {', '.join(items)}"
        if len(line) <= 88:
            return line
        body = "".join(f"    {item},\n" for item in items)
        return f"from {self.module} import (\n{body})"


def _dotted_ok(name: str) -> bool:
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in name.split("."))


def parse_import(text: str) -> Import:
    """One import statement, checked; raises ValueError with what is accepted."""
    hint = "write one import, like 'from dateutil.relativedelta import relativedelta'"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text.strip(), mode="exec")
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        raise ValueError(f"{text!r} is not an import; {hint}") from None
    if len(tree.body) != 1 or not isinstance(tree.body[0], (ast.Import, ast.ImportFrom)):
        raise ValueError(f"{text!r} is not one import statement; {hint}")
    statement = tree.body[0]
    if isinstance(statement, ast.ImportFrom):
        if statement.level or statement.module is None:
            raise ValueError(f"{text!r}: relative imports are not supported; name the module")
        if any(alias.name == "*" for alias in statement.names):
            raise ValueError(f"{text!r}: import the names you use instead of '*'")
        found = Import(statement.module, names=tuple((a.name, a.asname) for a in statement.names))
    else:
        if len(statement.names) != 1:
            raise ValueError(f"{text!r}: import one module per entry")
        alias = statement.names[0]
        found = Import(alias.name, alias=alias.asname)
    parts = [found.module, *(n for n, _ in found.names), *found.bound]
    if not all(_dotted_ok(part) for part in parts):
        raise ValueError(f"{text!r} does not name Python modules and names")
    if found.render() not in _SAME_AS_GENERATED:
        for name in found.bound:
            if name in RESERVED_IMPORTS:
                raise ValueError(
                    f"{text!r} binds {name!r}, which the generated module defines itself; "
                    "import it under another name ('as …')"
                )
    return found


def import_problem(text: str) -> str | None:
    try:
        parse_import(text)
    except ValueError as exc:
        return str(exc)
    return None


# -- messages with record values -------------------------------------------------------------
_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
_REC_PATH = re.compile(r"rec\.([a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*)\Z")


@dataclass(frozen=True)
class MessageTemplate:
    """A message with ``{rec.path}`` placeholders, as a %-format string and its values."""

    text: str  # with %(key)s placeholders and % doubled
    values: dict[str, str] = field(default_factory=dict)  # key -> field path on rec


def message_template(message: str) -> MessageTemplate | None:
    """The template ``message`` writes when it holds ``{rec.…}``; None for plain text.

    Raises ValueError for a brace that is neither a placeholder nor doubled (``{{``)."""
    if "{rec." not in message:
        return None
    out: list[str] = []
    values: dict[str, str] = {}
    last = 0
    for match in _PLACEHOLDER.finditer(message):
        out.append(message[last : match.start()].replace("%", "%%"))
        last = match.end()
        token = match.group()
        if token in ("{{", "}}"):
            out.append(token[0])
            continue
        inner = match.group(1)
        path = _REC_PATH.match(inner.strip()) if inner is not None else None
        if path is None:
            raise ValueError(
                f"{token!r} in the message is not a placeholder: write {{rec.field}} (or "
                "{rec.partner_id.name}) for a value of the record, {{ and }} for braces"
            )
        key = path.group(1).replace(".", "_")
        key = key + "_" if key == "source" else key  # _(source, **values) takes it
        values[key] = path.group(1)
        out.append(f"%({key})s")
    out.append(message[last:].replace("%", "%%"))
    return MessageTemplate("".join(out), values)
