from odoo import fields, models


class UpkeepCategory(models.Model):
    _name = "upkeep.category"
    _description = "Equipment Category"
    _order = "name"
    _parent_store = True
    _parent_name = "parent_id"

    name = fields.Char(required=True)
    parent_id = fields.Many2one(
        comodel_name="upkeep.category",
        index=True,
        ondelete="cascade",
    )
    parent_path = fields.Char(index=True)
