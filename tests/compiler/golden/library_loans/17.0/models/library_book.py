from odoo import api, fields, models


class LibraryBook(models.Model):
    _name = "library.book"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _description = "Book"
    _order = "name"

    name = fields.Char(string="Title", required=True, tracking=True)
    isbn = fields.Char(string="ISBN", index=True, copy=False)
    author_id = fields.Many2one(comodel_name="res.partner", ondelete="restrict")
    pages = fields.Integer()
    cover = fields.Image()
    loan_ids = fields.One2many(
        comodel_name="library.loan",
        inverse_name="book_id",
        string="Loans",
    )
    loan_count = fields.Integer(string="Loan count", compute="_compute_loan_count")
    active = fields.Boolean(default=True)
    color = fields.Integer(string="Colour")
    _sql_constraints = [
        ("isbn_unique", "UNIQUE(isbn)", "Two books cannot share an ISBN."),
        (
            "pages_positive",
            "CHECK(pages >= 0)",
            "A book cannot have negative pages.",
        ),
    ]

    @api.depends("loan_ids")
    def _compute_loan_count(self):
        for rec in self:
            rec.loan_count = len(rec.loan_ids)

    def action_view_loans(self):
        self.ensure_one()
        action = self.env.ref("library_loans.library_loan_action").read()[0]
        action["domain"] = [("book_id", "=", self.id)]
        action["context"] = {"default_book_id": self.id}
        return action
