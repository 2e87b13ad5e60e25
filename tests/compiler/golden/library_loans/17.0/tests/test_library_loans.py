from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLibraryLoans(TransactionCase):
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
            "library_loans.library_book_view_kanban",
            "library_loans.library_book_view_list",
            "library_loans.library_book_view_search",
            "library_loans.library_loan_extend_wizard_view_form",
        ]:
            view = self.env.ref(xmlid)
            model = self.env[view.model]
            self.assertTrue(model.get_view(view.id, view.type))

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
        groups = self.env.ref("base.group_user")
        groups |= self.env.ref("library_loans.group_librarian")
        user = self.env["res.users"].create(
            {
                "name": "Scenario user",
                "login": "scenario_lend_and_return",
                "groups_id": [(6, 0, groups.ids)],
            }
        )
        env = self.env(user=user.id)
        book = env["library.book"].create({"name": "Dune"})
        loan = env["library.loan"].create({"book_id": book.id})
        self.assertEqual(loan.state, "draft")
        loan.action_lend()
        self.assertEqual(loan.state, "ongoing")
        loan.action_return()
        self.assertEqual(loan.state, "returned")

    def test_cannot_return_a_draft(self):
        book = self.env["library.book"].create({"name": "Emma"})
        loan = self.env["library.loan"].create({"book_id": book.id})
        with self.assertRaises(UserError):
            loan.action_return()

    def test_due_date_after_start(self):
        book = self.env["library.book"].create({"name": "Ulysses"})
        with self.assertRaises(ValidationError):
            self.env["library.loan"].create(
                {
                    "book_id": book.id,
                    "date_start": "2024-05-10",
                    "date_due": "2024-05-01",
                }
            )
