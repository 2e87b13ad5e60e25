"""JavaScript unit tests of the addon's own web client components.

A JS test renders the QWeb template of one of the spec's widgets, client actions or systray
items with the values the test gives (what the template sees: ``value`` and ``text`` for a
widget, ``counts`` for a client action or a systray item) and checks that the rendered markup
shows texts and holds elements. The compiler writes the test in the form of the series (QUnit
up to 17.0, hoot from 18.0) and a Python HttpCase that runs it headless in Chrome, so that
``test`` and ``gate`` run it and a failing JS test fails the gate.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from odoo_factory.spec.patterns import IDENT, did_you_mean

if TYPE_CHECKING:
    from odoo_factory.spec.semantics import _Checker

__all__ = ["JsTest", "check_js_tests"]


class JsTest(BaseModel):
    """Render one component's template with ``values``; expect texts and elements."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=IDENT, max_length=60, description="test name (identifier)")
    proves: list[str] = Field(default_factory=list, description="requirement ids, e.g. [R1]")
    component: str = Field(
        pattern=IDENT, description="a widget's name, a client action's or a systray item's id"
    )
    values: dict[str, Any] = Field(
        default_factory=dict, description="what the template sees, e.g. {value: '2', text: Urgent}"
    )
    contains: list[str] = Field(default_factory=list, description="texts the markup shows")
    selectors: list[str] = Field(
        default_factory=list, description="CSS selectors of elements the markup holds"
    )

    @field_validator("values")
    @classmethod
    def _names(cls, values: dict[str, Any]) -> dict[str, Any]:
        try:
            json.dumps(values)
        except (TypeError, ValueError):
            raise ValueError("values are plain data (text, numbers, lists, mappings)") from None
        return values

    @field_validator("selectors")
    @classmethod
    def _selectors(cls, selectors: list[str]) -> list[str]:
        for selector in selectors:
            if not selector.strip() or len(selector) > 500:
                raise ValueError(f"{selector!r} is not a CSS selector")
        return selectors


def check_js_tests(checker: _Checker) -> None:
    """Names are unique; each test renders a component of the spec and checks something."""
    spec = checker.spec
    checker.unique(
        [(t.name, ("js_tests", i, "name")) for i, t in enumerate(spec.js_tests)], "JS test"
    )
    names = {w.name for w in spec.widgets} | {a.id for a in spec.client_actions}
    names |= {s.id for s in spec.systray}
    for i, test in enumerate(spec.js_tests):
        if test.component not in names:
            checker.fail(
                ("js_tests", i, "component"),
                f"no widget, client action or systray item {test.component!r} in this spec",
                did_you_mean(test.component, names)
                or "name a widget of 'widgets' or an id of 'client_actions' or 'systray'",
            )
        if not test.contains and not test.selectors:
            checker.fail(
                ("js_tests", i),
                f"JS test {test.name!r} checks nothing",
                "add 'contains' (texts) or 'selectors' (elements the markup holds)",
            )
