{
    "name": "Loyalty Rewards",
    "summary": "Reward rates and gift wrapping by loyalty tier",
    "version": "12.0.1.0.0",
    "category": "Sales",
    "author": "Odoo Factory",
    "license": "LGPL-3",
    "depends": ["partner_sale_loyalty"],
    "data": ["security/ir.model.access.csv", "views/res_partner_views.xml"],
    "application": False,
    "installable": True,
}
