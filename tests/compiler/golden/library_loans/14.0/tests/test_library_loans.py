from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase, tagged

from .scenario_steps import ScenarioSteps


@tagged("post_install", "-at_install")
class TestLibraryLoans(ScenarioSteps, TransactionCase):
    def _make_library_book(self):
        return self.env["library.book"].create({"name": "Test"})

    def _make_library_loan(self):
        return self.env["library.loan"].create(
            {"book_id": self._make_library_book().id}
        )

    def _make_library_loan_extend_wizard(self):
        return self.env["library.loan.extend.wizard"].create(
            {"loan_ids": [(6, 0, self._make_library_loan().ids)]}
        )

    def test_create_library_book(self):
        record = self._make_library_book()
        self.assertTrue(record.exists())

    def test_create_library_loan(self):
        record = self._make_library_loan()
        self.assertTrue(record.exists())

    def test_create_library_loan_extend_wizard(self):
        record = self._make_library_loan_extend_wizard()
        self.assertTrue(record.exists())

    def test_views_load(self):
        for xmlid in [
            "library_loans.library_loan_view_form",
            "library_loans.library_loan_view_list",
            "library_loans.library_loan_view_search",
            "library_loans.library_book_view_form",
            "library_loans.res_partner_view_inherit",
            "library_loans.library_book_view_kanban",
            "library_loans.library_book_view_list",
            "library_loans.library_book_view_search",
            "library_loans.library_loan_extend_wizard_view_form",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.fields_view_get(view.id, view.type))

    def test_actions_load(self):
        for xmlid in [
            "library_loans.library_book_action",
            "library_loans.library_loan_action",
            "library_loans.library_loan_extend_wizard_action",
        ]:
            self.assertTrue(self.env.ref(xmlid).read())

    def test_compute_library_book(self):
        rec = self._make_library_book()
        self.assertEqual(rec.loan_count, 0)

    def test_library_book_action_view_loans(self):
        record = self._make_library_book()
        result = record.action_view_loans()
        self.assertIsInstance(result, (dict, bool, type(None)))

    def test_compute_library_loan(self):
        rec = self._make_library_loan()
        self.assertEqual(
            rec.days,
            (rec.date_due - rec.date_start).days if rec.date_due else 0,
        )

    def test_library_loan_action_lend(self):
        rec = self._make_library_loan()
        rec.write({"state": "ongoing"})
        with self.assertRaises(UserError):
            rec.action_lend()
        rec.write({"state": "draft"})
        if not (rec.book_id.active):
            with self.assertRaises(UserError):
                rec.action_lend()
        else:
            rec.action_lend()
            self.assertEqual(rec.state, "ongoing")

    def test_library_loan_action_return(self):
        rec = self._make_library_loan()
        rec.write({"state": "draft"})
        with self.assertRaises(UserError):
            rec.action_return()
        rec.write({"state": "ongoing"})
        rec.action_return()
        self.assertEqual(rec.state, "returned")

    def test_library_loan_action_cancel(self):
        rec = self._make_library_loan()
        rec.write({"state": "returned"})
        with self.assertRaises(UserError):
            rec.action_cancel()
        rec.write({"state": "draft"})
        rec.action_cancel()
        self.assertEqual(rec.state, "cancelled")

    def test_library_loan_action_reset(self):
        rec = self._make_library_loan()
        rec.write({"state": "draft"})
        with self.assertRaises(UserError):
            rec.action_reset()
        rec.write({"state": "cancelled"})
        rec.action_reset()
        self.assertEqual(rec.state, "draft")

    def test_library_loan_extend_wizard_action_apply(self):
        record = self._make_library_loan_extend_wizard()
        result = record.action_apply()
        self.assertIsInstance(result, (dict, bool, type(None)))

    def test_lend_and_return(self):
        """Proves: R1."""
        self.start_scenario("scenario_user")
        self.add_user("scenario_user", ["library_loans.group_librarian"])
        self.step_create(
            "lend_and_return step 1",
            "library.book",
            {"name": "Dune"},
            as_="book",
        )
        self.step_create(
            "lend_and_return step 2",
            "library.loan",
            {"book_id": "$book", "date_due": "today + 14 days", "fee": 2.5},
            as_="loan",
        )
        self.expect(
            "lend_and_return step 2",
            {
                "loan.state": "draft",
                "loan.member_id": "$scenario_user",
                "loan.days": 14,
                "loan.fee": 2.501,
                "book.author_id": False,
            },
        )
        self.step_call("lend_and_return step 3", "loan", "action_lend")
        self.expect("lend_and_return step 3", {"loan.state": "ongoing"})
        self.step_call("lend_and_return step 4", "loan", "action_return")
        self.expect(
            "lend_and_return step 4",
            {
                "loan.state": "returned",
                "loan.book_id": "$book",
                "book.loan_count": 1,
            },
        )

    def test_cannot_return_a_draft(self):
        """Proves: R2."""
        self.start_scenario()
        self.step_create(
            "cannot_return_a_draft step 1",
            "library.book",
            {"name": "Emma"},
            as_="book",
        )
        self.step_create(
            "cannot_return_a_draft step 2",
            "library.loan",
            {"book_id": "$book"},
            as_="loan",
        )
        with self.step_raises("cannot_return_a_draft step 3", "UserError"):
            self.step_call("cannot_return_a_draft step 3", "loan", "action_return")
        self.expect("cannot_return_a_draft step 4", {"loan.state": "draft"})

    def test_due_date_after_start(self):
        """Proves: R3."""
        self.start_scenario()
        self.step_create(
            "due_date_after_start step 1",
            "library.book",
            {"name": "Ulysses"},
            as_="book",
        )
        with self.step_raises(
            "due_date_after_start step 2",
            "ValidationError",
            match="due date",
        ):
            self.step_create(
                "due_date_after_start step 2",
                "library.loan",
                {
                    "book_id": "$book",
                    "date_start": "2024-05-10",
                    "date_due": "2024-05-01",
                },
            )
        self.step_create(
            "due_date_after_start step 3",
            "library.loan",
            {
                "book_id": "$book",
                "date_start": "today",
                "date_due": "today + 1 months",
            },
            as_="loan",
        )
        self.expect("due_date_after_start step 3", {"loan.date_due": {"gt": "today"}})

    def test_archived_book_cannot_be_lent(self):
        """Proves: R4."""
        self.start_scenario()
        self.step_create(
            "archived_book_cannot_be_lent step 1",
            "library.book",
            {"name": "Old Atlas"},
            as_="book",
        )
        self.step_create(
            "archived_book_cannot_be_lent step 2",
            "library.loan",
            {"book_id": "$book"},
            as_="loan",
        )
        self.step_call("archived_book_cannot_be_lent step 3", "book", "toggle_active")
        self.expect("archived_book_cannot_be_lent step 3", {"book.active": False})
        with self.step_raises(
            "archived_book_cannot_be_lent step 4",
            "UserError",
            match="archived",
        ):
            self.step_call("archived_book_cannot_be_lent step 4", "loan", "action_lend")

    def test_members_see_their_own_loans(self):
        """Proves: R5."""
        self.start_scenario()
        self.add_user("ann", ["library_loans.group_member"])
        self.add_user("bob", ["library_loans.group_member"])
        self.step_create(
            "members_see_their_own_loans step 1",
            "library.book",
            {"name": "Middlemarch"},
            as_="book",
        )
        self.step_create(
            "members_see_their_own_loans step 2",
            "library.loan",
            {"book_id": "$book", "member_id": "$ann"},
            as_="loan",
        )
        self.step_search(
            "members_see_their_own_loans step 3",
            "library.loan",
            [["book_id", "=", "$book"]],
            count=1,
            contains=["$loan"],
            user="ann",
        )
        self.step_search(
            "members_see_their_own_loans step 4",
            "library.loan",
            [["book_id", "=", "$book"]],
            count=0,
            user="bob",
        )
        self.step_access(
            "members_see_their_own_loans step 5",
            record="loan",
            read=True,
            user="ann",
        )
        self.step_access(
            "members_see_their_own_loans step 6",
            record="loan",
            read=False,
            user="bob",
        )
        self.step_access(
            "members_see_their_own_loans step 7",
            model="library.book",
            read=True,
            write=False,
            create=False,
            unlink=False,
            user="ann",
        )
        with self.step_raises("members_see_their_own_loans step 8", "AccessError"):
            self.step_write(
                "members_see_their_own_loans step 8",
                "book",
                {"name": "Renamed"},
                user="ann",
            )
        self.step_write(
            "members_see_their_own_loans step 9",
            "book",
            {"name": "Renamed"},
            sudo=True,
        )
        self.expect("members_see_their_own_loans step 9", {"book.name": "Renamed"})

    def test_isbn_is_unique(self):
        """Proves: R6."""
        self.start_scenario()
        self.step_create(
            "isbn_is_unique step 1",
            "library.book",
            {"name": "First", "isbn": "978-0"},
            as_="first",
        )
        with self.step_raises("isbn_is_unique step 2", "IntegrityError"):
            self.step_create(
                "isbn_is_unique step 2",
                "library.book",
                {"name": "Second", "isbn": "978-0"},
            )
        self.step_search(
            "isbn_is_unique step 3",
            "library.book",
            [["isbn", "=", "978-0"]],
            count=1,
            context={"active_test": False},
        )
        self.step_unlink("isbn_is_unique step 4", "first")
        self.step_exists("isbn_is_unique step 5", "first", expected=False)
        with self.step_raises("isbn_is_unique step 6", "MissingError"):
            self.step_write("isbn_is_unique step 6", "first", {"name": "Ghost"})

    def test_wizard_extends_due_dates(self):
        """Proves: R7."""
        self.start_scenario()
        self.step_create(
            "wizard_extends_due_dates step 1",
            "library.book",
            {"name": "Persuasion"},
            as_="book",
        )
        self.step_create(
            "wizard_extends_due_dates step 2",
            "library.loan",
            {
                "book_id": "$book",
                "date_start": "2024-03-01",
                "date_due": "2024-03-10",
            },
            as_="loan",
        )
        self.step_create(
            "wizard_extends_due_dates step 3",
            "library.loan.extend.wizard",
            {"loan_ids": ["$loan"], "days": 5},
            as_="wizard",
        )
        self.step_call(
            "wizard_extends_due_dates step 4",
            "wizard",
            "action_apply",
            as_="result",
        )
        self.expect(
            "wizard_extends_due_dates step 4",
            {
                "result.type": "ir.actions.act_window_close",
                "loan.date_due": "2024-03-15",
            },
        )

    def test_loans_menu_and_views(self):
        """Proves: R8."""
        self.start_scenario()
        self.add_user("librarian", ["library_loans.group_librarian"])
        self.add_user("outsider", [])
        self.step_action(
            "loans_menu_and_views step 1",
            "library_loans.library_loan_action",
            model="library.loan",
            view_modes=["list", "form"],
        )
        self.step_view(
            "loans_menu_and_views step 2",
            "library.loan",
            "form",
            field="book_id",
            required=True,
            user="librarian",
        )
        self.step_view(
            "loans_menu_and_views step 3",
            "library.loan",
            "form",
            button="action_lend",
            user="librarian",
        )
        self.step_view(
            "loans_menu_and_views step 4",
            "library.loan",
            "list",
            field="state",
            user="librarian",
        )
        self.step_view(
            "loans_menu_and_views step 5",
            "library.book",
            "kanban",
            field="author_id",
            user="librarian",
        )

    def test_buttons_in_lists_and_headers(self):
        """Proves: R9."""
        self.start_scenario()
        self.add_user("librarian", ["library_loans.group_librarian"])
        self.add_user("member", ["library_loans.group_member"])
        self.step_view(
            "buttons_in_lists_and_headers step 1",
            "library.loan",
            "list",
            button="action_return",
            invisible=False,
            user="librarian",
        )
        self.step_view(
            "buttons_in_lists_and_headers step 2",
            "library.book",
            "form",
            button="toggle_active",
            user="librarian",
        )
        self.step_view(
            "buttons_in_lists_and_headers step 3",
            "library.book",
            "form",
            button="toggle_active",
            present=False,
            user="member",
        )
        self.step_create(
            "buttons_in_lists_and_headers step 4",
            "library.book",
            {"name": "Kim"},
            as_="book",
        )
        self.step_call(
            "buttons_in_lists_and_headers step 5",
            "book",
            "toggle_active",
            user="librarian",
        )
        self.expect("buttons_in_lists_and_headers step 5", {"book.active": False})

    def test_partner_library_tab(self):
        """Proves: R10."""
        self.start_scenario()
        self.add_user("clerk", [])
        self.step_view(
            "partner_library_tab step 1",
            "res.partner",
            "form",
            field="library_card",
            user="clerk",
        )
        self.step_view(
            "partner_library_tab step 2",
            "res.partner",
            "form",
            field="library_note",
            user="clerk",
        )
        self.step_create(
            "partner_library_tab step 3",
            "res.partner",
            {"name": "Reader", "library_card": "LC-1"},
            as_="partner",
        )
        self.expect("partner_library_tab step 3", {"partner.library_card": "LC-1"})

    def test_loan_slip_report(self):
        """Proves: R11."""
        self.start_scenario("scenario_user")
        self.add_user("scenario_user", ["library_loans.group_librarian"])
        self.step_create(
            "loan_slip_report step 1",
            "library.book",
            {"name": "Moby Dick"},
            as_="book",
        )
        self.step_create(
            "loan_slip_report step 2",
            "library.loan",
            {
                "book_id": "$book",
                "date_start": "2024-01-02",
                "date_due": "2024-01-16",
                "fee": 3.5,
            },
            as_="late",
        )
        self.step_call("loan_slip_report step 3", "late", "action_lend")
        self.step_create(
            "loan_slip_report step 4",
            "library.loan",
            {"book_id": "$book", "date_due": "today + 14 days", "fee": 1.25},
            as_="current",
        )
        self.step_call("loan_slip_report step 5", "current", "action_lend")
        self.step_report(
            "loan_slip_report step 6",
            "library_loans.report_loan_slip",
            ["late"],
            contains=[
                "Loan slip",
                "Moby Dick",
                "Scenario User",
                "01/02/2024",
                "01/16/2024",
                "3.50",
                "Overdue",
                "Total fees",
                "4.75",
            ],
        )
        self.step_report(
            "loan_slip_report step 7",
            "library_loans.report_loan_slip",
            ["current"],
            contains=["Moby Dick", "1.25"],
            not_contains=["Overdue"],
        )
