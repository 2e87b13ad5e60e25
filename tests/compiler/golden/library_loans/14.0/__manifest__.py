{
    "name": "Library Loans",
    "summary": "Lend books to members and follow their return",
    "version": "14.0.1.0.0",
    "category": "Services/Library",
    "author": "Odoo Factory",
    "license": "LGPL-3",
    "depends": ["base", "mail"],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "wizards/library_loan_extend_wizard_views.xml",
        "views/library_book_views.xml",
        "views/library_loan_views.xml",
        "views/menus.xml",
    ],
    "application": True,
    "installable": True,
}
