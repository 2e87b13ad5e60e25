"""The part of XPath 1.0 that view inheritance uses, evaluated on :class:`XmlNode` trees.

Odoo locates an ``<xpath expr=...>`` with lxml; ``lxml`` is not a dependency, so this module
evaluates the expressions found in real views: paths with ``/``, ``//``, ``.``, ``..``, ``*``,
axes (``parent::``, ``ancestor::``, ``following-sibling::``, ...), ``@attr`` and ``text()``,
predicates with positions, comparisons, ``and``/``or``, unions and the functions ``hasclass``,
``contains``, ``starts-with``, ``not``, ``last``, ``position``, ``normalize-space``, ``name``,
``count`` and ``string``. An expression outside this subset raises :class:`XPathUnsupported`;
the check then says it could not verify it, never that the target is missing.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from odoo_factory.qa.xmltree import XmlNode

__all__ = ["XPathUnsupported", "select"]


class XPathUnsupported(ValueError):
    """The expression is not in the supported subset (or is not valid XPath)."""


@dataclass(frozen=True)
class _Attr:
    node: XmlNode
    value: str


@dataclass(frozen=True)
class _Text:
    node: XmlNode
    value: str


Item = XmlNode | _Attr | _Text
Value = list[Item] | str | float | bool

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<str>'[^']*'|"[^"]*")
      | (?P<num>\d+(?:\.\d+)?)
      | (?P<op>//|::|\.\.|!=|<=|>=|[/()\[\],|=<>@*.+-])
      | (?P<name>[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)
    )""",
    re.VERBOSE,
)
_AXES = frozenset(
    {
        "child",
        "descendant",
        "descendant-or-self",
        "self",
        "parent",
        "ancestor",
        "ancestor-or-self",
        "following-sibling",
        "preceding-sibling",
        "following",
        "preceding",
        "attribute",
    }
)


def _tokens(expr: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = expr.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise XPathUnsupported(f"cannot read {text[pos:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


# -- the syntax tree: small tuples, evaluated by _Eval ------------------------------------------

# ("path", start, steps) | ("step", axis, test, preds) | ("filter", primary, preds) | ...
Ast = tuple[Any, ...]


class _Parser:
    def __init__(self, expr: str) -> None:
        self.tokens = _tokens(expr)
        self.pos = 0

    def peek(self, offset: int = 0) -> tuple[str, str]:
        index = self.pos + offset
        return self.tokens[index] if index < len(self.tokens) else ("end", "")

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token[0] == "end" or (value is not None and token[1] != value):
            raise XPathUnsupported(f"expected {value or 'more'}, found {token[1] or 'the end'}")
        self.pos += 1
        return token

    def parse(self) -> Ast:
        tree = self.or_expr()
        if self.peek()[0] != "end":
            raise XPathUnsupported(f"unexpected {self.peek()[1]!r}")
        return tree

    def _binary(self, ops: tuple[str, ...], sub: Callable[[], Ast]) -> Ast:
        left = sub()
        while self.peek()[1] in ops and self.peek()[0] in ("name", "op"):
            op = self.take()[1]
            left = ("bin", op, left, sub())
        return left

    def or_expr(self) -> Ast:
        return self._binary(("or",), self.and_expr)

    def and_expr(self) -> Ast:
        return self._binary(("and",), self.eq_expr)

    def eq_expr(self) -> Ast:
        return self._binary(("=", "!=", "<", ">", "<=", ">="), self.union_expr)

    def union_expr(self) -> Ast:
        return self._binary(("|",), self.path_expr)

    def path_expr(self) -> Ast:
        kind, value = self.peek()
        if kind in ("str", "num") or value == "(" or self._is_function():
            primary = self.primary()
            preds = self.predicates()
            node: Ast = ("filter", primary, preds)
            while self.peek()[1] in ("/", "//"):
                sep = self.take()[1]
                steps = self.relative(sep)
                node = ("path", node, steps)
            return node
        if value == "-":
            self.take()
            return ("neg", self.path_expr())
        if value in ("/", "//"):
            self.take()
            if value == "/" and not self._starts_step():
                return ("path", "root", [])
            return ("path", "root", self.relative(value))
        return ("path", "context", self.relative(None))

    def _is_function(self) -> bool:
        kind, value = self.peek()
        return (
            kind == "name"
            and self.peek(1)[1] == "("
            and value not in ("text", "node", "comment", "processing-instruction")
        )

    def _starts_step(self) -> bool:
        kind, value = self.peek()
        return kind == "name" or value in ("*", "@", ".", "..")

    def relative(self, sep: str | None) -> list[Ast]:
        steps: list[Ast] = []
        if sep == "//":
            steps.append(("step", "descendant-or-self", "node()", []))
        steps.append(self.step())
        while self.peek()[1] in ("/", "//"):
            if self.take()[1] == "//":
                steps.append(("step", "descendant-or-self", "node()", []))
            steps.append(self.step())
        return steps

    def step(self) -> Ast:
        kind, value = self.peek()
        if value == ".":
            self.take()
            return ("step", "self", "node()", [])
        if value == "..":
            self.take()
            return ("step", "parent", "node()", [])
        axis = "child"
        if value == "@":
            self.take()
            axis = "attribute"
        elif kind == "name" and self.peek(1)[1] == "::":
            if value not in _AXES:
                raise XPathUnsupported(f"unknown axis {value}")
            axis = value
            self.take()
            self.take("::")
        kind, value = self.take()
        if value == "*":
            test = "*"
        elif kind == "name" and self.peek()[1] == "(":
            if value not in ("text", "node"):
                raise XPathUnsupported(f"node test {value}() is not supported")
            self.take("(")
            self.take(")")
            test = value + "()"
        elif kind == "name":
            test = value
        else:
            raise XPathUnsupported(f"unexpected {value!r}")
        return ("step", axis, test, self.predicates())

    def predicates(self) -> list[Ast]:
        preds = []
        while self.peek()[1] == "[":
            self.take("[")
            preds.append(self.or_expr())
            self.take("]")
        return preds

    def primary(self) -> Ast:
        kind, value = self.take()
        if kind == "str":
            return ("lit", value[1:-1])
        if kind == "num":
            return ("num", float(value))
        if value == "(":
            inner = self.or_expr()
            self.take(")")
            return inner
        self.take("(")
        args = []
        if self.peek()[1] != ")":
            args.append(self.or_expr())
            while self.peek()[1] == ",":
                self.take(",")
                args.append(self.or_expr())
        self.take(")")
        return ("call", value, args)


# -- evaluation -------------------------------------------------------------------------------


def _string(value: Value) -> str:
    if isinstance(value, list):
        return _item_string(value[0]) if value else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return value


def _item_string(item: Item) -> str:
    return item.full_text() if isinstance(item, XmlNode) else item.value


def _number(value: Value) -> float:
    try:
        return float(_string(value)) if not isinstance(value, (float, bool)) else float(value)
    except ValueError:
        return float("nan")


def _boolean(value: Value) -> bool:
    if isinstance(value, list):
        return bool(value)
    if isinstance(value, float):
        return value != 0 and value == value
    return bool(value)


def _compare(op: str, left: Value, right: Value) -> bool:
    lefts = [_item_string(i) for i in left] if isinstance(left, list) else [left]
    rights = [_item_string(i) for i in right] if isinstance(right, list) else [right]
    for a in lefts:
        for b in rights:
            if op in ("=", "!="):
                if isinstance(a, bool) or isinstance(b, bool):
                    equal = _boolean(a) == _boolean(b)
                elif isinstance(a, float) or isinstance(b, float):
                    equal = _number(a) == _number(b)
                else:
                    equal = a == b
                if equal == (op == "="):
                    return True
            else:
                x, y = _number(a), _number(b)
                if {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[op]:
                    return True
    return False


class _Eval:
    def __init__(self, root: XmlNode) -> None:
        self.root = root
        self.order = {id(node): index for index, node in enumerate(root.iter())}

    def sort(self, items: list[Item]) -> list[Item]:
        seen: dict[tuple[int, str, str], Item] = {}
        for item in items:
            node = item if isinstance(item, XmlNode) else item.node
            kind = "" if isinstance(item, XmlNode) else type(item).__name__ + item.value
            seen.setdefault((id(node), kind, ""), item)

        def key(item: Item) -> tuple[int, int]:
            node = item if isinstance(item, XmlNode) else item.node
            return (self.order.get(id(node), -1), 0 if isinstance(item, XmlNode) else 1)

        return sorted(seen.values(), key=key)

    def value(self, tree: Ast, node: XmlNode, pos: int, size: int) -> Value:
        kind = tree[0]
        if kind == "lit":
            return str(tree[1])
        if kind == "num":
            return float(tree[1])
        if kind == "neg":
            return -_number(self.value(tree[1], node, pos, size))
        if kind == "bin":
            return self.binary(tree, node, pos, size)
        if kind == "call":
            return self.call(tree[1], tree[2], node, pos, size)
        if kind == "filter":
            base = self.value(tree[1], node, pos, size)
            if not tree[2]:
                return base
            if not isinstance(base, list):
                raise XPathUnsupported("a predicate on a value that is not a node set")
            return self.filter(base, tree[2])
        if kind == "path":
            start = tree[1]
            if start == "root":
                items: list[Item] = [self.document()]
            elif start == "context":
                items = [node]
            else:
                base = self.value(start, node, pos, size)
                if not isinstance(base, list):
                    raise XPathUnsupported("a path from a value that is not a node set")
                items = base
            for step in tree[2]:
                items = self.step(items, step)
            return items
        raise XPathUnsupported(f"unsupported expression {kind}")

    def document(self) -> XmlNode:
        # lxml's document node: the root element is its only child
        holder = XmlNode("#document", {}, 0)
        holder.children = [self.root]
        return holder

    def binary(self, tree: Ast, node: XmlNode, pos: int, size: int) -> Value:
        op, left_tree, right_tree = tree[1], tree[2], tree[3]
        if op == "or":
            return _boolean(self.value(left_tree, node, pos, size)) or _boolean(
                self.value(right_tree, node, pos, size)
            )
        if op == "and":
            return _boolean(self.value(left_tree, node, pos, size)) and _boolean(
                self.value(right_tree, node, pos, size)
            )
        left = self.value(left_tree, node, pos, size)
        right = self.value(right_tree, node, pos, size)
        if op == "|":
            if not isinstance(left, list) or not isinstance(right, list):
                raise XPathUnsupported("a union of values that are not node sets")
            return self.sort(left + right)
        return _compare(op, left, right)

    def call(self, name: str, args: list[Ast], node: XmlNode, pos: int, size: int) -> Value:
        values = [self.value(arg, node, pos, size) for arg in args]
        if name == "hasclass":
            classes = {
                c for k, v in node.attrib.items() if k.split("~")[0] == "class" for c in v.split()
            }
            return all(_string(v) in classes for v in values)
        if name == "contains" and len(values) == 2:
            return _string(values[1]) in _string(values[0])
        if name == "starts-with" and len(values) == 2:
            return _string(values[0]).startswith(_string(values[1]))
        if name == "not" and len(values) == 1:
            return not _boolean(values[0])
        if name == "true":
            return True
        if name == "false":
            return False
        if name == "last":
            return float(size)
        if name == "position":
            return float(pos)
        if name == "count" and len(values) == 1 and isinstance(values[0], list):
            return float(len(values[0]))
        if name == "string":
            return _string(values[0]) if values else node.full_text()
        if name == "normalize-space":
            return " ".join((_string(values[0]) if values else node.full_text()).split())
        if name in ("name", "local-name"):
            if values:
                items = values[0]
                return (
                    items[0].tag
                    if isinstance(items, list) and items and isinstance(items[0], XmlNode)
                    else ""
                )
            return node.tag
        raise XPathUnsupported(f"function {name}() is not supported")

    def axis(self, node: XmlNode, axis: str) -> list[XmlNode]:
        if axis == "child":
            return list(node.children)
        if axis == "self":
            return [node]
        if axis in ("descendant", "descendant-or-self"):
            found = list(node.iter())
            return found if axis == "descendant-or-self" else found[1:]
        if axis == "parent":
            parent = node.parent if node.tag != "#document" else None
            if parent is None and node is self.root:
                return []
            return [parent] if parent is not None else []
        if axis in ("ancestor", "ancestor-or-self"):
            found = list(node.ancestors())
            return [node, *found] if axis == "ancestor-or-self" else found
        siblings = node.parent.children if node.parent is not None else [node]
        index = next((i for i, s in enumerate(siblings) if s is node), 0)
        if axis == "following-sibling":
            return siblings[index + 1 :]
        if axis == "preceding-sibling":
            return list(reversed(siblings[:index]))
        raise XPathUnsupported(f"axis {axis} is not supported")

    def step(self, items: list[Item], step: Ast) -> list[Item]:
        _kind, axis, test, preds = step
        found: list[Item] = []
        for item in items:
            if not isinstance(item, XmlNode):
                continue
            if axis == "attribute":
                matched: list[Item] = [
                    _Attr(item, value)
                    for key, value in item.attrib.items()
                    if not key.startswith("~")
                    and (test in ("*", "node()") or key == test or key.split("~")[0] == test)
                ]
            elif test == "text()":
                if axis != "child":
                    raise XPathUnsupported("text() on another axis than child")
                matched = [_Text(item, item.text)] if item.text.strip() else []
            else:
                matched = [
                    n
                    for n in self.axis(item, axis)
                    if test == "node()" or (test == "*" and n.tag != "#document") or n.tag == test
                ]
            found.extend(self.filter(matched, preds))
        return self.sort(found)

    def filter(self, items: list[Item], preds: list[Ast]) -> list[Item]:
        for pred in preds:
            kept: list[Item] = []
            size = len(items)
            for index, item in enumerate(items, start=1):
                context = item if isinstance(item, XmlNode) else item.node
                result = self.value(pred, context, index, size)
                if isinstance(result, float):
                    if result == index:
                        kept.append(item)
                elif _boolean(result):
                    kept.append(item)
            items = kept
        return items


def select(root: XmlNode, expr: str) -> list[XmlNode]:
    """The elements ``expr`` selects in the tree of ``root`` (``root`` is the context node).

    Raises :class:`XPathUnsupported` when the expression is outside the supported subset.
    """
    try:
        tree = _Parser(expr).parse()
        result = _Eval(root).value(tree, root, 1, 1)
    except RecursionError:
        raise XPathUnsupported("the expression is nested too deeply") from None
    if not isinstance(result, list):
        raise XPathUnsupported("the expression does not select elements")
    return [item for item in result if isinstance(item, XmlNode) and item.tag != "#document"]
