{
    "name": "Library Notices",
    "summary": "Publish library notices on a public page and as JSON",
    "version": "13.0.1.0.0",
    "category": "Services/Library",
    "author": "Odoo Factory",
    "license": "LGPL-3",
    "depends": ["portal"],
    "data": [
        "security/ir.model.access.csv",
        "views/library_notice_views.xml",
        "views/templates.xml",
        "views/menus.xml",
    ],
    "application": False,
    "installable": True,
}
