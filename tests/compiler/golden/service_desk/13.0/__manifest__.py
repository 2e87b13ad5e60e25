{
    "name": "Service Desk",
    "summary": "Take customers' requests as tickets and follow them through stages",
    "version": "13.0.1.0.0",
    "category": "Services/Service Desk",
    "author": "Odoo Factory",
    "license": "LGPL-3",
    "depends": ["base", "mail", "web"],
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "views/service_ticket_views.xml",
        "views/menus.xml",
        "views/webclient.xml",
    ],
    "qweb": [
        "static/src/fields/ticket_priority_badge.xml",
        "static/src/actions/desk_dashboard.xml",
        "static/src/systray/desk_systray.xml",
    ],
    "application": True,
    "installable": True,
}
