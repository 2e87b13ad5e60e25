import logging
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.exceptions import UserError, ValidationError

_logger = logging.getLogger(__name__)


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
        check_company=True,
    )
    equipment_location = fields.Char(
        string="Equipment location",
        readonly=False,
        related="equipment_id.location",
    )
    date_planned = fields.Date(
        string="Planned on",
        required=True,
        default=fields.Date.context_today,
    )
    date_deadline = fields.Date(
        string="Deadline",
        default=lambda self: fields.Date.context_today(self) + relativedelta(months=1),
    )
    origin = fields.Char(default=lambda self: self.env.context.get("upkeep_origin"))
    duration = fields.Float(string="Hours", digits="Upkeep Hours")
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

    @api.constrains("duration")
    def _check_duration_positive(self):
        for rec in self:
            if not (rec.duration >= 0):
                raise ValidationError(
                    _("Request %(name)s cannot last %(duration)s hours.")
                    % {"name": rec.name, "duration": rec.duration},
                )

    def action_plan(self):
        for rec in self:
            if rec.state not in ("new",):
                raise UserError(_("Plan: only allowed from New."))
            if not (rec.technician_id):
                raise UserError(_("Assign a technician first."))
            rec.state = "planned"
        return True

    def action_done(self):
        for rec in self:
            if rec.state not in ("planned",):
                raise UserError(_("Mark done: only allowed from Planned."))
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
        _logger.info("%s maintenance requests are overdue", len(late))
        return True

    def _unlink_except_done(self):
        if any(request.state == "done" for request in self):
            raise UserError(_("A done request cannot be deleted."))

    @api.onchange("technician_id")
    def _onchange_technician_id(self):
        if self.technician_id and self.state == "new":
            self.date_planned = fields.Date.context_today(self) + timedelta(days=1)

    def unlink(self):
        if not self.env.context.get(MODULE_UNINSTALL_FLAG):
            self._unlink_except_done()
        return super().unlink()
