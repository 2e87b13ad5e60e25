from datetime import timedelta

from odoo import fields, models


class UpkeepRescheduleWizard(models.TransientModel):
    _name = "upkeep.reschedule.wizard"
    _description = "Reschedule Requests"

    request_ids = fields.Many2many(
        comodel_name="upkeep.request",
        string="Requests",
        domain=[("state", "!=", "done")],
    )
    days = fields.Integer(default=7)

    def reschedule(self):
        for request in self.request_ids:
            request.date_planned += timedelta(days=self.days)
        return {"type": "ir.actions.act_window_close"}
