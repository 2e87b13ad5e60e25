from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class LibraryLoan(models.Model):
    _name = "library.loan"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Loan"
    _order = "date_start desc, id desc"

    name = fields.Char(string="Reference", required=True, copy=False, default="/")
    book_id = fields.Many2one(comodel_name="library.book", required=True, tracking=True)
    member_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        default=lambda self: self.env.user,
    )
    date_start = fields.Date(
        string="Start",
        required=True,
        default=fields.Date.context_today,
    )
    date_due = fields.Date(string="Due")
    fee = fields.Monetary(currency_field="currency_id")
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        default=lambda self: self.env.company.currency_id,
    )
    days = fields.Integer(string="Duration (days)", compute="_compute_days")
    note = fields.Html()
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("ongoing", "Ongoing"),
            ("returned", "Returned"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        required=True,
        readonly=True,
        copy=False,
        default="draft",
        tracking=True,
    )

    @api.constrains("date_start", "date_due")
    def _check_due_after_start(self):
        for rec in self:
            if not (not rec.date_due or rec.date_due >= rec.date_start):
                raise ValidationError(_("The due date must come after the start date."))

    @api.depends("date_due", "date_start")
    def _compute_days(self):
        for rec in self:
            rec.days = (rec.date_due - rec.date_start).days if rec.date_due else 0

    def action_lend(self):
        for rec in self:
            if rec.state not in ("draft",):
                raise UserError(_("Lend: only allowed from Draft."))
            if not (rec.book_id.active):
                raise UserError(_("An archived book cannot be lent."))
            rec.state = "ongoing"
        return True

    def action_return(self):
        for rec in self:
            if rec.state not in ("ongoing",):
                raise UserError(_("Return: only allowed from Ongoing."))
            rec.state = "returned"
        return True

    def action_cancel(self):
        for rec in self:
            if rec.state not in ("draft", "ongoing"):
                raise UserError(_("Cancel: only allowed from Draft, Ongoing."))
            rec.state = "cancelled"
        return True

    def action_reset(self):
        for rec in self:
            if rec.state not in ("cancelled",):
                raise UserError(_("Reset to Draft: only allowed from Cancelled."))
            rec.state = "draft"
        return True
