"""data/decimal_precision_data.xml: the decimal precisions the spec's float fields create."""

from __future__ import annotations

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pymodels import precision_xmlid
from odoo_factory.compiler.xmlgen import E
from odoo_factory.spec.models import DecimalPrecision

__all__ = ["PRECISIONS_FILE", "declared_precisions", "precision_records"]

PRECISIONS_FILE = "data/decimal_precision_data.xml"


def declared_precisions(ctx: BuildContext) -> list[DecimalPrecision]:
    """Each precision a field declares with ``digits: {name, digits}``, once."""
    found: dict[str, DecimalPrecision] = {}
    for model in ctx.spec.models:
        for f in model.fields:
            if isinstance(f.digits, DecimalPrecision):
                found.setdefault(f.digits.name, f.digits)
    return list(found.values())


def precision_records(ctx: BuildContext) -> list[E]:
    """One ``decimal.precision`` record per declared precision (loaded once: users may
    change its digits in the settings)."""
    return [
        E("record", {"id": precision_xmlid(p), "model": "decimal.precision"}).add(
            E("field", {"name": "name"}, text=p.name),
            E("field", {"name": "digits"}, text=str(p.digits)),
        )
        for p in declared_precisions(ctx)
    ]
