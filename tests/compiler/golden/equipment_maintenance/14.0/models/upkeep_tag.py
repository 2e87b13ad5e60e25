from odoo import fields, models


class UpkeepTag(models.Model):
    _name = "upkeep.tag"
    _description = "Maintenance Tag"

    name = fields.Char(required=True)
    color = fields.Integer()
    _sql_constraints = [("name_unique", "UNIQUE(name)", "Tag names must be unique.")]
