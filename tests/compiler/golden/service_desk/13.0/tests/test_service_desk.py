from odoo.exceptions import UserError
from odoo.tests.common import HttpCase, TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestServiceDesk(ScenarioSteps, TransactionCase):
    def _make_service_ticket(self):
        return self.env["service.ticket"].create({"name": "Test"})

    def _make_service_stage(self):
        return self.env["service.stage"].create({"name": "Test"})

    def _make_service_channel(self):
        return self.env["service.channel"].create({"name": "Test"})

    def test_create_service_ticket(self):
        record = self._make_service_ticket()
        self.assertTrue(record.exists())

    def test_create_service_stage(self):
        record = self._make_service_stage()
        self.assertTrue(record.exists())

    def test_create_service_channel(self):
        record = self._make_service_channel()
        self.assertTrue(record.exists())

    def test_views_load(self):
        for xmlid in [
            "service_desk.service_ticket_view_kanban",
            "service_desk.service_ticket_view_form_badge",
            "service_desk.service_ticket_view_list_badge",
            "service_desk.service_ticket_view_activity",
            "service_desk.service_ticket_view_form",
            "service_desk.service_ticket_view_list",
            "service_desk.service_ticket_view_search",
            "service_desk.service_stage_view_form",
            "service_desk.service_stage_view_list",
            "service_desk.service_stage_view_search",
            "service_desk.service_channel_view_form",
            "service_desk.service_channel_view_list",
            "service_desk.service_channel_view_search",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.fields_view_get(view.id, view.type))

    def test_actions_load(self):
        for xmlid in [
            "service_desk.service_ticket_action",
            "service_desk.service_stage_action",
            "service_desk.service_channel_action",
        ]:
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

    def test_new_ticket_in_first_stage(self):
        """Proves: S1."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_create(
            "new_ticket_in_first_stage step 1",
            "service.ticket",
            {"name": "Screen flickers"},
            as_="ticket",
            user="agent",
        )
        self.expect(
            "new_ticket_in_first_stage step 1",
            {"ticket.stage_id": "$ref:service_desk.stage_new"},
        )

    def test_board_shows_every_stage(self):
        """Proves: S2."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_create(
            "board_shows_every_stage step 1",
            "service.ticket",
            {"name": "VPN down"},
            as_="ticket",
            user="agent",
        )
        self.step_read_group(
            "board_shows_every_stage step 2",
            "service.ticket",
            "stage_id",
            [["id", "=", "$ticket"]],
            as_="columns",
            user="agent",
        )
        self.expect(
            "board_shows_every_stage step 2",
            {
                "columns": {"count": 3},
                "columns.0.value": "$ref:service_desk.stage_new",
                "columns.0.count": 1,
                "columns.0.fold": False,
                "columns.1.value": "$ref:service_desk.stage_in_progress",
                "columns.1.count": 0,
                "columns.2.value": "$ref:service_desk.stage_closed",
                "columns.2.fold": True,
            },
        )

    def test_stage_change_is_tracked(self):
        """Proves: S3."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_create(
            "stage_change_is_tracked step 1",
            "service.ticket",
            {"name": "Mouse broken"},
            as_="ticket",
            user="agent",
        )
        self.step_write(
            "stage_change_is_tracked step 2",
            "ticket",
            {"stage_id": "$ref:service_desk.stage_closed"},
            user="agent",
        )
        self.step_search(
            "stage_change_is_tracked step 3",
            "mail.tracking.value",
            [
                ["mail_message_id.res_id", "=", "$ticket"],
                ["mail_message_id.model", "=", "service.ticket"],
            ],
            count=1,
            as_="changes",
            sudo=True,
        )
        self.expect(
            "stage_change_is_tracked step 3",
            {
                "changes.new_value_char": "Closed",
                "changes.old_value_char": "New",
            },
        )

    def test_managers_configure_stages(self):
        """Proves: S4."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.add_user("manager", ["service_desk.group_manager"])
        self.step_access(
            "managers_configure_stages step 1",
            model="service.stage",
            read=True,
            write=False,
            create=False,
            unlink=False,
            user="agent",
        )
        self.step_create(
            "managers_configure_stages step 2",
            "service.stage",
            {"name": "Waiting on customer", "sequence": 5},
            as_="stage",
            user="manager",
        )
        self.expect("managers_configure_stages step 2", {"stage.fold": False})

    def test_urgent_ticket_is_worked_on(self):
        """Proves: A1."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_create(
            "urgent_ticket_is_worked_on step 1",
            "service.ticket",
            {"name": "Server room flooded"},
            as_="ticket",
            user="agent",
        )
        self.expect(
            "urgent_ticket_is_worked_on step 1",
            {
                "ticket.stage_id": "$ref:service_desk.stage_new",
                "ticket.date_deadline": None,
            },
        )
        self.step_write(
            "urgent_ticket_is_worked_on step 2",
            "ticket",
            {"priority": "2"},
            user="agent",
        )
        self.expect(
            "urgent_ticket_is_worked_on step 2",
            {
                "ticket.stage_id": "$ref:service_desk.stage_in_progress",
                "ticket.date_deadline": "today + 1 day",
            },
        )

    def test_overdue_ticket_gets_a_reminder(self):
        """Proves: A2."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_create(
            "overdue_ticket_gets_a_reminder step 1",
            "service.ticket",
            {"name": "Invoice missing", "date_deadline": "today - 2 days"},
            as_="late",
            user="agent",
        )
        self.step_create(
            "overdue_ticket_gets_a_reminder step 2",
            "service.ticket",
            {"name": "New laptop", "date_deadline": "today + 5 days"},
            as_="early",
            user="agent",
        )
        self.step_run_automation(
            "overdue_ticket_gets_a_reminder step 3",
            "service_desk.automation_overdue_ticket",
        )
        self.expect(
            "overdue_ticket_gets_a_reminder step 3",
            {
                "late.activity_ids": {"count": 1},
                "late.activity_ids.0.user_id": "$agent",
                "late.activity_ids.0.summary": "Overdue ticket",
                "early.activity_ids": {"count": 0},
            },
        )

    def test_agent_escalates_a_ticket(self):
        """Proves: A3."""
        self.start_scenario()
        self.add_user("agent", ["service_desk.group_agent"])
        self.step_create(
            "agent_escalates_a_ticket step 1",
            "service.ticket",
            {"name": "Payroll export fails"},
            as_="ticket",
            user="agent",
        )
        self.step_run_server_action(
            "agent_escalates_a_ticket step 2",
            "service_desk.action_escalate_ticket",
            ["ticket"],
            user="agent",
        )
        self.expect(
            "agent_escalates_a_ticket step 2",
            {
                "ticket.priority": "2",
                "ticket.stage_id": "$ref:service_desk.stage_in_progress",
            },
        )
        self.step_search(
            "agent_escalates_a_ticket step 3",
            "mail.message",
            [
                ["model", "=", "service.ticket"],
                ["res_id", "=", "$ticket"],
                ["body", "ilike", "Escalated by Agent"],
            ],
            count=1,
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

    def test_french_agent_sees_french_labels(self):
        """Proves: T1."""
        self.start_scenario()
        self.add_user("french_agent", ["service_desk.group_agent"], lang="fr_FR")
        self.step_call(
            "french_agent_sees_french_labels step 1",
            None,
            "fields_get",
            args=[["name", "partner_id", "priority", "reference"]],
            kwargs={"attributes": ["string", "selection", "help"]},
            model="service.ticket",
            as_="described",
            user="french_agent",
        )
        self.expect(
            "french_agent_sees_french_labels step 1",
            {
                "described.name.string": "Objet",
                "described.partner_id.string": "Client",
                "described.reference.help": "Numérotée par société",
                "described.priority.selection.0": ["0", "Normale"],
                "described.priority.selection.2": ["2", "Urgente"],
            },
        )
        self.step_call(
            "french_agent_sees_french_labels step 2",
            None,
            "fields_get",
            args=[["name"]],
            kwargs={"attributes": ["string"]},
            model="service.ticket",
            as_="english",
        )
        self.expect(
            "french_agent_sees_french_labels step 2",
            {"english.name.string": "Subject"},
        )

    def test_french_agent_finds_french_channels(self):
        """Proves: T2."""
        self.start_scenario()
        self.add_user("french_agent", ["service_desk.group_agent"], lang="fr_FR")
        self.step_search(
            "french_agent_finds_french_channels step 1",
            "service.channel",
            [["name", "=", "Téléphone"]],
            count=1,
            contains=["$ref:service_desk.channel_phone"],
            user="french_agent",
        )
        self.step_search(
            "french_agent_finds_french_channels step 2",
            "service.channel",
            [["name", "=", "Phone"]],
            contains=["$ref:service_desk.channel_phone"],
        )
        self.step_create(
            "french_agent_finds_french_channels step 3",
            "service.ticket",
            {
                "name": "Line is down",
                "channel_id": "$ref:service_desk.channel_phone",
            },
            as_="ticket",
            user="french_agent",
        )
        self.step_call(
            "french_agent_finds_french_channels step 4",
            "ticket",
            "read",
            args=[["channel_id"]],
            as_="seen",
            user="french_agent",
        )
        self.expect(
            "french_agent_finds_french_channels step 4",
            {"seen.0.channel_id.1": "Téléphone"},
        )

    def test_support_rate_per_company(self):
        """Proves: D1."""
        self.start_scenario()
        self.step_create(
            "support_rate_per_company step 1",
            "res.company",
            {"name": "Service Desk Branch"},
            as_="branch",
        )
        self.add_user(
            "agent",
            ["service_desk.group_agent", "base.group_partner_manager"],
            company="$ref:base.main_company",
            companies=["$branch"],
        )
        self.step_create(
            "support_rate_per_company step 2",
            "res.partner",
            {"name": "Deco Addict"},
            as_="customer",
        )
        self.step_write(
            "support_rate_per_company step 3",
            "customer",
            {"support_rate": 60.0},
            user="agent",
            context={"allowed_company_ids": ["$ref:base.main_company"]},
        )
        self.step_write(
            "support_rate_per_company step 4",
            "customer",
            {"support_rate": 85.0},
            user="agent",
            context={"allowed_company_ids": ["$branch"]},
        )
        self.step_call(
            "support_rate_per_company step 5",
            "customer",
            "read",
            args=[["support_rate"]],
            as_="main_rate",
            user="agent",
            context={"allowed_company_ids": ["$ref:base.main_company"]},
        )
        self.expect(
            "support_rate_per_company step 5",
            {"main_rate.0.support_rate": 60.0},
        )
        self.step_call(
            "support_rate_per_company step 6",
            "customer",
            "read",
            args=[["support_rate"]],
            as_="branch_rate",
            user="agent",
            context={"allowed_company_ids": ["$branch"]},
        )
        self.expect(
            "support_rate_per_company step 6",
            {"branch_rate.0.support_rate": 85.0},
        )

    def test_auto_close_delay_is_a_parameter(self):
        """Proves: D2."""
        self.start_scenario()
        self.step_call(
            "auto_close_delay_is_a_parameter step 1",
            None,
            "get_param",
            args=["service_desk.auto_close_days"],
            model="ir.config_parameter",
            as_="days",
            sudo=True,
        )
        self.expect("auto_close_delay_is_a_parameter step 1", {"days": "7"})

    def test_tickets_numbered_per_company(self):
        """Proves: D3."""
        self.start_scenario()
        self.step_create(
            "tickets_numbered_per_company step 1",
            "res.company",
            {"name": "Service Desk Branch"},
            as_="branch",
        )
        self.add_user(
            "agent",
            ["service_desk.group_agent"],
            company="$ref:base.main_company",
            companies=["$branch"],
        )
        self.step_create(
            "tickets_numbered_per_company step 2",
            "service.ticket",
            {"name": "Router down"},
            as_="first",
            user="agent",
            context={"allowed_company_ids": ["$branch"]},
        )
        self.expect(
            "tickets_numbered_per_company step 2",
            {"first.reference": "TCK/00001"},
        )
        self.step_create(
            "tickets_numbered_per_company step 3",
            "service.ticket",
            {"name": "Printer jammed"},
            as_="here",
            user="agent",
            context={"allowed_company_ids": ["$ref:base.main_company"]},
        )
        self.step_create(
            "tickets_numbered_per_company step 4",
            "service.ticket",
            {"name": "Mail bounced"},
            as_="second",
            user="agent",
            context={"allowed_company_ids": ["$branch"]},
        )
        self.expect(
            "tickets_numbered_per_company step 4",
            {
                "second.reference": "TCK/00002",
                "here.reference": {"ne": "TCK/00002"},
            },
        )
        self.step_search(
            "tickets_numbered_per_company step 5",
            "ir.sequence",
            [["code", "=", "service.ticket"], ["company_id", "=", "$branch"]],
            count=1,
            sudo=True,
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
            ".o_list_table .o_desk_priority_2",
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
