from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestEquipmentUpkeep(ScenarioSteps, TransactionCase):
    def _make_upkeep_category(self):
        return self.env["upkeep.category"].create({"name": "Test"})

    def _make_upkeep_equipment(self):
        return self.env["upkeep.equipment"].create({"name": "Test", "code": "Test"})

    def _make_upkeep_request(self):
        return self.env["upkeep.request"].create(
            {"equipment_id": self._make_upkeep_equipment().id}
        )

    def _make_upkeep_reschedule_wizard(self):
        return self.env["upkeep.reschedule.wizard"].create(
            {"request_ids": [(6, 0, self._make_upkeep_request().ids)]}
        )

    def _make_upkeep_tag(self):
        return self.env["upkeep.tag"].create({"name": "Test"})

    def test_create_upkeep_category(self):
        record = self._make_upkeep_category()
        self.assertTrue(record.exists())

    def test_create_upkeep_equipment(self):
        record = self._make_upkeep_equipment()
        self.assertTrue(record.exists())

    def test_create_upkeep_request(self):
        record = self._make_upkeep_request()
        self.assertTrue(record.exists())

    def test_create_upkeep_reschedule_wizard(self):
        record = self._make_upkeep_reschedule_wizard()
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
            "equipment_upkeep.upkeep_category_view_form",
            "equipment_upkeep.upkeep_category_view_list",
            "equipment_upkeep.upkeep_category_view_search",
            "equipment_upkeep.upkeep_equipment_view_list",
            "equipment_upkeep.upkeep_equipment_view_search",
            "equipment_upkeep.upkeep_request_view_form",
            "equipment_upkeep.upkeep_request_view_search",
            "equipment_upkeep.upkeep_reschedule_wizard_view_form",
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
            "equipment_upkeep.upkeep_category_action",
            "equipment_upkeep.upkeep_reschedule_action",
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

    def test_upkeep_reschedule_wizard_reschedule(self):
        record = self._make_upkeep_reschedule_wizard()
        result = record.reschedule()
        self.assertIsInstance(result, (dict, bool, type(None)))

    def test_request_is_numbered(self):
        """Proves: R1."""
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
            {
                "request.state": "new",
                "request.overdue": False,
                "request.name": {"ne": "/"},
            },
        )

    def test_plan_needs_technician(self):
        """Proves: R2."""
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
        """Proves: R3."""
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

    def test_category_tree(self):
        """Proves: R4."""
        self.start_scenario()
        self.step_create(
            "category_tree step 1",
            "upkeep.category",
            {"name": "Machines"},
            as_="machines",
        )
        self.step_create(
            "category_tree step 2",
            "upkeep.category",
            {"name": "Presses", "parent_id": "$machines"},
            as_="presses",
        )
        self.step_create(
            "category_tree step 3",
            "upkeep.category",
            {"name": "Hydraulic", "parent_id": "$presses"},
            as_="hydraulic",
        )
        self.step_search(
            "category_tree step 4",
            "upkeep.category",
            [["id", "child_of", "$machines"]],
            count=3,
            contains=["$machines", "$presses", "$hydraulic"],
        )
        self.expect("category_tree step 5", {"hydraulic.parent_path": {"ne": False}})
        with self.step_raises("category_tree step 6", "UserError"):
            self.step_write(
                "category_tree step 6",
                "machines",
                {"parent_id": "$hydraulic"},
            )

    def test_hours_precision(self):
        """Proves: R5."""
        self.start_scenario()
        self.step_call(
            "hours_precision step 1",
            None,
            "precision_get",
            args=["Upkeep Hours"],
            model="decimal.precision",
            as_="digits",
        )
        self.expect("hours_precision step 1", {"digits": 1})
        self.step_create(
            "hours_precision step 2",
            "upkeep.equipment",
            {"name": "Mill", "code": "MI-01"},
            as_="mill",
        )
        self.step_create(
            "hours_precision step 3",
            "upkeep.request",
            {"equipment_id": "$mill", "duration": 2.26},
            as_="request",
        )
        self.step_search(
            "hours_precision step 4",
            "upkeep.request",
            [["id", "=", "$request"], ["duration", "=", 2.3]],
            count=1,
        )

    def test_computed_defaults(self):
        """Proves: R6."""
        self.start_scenario()
        self.step_create(
            "computed_defaults step 1",
            "upkeep.equipment",
            {"name": "Pump", "code": "PU-01"},
            as_="pump",
        )
        self.step_create(
            "computed_defaults step 2",
            "upkeep.request",
            {"equipment_id": "$pump"},
            as_="plain",
        )
        self.expect(
            "computed_defaults step 2",
            {"plain.date_deadline": "today + 1 months", "plain.origin": False},
        )
        self.step_create(
            "computed_defaults step 3",
            "upkeep.request",
            {"equipment_id": "$pump"},
            as_="called",
            context={"upkeep_origin": "Phone call"},
        )
        self.expect("computed_defaults step 3", {"called.origin": "Phone call"})

    def test_location_from_request(self):
        """Proves: R7."""
        self.start_scenario()
        self.step_create(
            "location_from_request step 1",
            "upkeep.equipment",
            {"name": "Crane", "code": "CR-01", "location": "Hall A"},
            as_="crane",
        )
        self.step_create(
            "location_from_request step 2",
            "upkeep.request",
            {"equipment_id": "$crane"},
            as_="request",
        )
        self.expect(
            "location_from_request step 2",
            {"request.equipment_location": "Hall A"},
        )
        self.step_write(
            "location_from_request step 3",
            "request",
            {"equipment_location": "Hall B"},
        )
        self.expect("location_from_request step 3", {"crane.location": "Hall B"})

    def test_equipment_of_the_company(self):
        """Proves: R8."""
        self.start_scenario()
        self.step_create(
            "equipment_of_the_company step 1",
            "res.company",
            {"name": "Upkeep Branch"},
            as_="branch",
            sudo=True,
        )
        self.step_create(
            "equipment_of_the_company step 2",
            "upkeep.equipment",
            {"name": "Forklift", "code": "FL-01", "company_id": "$branch"},
            as_="forklift",
            sudo=True,
        )
        with self.step_raises("equipment_of_the_company step 3", "UserError"):
            self.step_create(
                "equipment_of_the_company step 3",
                "upkeep.request",
                {"equipment_id": "$forklift"},
                sudo=True,
            )
        self.step_create(
            "equipment_of_the_company step 4",
            "upkeep.request",
            {"equipment_id": "$forklift", "company_id": "$branch"},
            as_="request",
            sudo=True,
        )
        self.expect(
            "equipment_of_the_company step 4",
            {"request.company_id": "$branch"},
        )

    def test_duration_not_negative(self):
        """Proves: R9."""
        self.start_scenario()
        self.step_create(
            "duration_not_negative step 1",
            "upkeep.equipment",
            {"name": "Oven", "code": "OV-01"},
            as_="oven",
        )
        with self.step_raises(
            "duration_not_negative step 2",
            "ValidationError",
            match="Request MR/TEST cannot last -2.0 hours.",
        ):
            self.step_create(
                "duration_not_negative step 2",
                "upkeep.request",
                {"equipment_id": "$oven", "name": "MR/TEST", "duration": -2},
            )

    def test_done_requests_stay(self):
        """Proves: R10."""
        self.start_scenario()
        self.add_user("tech", [])
        self.step_create(
            "done_requests_stay step 1",
            "upkeep.equipment",
            {"name": "Boiler", "code": "BO-01"},
            as_="boiler",
        )
        self.step_create(
            "done_requests_stay step 2",
            "upkeep.request",
            {"equipment_id": "$boiler", "technician_id": "$tech"},
            as_="request",
        )
        self.step_call(
            "done_requests_stay step 3",
            "request",
            "_onchange_technician_id",
        )
        self.expect(
            "done_requests_stay step 3",
            {"request.date_planned": "today + 1 days"},
        )
        self.step_call("done_requests_stay step 4", "request", "action_plan")
        self.step_call("done_requests_stay step 5", "request", "action_done")
        self.expect("done_requests_stay step 5", {"request.state": "done"})
        with self.step_raises(
            "done_requests_stay step 6",
            "UserError",
            match="cannot be deleted",
        ):
            self.step_unlink("done_requests_stay step 6", "request")
        self.step_exists("done_requests_stay step 7", "request", expected=True)

    def test_reschedule_wizard(self):
        """Proves: R11."""
        self.start_scenario()
        self.step_action(
            "reschedule_wizard step 1",
            "equipment_upkeep.upkeep_reschedule_action",
            model="upkeep.reschedule.wizard",
            view_modes=["form"],
            target="new",
        )
        self.step_view(
            "reschedule_wizard step 2",
            "upkeep.reschedule.wizard",
            "form",
            button="reschedule",
        )
        self.step_create(
            "reschedule_wizard step 3",
            "upkeep.equipment",
            {"name": "Welder", "code": "WE-01"},
            as_="welder",
        )
        self.step_create(
            "reschedule_wizard step 4",
            "upkeep.request",
            {"equipment_id": "$welder", "date_planned": "2024-03-01"},
            as_="request",
        )
        self.step_create(
            "reschedule_wizard step 5",
            "upkeep.reschedule.wizard",
            {"request_ids": ["$request"], "days": 5},
            as_="wizard",
        )
        self.step_call("reschedule_wizard step 6", "wizard", "reschedule", as_="result")
        self.expect(
            "reschedule_wizard step 6",
            {
                "result.type": "ir.actions.act_window_close",
                "request.date_planned": "2024-03-06",
            },
        )

    def test_open_requests_only(self):
        """Proves: R12."""
        self.start_scenario()
        self.add_user("tech", [])
        self.step_create(
            "open_requests_only step 1",
            "upkeep.equipment",
            {"name": "Lift", "code": "LI-01"},
            as_="lift",
        )
        self.step_create(
            "open_requests_only step 2",
            "upkeep.request",
            {"equipment_id": "$lift", "technician_id": "$tech"},
            as_="finished",
        )
        self.step_call("open_requests_only step 3", "finished", "action_plan")
        self.step_call("open_requests_only step 4", "finished", "action_done")
        self.step_create(
            "open_requests_only step 5",
            "upkeep.request",
            {"equipment_id": "$lift"},
            as_="pending",
        )
        self.expect(
            "open_requests_only step 6",
            {
                "lift.open_request_ids": ["$pending"],
                "lift.request_ids": {"count": 2},
            },
        )
        self.step_view(
            "open_requests_only step 7",
            "upkeep.equipment",
            "form",
            field="open_request_ids",
        )
