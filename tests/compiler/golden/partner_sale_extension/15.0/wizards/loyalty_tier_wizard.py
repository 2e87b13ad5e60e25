from odoo import fields, models


class LoyaltyTierWizard(models.TransientModel):
    _name = "loyalty.tier.wizard"
    _description = "Set Loyalty Tier"

    tier = fields.Selection(
        selection=[("bronze", "Bronze"), ("silver", "Silver"), ("gold", "Gold")],
        required=True,
        default="silver",
    )

    def action_apply(self):
        orders = self.env["sale.order"].browse(self.env.context.get("active_ids", []))
        orders.partner_id.write({"loyalty_tier": self.tier})
        return {"type": "ir.actions.act_window_close"}
