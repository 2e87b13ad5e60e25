"""Controllers and QWeb templates: compiled per series, refused with a location when wrong."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET

import pytest

from odoo_factory.compiler import render_addon
from odoo_factory.errors import SpecError
from odoo_factory.spec import ModuleSpec
from odoo_factory.spec import parse_spec_text as _parse

HEAD = """\
module: {name: notes_web, title: Notes Web, depends: [portal]}
models:
  - name: notes.note
    fields:
      - {name: name, type: char, required: true}
      - {name: published, type: boolean}
"""

WEB = """\
controllers:
  - name: pages
    routes:
      - {url: /notes, auth: public, template: notes_page, model: notes.note,
         domain: [[published, "=", true]], sudo: true}
      - {url: /notes/json, type: json, model: notes.note, fields: [name]}
      - {url: "/notes/<int:note_id>", auth: public, python: "return str(note_id)"}
  - name: portal_home
    extends: portal.controllers.portal.CustomerPortal
    routes:
      - override: home
        python: return super().home(**kwargs)
templates:
  - id: notes_page
    body: |
      <html><body><p t-foreach="records" t-as="n" t-esc="n.name"/> &amp; more</body></html>
"""


def parse(text: str) -> ModuleSpec:
    return _parse(text, "spec.yaml")[0]


def test_routes_templates_and_an_extended_controller_compile() -> None:
    files = render_addon(parse(HEAD + WEB), "18.0")
    assert "controllers" in files["__init__.py"]
    assert files["controllers/__init__.py"] == "from . import pages\nfrom . import portal_home\n"
    pages = files["controllers/pages.py"]
    ast.parse(pages)
    assert '@http.route("/notes", type="http", auth="public")' in pages
    assert 'env["notes.note"].sudo().search([("published", "=", True)])' in pages
    assert '@http.route("/notes/json", type="json", auth="user")' in pages
    assert "def route_notes_note_id(self, note_id=None, **kwargs):" in pages
    assert "return request.render(" in pages and '"notes_web.notes_page"' in pages
    home = files["controllers/portal_home.py"]
    assert "from odoo.addons.portal.controllers.portal import CustomerPortal" in home
    assert "class PortalHomeController(CustomerPortal):" in home
    assert "    @http.route()\n    def home(self, **kwargs):" in home
    templates = ET.fromstring(files["views/templates.xml"].split("\n", 1)[1])
    (template,) = templates
    assert template.get("id") == "notes_page" and template.find("html/body/p") is not None
    assert "views/templates.xml" in files["__manifest__.py"]


def test_json_routes_are_jsonrpc_on_19() -> None:
    pages = render_addon(parse(HEAD + WEB), "19.0")["controllers/pages.py"]
    assert '@http.route("/notes/json", type="jsonrpc", auth="user")' in pages


@pytest.mark.parametrize(
    ("web", "words"),
    [
        (
            "controllers: [{name: c, routes: [{url: /x, template: nowhere}]}]\n",
            "unknown template 'nowhere'",
        ),
        (
            "controllers: [{name: c, routes: [{url: /x, type: json, model: notes.note,"
            " fields: [nme]}]}]\n",
            "unknown field 'nme'",
        ),
        (
            "controllers: [{name: c, routes: [{override: home, python: 'return 1'}]}]\n",
            "name the controller it extends",
        ),
        (
            "controllers: [{name: c, routes: [{url: '/x y', python: 'return 1'}]}]\n",
            "'/x y'",
        ),
        (
            "controllers: [{name: c, routes: [{url: /x, python: 'return ('}]}]\n",
            "does not parse",
        ),
        ("templates: [{id: t, body: '<p>unclosed'}]\n", "not well-formed XML"),
        (
            "controllers: [{name: c, routes: [{url: /x, model: notes.nothing}]}]\n",
            "model 'notes.nothing'",
        ),
    ],
)
def test_wrong_web_constructs_are_refused_with_a_location(web: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse(HEAD + web)
    assert words in caught.value.message, caught.value.message
    assert caught.value.line is not None
