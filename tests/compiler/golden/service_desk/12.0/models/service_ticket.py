from odoo import _, api, fields, models
from odoo.exceptions import UserError


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
    state = fields.Selection(
        selection=[("new", "New"), ("open", "Open"), ("done", "Done")],
        string="Status",
        required=True,
        readonly=True,
        copy=False,
        default="new",
        track_visibility="onchange",
    )

    @api.model
    def _read_group_stage_id(self, records, domain, order):
        return records.search([], order=order)  # pylint: disable=no-search-all

    @api.multi
    def action_confirm(self):
        for rec in self:
            if rec.state not in ("new",):
                raise UserError(_("Confirm: only allowed from New."))
            rec.state = "open"
            rec._send_template("service_desk.mail_ticket_ack")
            rec.activity_schedule(
                "service_desk.activity_call_back",
                user_id=rec.user_id.id or self.env.uid,
                summary="Call the customer back",
            )
        return True

    @api.multi
    def action_close(self):
        for rec in self:
            if rec.state not in ("open",):
                raise UserError(_("Close: only allowed from Open."))
            rec.state = "done"
        return True

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

    @api.multi
    def _send_template(self, template_xmlid):
        """Post a mail template (xml id; a bare one is this addon's) on each
        record's chatter and send it to the recipients it names.
        """
        if "." not in template_xmlid:
            template_xmlid = "service_desk." + template_xmlid
        template = self.env.ref(template_xmlid)
        for rec in self:
            rec.message_post_with_template(template.id, message_type="comment")
        return True

    @api.multi
    def _track_subtype(self, init_values):
        self.ensure_one()
        if "state" in init_values and self.state == "done":
            return self.env.ref("service_desk.mt_ticket_closed")
        return super()._track_subtype(init_values)

    @api.multi
    def _cron_remind_overdue(self):
        today = fields.Date.context_today(self)
        overdue = self.search([("state", "=", "open"), ("date_deadline", "<", today)])
        overdue._send_template("mail_ticket_overdue")
