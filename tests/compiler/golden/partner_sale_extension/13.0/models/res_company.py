from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    loyalty_welcome = fields.Char(string="Loyalty welcome message")
