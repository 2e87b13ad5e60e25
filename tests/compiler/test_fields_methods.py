"""Fields and methods beyond the basics, compiled per series: named decimal precisions,
writable related fields, company checks, computed defaults, trees, domains the server
applies, api decorators, imports and _logger, messages with record values, wizard buttons;
and the bad input each refuses, at its place in the file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.errors import SpecError
from odoo_factory.spec import load_spec

HEAD = """\
module: {name: shop, title: Shop, depends: [mail]}
models:
"""

SPEC = (
    HEAD
    + """\
  - name: shop.category
    parent_store: true
    fields:
      - {name: name, type: char}
  - name: shop.order
    multi_company: false
    imports: ["from datetime import timedelta", "import json"]
    fields:
      - {name: name, type: char}
      - {name: partner_id, type: many2one, comodel: res.partner, check_company: true,
         domain: "[('is_company', '=', True)]"}
      - {name: email, type: char, related: partner_id.email, readonly: false}
      - {name: mirror, type: char, related: partner_id.email}
      - {name: hours, type: float, digits: {name: Shop Hours, digits: 1}}
      - {name: price, type: float, digits: Product Price}
      - {name: cost, type: float, digits: [16, 3]}
      - {name: date_due, type: date, default: "=today + 3 months"}
      - {name: remind_at, type: datetime, default: "=now - 2 hours"}
      - {name: channel, type: char, default: "=context.shop_channel"}
      - {name: line_ids, type: one2many, comodel: shop.line, inverse_name: order_id,
         domain: "[('qty', '>', 0)]"}
      - {name: user_id, type: many2one, comodel: res.users,
         domain: "[('company_id', '=', company_id)]"}
      - {name: company_id, type: many2one, comodel: res.company}
    constraints:
      - {name: hours_positive, type: python, fields: [hours], condition: rec.hours >= 0,
         message: "Order {rec.name} of {rec.partner_id.name} lasts {rec.hours} h: 100% {{x}}"}
    methods:
      - name: _compute_nothing
        decorators: ["api.depends('partner_id.email', 'name')"]
        python: pass
      - name: _check_name
        decorators: ["@api.constrains('name')"]
        python: pass
      - name: _onchange_name
        decorators: ["api.onchange('name')"]
        python: _logger.info("changed %s", self.name)
      - name: _unlink_except_named
        decorators: ["api.ondelete(at_uninstall=False)"]
        python: pass
      - name: make
        decorators: [api.model_create_multi]
        args: [vals_list]
        python: return self.browse()
      - name: helper
        decorators: [api.model]
        python: return json.dumps([str(timedelta(days=1))])
  - name: shop.line
    fields:
      - {name: order_id, type: many2one, comodel: shop.order}
      - {name: qty, type: integer}
  - name: shop.wizard
    kind: transient
    fields:
      - {name: note, type: char}
    methods:
      - {name: apply, button: Apply now, python: "return True"}
      - {name: confirm, button: true, python: "return True"}
      - {name: action_go, python: "return True"}
      - {name: action_quiet, button: false, python: "return True"}
      - {name: action_needs, args: [value], python: "return value"}
actions:
  - {id: shop_wizard_action, model: shop.wizard}
views:
  - model: shop.order
    type: form
    pages: [{fields: [{name: line_ids, columns: [qty, order_id]}]}]
"""
)


def _files(tmp_path: Path, text: str, series: str) -> dict[str, str]:
    path = tmp_path / "shop.yaml"
    path.write_text(text, "utf-8")
    return render_addon(load_spec(path), series)


def _refused(tmp_path: Path, text: str, series: str = "18.0") -> SpecError:
    path = tmp_path / "shop.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(SpecError) as caught:
        build_addon(path, series, tmp_path / "out")
    return caught.value


@pytest.mark.parametrize("series", ["15.0", "17.0", "18.0", "19.0"])
def test_the_constructs_compile_for_each_series(tmp_path: Path, series: str) -> None:
    built = build_addon(_write(tmp_path, SPEC), series, tmp_path / "out")
    for rel in built.files:
        if rel.endswith(".py"):
            ast.parse((built.addon_path / rel).read_text("utf-8"))
    order = (built.addon_path / "models/shop_order.py").read_text("utf-8")
    assert "_check_company_auto = True" in order
    assert "check_company=True" in order
    assert 'digits="Shop Hours"' in order and 'digits="Product Price"' in order
    assert "digits=(16, 3)" in order
    assert "@api.ondelete(at_uninstall=False)" in order
    assert '@api.depends("partner_id.email", "name")' in order
    assert '@api.constrains("name")' in order and '@api.onchange("name")' in order
    assert "@api.model_create_multi" in order and "@api.model\n" in order


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shop.yaml"
    path.write_text(text, "utf-8")
    return path


def test_a_writable_related_field_keeps_readonly_false(tmp_path: Path) -> None:
    order = _files(tmp_path, SPEC, "18.0")["models/shop_order.py"]
    email = order.split("email = fields.Char(")[1].split(")")[0]
    mirror = order.split("mirror = fields.Char(")[1].split(")")[0]
    assert "readonly=False" in email and 'related="partner_id.email"' in email
    assert "readonly" not in mirror


def test_named_precision_and_its_record(tmp_path: Path) -> None:
    files = _files(tmp_path, SPEC, "18.0")
    data = files["data/decimal_precision_data.xml"]
    assert '<odoo noupdate="1">' in data
    assert 'id="decimal_precision_shop_hours" model="decimal.precision"' in data
    assert '<field name="name">Shop Hours</field>' in data
    assert '<field name="digits">1</field>' in data
    assert "data/decimal_precision_data.xml" in files["__manifest__.py"]


def test_12_0_names_precisions_through_the_decimal_precision_addon(tmp_path: Path) -> None:
    text = (
        "module: {name: shop, title: Shop, depends: [decimal_precision]}\nmodels:\n"
        "  - name: shop.order\n    fields:\n"
        "      - {name: price, type: float, digits: Product Price}\n"
    )
    order = _files(tmp_path, text, "12.0")["models/shop_order.py"]
    assert "from odoo.addons import decimal_precision as dp" in order
    assert 'digits=dp.get_precision("Product Price")' in order
    error = _refused(tmp_path, text.replace("[decimal_precision]", "[base]"), "12.0")
    assert "shop.yaml:5:" in str(error) and "decimal_precision" in (error.hint or "")


def test_computed_defaults(tmp_path: Path) -> None:
    order = _files(tmp_path, SPEC, "17.0")["models/shop_order.py"]
    assert "from dateutil.relativedelta import relativedelta" in order
    assert "default=lambda self: fields.Date.context_today(self) + relativedelta(months=3)" in order
    assert "default=lambda self: fields.Datetime.now() + relativedelta(hours=-2)" in order
    assert 'default=lambda self: self.env.context.get("shop_channel")' in order


def test_parent_store_makes_a_tree(tmp_path: Path) -> None:
    category = _files(tmp_path, SPEC, "18.0")["models/shop_category.py"]
    assert "_parent_store = True" in category
    assert '_parent_name = "parent_id"' in category
    assert "parent_path = fields.Char(index=True)" in category
    assert 'parent_id = fields.Many2one(\n        comodel_name="shop.category"' in category


def test_domains_of_literals_are_python_lists(tmp_path: Path) -> None:
    order = _files(tmp_path, SPEC, "18.0")["models/shop_order.py"]
    assert 'domain=[("qty", ">", 0)]' in order  # a one2many: the server applies it
    assert 'domain=[("is_company", "=", True)]' in order
    assert "domain=\"[('company_id', '=', company_id)]\"" in order  # the web client's


def test_imports_and_logger(tmp_path: Path) -> None:
    order = _files(tmp_path, SPEC, "18.0")["models/shop_order.py"]
    head = order.split("class ShopOrder")[0]
    assert head.startswith("import json\nimport logging\nfrom datetime import timedelta\n")
    assert "_logger = logging.getLogger(__name__)" in head
    category = _files(tmp_path, SPEC, "18.0")["models/shop_category.py"]
    assert "logging" not in category and "relativedelta" not in category


def test_constraint_message_shows_record_values(tmp_path: Path) -> None:
    new = _files(tmp_path, SPEC, "18.0")["models/shop_order.py"]
    assert '"Order %(name)s of %(partner_id_name)s lasts %(hours)s h: 100%% {x}",' in new
    assert "name=rec.name," in new and "partner_id_name=rec.partner_id.name," in new
    old = _files(tmp_path, SPEC.replace('"=context.shop_channel"', "x"), "12.0")
    text = old["models/shop_order.py"]
    assert '_("Order %(name)s of %(partner_id_name)s lasts %(hours)s h: 100%% {x}")' in text
    assert '% {\n                        "name": rec.name,\n' in text
    assert '"partner_id_name": rec.partner_id.name,' in text


def test_wizard_footer_buttons_and_default_action(tmp_path: Path) -> None:
    files = _files(tmp_path, SPEC, "18.0")
    form = files["wizards/shop_wizard_views.xml"]
    assert 'name="apply" string="Apply now"' in form
    assert 'name="confirm" string="Confirm"' in form
    assert 'name="action_go" string="Go"' in form
    assert "action_quiet" not in form and "action_needs" not in form
    assert '<field name="view_mode">form</field>' in form
    assert '<field name="target">new</field>' in form


def test_columns_take_plain_names(tmp_path: Path) -> None:
    views = _files(tmp_path, SPEC, "18.0")["views/shop_order_views.xml"]
    assert '<field name="qty"/>' in views and '<field name="order_id"/>' in views


@pytest.mark.parametrize(
    ("series", "old", "new", "words"),
    [
        (
            "14.0",
            "      - name: helper\n",
            "      - {name: unlink, python: 'return super().unlink()'}\n      - name: helper\n",
            "no api.ondelete",
        ),
        ("12.0", "api.ondelete(at_uninstall=False)", "api.model", "no check_company"),
    ],
)
def test_series_without_a_construct_refuse_it(
    tmp_path: Path, series: str, old: str, new: str, words: str
) -> None:
    text = SPEC.replace(old, new)
    if series == "12.0":
        text = text.replace('"=context.shop_channel"', "x")
    text = text.replace("digits: Product Price", "digits: [16, 2]")
    text = text.replace("{name: Shop Hours, digits: 1}", "[16, 1]")
    error = _refused(tmp_path, text, series)
    assert words in str(error) and f"Odoo {series}" in str(error)
    assert "shop.yaml:" in str(error) and error.hint


@pytest.mark.parametrize("series", ["12.0", "13.0", "14.0"])
def test_before_15_an_unlink_override_stands_for_api_ondelete(tmp_path: Path, series: str) -> None:
    text = SPEC.replace("{name: Shop Hours, digits: 1}", "[16, 1]")
    text = text.replace("digits: Product Price", "digits: [16, 2]")
    if series == "12.0":
        text = text.replace(", check_company: true", "")
    built = build_addon(_write(tmp_path, text), series, tmp_path / "out")
    order = (built.addon_path / "models/shop_order.py").read_text("utf-8")
    assert "api.ondelete" not in order
    assert "from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG" in order
    unlink = order.split("    def unlink(self):\n")[1].split("\n\n")[0]
    assert unlink.splitlines() == [
        "        if not self.env.context.get(MODULE_UNINSTALL_FLAG):",
        "            self._unlink_except_named()",
        "        return super().unlink()",
    ]
    assert "    def _unlink_except_named(self):" in order


BAD = [
    (
        '{name: date_due, type: date, default: "=today + 3 months"}',
        '{name: date_due, type: date, default: "=today + 3 fortnights"}',
        "not a unit",
    ),
    (
        '{name: date_due, type: date, default: "=today + 3 months"}',
        '{name: date_due, type: date, default: "=now + 3 hours"}',
        "for a datetime field",
    ),
    (
        '{name: channel, type: char, default: "=context.shop_channel"}',
        '{name: channel, type: char, default: "=context"}',
        "not a dynamic default",
    ),
    ("domain: \"[('qty', '>', 0)]\"", "domain: \"[('qty', '>', order_id)]\"", "literal values"),
    (
        "{name: cost, type: float, digits: [16, 3]}",
        "{name: cost, type: char, digits: [16, 3]}",
        "for float fields",
    ),
    ("api.depends('partner_id.email', 'name')", "api.depends(name)", "as strings"),
    ("api.depends('partner_id.email', 'name')", "api.depends('nope')", "unknown field 'nope'"),
    ("api.ondelete(at_uninstall=False)", "api.ondelete()", "at_uninstall"),
    ("api.ondelete(at_uninstall=False)", "api.multi", "not supported"),
    ("api.ondelete(at_uninstall=False)", "os.system('x')", "only Odoo's api"),
    ('"from datetime import timedelta"', '"from . import x"', "relative imports"),
    ('"from datetime import timedelta"', '"from odoo import fields"', "binds 'fields'"),
    ('"from datetime import timedelta"', '"import os; os.system(1)"', "one import"),
    (
        "      - {name: company_id, type: many2one, comodel: res.company}\n",
        "",
        "unknown field 'company_id'",
    ),
    ("{rec.hours} h", "{rec.hours} {h}", "not a placeholder"),
    ("{rec.hours} h", "{rec.hourz} h", "unknown field 'hourz'"),
    (
        "{name: apply, button: Apply now,",
        "{name: apply, button: Apply now, args: [x],",
        "no argument",
    ),
]


@pytest.mark.parametrize(("old", "new", "words"), BAD, ids=[b[2] for b in BAD])
def test_bad_input_is_refused_at_its_place(tmp_path: Path, old: str, new: str, words: str) -> None:
    assert old in SPEC
    error = _refused(tmp_path, SPEC.replace(old, new, 1))
    assert words in str(error)
    assert "shop.yaml:" in str(error)


def test_a_precision_created_twice_with_other_digits_is_refused(tmp_path: Path) -> None:
    text = SPEC.replace(
        "{name: cost, type: float, digits: [16, 3]}",
        "{name: cost, type: float, digits: {name: Shop Hours, digits: 2}}",
    )
    error = _refused(tmp_path, text)
    assert "created with 1 digits on line" in str(error) and "shop.yaml:" in str(error)


def test_a_button_is_for_wizards(tmp_path: Path) -> None:
    text = SPEC.replace(
        "      - name: _check_name\n", "      - name: _check_name\n        button: true\n"
    )
    assert "transient models" in str(_refused(tmp_path, text))
