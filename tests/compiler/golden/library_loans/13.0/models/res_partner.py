from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    library_card = fields.Char(string="Library card")
    library_note = fields.Char(string="Library note")
