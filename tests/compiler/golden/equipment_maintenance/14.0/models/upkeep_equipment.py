from odoo import api, fields, models


class UpkeepEquipment(models.Model):
    _name = "upkeep.equipment"
    _description = "Equipment"
    _order = "code"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, copy=False)
    sequence = fields.Integer(default=10)
    purchase_date = fields.Date(string="Purchase date")
    cost = fields.Float(digits=(16, 2))
    location = fields.Char()
    category_id = fields.Many2one(comodel_name="upkeep.category")
    request_ids = fields.One2many(
        comodel_name="upkeep.request",
        inverse_name="equipment_id",
        string="Requests",
    )
    open_request_ids = fields.One2many(
        comodel_name="upkeep.request",
        inverse_name="equipment_id",
        string="Open Requests",
        domain=[("state", "!=", "done")],
    )
    last_request_date = fields.Date(
        string="Last request date",
        compute="_compute_last_request_date",
        store=True,
    )
    request_count = fields.Integer(
        string="Request count",
        compute="_compute_request_count",
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    _sql_constraints = [
        (
            "code_company_unique",
            "UNIQUE(code, company_id)",
            "The code must be unique per company.",
        ),
    ]

    @api.depends("request_ids.date_planned")
    def _compute_last_request_date(self):
        for rec in self:
            values = rec.request_ids.mapped("date_planned")
            rec.last_request_date = max(values) if values else False

    @api.depends("request_ids")
    def _compute_request_count(self):
        for rec in self:
            rec.request_count = len(rec.request_ids)
