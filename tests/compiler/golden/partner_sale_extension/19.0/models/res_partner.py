from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    loyalty_tier = fields.Selection(
        selection=[("bronze", "Bronze"), ("silver", "Silver"), ("gold", "Gold")],
        string="Loyalty tier",
        default="bronze",
        tracking=True,
    )
    loyalty_since = fields.Date(string="Loyalty since")
    sale_order_total = fields.Monetary(
        string="Total Ordered",
        currency_field="currency_id",
        compute="_compute_sale_order_total",
    )

    @api.depends("sale_order_ids.amount_total", "sale_order_ids.state")
    def _compute_sale_order_total(self):
        for rec in self:
            orders = rec.sale_order_ids.filtered(lambda o: o.state in ("sale", "done"))
            rec.sale_order_total = sum(orders.mapped("amount_total"))

    @api.onchange("loyalty_tier")
    def _onchange_loyalty_tier(self):
        if self.loyalty_tier != "bronze" and not self.loyalty_since:
            self.loyalty_since = fields.Date.context_today(self)
