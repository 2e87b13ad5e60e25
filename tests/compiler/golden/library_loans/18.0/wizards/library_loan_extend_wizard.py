from odoo import fields, models


class LibraryLoanExtendWizard(models.TransientModel):
    _name = "library.loan.extend.wizard"
    _description = "Extend loans"

    loan_ids = fields.Many2many(comodel_name="library.loan", string="Loans")
    days = fields.Integer(required=True, default=7)

    def action_apply(self):
        for loan in self.loan_ids:
            start = loan.date_due or loan.date_start
            loan.date_due = fields.Date.add(start, days=self.days)
        return {"type": "ir.actions.act_window_close"}
