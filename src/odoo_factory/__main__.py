from odoo_factory.cli.app import main

main()
