from odoo.tests.common import TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestPartnerSaleLoyalty(ScenarioSteps, TransactionCase):
    def test_views_load(self):
        for xmlid in [
            "partner_sale_loyalty.res_partner_view_form_loyalty",
            "partner_sale_loyalty.sale_order_view_form_delivery",
            "partner_sale_loyalty.sale_order_view_list_tier",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.fields_view_get(view.id, view.type))

    def test_compute_res_partner(self):
        rec = self.env["res.partner"].new({})
        rec.mapped("sale_order_total")

    def test_res_partner_onchange_loyalty_tier(self):
        record = self.env["res.partner"].new({"loyalty_tier": "gold"})
        result = record._onchange_loyalty_tier()
        self.assertIsInstance(result, (dict, type(None)))

    def test_gold_partner_gets_since_date(self):
        self.start_scenario()
        self.step_create(
            "gold_partner_gets_since_date step 1",
            "res.partner",
            {
                "name": "Golden Customer",
                "loyalty_tier": "gold",
                "loyalty_since": "2024-01-01",
            },
            as_="partner",
        )
        self.expect(
            "gold_partner_gets_since_date step 2",
            {"partner.loyalty_tier": "gold"},
        )

    def test_delivery_window_checked(self):
        self.start_scenario()
        self.step_create(
            "delivery_window_checked step 1",
            "res.partner",
            {"name": "Window Customer"},
            as_="partner",
        )
        with self.step_raises("delivery_window_checked step 2", "ValidationError"):
            self.step_create(
                "delivery_window_checked step 2",
                "sale.order",
                {
                    "partner_id": "$partner",
                    "delivery_window_start": "2024-05-10 10:00:00",
                    "delivery_window_end": "2024-05-09 10:00:00",
                },
            )
