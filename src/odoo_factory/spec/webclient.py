"""Web client assets of an addon: field widgets, client actions and systray items.

Each is a small component: a QWeb template written by the spec's author (markup), an optional
stylesheet (SCSS) and a little declarative logic. The compiler writes the JavaScript for the
target series (legacy ``odoo.define`` widgets up to 15.0, OWL components from 16.0) and
declares the files in the series' backend bundle.

What a template sees:

- a field widget: ``value`` (the field's raw value) and ``text`` (the value formatted the way
  the web client shows it, e.g. a selection's label);
- a client action and a systray item: ``counts``, an object holding one number per ``counts``
  entry, each the number of records of a model matching a domain (an ORM ``search_count``
  made by the signed-in user when the component starts).

A systray item with ``action`` opens that client action when clicked.
"""

from __future__ import annotations

import ast
import json
import re
import xml.etree.ElementTree as ET
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from odoo_factory.spec.patterns import IDENT, MODEL_NAME, RECORD_VAR, XMLID

__all__ = [
    "WIDGET_TYPES",
    "BrowserCheck",
    "ClientAction",
    "Count",
    "SystrayItem",
    "Widget",
    "camel",
    "literal_domain",
]


WidgetType = Literal[
    "char", "text", "integer", "float", "monetary", "boolean", "date", "datetime", "selection"
]
WIDGET_TYPES: tuple[str, ...] = WidgetType.__args__  # type: ignore[attr-defined]

_OPERATORS = frozenset(
    {"=", "!=", "<", "<=", ">", ">=", "in", "not in", "like", "ilike", "not like", "not ilike"}
)
_FIELD_PATH = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")


def camel(name: str) -> str:
    """``ticket_priority_badge`` -> ``TicketPriorityBadge`` (a JavaScript class name)."""
    return "".join(part.capitalize() for part in name.split("_") if part)


def literal_domain(text: str) -> list[Any]:
    """A domain of literals as JSON-ready data; ValueError naming what is not allowed."""
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, RecursionError, MemoryError):
        raise ValueError(
            f"{text!r} is not a domain of literals, e.g. \"[('state', '=', 'open')]\" "
            "(names such as uid or context_today() cannot be sent by the web client here)"
        ) from None
    if not isinstance(value, list):
        raise ValueError(f"a domain is a list, not {type(value).__name__}")
    result: list[Any] = []
    for item in value:
        if item in ("&", "|", "!"):
            result.append(item)
            continue
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise ValueError(f"domain term {item!r} is not (field, operator, value)")
        path, operator, operand = item
        if not isinstance(path, str) or not _FIELD_PATH.match(path):
            raise ValueError(f"domain term {item!r} does not start with a field name")
        if operator not in _OPERATORS:
            raise ValueError(
                f"operator {operator!r} of {item!r} is not one of {sorted(_OPERATORS)}"
            )
        try:
            json.dumps(operand)
        except (TypeError, ValueError):
            raise ValueError(f"the value of {item!r} cannot be sent as JSON") from None
        result.append([path, operator, list(operand) if isinstance(operand, tuple) else operand])
    return result


def _markup(body: str) -> str:
    try:
        ET.fromstring(f"<t>{body}</t>")
    except ET.ParseError as exc:
        raise ValueError(f"the template is not well-formed XML: {exc}") from None
    return body


def _scss(text: str | None) -> str | None:
    if text is not None and ("</" in text or "@import" in text):
        raise ValueError("a stylesheet holds rules only (no @import, no markup)")
    return text


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Count(_Strict):
    """A number a template shows as ``counts.<name>``: how many records match ``domain``."""

    name: str = Field(pattern=IDENT, max_length=60)
    model: str = Field(pattern=MODEL_NAME)
    domain: str = Field(default="[]", max_length=2000, description="a domain of literals")

    @field_validator("domain")
    @classmethod
    def _literal(cls, domain: str) -> str:
        literal_domain(domain)
        return domain


class _Component(_Strict):
    template: str = Field(min_length=1, max_length=50_000, description="QWeb markup")
    scss: str | None = Field(default=None, max_length=50_000, description="stylesheet rules")

    _well_formed = field_validator("template")(lambda cls, v: _markup(v))
    _rules_only = field_validator("scss")(lambda cls, v: _scss(v))


class Widget(_Component):
    """A field widget: views name it in ``widget=`` on fields of its types."""

    name: str = Field(pattern=IDENT, max_length=60, description="Registry name, e.g. age_badge.")
    string: str | None = Field(default=None, max_length=100, description="Name shown in Studio.")
    types: list[WidgetType] = Field(min_length=1, description="Field types it displays.")

    @property
    def label(self) -> str:
        return self.string or self.name.replace("_", " ").capitalize()


class _Counting(_Component):
    counts: list[Count] = Field(default_factory=list, max_length=20)

    @model_validator(mode="after")
    def _unique_counts(self) -> _Counting:
        names = [c.name for c in self.counts]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"two counts are named {name!r}")
        return self


class ClientAction(_Counting):
    """An ``ir.actions.client`` record with its tag ``<addon>.<id>``, its component, and a
    menu entry (under the app's root menu unless ``parent`` names another)."""

    id: str = Field(pattern=IDENT, max_length=60, description="e.g. desk_dashboard")
    name: str = Field(min_length=1, max_length=200)
    menu: bool = Field(default=True, description="Add a menu entry that opens it.")
    parent: str | None = Field(default=None, pattern=XMLID, description="Parent menu.")
    sequence: int = 5
    groups: list[str] = Field(default_factory=list, description="Groups that see the menu.")

    @property
    def action_id(self) -> str:
        return f"action_{self.id}"

    @property
    def menu_id(self) -> str:
        return f"menu_{self.id}"


class SystrayItem(_Counting):
    """An item of the top bar's systray; clicking it opens ``action`` when given."""

    id: str = Field(pattern=IDENT, max_length=60, description="e.g. desk_systray")
    action: str | None = Field(
        default=None, pattern=XMLID, description="a client action id of the spec, or an xml id"
    )
    sequence: int = Field(default=50, ge=0, le=1000)


class BrowserCheck(_Strict):
    """A page of the web client opened in a headless browser as the step's user: the step
    waits until ``selector`` shows, checks its text, and fails on any JavaScript error."""

    action: str | None = Field(default=None, pattern=XMLID, description="an action to open")
    record: str | None = Field(default=None, pattern=RECORD_VAR, description="'$var': its form")
    model: str | None = Field(default=None, pattern=MODEL_NAME, description="its list view")
    selector: str = Field(min_length=1, max_length=500, description="CSS selector waited for")
    contains: list[str] = Field(default_factory=list, description="text the element shows")
    timeout: int = Field(default=60, ge=5, le=600)

    @model_validator(mode="after")
    def _one_page(self) -> BrowserCheck:
        pages = [k for k in ("action", "record", "model") if getattr(self, k) is not None]
        if len(pages) != 1:
            raise ValueError("a browser step opens one of 'action', 'record' or 'model'")
        return self
