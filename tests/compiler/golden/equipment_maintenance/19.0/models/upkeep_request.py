from odoo import api, fields, models
from odoo.exceptions import UserError


class UpkeepRequest(models.Model):
    _name = "upkeep.request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Maintenance Request"
    _order = "date_planned, id"
    _check_company_auto = True

    name = fields.Char(string="Number", required=True, copy=False, default="/")
    equipment_id = fields.Many2one(
        comodel_name="upkeep.equipment",
        required=True,
        ondelete="cascade",
    )
    date_planned = fields.Date(
        string="Planned on",
        required=True,
        default=fields.Date.context_today,
    )
    duration = fields.Float(string="Hours")
    technician_id = fields.Many2one(comodel_name="res.users")
    overdue = fields.Boolean(readonly=True, copy=False)
    tag_ids = fields.Many2many(comodel_name="upkeep.tag", string="Tags")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        selection=[("new", "New"), ("planned", "Planned"), ("done", "Done")],
        string="Status",
        required=True,
        readonly=True,
        copy=False,
        default="new",
        tracking=True,
    )

    def action_plan(self):
        for rec in self:
            if rec.state not in ("new",):
                raise UserError(self.env._("Plan: only allowed from New."))
            if not (rec.technician_id):
                raise UserError(self.env._("Assign a technician first."))
            rec.state = "planned"
        return True

    def action_done(self):
        for rec in self:
            if rec.state not in ("planned",):
                raise UserError(self.env._("Mark done: only allowed from Planned."))
            rec.overdue = False
            rec.state = "done"
        return True

    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        for vals in vals_list:
            if vals.get("name", "/") in ("/", False, "New"):
                vals["name"] = sequence.next_by_code("upkeep.request") or "/"
        return super().create(vals_list)

    @api.model
    def _cron_flag_overdue(self):
        today = fields.Date.context_today(self)
        late = self.search([("state", "!=", "done"), ("date_planned", "<", today)])
        late.write({"overdue": True})
        return True
