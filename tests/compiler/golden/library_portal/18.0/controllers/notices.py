from odoo import http
from odoo.http import request


class NoticesController(http.Controller):
    @http.route("/library/notices", type="http", auth="public")
    def route_library_notices(self, **kwargs):
        env = request.env
        records = env["library.notice"].sudo().search([("published", "=", True)])
        return request.render(
            "library_portal.notices_page",
            {"records": records, "kwargs": kwargs},
        )

    @http.route("/library/notices/json", type="json", auth="user")
    def route_library_notices_json(self, **kwargs):
        env = request.env
        records = env["library.notice"].search([("published", "=", True)])
        return records.read(["name", "sequence"])
