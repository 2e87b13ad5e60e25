"""Odoo Factory: from a module specification to an Odoo addon proven on a real Odoo."""

from odoo_factory.errors import OdooFactoryError
from odoo_factory.settings import Settings

__all__ = ["OdooFactoryError", "Settings", "__version__"]

__version__ = "0.1.0"
