"""The neutral condition syntax and domains.

A condition is a Python expression over the record's fields (``state != 'draft'``,
``not partner_id or amount > 0``), the form 17.0+ views take inline. For 12.0-16.0 the compiler
turns it into a domain for ``attrs`` with :func:`condition_to_domain`.
"""

from __future__ import annotations

import ast
from typing import Any

__all__ = ["ConditionError", "condition_names", "condition_to_domain", "domain_names"]

_OPS = {
    ast.Eq: "=",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
}
_CONTEXT_NAMES = frozenset(
    {"uid", "context", "parent", "True", "False", "None", "user", "company_ids"}
    | {"current_date", "context_today", "today", "time", "datetime", "relativedelta"}
)


class ConditionError(ValueError):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def _parse(expr: str, mode: str = "eval") -> ast.AST:
    try:
        return ast.parse(expr.strip(), mode=mode)
    except SyntaxError as exc:
        raise ConditionError(
            f"not a Python expression ({exc.msg})",
            'write it like "state != \'draft\'" or "amount > 0 and not partner_id"',
        ) from None


def condition_names(expr: str) -> list[str]:
    """Field names a condition reads (in order, without duplicates)."""
    tree = _parse(expr)
    names: list[str] = []
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    for node in ast.walk(tree):
        if id(node) in called:
            continue
        if isinstance(node, ast.Name) and node.id not in _CONTEXT_NAMES and node.id not in names:
            names.append(node.id)
    return names


def domain_names(domain: str) -> list[str]:
    """First segments of the field paths a domain literal filters on."""
    tree = _parse(domain)
    body = tree.body if isinstance(tree, ast.Expression) else None
    if not isinstance(body, (ast.List, ast.Tuple)):
        raise ConditionError("a domain is a list", "write it like [('state', '=', 'draft')]")
    names: list[str] = []
    for item in body.elts:
        if isinstance(item, (ast.Tuple, ast.List)) and len(item.elts) == 3:
            first = item.elts[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                name = first.value.split(".")[0]
                if name not in names:
                    names.append(name)
        elif not (isinstance(item, ast.Constant) and item.value in ("&", "|", "!")):
            raise ConditionError(
                "a domain holds (field, operator, value) triples and '&', '|', '!'",
                "write it like ['|', ('a', '=', 1), ('b', '!=', False)]",
            )
    return names


def _value(node: ast.expr) -> Any:
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise ConditionError(
            f"{ast.unparse(node)!r} is not a literal value",
            "compare fields with literals only, e.g. state in ('draft', 'sent')",
        ) from None


def _leaf(node: ast.expr) -> list[Any]:
    if isinstance(node, ast.BoolOp):
        op = "&" if isinstance(node.op, ast.And) else "|"
        parts = [_leaf(v) for v in node.values]
        result: list[Any] = [op] * (len(parts) - 1)
        for part in parts:
            result.extend(part)
        return result
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        if isinstance(node.operand, ast.Name):
            return [(node.operand.id, "=", False)]
        return ["!", *_leaf(node.operand)]
    if isinstance(node, ast.Name):
        return [(node.id, "!=", False)]
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.left, ast.Name):
        operator = _OPS.get(type(node.ops[0]))
        if operator is not None:
            value = _value(node.comparators[0])
            if isinstance(value, tuple):
                value = list(value)
            return [(node.left.id, operator, value)]
    raise ConditionError(
        f"{ast.unparse(node)!r} cannot be written as a domain for this series",
        "use comparisons of a field with a literal, joined by and/or/not",
    )


def _render(value: Any) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_render(v) for v in value) + ")"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    return repr(value)


def condition_to_domain(expr: str) -> str:
    """``state != 'draft'`` → ``[('state', '!=', 'draft')]``."""
    tree = _parse(expr)
    assert isinstance(tree, ast.Expression)
    return _render(_leaf(tree.body))
