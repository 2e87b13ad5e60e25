from odoo.tests.common import HttpCase, TransactionCase, tagged

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
            "service_desk.service_ticket_view_form_badge",
            "service_desk.service_ticket_view_list_badge",
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


@tagged("post_install", "-at_install")
class TestServiceDeskHttp(ScenarioSteps, HttpCase):
    def test_agent_sees_the_priority_badge(self):
        """Proves: W1."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_view(
            "agent_sees_the_priority_badge step 1",
            "service.ticket",
            "form",
            field="priority",
            widget="ticket_priority_badge",
            user="agent",
        )
        self.step_view(
            "agent_sees_the_priority_badge step 2",
            "service.ticket",
            "list",
            field="priority",
            widget="ticket_priority_badge",
            user="agent",
        )
        self.step_create(
            "agent_sees_the_priority_badge step 3",
            "service.ticket",
            {"name": "Server down", "priority": "2"},
            as_="ticket",
            user="agent",
        )
        self.step_browser(
            "agent_sees_the_priority_badge step 4",
            ".o_field_ticket_priority_badge .o_desk_priority_2",
            record="ticket",
            contains=["Urgent"],
            user="agent",
        )
        self.step_browser(
            "agent_sees_the_priority_badge step 5",
            ".o_list_renderer .o_desk_priority_2",
            model="service.ticket",
            contains=["Urgent"],
            user="agent",
        )

    def test_agent_opens_the_desk_dashboard(self):
        """Proves: W2."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_create(
            "agent_opens_the_desk_dashboard step 1",
            "service.ticket",
            {"name": "Server down", "priority": "2"},
            user="agent",
        )
        self.step_create(
            "agent_opens_the_desk_dashboard step 2",
            "service.ticket",
            {"name": "New mouse"},
            user="agent",
        )
        self.step_browser(
            "agent_opens_the_desk_dashboard step 3",
            ".o_desk_count_open",
            action="service_desk.action_desk_dashboard",
            contains=["2 open tickets"],
            user="agent",
        )
        self.step_browser(
            "agent_opens_the_desk_dashboard step 4",
            ".o_desk_count_urgent",
            action="service_desk.action_desk_dashboard",
            contains=["1 urgent tickets"],
            user="agent",
        )

    def test_desk_entry_in_the_systray(self):
        """Proves: W3."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_browser(
            "desk_entry_in_the_systray step 1",
            ".o_menu_systray .o_service_desk_desk_systray",
            model="service.ticket",
            user="agent",
        )
