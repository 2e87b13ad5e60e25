from odoo.tests.common import HttpCase, TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestLibraryPortal(ScenarioSteps, TransactionCase):
    def _make_library_notice(self):
        return self.env["library.notice"].create({"name": "Test"})

    def test_create_library_notice(self):
        record = self._make_library_notice()
        self.assertTrue(record.exists())

    def test_views_load(self):
        for xmlid in [
            "library_portal.library_notice_view_form",
            "library_portal.library_notice_view_list",
            "library_portal.library_notice_view_search",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.get_view(view.id, view.type))

    def test_actions_load(self):
        for xmlid in ["library_portal.library_notice_action"]:
            self.assertTrue(self.env.ref(xmlid).read())

    def test_notices_by_sequence(self):
        """Proves: R5."""
        self.start_scenario()
        self.step_create(
            "notices_by_sequence step 1",
            "library.notice",
            {"name": "Second", "sequence": 20},
            as_="second",
        )
        self.step_create(
            "notices_by_sequence step 2",
            "library.notice",
            {"name": "First", "sequence": 1},
            as_="first",
        )
        self.step_search(
            "notices_by_sequence step 3",
            "library.notice",
            [["name", "in", ["First", "Second"]]],
            as_="found",
        )
        self.expect(
            "notices_by_sequence step 3",
            {"found": ["$first", "$second"], "found.0.name": "First"},
        )


@tagged("post_install", "-at_install")
class TestLibraryPortalHttp(ScenarioSteps, HttpCase):
    def test_public_page_shows_published_notices(self):
        """Proves: R1."""
        self.start_scenario()
        self.step_create(
            "public_page_shows_published_notices step 1",
            "library.notice",
            {"name": "Opening hours", "body": "Open from 9 to 5"},
        )
        self.step_create(
            "public_page_shows_published_notices step 2",
            "library.notice",
            {"name": "Staff party", "published": False},
        )
        self.step_http(
            "public_page_shows_published_notices step 3",
            "/library/notices",
            contains=["Opening hours", "Open from 9 to 5"],
            not_contains=["Staff party"],
        )

    def test_json_route_answers_signed_in_users(self):
        """Proves: R2."""
        self.start_scenario()
        self.add_user("clerk", [])
        self.step_create(
            "json_route_answers_signed_in_users step 1",
            "library.notice",
            {"name": "Opening hours", "sequence": 5},
        )
        self.step_create(
            "json_route_answers_signed_in_users step 2",
            "library.notice",
            {"name": "Draft notice", "published": False},
        )
        self.step_http(
            "json_route_answers_signed_in_users step 3",
            "/library/notices/json",
            json={},
            result=[{"name": "Opening hours", "sequence": 5}],
            user="clerk",
        )

    def test_portal_home_leads_to_the_notices(self):
        """Proves: R3."""
        self.start_scenario()
        self.add_user("reader", ["base.group_portal"])
        self.step_http(
            "portal_home_leads_to_the_notices step 1",
            "/my",
            params={"notices": "1"},
            status=None,
            redirect="/library/notices",
            user="reader",
        )
        self.step_http(
            "portal_home_leads_to_the_notices step 2",
            "/my",
            contains=["/my/account"],
            not_contains=["Library notices"],
            user="reader",
        )

    def test_visitors_are_sent_to_login(self):
        """Proves: R4."""
        self.start_scenario()
        self.step_http(
            "visitors_are_sent_to_login step 1",
            "/my",
            status=None,
            redirect="/web/login",
        )
