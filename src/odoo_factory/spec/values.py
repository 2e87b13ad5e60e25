"""What a spec value may be once the compiler turns it into Python or XML.

The spec's validators and the compiler's emitters share these rules, so a value refused here
is refused at validate time, with its place in the file, and a value accepted here always
becomes well-formed code:

- names (:func:`name_problem`) are identifiers, never Python keywords, never a builtin a
  generated body could shadow, never a name Odoo reserves on a model;
- expressions that Odoo evaluates (domains, view conditions, contexts, widget options) are
  parsed with :mod:`ast`, checked against an allow-list of node types, and re-rendered from
  the tree (:func:`expression`);
- method arguments are parsed as a signature whose defaults are literals (:func:`signature`);
- code fields are compiled in the very place the compiler puts them (:func:`code_problem`);
- text never holds a character XML 1.0 or Python source cannot carry (:func:`text_problem`).
"""

from __future__ import annotations

import ast
import builtins
import datetime
import io
import keyword
import math
import re
import textwrap
import tokenize
import warnings
from collections.abc import Iterator
from typing import Any, Literal

__all__ = [
    "CodePlace",
    "ExpressionKind",
    "NameRole",
    "block",
    "code_problem",
    "expression",
    "expression_problem",
    "name_problem",
    "render",
    "signature",
    "signature_problem",
    "text_problem",
    "value_problem",
]

ExpressionKind = Literal["condition", "domain", "dict"]
CodePlace = Literal["body", "loop", "expression", "module"]

_IDENT = re.compile(r"[a-z_][a-z0-9_]*\Z")
# Characters that XML 1.0 cannot hold, NUL that Python source cannot hold, lone surrogates
# that UTF-8 cannot encode; tab, line feed and carriage return are text.
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")

# Names a field may not take: the record's own attributes, the columns Odoo adds to every
# table, and the modules a generated class body uses after its fields.
RESERVED_FIELDS = frozenset(
    {
        "id",
        "ids",
        "env",
        "pool",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
        "fields",
        "models",
        "api",
        # methods of every recordset, which a field of the same name would hide
        "browse",
        "search",
        "search_count",
        "search_read",
        "read",
        "read_group",
        "write",
        "create",
        "copy",
        "copy_data",
        "unlink",
        "exists",
        "ensure_one",
        "mapped",
        "filtered",
        "filtered_domain",
        "sorted",
        "grouped",
        "with_context",
        "with_user",
        "with_company",
        "with_env",
        "with_prefetch",
        "sudo",
        "new",
        "name_get",
        "name_search",
        "name_create",
        "default_get",
        "fields_get",
        "get_metadata",
        "check_access_rights",
        "check_access_rule",
        "check_access",
        "has_access",
        "flush",
        "flush_model",
        "flush_recordset",
        "invalidate_cache",
        "invalidate_model",
        "invalidate_recordset",
        "modified",
        "recompute",
        "update",
        "toggle_active",
        "action_archive",
        "action_unarchive",
    }
)
# Names a generated method body reads from the module: an argument of the same name hides them.
_MODULE_NAMES = frozenset(
    {"self", "fields", "models", "api", "_", "UserError", "ValidationError", "AccessError"}
)
_BUILTINS = frozenset(n for n in dir(builtins) if not n.startswith("_"))

NameRole = Literal["field", "method", "argument", "module", "python"]


def name_problem(name: str, role: NameRole = "python") -> str | None:
    """Why ``name`` cannot be a generated Python name in ``role``; None when it can."""
    if not _IDENT.match(name):
        return f"{name!r} is not a name: use lower-case letters, digits and '_'"
    if keyword.iskeyword(name):
        return f"{name!r} is a Python keyword; choose another name, e.g. {name + '_'!r}"
    if role == "field":
        if len(name) > 63:
            return f"{name!r} is longer than the 63 characters of a PostgreSQL column name"
        if name.startswith("_"):
            return f"{name!r}: Odoo reserves names starting with '_' for model attributes"
        if name in RESERVED_FIELDS:
            return (
                f"{name!r} is reserved: every Odoo model already has it (a field would hide "
                "it or clash with it); choose another name"
            )
    if role == "method" and name.startswith("__"):
        return f"{name!r}: names starting with '__' are Python's own; choose another name"
    if role == "argument":
        if name in _MODULE_NAMES:
            return f"{name!r} would hide what generated code needs; choose another name"
        if name in _BUILTINS:
            return f"{name!r} would shadow the Python builtin of that name; choose another name"
        if name.startswith("__"):
            return f"{name!r}: names starting with '__' are reserved"
    return None


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be written into a Python or XML file; None when it can."""
    bad = _BAD_CHARS.search(value)
    if bad is None:
        return None
    code = ord(bad.group())
    return (
        f"holds the control character U+{code:04X} at position {bad.start() + 1}, which "
        "cannot be written into the addon; remove it"
    )


def value_problem(value: Any, *, refs: bool = False) -> str | None:
    """Why ``value`` is not a literal the compiler can write (a default, a record value).

    Accepted: strings, booleans, integers, finite numbers, dates, and lists and mappings of
    those. With ``refs``, a string starting with ``$ref:`` must name an xml id."""
    if isinstance(value, str):
        if refs and value.startswith("$ref:") and not XMLID_RE.match(value[5:]):
            return f"{value[5:]!r} after '$ref:' is not an xml id like 'base.user_admin'"
        return text_problem(value)
    if value is None or isinstance(value, (bool, int)):
        return None
    if isinstance(value, float):
        return None if math.isfinite(value) else f"{value!r} is not a finite number"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return None
    if isinstance(value, (list, tuple)):
        for item in value:
            problem = value_problem(item, refs=refs)
            if problem:
                return problem
        return None
    if isinstance(value, dict):
        for key, item in value.items():
            problem = value_problem(key) or value_problem(item, refs=refs)
            if problem:
                return problem
        return None
    return f"a {type(value).__name__} value cannot be written; use a string, number or list"


XMLID_RE = re.compile(r"([a-z_][a-z0-9_]*\.)?[a-z_][a-zA-Z0-9_]*\Z")


# -- expressions Odoo evaluates --------------------------------------------------------------
_NODES: tuple[type[ast.AST], ...] = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Attribute,
    ast.Subscript,
    ast.Slice,
    ast.List,
    ast.Tuple,
    ast.Set,
    ast.Dict,
    ast.Call,
    ast.keyword,
    ast.UnaryOp,
    ast.BinOp,
    ast.BoolOp,
    ast.Compare,
    ast.IfExp,
    ast.operator,
    ast.unaryop,
    ast.boolop,
    ast.cmpop,
)
_NOT_ALLOWED = (ast.Pow, ast.MatMult, ast.LShift, ast.RShift)
_SHAPES = {"domain": (ast.List, ast.Tuple), "dict": (ast.Dict,)}
_WHAT = {"condition": "a condition", "domain": "a domain", "dict": "a mapping"}
_EXAMPLES = {
    "condition": "state != 'draft' and amount > 0",
    "domain": "[('state', '=', 'draft')]",
    "dict": "{'default_state': 'draft'}",
}


def _parse(text: str, mode: str) -> ast.AST:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. SyntaxWarning: the code is the user's
            return ast.parse(text, mode=mode)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, SyntaxError) else "too long or too deeply nested"
        line = f" (line {exc.lineno} of the code)" if isinstance(exc, SyntaxError) else ""
        raise _Problem(f"Python code does not parse: {reason}{line}") from None


class _Problem(ValueError):
    pass


def _checked(text: str, kind: ExpressionKind) -> ast.Expression:
    tree = _parse(text.strip(), "eval")
    assert isinstance(tree, ast.Expression)
    shape = _SHAPES.get(kind)
    if shape and not isinstance(tree.body, shape):
        raise _Problem(f"{_WHAT[kind]} is expected here, written like {_EXAMPLES[kind]}")
    for node in ast.walk(tree):
        if not isinstance(node, _NODES) or isinstance(node, _NOT_ALLOWED):
            raise _Problem(
                f"{type(node).__name__} is not allowed in {_WHAT[kind]}: use names, literals, "
                "comparisons, and/or/not, attribute access and calls"
            )
        names = (
            [node.id]
            if isinstance(node, ast.Name)
            else [node.attr]
            if isinstance(node, ast.Attribute)
            else [node.arg or "**"]
            if isinstance(node, ast.keyword)
            else []
        )
        for name in names:
            if (name.startswith("_") and name != "_") or name == "**":
                raise _Problem(f"{name!r} is not allowed in {_WHAT[kind]}")
        if isinstance(node, ast.Dict) and None in node.keys:
            raise _Problem(f"'**' is not allowed in {_WHAT[kind]}")
    _render(tree.body)  # what cannot be rendered again is refused here, at validate time
    return tree


def expression_problem(text: str, kind: ExpressionKind) -> str | None:
    """Why ``text`` is not an allowed ``kind`` of expression; None when it is."""
    try:
        _checked(text, kind)
    except _Problem as exc:
        return str(exc)
    return None


def expression(text: str, kind: ExpressionKind) -> str:
    """``text`` parsed, checked against the allow-list and rendered again from its tree."""
    try:
        return render(_checked(text, kind).body)
    except _Problem as exc:
        raise ValueError(f"{text!r}: {exc}") from None


# Precedences, lowest first, as in Python's grammar.
_IFEXP, _OR, _AND, _NOT, _CMP, _BOR, _BXOR, _BAND, _SHIFT, _ARITH, _TERM, _FACTOR, _ATOM = range(
    1, 14
)
_BINARY: dict[type[ast.operator], tuple[str, int]] = {
    ast.BitOr: ("|", _BOR),
    ast.BitXor: ("^", _BXOR),
    ast.BitAnd: ("&", _BAND),
    ast.Add: ("+", _ARITH),
    ast.Sub: ("-", _ARITH),
    ast.Mult: ("*", _TERM),
    ast.Div: ("/", _TERM),
    ast.FloorDiv: ("//", _TERM),
    ast.Mod: ("%", _TERM),
}
_UNARY: dict[type[ast.unaryop], str] = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~"}
_COMPARE: dict[type[ast.cmpop], str] = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.In: "in",
    ast.NotIn: "not in",
    ast.Is: "is",
    ast.IsNot: "is not",
}


def render(node: ast.AST) -> str:
    """An allow-listed expression tree as text, the same on every Python version."""
    return _render(node)[0]


def _at(node: ast.AST, least: int) -> str:
    text, precedence = _render(node)
    return f"({text})" if precedence < least else text


def _items(nodes: list[ast.expr]) -> str:
    return ", ".join(_at(n, _IFEXP) for n in nodes)


def _render(node: ast.AST) -> tuple[str, int]:
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, float) and not math.isfinite(value):
            return ("1e999" if value > 0 else "(1e999 - 1e999)"), _ATOM
        if isinstance(value, (str, int, float, bool)) or value is None:
            return repr(value), (_FACTOR if isinstance(value, (int, float)) else _ATOM)
        raise _Problem(f"the constant {value!r} is not allowed")
    if isinstance(node, ast.Name):
        return node.id, _ATOM
    if isinstance(node, ast.Attribute):
        return f"{_at(node.value, _ATOM)}.{node.attr}", _ATOM
    if isinstance(node, ast.Subscript):
        return f"{_at(node.value, _ATOM)}[{_render_index(node.slice)}]", _ATOM
    if isinstance(node, ast.Call):
        parts = [_at(a, _IFEXP) for a in node.args]
        parts += [f"{k.arg}={_at(k.value, _IFEXP)}" for k in node.keywords]
        return f"{_at(node.func, _ATOM)}({', '.join(parts)})", _ATOM
    if isinstance(node, ast.List):
        return f"[{_items(node.elts)}]", _ATOM
    if isinstance(node, ast.Tuple):
        inner = _items(node.elts) + ("," if len(node.elts) == 1 else "")
        return f"({inner})", _ATOM
    if isinstance(node, ast.Set):
        return f"{{{_items(node.elts)}}}", _ATOM
    if isinstance(node, ast.Dict):
        pairs = [
            f"{_at(k, _IFEXP)}: {_at(v, _IFEXP)}"
            for k, v in zip(node.keys, node.values, strict=True)
            if k is not None
        ]
        return f"{{{', '.join(pairs)}}}", _ATOM
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.Not):
            return f"not {_at(node.operand, _NOT)}", _NOT
        return f"{_UNARY[type(node.op)]}{_at(node.operand, _FACTOR)}", _FACTOR
    if isinstance(node, ast.BinOp):
        symbol, precedence = _BINARY[type(node.op)]
        left, right = _at(node.left, precedence), _at(node.right, precedence + 1)
        return f"{left} {symbol} {right}", precedence
    if isinstance(node, ast.BoolOp):
        word, precedence = ("and", _AND) if isinstance(node.op, ast.And) else ("or", _OR)
        return f" {word} ".join(_at(v, precedence + 1) for v in node.values), precedence
    if isinstance(node, ast.Compare):
        parts = [_at(node.left, _CMP + 1)]
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            parts += [_COMPARE[type(op)], _at(comparator, _CMP + 1)]
        return " ".join(parts), _CMP
    if isinstance(node, ast.IfExp):
        body, test = _at(node.body, _IFEXP + 1), _at(node.test, _IFEXP + 1)
        return f"{body} if {test} else {_at(node.orelse, _IFEXP)}", _IFEXP
    raise _Problem(f"{type(node).__name__} is not allowed")


def _render_index(node: ast.AST) -> str:
    if isinstance(node, ast.Slice):
        parts = ["" if n is None else _at(n, _IFEXP) for n in (node.lower, node.upper)]
        if node.step is not None:
            parts.append(_at(node.step, _IFEXP))
        return ":".join(parts)
    if isinstance(node, ast.Tuple) and node.elts:
        return _items(node.elts) + ("," if len(node.elts) == 1 else "")
    return _at(node, _IFEXP)


# -- method signatures -----------------------------------------------------------------------
def _arguments(entries: list[str]) -> ast.arguments:
    """The parsed signature ``self, *entries``; refuses anything but one plain ``def``."""
    source = f"def _(self, {', '.join(entries)}):\n    pass\n"
    tree = _parse(source, "exec")
    assert isinstance(tree, ast.Module)
    func = tree.body[0] if len(tree.body) == 1 else None
    if (
        not isinstance(func, ast.FunctionDef)
        or func.decorator_list
        or func.returns is not None
        or len(func.body) != 1
        or not isinstance(func.body[0], ast.Pass)
    ):
        raise _Problem("arguments are names with literal defaults, like ['vals', 'limit=10']")
    return func.args


def signature_problem(entries: list[str]) -> str | None:
    """Why ``entries`` are not the arguments of a method after ``self``; None when they are."""
    try:
        args = _arguments(entries)
        compile(f"def _({ast.unparse(args)}):\n    pass\n", "<args>", "exec", dont_inherit=True)
    except _Problem as exc:
        return str(exc)
    except (SyntaxError, ValueError, TypeError) as exc:
        return f"the arguments do not make a signature: {getattr(exc, 'msg', exc)}"
    every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
    for arg in every[1:]:  # the first is self
        if arg is None:
            continue
        if arg.annotation is not None:
            return "an argument takes no annotation (annotations run when Odoo loads the addon)"
        problem = name_problem(arg.arg, "argument")
        if problem:
            return problem
    for default in [*args.defaults, *args.kw_defaults]:
        if default is not None and not _literal(default):
            return (
                f"the default {ast.unparse(default)!r} is not a literal: use a string, a number, "
                "True, False or None"
            )
    return None


def _literal(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return not isinstance(node.value, (bytes, complex)) and node.value is not Ellipsis
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return isinstance(node.operand, ast.Constant) and type(node.operand.value) in (int, float)
    if isinstance(node, ast.Tuple):
        return all(_literal(e) for e in node.elts)
    return False


def signature(entries: list[str]) -> str:
    """``self`` and ``entries``, rendered again from the parsed signature."""
    problem = signature_problem(entries)
    if problem:
        raise ValueError(f"{entries!r}: {problem}")
    return ast.unparse(_arguments(entries))


# -- code fields -----------------------------------------------------------------------------
def block(code: str, indent: int) -> str:
    """User code re-indented to ``indent`` spaces, without trailing blank lines."""
    text = textwrap.dedent(code).strip("\n")
    return textwrap.indent(text, " " * indent, lambda line: bool(line.strip()))


def _comments(code: str) -> Iterator[tokenize.TokenInfo]:
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                yield token
    except (tokenize.TokenError, SyntaxError):
        return


def code_problem(code: str, place: CodePlace, arguments: list[str] | None = None) -> str | None:
    """Why ``code`` does not compile where the compiler puts it; None when it does.

    ``body``: a method body (``arguments`` after self); ``loop``: the body of ``for rec in
    self``; ``expression``: one expression (no comment, so that it can stand after ``=``,
    inside a call or an ``if``); ``module``: server action code, run as a module."""
    try:
        if place == "expression":
            text = code.strip()
            _parse(text, "eval")
            if next(_comments(text), None) is not None:
                return "an expression holds no comment ('#'); remove it"
            lines = f"x = {text}\nif not ({text}):\n    pass\nf(x, {text})"
            source = "def _(self):\n    for rec in self:\n" + block(lines, 8)
        elif place == "module":
            source = code.strip("\n")
            _parse(source, "exec")
        else:
            _parse(code, "exec")
            try:
                args = ast.unparse(_arguments(arguments or []))
            except _Problem:
                args = "self"
            source = f"def _({args}):\n"
            if place == "loop":
                source += "    for rec in self:\n" + block(code, 8) + "\n"
            else:
                source += block(code, 4) + "\n"
    except _Problem as exc:
        return str(exc)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(source, "<code>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        return f"Python code does not compile here: {exc.msg}"
    except (ValueError, MemoryError, RecursionError):
        return "Python code does not compile here: too long or too deeply nested"
    return None
