from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    reward_rate = fields.Float(string="Reward rate (%)", compute="_compute_reward_rate")
    reward_points = fields.Integer(
        string="Reward points",
        compute="_compute_reward_points",
    )

    @api.depends("loyalty_tier")
    def _compute_reward_rate(self):
        for rec in self:
            rec.reward_rate = {"gold": 5.0, "silver": 2.0}.get(rec.loyalty_tier, 0.0)

    @api.depends("sale_order_total", "loyalty_tier")
    def _compute_reward_points(self):
        for rec in self:
            rec.reward_points = int(rec.sale_order_total * rec.reward_rate / 100)
