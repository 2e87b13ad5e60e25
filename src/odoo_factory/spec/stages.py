"""Stages as records: what a kanban board of a stage field shows besides its cards.

A stage model is an ordinary model of the spec (``sequence``, ``fold``, ordered by
``sequence``); the many2one to it takes ``group_expand: true`` to show every stage as a
column, empty or folded (the comodel's ``fold`` field), and ``default: '=first'`` to put new
records in the first stage. The kanban view adds a progress bar per column.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from odoo_factory.spec.patterns import IDENT

__all__ = ["ProgressBar"]


Color = Literal["success", "warning", "danger", "info", "muted"]


class ProgressBar(BaseModel):
    """The bar over each kanban column: the share of its cards per value of ``field``."""

    model_config = ConfigDict(extra="forbid")

    field: str = Field(pattern=IDENT, description="A selection (or char) field of the cards.")
    colors: dict[str, Color] = Field(
        min_length=1, description="{value: success|warning|danger|info|muted}"
    )
    sum: str | None = Field(
        default=None, pattern=IDENT, description="Numeric field summed in the column header."
    )
