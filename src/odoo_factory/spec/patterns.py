"""The forms of names a spec uses, as regular expressions, with what to tell a user whose
value does not match one."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = [
    "CLASS_PATH",
    "DOTTED",
    "IDENT",
    "MODEL_NAME",
    "PATH",
    "PERMS",
    "RECORD_VAR",
    "REQUIREMENT_ID",
    "URL",
    "VAR_REF",
    "XMLID",
    "did_you_mean",
    "pattern_hint",
]

IDENT = r"^[a-z_][a-z0-9_]*$"
MODEL_NAME = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$"
# a field name or a dotted path: 'amount', 'line_ids.amount' (not a model name: its own hint)
DOTTED = r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*$"
# an xml id, optionally prefixed by its module: 'group_manager', 'base.group_user'
XMLID = r"^([a-z_][a-z0-9_]*\.)?[a-z_][a-zA-Z0-9_]*$"
# a dotted path of at least two parts: 'partner_id.country_id'
PATH = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$"
REQUIREMENT_ID = r"^[A-Za-z][A-Za-z0-9_.-]*$"
VAR_REF = r"^\$?[a-z_][a-z0-9_]*$"
# a record variable written with its dollar: '$ticket'
RECORD_VAR = r"^\$[a-z_][a-z0-9_]*$"
URL = r"^(/([A-Za-z0-9_.~-]+|<(int|string|path|model\([a-z_.]+\)):[a-z_][a-z0-9_]*>))+/?$|^/$"
CLASS_PATH = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+\.[A-Z][A-Za-z0-9_]*$"
PERMS = r"^r?w?c?u?$"

_HINTS = {
    IDENT: ("name", "use lower-case letters, digits and '_', like 'date_due' (no '/', '-', "
            "spaces or paths)"),
    MODEL_NAME: ("model name", "use dotted lower-case names, like 'library.book'"),
    DOTTED: ("field path", "use field names, joined by dots, like 'line_ids.amount'"),
    XMLID: (
        "xml id",
        "use letters, digits and '_', optionally after the module and a dot, like "
        "'group_manager' or 'base.group_user'",
    ),
    PATH: ("dotted path", "use field names joined by dots, like 'partner_id.country_id'"),
    REQUIREMENT_ID: ("criterion id", "start with a letter, like 'R1' or 'M2'"),
    VAR_REF: ("variable name", "use lower-case letters, digits and '_', like 'order'"),
    RECORD_VAR: ("record variable", "write the variable with its dollar, like '$ticket'"),
    URL: (
        "route",
        "start with '/', use letters, digits, '_.~-' and converters like '<int:record_id>'",
    ),
    CLASS_PATH: (
        "controller class path",
        "name the module path and the class, like 'portal.controllers.portal.CustomerPortal'",
    ),
    PERMS: ("set of permissions", "use the letters r, w, c, u in that order, like 'rwcu' or 'r'"),
}  # fmt: skip


def pattern_hint(pattern: str) -> tuple[str, str]:
    """What a value of ``pattern`` is (``'xml id'``), and how to write one."""
    return _HINTS.get(pattern, ("value here", f"it must match {pattern}"))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """'did you mean 'x'?' for the choice closest to ``word``, '' when none is close."""
    match = difflib.get_close_matches(word, sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else ""
