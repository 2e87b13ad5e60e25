from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestEquipmentUpkeep(ScenarioSteps, TransactionCase):
    def _make_upkeep_equipment(self):
        return self.env["upkeep.equipment"].create({"name": "Test", "code": "Test"})

    def _make_upkeep_request(self):
        return self.env["upkeep.request"].create(
            {"equipment_id": self._make_upkeep_equipment().id}
        )

    def _make_upkeep_tag(self):
        return self.env["upkeep.tag"].create({"name": "Test"})

    def test_create_upkeep_equipment(self):
        record = self._make_upkeep_equipment()
        self.assertTrue(record.exists())

    def test_create_upkeep_request(self):
        record = self._make_upkeep_request()
        self.assertTrue(record.exists())

    def test_create_upkeep_tag(self):
        record = self._make_upkeep_tag()
        self.assertTrue(record.exists())

    def test_views_load(self):
        for xmlid in [
            "equipment_upkeep.upkeep_request_view_calendar",
            "equipment_upkeep.upkeep_request_view_pivot",
            "equipment_upkeep.upkeep_request_view_graph",
            "equipment_upkeep.upkeep_request_view_list",
            "equipment_upkeep.upkeep_tag_view_list",
            "equipment_upkeep.upkeep_equipment_view_form",
            "equipment_upkeep.upkeep_equipment_view_list",
            "equipment_upkeep.upkeep_equipment_view_search",
            "equipment_upkeep.upkeep_request_view_form",
            "equipment_upkeep.upkeep_request_view_search",
            "equipment_upkeep.upkeep_tag_view_form",
            "equipment_upkeep.upkeep_tag_view_search",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.fields_view_get(view.id, view.type))

    def test_actions_load(self):
        for xmlid in [
            "equipment_upkeep.upkeep_request_action",
            "equipment_upkeep.upkeep_equipment_action",
            "equipment_upkeep.upkeep_tag_action",
        ]:
            self.assertTrue(self.env.ref(xmlid).read())

    def test_compute_upkeep_equipment(self):
        rec = self._make_upkeep_equipment()
        self.assertFalse(rec.last_request_date)
        self.assertEqual(rec.request_count, 0)

    def test_upkeep_request_action_plan(self):
        rec = self._make_upkeep_request()
        rec.write({"state": "planned"})
        with self.assertRaises(UserError):
            rec.action_plan()
        rec.write({"state": "new"})
        if not (rec.technician_id):
            with self.assertRaises(UserError):
                rec.action_plan()
        else:
            rec.action_plan()
            self.assertEqual(rec.state, "planned")

    def test_upkeep_request_action_done(self):
        rec = self._make_upkeep_request()
        rec.write({"state": "new"})
        with self.assertRaises(UserError):
            rec.action_done()
        rec.write({"state": "planned"})
        rec.action_done()
        self.assertEqual(rec.state, "done")

    def test_request_is_numbered(self):
        self.start_scenario()
        self.step_create(
            "request_is_numbered step 1",
            "upkeep.equipment",
            {"name": "Lathe", "code": "LA-01"},
            as_="lathe",
        )
        self.step_create(
            "request_is_numbered step 2",
            "upkeep.request",
            {"equipment_id": "$lathe"},
            as_="request",
        )
        self.expect(
            "request_is_numbered step 3",
            {"request.state": "new", "request.overdue": False},
        )

    def test_plan_needs_technician(self):
        self.start_scenario()
        self.step_create(
            "plan_needs_technician step 1",
            "upkeep.equipment",
            {"name": "Drill", "code": "DR-01"},
            as_="drill",
        )
        self.step_create(
            "plan_needs_technician step 2",
            "upkeep.request",
            {"equipment_id": "$drill"},
            as_="request",
        )
        with self.step_raises("plan_needs_technician step 3", "UserError"):
            self.step_call("plan_needs_technician step 3", "request", "action_plan")

    def test_cron_flags_overdue(self):
        self.start_scenario()
        self.step_create(
            "cron_flags_overdue step 1",
            "upkeep.equipment",
            {"name": "Saw", "code": "SA-01"},
            as_="saw",
        )
        self.step_create(
            "cron_flags_overdue step 2",
            "upkeep.request",
            {"equipment_id": "$saw", "date_planned": "2020-01-01"},
            as_="request",
        )
        self.step_call("cron_flags_overdue step 3", "request", "_cron_flag_overdue")
        self.expect("cron_flags_overdue step 4", {"request.overdue": True})
