from odoo.tests.common import TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestServiceDesk(ScenarioSteps, TransactionCase):
    def _make_service_ticket(self):
        return self.env["service.ticket"].create({"name": "Test"})

    def test_create_service_ticket(self):
        record = self._make_service_ticket()
        self.assertTrue(record.exists())

    def test_views_load(self):
        for xmlid in [
            "service_desk.service_ticket_view_form",
            "service_desk.service_ticket_view_list",
            "service_desk.service_ticket_view_search",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.fields_view_get(view.id, view.type))

    def test_actions_load(self):
        for xmlid in ["service_desk.service_ticket_action"]:
            self.assertTrue(self.env.ref(xmlid).read())

    def test_agent_records_a_ticket(self):
        """Proves: R1."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_create(
            "agent_records_a_ticket step 1",
            "res.partner",
            {"name": "Azure Interior"},
            as_="customer",
        )
        self.step_create(
            "agent_records_a_ticket step 2",
            "service.ticket",
            {"name": "Printer jammed", "partner_id": "$customer"},
            as_="ticket",
            user="agent",
        )
        self.expect(
            "agent_records_a_ticket step 2",
            {"ticket.user_id": "$agent", "ticket.partner_id": "$customer"},
        )
