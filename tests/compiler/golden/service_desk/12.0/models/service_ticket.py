from odoo import api, fields, models


class ServiceTicket(models.Model):
    _name = "service.ticket"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Ticket"
    _order = "priority desc, id desc"

    name = fields.Char(string="Subject", required=True, track_visibility="onchange")
    description = fields.Html()
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        track_visibility="onchange",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Assigned to",
        default=lambda self: self.env.user,
        track_visibility="onchange",
    )
    priority = fields.Selection(
        selection=[("0", "Normal"), ("1", "High"), ("2", "Urgent")],
        default="0",
    )
    date_deadline = fields.Date(string="Deadline")
    active = fields.Boolean(default=True)
    reference = fields.Char(readonly=True, copy=False, help="Numbered per company")
    channel_id = fields.Many2one(comodel_name="service.channel")
    stage_id = fields.Many2one(
        comodel_name="service.stage",
        index=True,
        default=lambda self: self.env["service.stage"].search([], limit=1),
        ondelete="restrict",
        group_expand="_read_group_stage_id",
        track_visibility="onchange",
    )

    @api.model
    def _read_group_stage_id(self, records, domain, order):
        return records.search([], order=order)  # pylint: disable=no-search-all

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("reference", "/") in ("/", False, "New"):
                vals["reference"] = self._next_reference(self.env.user.company_id)
        return super().create(vals_list)

    def _next_reference(self, company):
        sequence = self.env["ir.sequence"].sudo()
        code = "service.ticket"
        domain = [("code", "=", code), ("company_id", "=", company.id)]
        if not sequence.search_count(domain):
            sequence.create(
                {
                    "name": "Ticket",
                    "code": code,
                    "prefix": "TCK/",
                    "padding": 5,
                    "company_id": company.id,
                }
            )
        return sequence.with_context(force_company=company.id).next_by_code(code) or "/"
