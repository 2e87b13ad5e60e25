from odoo import http
from odoo.http import request
from odoo.addons.portal.controllers.portal import CustomerPortal


class PortalHomeController(CustomerPortal):
    @http.route()
    def home(self, **kwargs):
        if kwargs.get("notices"):
            return request.redirect("/library/notices")
        return super().home(**kwargs)
