from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    delivery_window_start = fields.Datetime(string="Deliver from")
    delivery_window_end = fields.Datetime(string="Deliver until")
    partner_tier = fields.Selection(
        string="Customer tier",
        related="partner_id.loyalty_tier",
    )
    gift_wrap = fields.Boolean(string="Gift wrap")

    @api.constrains("delivery_window_start", "delivery_window_end")
    def _check_delivery_window_order(self):
        for rec in self:
            if not (
                not (rec.delivery_window_start and rec.delivery_window_end)
                or rec.delivery_window_start <= rec.delivery_window_end
            ):
                raise ValidationError(
                    self.env._("The delivery window must end after it starts."),
                )

    def write(self, vals):
        if vals.get("gift_wrap") and any(o.state == "cancel" for o in self):
            raise UserError(_("A cancelled order cannot be gift wrapped."))
        return super().write(vals)
