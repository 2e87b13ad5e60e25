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


VIEWS = """\
  - name: notes.note
    extend: false
views:
  - model: notes.note
    type: form
    buttons:
      - {name: toggle_active, string: Archive, invisible: "not published", confirm: Sure?}
      - {name: notes_note_action, type: action, string: All notes}
  - model: notes.note
    type: list
    fields: [name]
    buttons: [{name: toggle_active, string: Flip, icon: fa-refresh}]
  - model: res.partner
    type: inherit
    inherit_id: base.view_partner_form
    xpaths:
      - expr: //notebook
        position: inside
        elements:
          - tag: page
            attrs: {string: Notes, name: notes}
            children:
              - {tag: field, attrs: {name: email}, invisible: "not is_company"}
              - {tag: div, attrs: {class: text-muted}, text: "Plain text & more"}
      - {expr: "//field[@name='email']", position: before, move: "//field[@name='phone']"}
"""


@pytest.mark.parametrize("series", ["16.0", "18.0"])
def test_buttons_and_inserted_elements_compile_for_the_series(series: str) -> None:
    spec = parse(HEAD + VIEWS.replace("  - name: notes.note\n    extend: false\n", ""))
    files = render_addon(spec, series)
    form = files["views/notes_note_views.xml"]
    if series == "18.0":
        assert 'invisible="not published"' in form
    else:
        assert "attrs=\"{'invisible': [('published', '=', False)]}\"" in form
    assert 'confirm="Sure?"' in form and 'name="%(notes_web.notes_note_action)d"' in form
    assert 'icon="fa-refresh"' in form
    partner = ET.fromstring(files["views/res_partner_views.xml"].split("\n", 1)[1])
    page = partner.find(".//xpath[@expr='//notebook']/page")
    assert page is not None and page.get("name") == "notes"
    div = page.find("div")
    assert div is not None and div.text == "Plain text & more"
    moved = partner.find(".//xpath[@expr=\"//field[@name='email']\"]/xpath")
    assert moved is not None and moved.get("position") == "move"


@pytest.mark.parametrize(
    ("views", "words"),
    [
        (
            "views: [{model: notes.note, type: form, buttons: [{name: nope, string: X}]}]\n",
            "has no method 'nope'",
        ),
        (
            "views: [{model: res.partner, type: inherit, inherit_id: base.view_partner_form,"
            " xpaths: [{expr: //sheet, elements: [{tag: div, attrs: {invisible: '1'}}]}]}]\n",
            "evaluated by Odoo",
        ),
        (
            "views: [{model: res.partner, type: inherit, inherit_id: base.view_partner_form,"
            " xpaths: [{expr: //sheet, elements: [{tag: script}]}]}]\n",
            "tag",
        ),
        (
            "views: [{model: res.partner, type: inherit, inherit_id: base.view_partner_form,"
            " xpaths: [{expr: //sheet, elements: [{tag: field, attrs: {name: emial}}]}]}]\n",
            "unknown field 'emial'",
        ),
    ],
)
def test_wrong_buttons_and_elements_are_refused(views: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse(HEAD + views)
    assert words in caught.value.message, caught.value.message
    assert caught.value.line is not None


def test_fields_read_by_conditions_are_added_to_the_view_when_missing() -> None:
    """17.0 on refuses a view whose conditions read a field it does not show."""
    spec = parse(
        HEAD
        + "views:\n"
        + "  - model: notes.note\n    type: form\n    fields: [name]\n"
        + "    buttons: [{name: toggle_active, string: Go, invisible: 'not published'}]\n"
        + "  - model: notes.note\n    type: list\n    fields: [name]\n"
        + "    buttons: [{name: toggle_active, string: Go, invisible: 'published'}]\n"
    )
    files = render_addon(spec, "17.0")
    views = files["views/notes_note_views.xml"]
    assert '<field name="published" invisible="1"/>' in views
    assert '<field name="published" column_invisible="1"/>' in views


@pytest.mark.parametrize(
    ("series", "coloured"), [("17.0", "t-attf-class"), ("18.0", "highlight_color")]
)
def test_kanban_grouping_dragging_colour_and_conditional_fields(series: str, coloured: str) -> None:
    spec = parse(
        HEAD.replace(
            "      - {name: published, type: boolean}\n",
            "      - {name: published, type: boolean}\n      - {name: color, type: integer}\n",
        )
        + "views:\n  - {model: notes.note, type: kanban, default_group_by: published,"
        + " records_draggable: false, quick_create: false, color: color,"
        + " fields: [name, {name: published, invisible: 'not published',"
        + " widget: boolean_toggle}]}\n"
    )
    kanban = render_addon(spec, series)["views/notes_note_views.xml"]
    assert '<kanban default_group_by="published" records_draggable="0" quick_create="0"' in kanban
    assert coloured in kanban
    assert 'invisible="not published"' in kanban and 'widget="boolean_toggle"' in kanban


def test_kanban_group_by_names_a_field() -> None:
    with pytest.raises(SpecError) as caught:
        parse(HEAD + "views: [{model: notes.note, type: kanban, default_group_by: stage}]\n")
    assert "unknown field 'stage'" in caught.value.message
