from odoo import fields, models


class LibraryNotice(models.Model):
    _name = "library.notice"
    _description = "Notice"
    _order = "sequence, id"

    name = fields.Char(string="Title", required=True)
    body = fields.Text()
    sequence = fields.Integer(default=10)
    published = fields.Boolean(default=True)
