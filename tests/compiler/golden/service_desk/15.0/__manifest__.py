{
    "name": "Service Desk",
    "summary": "Take customers' requests as tickets and follow them through stages",
    "version": "15.0.1.0.0",
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
    "assets": {
        "web.assets_backend": [
            "service_desk/static/src/fields/ticket_priority_badge.js",
            "service_desk/static/src/fields/ticket_priority_badge.scss",
            "service_desk/static/src/actions/desk_dashboard.js",
            "service_desk/static/src/actions/desk_dashboard.scss",
            "service_desk/static/src/systray/desk_systray.js",
        ],
        "web.assets_qweb": [
            "service_desk/static/src/fields/ticket_priority_badge.xml",
            "service_desk/static/src/actions/desk_dashboard.xml",
            "service_desk/static/src/systray/desk_systray.xml",
        ],
    },
    "application": True,
    "installable": True,
}
