from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    loyalty_welcome = fields.Char(
        string="Welcome message",
        related="company_id.loyalty_welcome",
        readonly=False,
        help="Shown to customers who reach a new tier.",
    )
    loyalty_gold_threshold = fields.Float(
        string="Gold threshold",
        config_parameter="partner_sale_loyalty.gold_threshold",
        default=10000.0,
        help="Total ordered from which a customer becomes gold.",
    )
