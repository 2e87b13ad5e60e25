"""Data, security and settings constructs: noupdate blocks, portable groups, bound window
actions, wizard actions and the Settings screen, written for each series from its profile."""

from __future__ import annotations

import ast
import textwrap
import xml.etree.ElementTree as ET

import pytest

from odoo_factory.compiler import render_addon
from odoo_factory.errors import SpecError
from odoo_factory.profiles import get_profile
from odoo_factory.spec.loader import parse_spec_text
from odoo_factory.spec.models import ModuleSpec
from odoo_factory.spec.semantics import check_series

SPEC = """
module: {name: club_admin, title: Club Admin, depends: [sale]}
models:
  - name: res.company
    extend: true
    fields: [{name: club_motto, type: char}]
  - name: club.member
    fields: [{name: name, type: char}]
  - name: club.renew.wizard
    kind: transient
    fields: [{name: months, type: integer}]
groups:
  - {id: group_club_officer, name: Officer, category: base.module_category_services,
     implied: [base.group_user], users: [base.user_admin, club_bot]}
  - {id: group_club_chair, name: Chair, category: Club Life, implied: [group_club_officer]}
actions:
  - {id: club_renew_action, model: club.renew.wizard, name: Renew,
     binding_model: club.member, binding_view_types: [list]}
  - {id: club_sale_renew_action, model: club.renew.wizard, name: Renew from order,
     binding_model: sale.order, view_modes: [form, list], target: current}
records_noupdate: true
records:
  - {id: club_bot, model: res.users, values: {name: Club Bot, login: club_bot}}
  - {id: member_a, model: club.member, values: {name: A}, noupdate: false}
  - {id: member_b, model: club.member, values: {name: B}}
demo:
  - {id: member_demo, model: club.member, values: {name: Demo}, noupdate: true}
settings:
  title: Club
  fields:
    - {name: club_motto, related: company_id.club_motto, string: Motto}
    - {name: club_fee, type: float, config_parameter: club_admin.fee, default: 12.5,
       help: Yearly fee}
    - {name: club_open, type: boolean, config_parameter: club_admin.open}
"""


def _spec(text: str = SPEC) -> ModuleSpec:
    return parse_spec_text(textwrap.dedent(text), "club.yaml")[0]


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, str]]:
    spec = _spec()
    return {s: render_addon(spec, s) for s in ("12.0", "16.0", "17.0", "18.0", "19.0")}


def _xml(files: dict[str, str], path: str) -> ET.Element:
    return ET.fromstring(files[path].encode())


def _record(root: ET.Element, xmlid: str) -> ET.Element:
    found = root.find(f".//record[@id='{xmlid}']")
    assert found is not None, xmlid
    return found


def _fields(record: ET.Element) -> dict[str, ET.Element]:
    return {f.get("name", ""): f for f in record.findall("field")}


# -- noupdate ---------------------------------------------------------------------------------
def test_noupdate_blocks_follow_records_in_order(built: dict[str, dict[str, str]]) -> None:
    root = _xml(built["17.0"], "data/club_admin_data.xml")
    assert root.get("noupdate") is None
    blocks = [(b.get("noupdate"), [r.get("id") for r in b]) for b in root.findall("data")]
    assert blocks == [("1", ["club_bot"]), (None, ["member_a"]), ("1", ["member_b"])]


def test_a_block_of_one_kind_is_the_root(built: dict[str, dict[str, str]]) -> None:
    demo = _xml(built["17.0"], "demo/club_admin_demo.xml")
    assert demo.get("noupdate") == "1" and not demo.findall("data")
    spec = _spec(SPEC.replace("noupdate: false", "noupdate: true"))
    data = ET.fromstring(render_addon(spec, "18.0")["data/club_admin_data.xml"].encode())
    assert data.get("noupdate") == "1" and not data.findall("data")
    plain = _spec(SPEC.replace("records_noupdate: true", "records_noupdate: false"))
    root = ET.fromstring(render_addon(plain, "18.0")["data/club_admin_data.xml"].encode())
    assert root.get("noupdate") is None and not root.findall("data")
    assert [r.get("id") for r in root.findall("record")] == ["club_bot", "member_a", "member_b"]


# -- groups -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("series", "category", "users"),
    [
        ("12.0", "category_id", "users"),
        ("18.0", "category_id", "users"),
        ("19.0", "privilege_id", "user_ids"),
    ],
)
def test_groups_are_written_with_the_series_names(
    built: dict[str, dict[str, str]], series: str, category: str, users: str
) -> None:
    root = _xml(built[series], "security/security.xml")
    officer = _fields(_record(root, "group_club_officer"))
    assert set(officer) == {"name", category, "implied_ids", users}
    assert officer["implied_ids"].get("eval") == "[(4, ref('base.group_user'))]"
    # members are added, never replaced: (4, id) commands only
    assert officer[users].get("eval") == "[(4, ref('base.user_admin')), (4, ref('club_bot'))]"
    chair = _fields(_record(root, "group_club_chair"))
    assert chair["implied_ids"].get("eval") == "[(4, ref('group_club_officer'))]"
    assert users not in chair


def test_existing_category_is_linked_new_one_created(built: dict[str, dict[str, str]]) -> None:
    old = _xml(built["18.0"], "security/security.xml")
    officer = _fields(_record(old, "group_club_officer"))
    assert officer["category_id"].get("ref") == "base.module_category_services"
    assert [r.get("id") for r in old.findall("record[@model='ir.module.category']")] == [
        "module_category_club_life"
    ]
    assert _fields(_record(old, "group_club_chair"))["category_id"].get("ref") == (
        "module_category_club_life"
    )
    new = _xml(built["19.0"], "security/security.xml")
    privilege = _fields(_record(new, "privilege_base_module_category_services"))
    assert privilege["category_id"].get("ref") == "base.module_category_services"
    assert privilege["name"].text == "Club Admin"  # an existing category: named after the module
    assert _fields(_record(new, "group_club_officer"))["privilege_id"].get("ref") == (
        "privilege_base_module_category_services"
    )
    club_life = _fields(_record(new, "privilege_club_life"))
    assert club_life["category_id"].get("ref") == "module_category_club_life"
    assert club_life["name"].text == "Club Life"


# -- window actions ---------------------------------------------------------------------------
def test_bound_action_refers_to_the_owning_addons_model(built: dict[str, dict[str, str]]) -> None:
    root = _xml(built["18.0"], "wizards/club_renew_wizard_views.xml")
    own = _fields(_record(root, "club_renew_action"))
    assert own["binding_model_id"].get("ref") == "model_club_member"
    assert own["binding_view_types"].text == "list"
    sale = _fields(_record(root, "club_sale_renew_action"))
    assert sale["binding_model_id"].get("ref") == "sale.model_sale_order"
    assert "binding_view_types" not in sale  # Odoo's default: list and form


def test_wizard_actions_open_a_form_in_a_dialog(built: dict[str, dict[str, str]]) -> None:
    root = _xml(built["17.0"], "wizards/club_renew_wizard_views.xml")
    default = _fields(_record(root, "club_renew_action"))
    assert default["view_mode"].text == "form" and default["target"].text == "new"
    chosen = _fields(_record(root, "club_sale_renew_action"))
    assert chosen["view_mode"].text == "form,tree" and chosen["target"].text == "current"
    regular = _fields(
        _record(_xml(built["17.0"], "views/club_member_views.xml"), "club_member_action")
    )
    assert regular["view_mode"].text == "tree,form" and "target" not in regular


def test_12_has_no_binding_view_types() -> None:
    spec, locs = parse_spec_text(textwrap.dedent(SPEC), "club.yaml")
    with pytest.raises(SpecError) as caught:
        check_series(spec, locs, get_profile("12.0"))
    assert (
        caught.value.line
        == SPEC.splitlines().index("     binding_model: club.member, binding_view_types: [list]}")
        + 1
    )
    assert "13.0" in (caught.value.hint or "")
    check_series(spec, locs, get_profile("13.0"))
    unbound = _spec(SPEC.replace(", binding_view_types: [list]", ""))
    files = render_addon(unbound, "12.0")
    record = _fields(
        _record(_xml(files, "wizards/club_renew_wizard_views.xml"), "club_renew_action")
    )
    assert "binding_view_types" not in record and "binding_model_id" in record


# -- settings ---------------------------------------------------------------------------------
def test_settings_fields(built: dict[str, dict[str, str]]) -> None:
    code = built["17.0"]["models/res_config_settings.py"]
    tree = ast.parse(code)
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef))
    assert ast.unparse(cls.body[0]) == "_inherit = 'res.config.settings'"
    calls = {
        stmt.targets[0].id: stmt.value  # type: ignore[attr-defined]
        for stmt in cls.body[1:]
        if isinstance(stmt, ast.Assign)
    }
    motto, fee, is_open = (calls["club_motto"], calls["club_fee"], calls["club_open"])
    assert ast.unparse(motto) == (
        "fields.Char(string='Motto', related='company_id.club_motto', readonly=False)"
    )
    assert ast.unparse(fee) == (
        "fields.Float(config_parameter='club_admin.fee', default=12.5, help='Yearly fee')"
    )
    assert ast.unparse(is_open) == "fields.Boolean(config_parameter='club_admin.open')"
    assert "res_config_settings" in built["17.0"]["models/__init__.py"]


def test_settings_view_17_and_later(built: dict[str, dict[str, str]]) -> None:
    for series in ("17.0", "19.0"):
        root = _xml(built[series], "views/res_config_settings_views.xml")
        record = _fields(_record(root, "res_config_settings_view_form"))
        assert record["inherit_id"].get("ref") == "base.res_config_settings_view_form"
        xpath = record["arch"].find("xpath")
        assert xpath is not None and xpath.get("expr") == "//form"
        app = xpath.find("app")
        assert app is not None and app.get("name") == "club_admin" and app.get("string") == "Club"
        settings = app.findall("block/setting")
        assert [s.get("id") for s in settings] == [
            "club_motto_setting",
            "club_fee_setting",
            "club_open_setting",
        ]
        assert settings[0].get("string") == "Motto" and settings[1].get("help") == "Yearly fee"
        assert settings[2].get("string") is None  # a checkbox takes its field's label
        assert [s.find("field").get("name") for s in settings] == [  # type: ignore[union-attr]
            "club_motto",
            "club_fee",
            "club_open",
        ]


def test_settings_view_before_17(built: dict[str, dict[str, str]]) -> None:
    for series in ("12.0", "16.0"):
        root = _xml(built[series], "views/res_config_settings_views.xml")
        xpath = _fields(_record(root, "res_config_settings_view_form"))["arch"].find("xpath")
        assert xpath is not None and xpath.get("expr") == "//div[hasclass('settings')]"
        block = xpath.find("div[@class='app_settings_block']")
        assert block is not None and block.get("data-key") == "club_admin"
        boxes = block.findall("div/div[@class='col-12 col-lg-6 o_setting_box']")
        assert len(boxes) == 3
        assert boxes[2].find("div[@class='o_setting_left_pane']/field") is not None  # checkbox
        assert boxes[1].find(".//div[@class='text-muted']").text == "Yearly fee"  # type: ignore[union-attr]
        assert "<app" not in built[series]["views/res_config_settings_views.xml"]


def test_related_setting_takes_the_type_of_the_company_field() -> None:
    spec = _spec(SPEC.replace("type: char}]", "type: text}]"))
    code = render_addon(spec, "18.0")["models/res_config_settings.py"]
    assert "club_motto = fields.Text(" in code


# -- validation -------------------------------------------------------------------------------
BAD = [
    (
        SPEC.replace("related: company_id.club_motto", "related: company_id.club_moto"),
        "related: company_id.club_moto",
        "unknown field 'club_moto'",
    ),
    (
        SPEC.replace("config_parameter: club_admin.open}", "}"),
        "- {name: club_open, type: boolean, }",
        "either",
    ),
    (
        SPEC.replace("type: float, config_parameter", "type: date, config_parameter"),
        "type: date",
        "cannot be a config_parameter",
    ),
    (
        SPEC.replace("related: company_id.club_motto", "related: partner_id.name"),
        "related: partner_id.name",
        "starts with 'company_id.'",
    ),
    (
        SPEC.replace("depends: [sale]", "depends: [base]").replace(
            "binding_model: sale.order, ", ""
        ),
        "  title: Club",
        "base_setup",
    ),
    (
        SPEC.replace("users: [base.user_admin, club_bot]", "users: [base.user_admn, club_bot]"),
        "users: [base.user_admn",
        "base defines no user 'base.user_admn'",
    ),
    (
        SPEC.replace("users: [base.user_admin, club_bot]", "users: [base.user_admin, club_robot]"),
        "users: [base.user_admin, club_robot]",
        "unknown user 'club_robot'",
    ),
    (
        SPEC.replace("binding_model: sale.order", "binding_model: sale.ordr"),
        "binding_model: sale.ordr",
        "model 'sale.ordr'",
    ),
    (
        SPEC.replace("binding_model: club.member, ", ""),
        "{id: club_renew_action",
        "needs 'binding_model'",
    ),
    (
        SPEC.replace("{name: club_open,", "{name: club_fee,"),
        "- {name: club_fee, type: boolean",
        "duplicate setting 'club_fee'",
    ),
    (
        SPEC.replace("category: Club Life", "category: sales_team.no_such_category"),
        "category: sales_team.no_such_category",
        "sales_team defines no category",
    ),
]


@pytest.mark.parametrize(("text", "place", "message"), BAD)
def test_bad_constructs_are_refused_at_their_place(text: str, place: str, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        _spec(text)
    error = caught.value
    assert message in str(error), str(error)
    lines = textwrap.dedent(text).splitlines()
    expected = next(i for i, line in enumerate(lines, 1) if place in line)
    assert error.line == expected, (str(error), error.line, expected)
    assert error.hint
