from odoo import fields, models


class ServiceStage(models.Model):
    _name = "service.stage"
    _description = "Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
