{
    "name": "Loyalty Tiers on Sales",
    "summary": "Loyalty tiers on contacts and delivery windows on sales orders",
    "version": "19.0.1.0.0",
    "category": "Sales",
    "author": "Odoo Factory",
    "license": "LGPL-3",
    "depends": ["sale"],
    "data": [
        "security/ir.model.access.csv",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
    ],
    "application": False,
    "installable": True,
}
