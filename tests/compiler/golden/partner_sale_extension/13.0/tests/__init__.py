from . import test_partner_sale_loyalty
