from odoo.tests.common import TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestLoyaltyRewards(ScenarioSteps, TransactionCase):
    def test_views_load(self):
        for xmlid in ["loyalty_rewards.res_partner_view_form_rewards"]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.fields_view_get(view.id, view.type))

    def test_compute_res_partner(self):
        rec = self.env["res.partner"].new({})
        self.assertEqual(
            rec.reward_rate,
            {"gold": 5.0, "silver": 2.0}.get(rec.loyalty_tier, 0.0),
        )
        rec.mapped("reward_points")

    def test_reward_rate_follows_tier(self):
        """Proves: R1."""
        self.start_scenario()
        self.step_create(
            "reward_rate_follows_tier step 1",
            "res.partner",
            {"name": "Gold Customer", "loyalty_tier": "gold"},
            as_="partner",
        )
        self.expect(
            "reward_rate_follows_tier step 2",
            {"partner.reward_rate": 5.0, "partner.reward_points": 0},
        )
        self.step_write(
            "reward_rate_follows_tier step 3",
            "partner",
            {"loyalty_tier": "silver"},
        )
        self.expect("reward_rate_follows_tier step 3", {"partner.reward_rate": 2.0})
        self.step_write(
            "reward_rate_follows_tier step 4",
            "partner",
            {"loyalty_tier": "bronze"},
        )
        self.expect("reward_rate_follows_tier step 4", {"partner.reward_rate": 0.0})

    def test_gift_wrap_for_loyal_customers(self):
        """Proves: R2."""
        self.start_scenario()
        self.step_create(
            "gift_wrap_for_loyal_customers step 1",
            "res.partner",
            {"name": "New Customer"},
            as_="newcomer",
        )
        self.step_create(
            "gift_wrap_for_loyal_customers step 2",
            "res.partner",
            {"name": "Silver Customer", "loyalty_tier": "silver"},
            as_="loyal",
        )
        with self.step_raises(
            "gift_wrap_for_loyal_customers step 3",
            "ValidationError",
            match="silver and gold",
        ):
            self.step_create(
                "gift_wrap_for_loyal_customers step 3",
                "sale.order",
                {"partner_id": "$newcomer", "gift_wrap": True},
            )
        self.step_create(
            "gift_wrap_for_loyal_customers step 4",
            "sale.order",
            {"partner_id": "$loyal", "gift_wrap": True},
            as_="order",
        )
        self.expect(
            "gift_wrap_for_loyal_customers step 5",
            {"order.gift_wrap": True, "order.partner_tier": "silver"},
        )

    def test_rewards_on_contact_form(self):
        """Proves: R3."""
        self.start_scenario()
        self.step_view(
            "rewards_on_contact_form step 1",
            "res.partner",
            "form",
            field="reward_rate",
            readonly=True,
        )
        self.step_view(
            "rewards_on_contact_form step 2",
            "res.partner",
            "form",
            field="loyalty_tier",
        )
