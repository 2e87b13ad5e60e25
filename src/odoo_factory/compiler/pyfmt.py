"""Python source helpers whose output is stable under ``ruff format`` (line length 88)."""

from __future__ import annotations

import ast
import json
import textwrap
from typing import Any

__all__ = ["LINE", "block", "call", "create_call", "if_not", "lit"]

LINE = 88


def lit(value: Any, indent: int = 0) -> str:
    """A Python literal with double-quoted strings; long containers are exploded."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if value is None or isinstance(value, (bool, int, float)):
        return repr(value)
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


def block(code: str, indent: int) -> str:
    """User code re-indented to ``indent`` spaces, without trailing blank lines."""
    text = textwrap.dedent(code).strip("\n")
    return textwrap.indent(text, " " * indent, lambda line: bool(line.strip()))


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


def if_not(condition: str, indent: int) -> str:
    """``if not (condition):`` at ``indent``, wrapped the way ruff format wraps it."""
    pad = " " * indent
    cond = " ".join(condition.split())
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
        f"({p})" if isinstance(v, ast.BoolOp) else p
        for p, v in zip(parts, tree.values, strict=True)
    ]
    body = f"\n{inner}{word} ".join(parts)
    return f"{pad}if not (\n{inner}{body}\n{pad}):"
