"""Printed reports: a report action in a model's Print menu, its QWeb template and an
optional paper format.

The spec gives the body of one document as markup; the compiler wraps it in the standard
frame (``web.html_container``, one page per record of ``docs`` as ``o``, the company's
``web.external_layout`` or the plain ``web.internal_layout``). Loops over lines, totals and
conditional blocks are plain QWeb in the body.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from odoo_factory.spec.patterns import IDENT, MODEL_NAME

__all__ = ["PaperFormat", "Report"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class PaperFormat(_Strict):
    """A ``report.paperformat`` record of the report's own; margins in millimetres."""

    format: Literal["A4", "A3", "A5", "Letter", "Legal"] = "A4"
    orientation: Literal["Portrait", "Landscape"] = "Portrait"
    margin_top: float = Field(default=40, ge=0, le=300)
    margin_bottom: float = Field(default=20, ge=0, le=300)
    margin_left: float = Field(default=7, ge=0, le=300)
    margin_right: float = Field(default=7, ge=0, le=300)
    header_spacing: int = Field(default=35, ge=0, le=300)
    dpi: int = Field(default=90, ge=50, le=600)


class Report(_Strict):
    """A report printed from the records of ``model``.

    ``id`` names the template (the report's ``report_name`` is ``<addon>.<id>``); the action is
    ``action_<id>`` and a paper format ``paperformat_<id>``."""

    id: str = Field(pattern=IDENT, max_length=100, description="Template id, e.g. report_slip.")
    name: str = Field(min_length=1, max_length=200, description="Label in the Print menu.")
    model: str = Field(pattern=MODEL_NAME, description="Model whose records it prints.")
    report_type: Literal["qweb-pdf", "qweb-html"] = "qweb-pdf"
    layout: Literal["external", "internal"] = Field(
        default="external",
        description="external: the company header and footer; internal: a plain page.",
    )
    print_menu: bool = Field(default=True, description="Offer it in the model's Print menu.")
    paperformat: PaperFormat | None = None
    print_report_name: str | None = Field(
        default=None,
        max_length=500,
        description="Python expression of the file name; 'object' is the record.",
    )
    body: str = Field(
        min_length=1, max_length=200_000, description="Markup of one document; 'o' is the record."
    )

    @field_validator("body")
    @classmethod
    def _well_formed(cls, body: str) -> str:
        try:
            ET.fromstring(f"<t>{body}</t>")
        except ET.ParseError as exc:
            raise ValueError(f"the report body is not well-formed XML: {exc}") from None
        return body

    @property
    def action_id(self) -> str:
        return f"action_{self.id}"

    @property
    def paperformat_id(self) -> str:
        return f"paperformat_{self.id}"
