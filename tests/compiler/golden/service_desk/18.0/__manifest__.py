{
    "name": "Service Desk",
    "summary": "Take customers' requests as tickets and follow them through stages",
    "version": "18.0.1.0.0",
    "category": "Services/Service Desk",
    "author": "Odoo Factory",
    "license": "LGPL-3",
    "depends": ["base", "mail"],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "views/service_ticket_views.xml",
        "views/menus.xml",
    ],
    "application": True,
    "installable": True,
}
