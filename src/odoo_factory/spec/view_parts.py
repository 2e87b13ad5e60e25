"""Pieces of views beyond fields: buttons anywhere (a form's header, a list's rows) and any
element an inherited view inserts (page, group, separator, label, button, filter, div, …).

Conditions (``invisible``, ``readonly``, ``required``, ``column_invisible``) are written once
and rendered inline or as ``attrs`` for the series; other attributes are plain text.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from odoo_factory.spec.patterns import IDENT, XMLID
from odoo_factory.spec.values import expression_problem, text_problem

__all__ = ["CONDITION_ATTRIBUTES", "ELEMENT_TAGS", "ViewButton", "ViewElement"]

CONDITION_ATTRIBUTES = ("invisible", "readonly", "required", "column_invisible")
ElementTag = Literal[
    "page",
    "group",
    "separator",
    "label",
    "button",
    "filter",
    "field",
    "div",
    "span",
    "p",
    "h1",
    "h2",
    "h3",
    "notebook",
    "newline",
    "header",
    "footer",
]
ELEMENT_TAGS: tuple[str, ...] = ElementTag.__args__  # type: ignore[attr-defined]
_ATTRIBUTE = re.compile(r"^[a-z_][a-z0-9_-]*$")
# attributes whose value Odoo evaluates as Python: only through their own keys
_EVALUATED = {"attrs", "states", "context", "domain", "options", "filter_domain", "eval"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _condition(value: str | None) -> str | None:
    if value is not None:
        problem = expression_problem(value, "condition")
        if problem:
            raise ValueError(problem)
    return value


class ViewButton(_Strict):
    """A button in a form's header or in each row of a list."""

    name: str = Field(description="Method (type object) or action xml id (type action).")
    string: str
    type: Literal["object", "action"] = "object"
    invisible: str | None = Field(default=None, description="Condition hiding the button.")
    confirm: str | None = Field(default=None, description="Question asked before running it.")
    groups: list[str] = Field(default_factory=list)
    primary: bool = False
    icon: str | None = Field(default=None, pattern=r"^fa-[a-z0-9-]+$")

    _invisible = field_validator("invisible")(lambda cls, v: _condition(v))

    @model_validator(mode="after")
    def _name_fits_type(self) -> ViewButton:
        pattern = IDENT if self.type == "object" else XMLID
        if not re.match(pattern, self.name):
            what = "a method name" if self.type == "object" else "an action xml id"
            raise ValueError(f"button name {self.name!r} is not {what}")
        for text in (self.string, self.confirm):
            problem = text_problem(text) if text is not None else None
            if problem:
                raise ValueError(problem)
        return self


class ViewElement(_Strict):
    """One element of an inherited view: a tag, its attributes, text and children."""

    tag: ElementTag
    attrs: dict[str, str] = Field(default_factory=dict, description="Plain attributes.")
    invisible: str | None = None
    readonly: str | None = None
    required: str | None = None
    column_invisible: str | None = None
    filter_domain: str | None = Field(default=None, description="Search field: its domain.")
    domain: str | None = Field(default=None, description="Search filter: its domain.")
    context: str | None = Field(default=None, description="A context dict literal.")
    text: str | None = None
    children: list[ViewElement] = Field(default_factory=list)

    _conditions = field_validator(*CONDITION_ATTRIBUTES)(lambda cls, v: _condition(v))

    @field_validator("filter_domain", "domain")
    @classmethod
    def _domain(cls, value: str | None) -> str | None:
        if value is not None:
            problem = expression_problem(value, "domain")
            if problem:
                raise ValueError(problem)
        return value

    @field_validator("context")
    @classmethod
    def _context(cls, value: str | None) -> str | None:
        if value is not None:
            problem = expression_problem(value, "dict")
            if problem:
                raise ValueError(problem)
        return value

    @field_validator("attrs")
    @classmethod
    def _plain(cls, value: dict[str, Any]) -> dict[str, Any]:
        for key, text in value.items():
            if not _ATTRIBUTE.match(key):
                raise ValueError(f"{key!r} is not an attribute name")
            if key in _EVALUATED or key in CONDITION_ATTRIBUTES:
                raise ValueError(
                    f"attribute {key!r} is evaluated by Odoo: give it as the element's own "
                    f"key ({key}: ...), where it is checked"
                )
            problem = text_problem(str(text))
            if problem:
                raise ValueError(problem)
        return value

    @field_validator("text")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        problem = text_problem(value) if value is not None else None
        if problem:
            raise ValueError(problem)
        return value
