from odoo.tests.common import TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestPartnerSaleLoyalty(ScenarioSteps, TransactionCase):
    def _make_loyalty_tier_wizard(self):
        return self.env["loyalty.tier.wizard"].create({})

    def test_create_loyalty_tier_wizard(self):
        record = self._make_loyalty_tier_wizard()
        self.assertTrue(record.exists())

    def test_views_load(self):
        for xmlid in [
            "partner_sale_loyalty.res_partner_view_form_loyalty",
            "partner_sale_loyalty.sale_order_view_form_delivery",
            "partner_sale_loyalty.sale_order_view_list_tier",
            "partner_sale_loyalty.loyalty_tier_wizard_view_form",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.fields_view_get(view.id, view.type))

    def test_actions_load(self):
        for xmlid in ["partner_sale_loyalty.loyalty_tier_wizard_action"]:
            self.assertTrue(self.env.ref(xmlid).read())

    def test_compute_res_partner(self):
        rec = self.env["res.partner"].new({})
        rec.mapped("sale_order_total")

    def test_res_partner_onchange_loyalty_tier(self):
        record = self.env["res.partner"].new({"loyalty_tier": "gold"})
        result = record._onchange_loyalty_tier()
        self.assertIsInstance(result, (dict, type(None)))

    def test_loyalty_tier_wizard_action_apply(self):
        record = self._make_loyalty_tier_wizard()
        result = record.action_apply()
        self.assertIsInstance(result, (dict, bool, type(None)))

    def test_gold_partner_gets_since_date(self):
        """Proves: R1."""
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
        """Proves: R2."""
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

    def test_loyalty_manager_group(self):
        """Proves: R3."""
        self.start_scenario()
        self.add_user("manager", ["partner_sale_loyalty.group_loyalty_manager"])
        self.step_call(
            "loyalty_manager_group step 1",
            "manager",
            "has_group",
            args=["sales_team.group_sale_salesman"],
            as_="salesman",
        )
        self.expect("loyalty_manager_group step 2", {"salesman": True})
        self.step_search(
            "loyalty_manager_group step 3",
            "res.users",
            [["login", "=", "admin"]],
            count=1,
            as_="admin",
        )
        self.step_call(
            "loyalty_manager_group step 4",
            "admin",
            "has_group",
            args=["partner_sale_loyalty.group_loyalty_manager"],
            as_="member",
        )
        self.step_call(
            "loyalty_manager_group step 5",
            "admin",
            "has_group",
            args=["base.group_system"],
            as_="still_admin",
        )
        self.expect(
            "loyalty_manager_group step 6",
            {"member": True, "still_admin": True},
        )
        self.step_search(
            "loyalty_manager_group step 7",
            "res.groups",
            [["id", "=", "$ref:partner_sale_loyalty.group_loyalty_manager"]],
            as_="group",
        )
        self.expect(
            "loyalty_manager_group step 8",
            {
                "group.full_name": {
                    "in": [
                        "Sales / Loyalty Manager",
                        "Loyalty Tiers on Sales / Loyalty Manager",
                    ],
                },
            },
        )

    def test_tier_wizard_from_order(self):
        """Proves: R4."""
        self.start_scenario()
        self.step_action(
            "tier_wizard_from_order step 1",
            "partner_sale_loyalty.loyalty_tier_wizard_action",
            model="loyalty.tier.wizard",
            view_modes=["form"],
            target="new",
        )
        self.step_search(
            "tier_wizard_from_order step 2",
            "ir.actions.act_window",
            [
                [
                    "id",
                    "=",
                    "$ref:partner_sale_loyalty.loyalty_tier_wizard_action",
                ],
                ["binding_model_id.model", "=", "sale.order"],
                ["binding_view_types", "=", "form"],
            ],
            count=1,
        )
        self.step_create(
            "tier_wizard_from_order step 3",
            "res.partner",
            {"name": "Wizard Customer"},
            as_="partner",
        )
        self.step_create(
            "tier_wizard_from_order step 4",
            "sale.order",
            {"partner_id": "$partner"},
            as_="order",
        )
        self.step_create(
            "tier_wizard_from_order step 5",
            "loyalty.tier.wizard",
            {"tier": "gold"},
            as_="wizard",
            context={"active_model": "sale.order", "active_ids": ["$order"]},
        )
        self.step_call(
            "tier_wizard_from_order step 6",
            "wizard",
            "action_apply",
            context={"active_model": "sale.order", "active_ids": ["$order"]},
        )
        self.expect("tier_wizard_from_order step 7", {"partner.loyalty_tier": "gold"})

    def test_loyalty_settings(self):
        """Proves: R5."""
        self.start_scenario()
        self.step_view(
            "loyalty_settings step 1",
            "res.config.settings",
            "form",
            field="loyalty_gold_threshold",
        )
        self.step_view(
            "loyalty_settings step 2",
            "res.config.settings",
            "form",
            field="loyalty_welcome",
        )
        self.step_create(
            "loyalty_settings step 3",
            "res.config.settings",
            {
                "loyalty_welcome": "Welcome aboard",
                "loyalty_gold_threshold": 5000,
            },
            as_="settings",
        )
        self.step_call("loyalty_settings step 4", "settings", "execute", sudo=True)
        self.step_call(
            "loyalty_settings step 5",
            None,
            "get_param",
            args=["partner_sale_loyalty.gold_threshold"],
            model="ir.config_parameter",
            as_="threshold",
            sudo=True,
        )
        self.expect(
            "loyalty_settings step 6",
            {
                "threshold": "5000.0",
                "settings.company_id.loyalty_welcome": "Welcome aboard",
            },
        )

    def test_loyal_tag_kept_on_upgrade(self):
        """Proves: R6."""
        self.start_scenario()
        self.step_search(
            "loyal_tag_kept_on_upgrade step 1",
            "ir.model.data",
            [
                ["module", "=", "partner_sale_loyalty"],
                ["name", "=", "tag_loyal"],
                ["noupdate", "=", True],
            ],
            count=1,
        )
        self.step_search(
            "loyal_tag_kept_on_upgrade step 2",
            "ir.model.data",
            [
                ["module", "=", "partner_sale_loyalty"],
                ["name", "=", "tag_tier_review"],
                ["noupdate", "=", False],
            ],
            count=1,
        )
