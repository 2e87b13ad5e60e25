from odoo import fields, models


class TodoTask(models.Model):
    _name = "todo.task"
    _description = "Task"
    _order = "priority desc, deadline, id"

    name = fields.Char(string="Title", required=True)
    description = fields.Text()
    deadline = fields.Date(default=fields.Date.context_today)
    priority = fields.Selection(
        selection=[("0", "Normal"), ("1", "Urgent")],
        default="0",
    )
    done = fields.Boolean(copy=False)
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Assigned to",
        default=lambda self: self.env.user,
    )
