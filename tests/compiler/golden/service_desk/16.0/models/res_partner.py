from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    support_rate = fields.Float(
        string="Support rate",
        company_dependent=True,
        help="Hourly rate the company charges this customer for support",
    )
