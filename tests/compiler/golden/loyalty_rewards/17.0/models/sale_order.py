from odoo import _, api, models
from odoo.exceptions import ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.constrains("gift_wrap", "partner_id")
    def _check_gift_wrap_for_loyal_customers(self):
        for rec in self:
            if not (not rec.gift_wrap or rec.partner_tier in ("silver", "gold")):
                raise ValidationError(
                    _("Gift wrapping is offered to silver and gold customers."),
                )
