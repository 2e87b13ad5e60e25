"""Quality checks of an addon: static checks (no Odoo needed) that produce diagnostics.

``check_addon`` is the use case; it returns a :class:`CheckReport` and never prints.
"""

from odoo_factory.qa.check import check_addon
from odoo_factory.qa.diagnostics import CheckReport, Diagnostic, Severity
from odoo_factory.qa.series_rules import SeriesRule, load_rules

__all__ = ["CheckReport", "Diagnostic", "SeriesRule", "Severity", "check_addon", "load_rules"]
