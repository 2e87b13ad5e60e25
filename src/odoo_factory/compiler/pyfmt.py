"""Python source helpers whose output is stable under ``ruff format`` (line length 88)."""

from __future__ import annotations

import ast
import base64
import datetime
import json
import keyword
import math
import warnings
from typing import Any

from odoo_factory.spec.values import ExpressionKind, block, expression, signature

__all__ = [
    "LINE",
    "block",
    "call",
    "create_call",
    "dotted",
    "identifier",
    "if_not",
    "lit",
    "odoo_expression",
    "signature",
]

LINE = 88


def identifier(name: str) -> str:
    """``name`` as a Python name; anything else is a bug upstream of the emitter."""
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"{name!r} cannot be written as a Python name")
    return name


def dotted(path: str) -> str:
    """``a.b.c`` as attribute access, each part a Python name."""
    return ".".join(identifier(part) for part in path.split("."))


def odoo_expression(text: str, kind: ExpressionKind = "condition") -> str:
    """An expression Odoo evaluates (domain, condition, context), checked against the
    allow-list and rendered again from its syntax tree (strings in single quotes)."""
    return expression(text, kind)


def lit(value: Any, indent: int = 0) -> str:
    """A Python literal with double-quoted strings; long containers are exploded.

    Dates become the strings Odoo reads (``2024-01-31``, ``2024-01-31 10:00:00``), bytes
    their base64 text (what Odoo's binary fields take)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, float) and not math.isfinite(value):
        return "1e999" if value > 0 else "-1e999" if value < 0 else 'float("nan")'
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
    if isinstance(value, datetime.datetime):
        return lit(value.strftime("%Y-%m-%d %H:%M:%S"))
    if isinstance(value, datetime.date):
        return lit(value.isoformat())
    if isinstance(value, bytes):
        return lit(base64.b64encode(value).decode("ascii"))
    if isinstance(value, (set, frozenset)):
        return lit(sorted(value, key=repr), indent)
    if isinstance(value, dict):
        items = [f"{lit(k)}: {lit(v, indent + 4)}" for k, v in value.items()]
        return _container("{", "}", items, indent)
    if isinstance(value, (list, tuple)):
        items = [lit(v, indent + 4) for v in value]
        if isinstance(value, tuple):
            if len(items) == 1:
                return f"({items[0]},)"
            return _container("(", ")", items, indent)
        return _container("[", "]", items, indent)
    raise TypeError(f"cannot write {type(value).__name__} as a literal")


def _container(open_: str, close: str, items: list[str], indent: int) -> str:
    one = open_ + ", ".join(items) + close
    if indent + len(one) <= LINE - 8 and "\n" not in one:
        return one
    inner = " " * (indent + 4)
    return open_ + "\n" + "".join(f"{inner}{item},\n" for item in items) + " " * indent + close


def call(head: str, args: list[str], indent: int, suffix: str = "") -> str:
    """``head(args)`` on one line when it fits, else one argument per line.

    The first line is returned without indentation (the caller puts it at ``indent``);
    continuation lines carry their full indentation."""
    one = f"{head}({', '.join(args)}){suffix}"
    if indent + len(one) <= LINE and "\n" not in one:
        return one
    inner = " " * (indent + 4)
    return f"{head}(\n" + "".join(f"{inner}{a},\n" for a in args) + " " * indent + ")" + suffix


def create_call(prefix: str, items: list[str], indent: int) -> str:
    """``prefix({items})`` fully indented, exploded the way ruff format leaves it."""
    pad = " " * indent
    one = f"{pad}{prefix}({{{', '.join(items)}}})"
    if len(one) <= LINE:
        return one
    middle = f"{pad}    {{{', '.join(items)}}}"
    if len(middle) <= LINE:
        return f"{pad}{prefix}(\n{middle}\n{pad})"
    inner = " " * (indent + 8)
    body = "".join(f"{inner}{item},\n" for item in items)
    return f"{pad}{prefix}(\n{pad}    {{\n{body}{pad}    }}\n{pad})"


def _same_code(squeezed: str, original: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the code is the spec's, checked when validated
            return ast.dump(ast.parse(squeezed, mode="eval")) == ast.dump(
                ast.parse(original, mode="eval")
            )
    except SyntaxError:
        return False


# what binds looser than an operand of and/or, and loses its parentheses as a source segment
_LOOSER_THAN_AND = (ast.BoolOp, ast.IfExp, ast.Lambda, ast.NamedExpr, ast.Yield, ast.YieldFrom)


def if_not(condition: str, indent: int) -> str:
    """``if not (condition):`` at ``indent``, wrapped the way ruff format wraps it.

    A condition whose spacing cannot be squeezed onto one line without changing what it
    means (a string holding line breaks or double spaces) keeps its own lines."""
    pad = " " * indent
    cond = " ".join(condition.split())
    if not _same_code(cond, condition.strip()):
        return f"{pad}if not (\n{block(condition.strip(), indent + 4)}\n{pad}):"
    one = f"{pad}if not ({cond}):"
    if len(one) <= LINE:
        return one
    inner = pad + "    "
    tree = ast.parse(cond, mode="eval").body
    if len(inner + cond) <= LINE or not isinstance(tree, ast.BoolOp):
        return f"{pad}if not (\n{inner}{cond}\n{pad}):"
    word = "and" if isinstance(tree.op, ast.And) else "or"
    parts = [ast.get_source_segment(cond, value) or "" for value in tree.values]
    parts = [
        f"({p})" if isinstance(v, _LOOSER_THAN_AND) else p
        for p, v in zip(parts, tree.values, strict=True)
    ]
    body = f"\n{inner}{word} ".join(parts)
    return f"{pad}if not (\n{inner}{body}\n{pad}):"
