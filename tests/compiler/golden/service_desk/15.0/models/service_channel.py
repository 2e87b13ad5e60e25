from odoo import fields, models


class ServiceChannel(models.Model):
    _name = "service.channel"
    _description = "Channel"
    _order = "name"

    name = fields.Char(required=True, translate=True)
