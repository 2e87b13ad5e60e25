from odoo.exceptions import UserError
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
            "service_desk.service_ticket_view_activity",
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

    def test_service_ticket_action_confirm(self):
        rec = self._make_service_ticket()
        rec.write({"state": "open"})
        with self.assertRaises(UserError):
            rec.action_confirm()
        rec.write({"state": "new"})
        rec.action_confirm()
        self.assertEqual(rec.state, "open")

    def test_service_ticket_action_close(self):
        rec = self._make_service_ticket()
        rec.write({"state": "new"})
        with self.assertRaises(UserError):
            rec.action_close()
        rec.write({"state": "open"})
        rec.action_close()
        self.assertEqual(rec.state, "done")

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

    def test_acknowledgement_mail(self):
        """Proves: M1."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_write(
            "acknowledgement_mail step 1",
            "agent",
            {"email": "agent@example.com"},
            sudo=True,
        )
        self.step_create(
            "acknowledgement_mail step 2",
            "res.partner",
            {"name": "Azure Interior", "email": "azure@example.com"},
            as_="customer",
        )
        self.step_create(
            "acknowledgement_mail step 3",
            "service.ticket",
            {"name": "Printer jammed", "partner_id": "$customer"},
            as_="ticket",
            user="agent",
        )
        self.step_template(
            "acknowledgement_mail step 4",
            "service_desk.mail_ticket_ack",
            "ticket",
            subject=["Printer jammed"],
            body=["Dear Azure Interior", "Printer jammed"],
            not_body=["${", "{{"],
            partners=["$customer"],
        )
        self.step_call(
            "acknowledgement_mail step 5",
            "ticket",
            "action_confirm",
            user="agent",
        )
        self.expect("acknowledgement_mail step 5", {"ticket.state": "open"})
        self.step_messages(
            "acknowledgement_mail step 6",
            "ticket",
            subtype="mail.mt_comment",
            message_type="comment",
            subject="[Printer jammed] We received your request",
            attachments=1,
            count=1,
            body=["Dear Azure Interior"],
        )

    def test_call_back_activity(self):
        """Proves: M2."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_write(
            "call_back_activity step 1",
            "agent",
            {"email": "agent@example.com"},
            sudo=True,
        )
        self.step_create(
            "call_back_activity step 2",
            "res.partner",
            {"name": "Deco Addict", "email": "deco@example.com"},
            as_="customer",
        )
        self.step_create(
            "call_back_activity step 3",
            "service.ticket",
            {"name": "No network", "partner_id": "$customer"},
            as_="ticket",
            user="agent",
        )
        self.step_activities("call_back_activity step 4", "ticket", count=0)
        self.step_call(
            "call_back_activity step 5",
            "ticket",
            "action_confirm",
            user="agent",
        )
        self.step_activities(
            "call_back_activity step 6",
            "ticket",
            activity_type="service_desk.activity_call_back",
            assignee="agent",
            summary="Call the customer back",
            count=1,
        )
        self.expect("call_back_activity step 7", {"ticket.activity_ids": {"count": 1}})

    def test_closing_posts_a_tracked_message(self):
        """Proves: M3."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_write(
            "closing_posts_a_tracked_message step 1",
            "agent",
            {"email": "agent@example.com"},
            sudo=True,
        )
        self.step_create(
            "closing_posts_a_tracked_message step 2",
            "service.ticket",
            {"name": "Screen flickers"},
            as_="ticket",
            user="agent",
        )
        self.step_call(
            "closing_posts_a_tracked_message step 3",
            "ticket",
            "action_confirm",
            user="agent",
        )
        self.step_messages(
            "closing_posts_a_tracked_message step 4",
            "ticket",
            subtype="service_desk.mt_ticket_closed",
            count=0,
        )
        self.step_call(
            "closing_posts_a_tracked_message step 5",
            "ticket",
            "action_close",
            user="agent",
        )
        self.expect("closing_posts_a_tracked_message step 5", {"ticket.state": "done"})
        self.step_messages(
            "closing_posts_a_tracked_message step 6",
            "ticket",
            subtype="service_desk.mt_ticket_closed",
            message_type="notification",
            count=1,
            tracked=["state"],
        )

    def test_overdue_reminder(self):
        """Proves: M4."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_write(
            "overdue_reminder step 1",
            "agent",
            {"email": "agent@example.com"},
            sudo=True,
        )
        self.step_create(
            "overdue_reminder step 2",
            "res.partner",
            {"name": "Gemini Furniture", "email": "gemini@example.com"},
            as_="customer",
        )
        self.step_create(
            "overdue_reminder step 3",
            "service.ticket",
            {
                "name": "Broken chair",
                "partner_id": "$customer",
                "date_deadline": "today - 2 days",
            },
            as_="late",
            user="agent",
        )
        self.step_create(
            "overdue_reminder step 4",
            "service.ticket",
            {
                "name": "Wobbly desk",
                "partner_id": "$customer",
                "date_deadline": "today + 5 days",
            },
            as_="on_time",
            user="agent",
        )
        self.step_call(
            "overdue_reminder step 5",
            "late",
            "action_confirm",
            user="agent",
        )
        self.step_call(
            "overdue_reminder step 6",
            "on_time",
            "action_confirm",
            user="agent",
        )
        self.step_call(
            "overdue_reminder step 7",
            None,
            "_cron_remind_overdue",
            model="service.ticket",
        )
        self.step_messages(
            "overdue_reminder step 8",
            "late",
            subject="[Broken chair] Overdue",
            count=1,
            body=["Gemini Furniture"],
        )
        self.step_messages(
            "overdue_reminder step 9",
            "on_time",
            subject="[Wobbly desk] Overdue",
            count=0,
        )
