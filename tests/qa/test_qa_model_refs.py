"""Data records and Python classes name models and fields that exist in the target series."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from odoo_factory.qa import CheckReport, Diagnostic, check_addon
from odoo_factory.qa.catalogue import load_catalogue
from odoo_factory.qa.model_index import ModelIndex
from odoo_factory.qa.pymodels import models_in_module
from tests.qa.conftest import AddonMaker

# A group written for 17.0: category_id by ref, users by eval, name as text.
GROUPS_17 = """<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="group_reader" model="res.groups">
        <field name="name">Reader</field>
        <field name="category_id" ref="base.module_category_hidden"/>
        <field name="users" eval="[(4, ref('base.user_admin'))]"/>
        <field name="implied_ids" eval="[(4, ref('base.group_user'))]"/>
    </record>
</odoo>
"""

CANCEL_EXTENSION = """from odoo import fields, models


class SaleOrderCancel(models.TransientModel):
    _inherit = "sale.order.cancel"

    reason = fields.Char()
"""

CANCEL_RECORD = """<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="cancel_template" model="sale.order.cancel">
        <field name="subject">Order cancelled</field>
    </record>
    <function model="sale.order.cancel" name="search"/>
</odoo>
"""

OWN_MODEL = """from odoo import fields, models


class Shelf(models.Model):
    _name = "qa.shelf"
    _description = "Shelf"

    name = fields.Char()
    partner_id = fields.Many2one("res.partner")
"""

ACCESS = (
    "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n"
    "access_qa_shelf,qa.shelf,model_qa_shelf,base.group_user,1,1,1,1\n"
)


def _check(
    make_addon: AddonMaker, series: str, files: dict[str, str | bytes], **kw: object
) -> CheckReport:
    addon = make_addon(files=files, series=series, **kw)
    return check_addon(addon, series, run_pylint_step=False)


def _found(report: CheckReport, *rules: str) -> list[Diagnostic]:
    return [d for d in report.diagnostics if d.rule in rules]


def test_catalogues_know_the_group_fields_of_each_series() -> None:
    for series, present, absent in (
        ("17.0", {"category_id", "users"}, {"privilege_id"}),
        ("18.0", {"category_id", "users"}, {"privilege_id"}),
        ("19.0", {"privilege_id", "user_ids"}, {"category_id", "users"}),
    ):
        catalogue = load_catalogue(series)
        assert catalogue is not None, series
        index = ModelIndex()
        index.add_entry(catalogue.models("base"))
        fields = index.fields_of("res.groups")
        assert fields is not None
        assert present <= set(fields), series
        assert not absent & set(fields), series


def test_group_record_written_for_17_fails_on_19_at_each_field(make_addon: AddonMaker) -> None:
    report = _check(make_addon, "19.0", {"security/security.xml": GROUPS_17})
    found = _found(report, "record-field-unknown")
    assert [(d.file, d.line, d.severity.value) for d in found] == [
        ("security/security.xml", 5, "error"),
        ("security/security.xml", 6, "error"),
    ]
    category, users = found
    assert "'category_id'" in category.message and "'res.groups'" in category.message
    assert "privilege_id" in category.hint and "17.0" in category.hint
    assert "user_ids" in users.hint
    assert not report.ok


@pytest.mark.parametrize("series", ["17.0", "18.0"])
def test_group_record_written_for_17_passes_where_it_installs(
    make_addon: AddonMaker, series: str
) -> None:
    report = _check(make_addon, series, {"security/security.xml": GROUPS_17})
    assert _found(report, "record-field-unknown", "record-model-unknown") == []


def test_renamed_user_groups_field_is_reported_once_by_its_series_rule(
    make_addon: AddonMaker,
) -> None:
    users = """<odoo><record id="user_x" model="res.users">
        <field name="login">x</field>
        <field name="groups_id" eval="[(4, ref('base.group_user'))]"/>
    </record></odoo>"""
    report = _check(make_addon, "19.0", {"data/users.xml": users})
    assert [(d.rule, d.line) for d in report.diagnostics if d.line == 3] == [("users-groups-id", 3)]


def test_model_the_series_dropped(make_addon: AddonMaker) -> None:
    files: dict[str, str | bytes] = {
        "wizard/sale_order_cancel.py": CANCEL_EXTENSION,
        "data/cancel_data.xml": CANCEL_RECORD,
    }
    on_19 = _check(make_addon, "19.0", files, manifest={"depends": ["sale"]}, name="on_19")
    rules = {(d.rule, d.file, d.line) for d in on_19.diagnostics}
    assert ("record-model-unknown", "data/cancel_data.xml", 3) in rules
    assert ("record-model-unknown", "data/cancel_data.xml", 6) in rules  # <function>
    assert ("model-inherit-unknown", "wizard/sale_order_cancel.py", 4) in rules
    assert all(d.hint for d in on_19.diagnostics)
    on_18 = _check(make_addon, "18.0", files, manifest={"depends": ["sale"]}, name="on_18")
    assert (
        _found(on_18, "record-model-unknown", "model-inherit-unknown", "record-field-unknown") == []
    )


def test_missing_dependency_makes_a_standard_model_unknown(make_addon: AddonMaker) -> None:
    report = _check(make_addon, "18.0", {"wizard/sale_order_cancel.py": CANCEL_EXTENSION})
    found = _found(report, "model-inherit-unknown")
    assert [(d.line, d.severity.value) for d in found] == [(4, "error")]


def test_models_and_fields_of_the_addon_count(make_addon: AddonMaker) -> None:
    data = """<odoo>
    <record id="field_x_colour" model="ir.model.fields">
        <field name="name">x_colour</field>
        <field name="model_id" ref="model_qa_shelf"/>
        <field name="ttype">char</field>
    </record>
    <record id="shelf_a" model="qa.shelf">
        <field name="name">A</field>
        <field name="partner_id" ref="base.main_partner"/>
        <field name="x_colour">red</field>
        <field name="nmae">typo</field>
    </record>
</odoo>"""
    files: dict[str, str | bytes] = {
        "models/shelf.py": OWN_MODEL,
        "security/ir.model.access.csv": ACCESS,
        "data/shelves.xml": data,
    }
    report = _check(make_addon, "19.0", files)
    found = _found(report, "record-field-unknown", "record-model-unknown")
    assert [(d.file, d.line) for d in found] == [("data/shelves.xml", 11)]
    assert "'name'" in found[0].hint  # did you mean 'name'?


def test_csv_columns_are_fields_of_the_model_the_file_names(make_addon: AddonMaker) -> None:
    files: dict[str, str | bytes] = {
        "models/shelf.py": OWN_MODEL,
        "security/ir.model.access.csv": ACCESS.replace("perm_unlink", "perm_delete"),
    }
    report = _check(make_addon, "18.0", files)
    found = _found(report, "record-field-unknown")
    assert [(d.file, d.line) for d in found] == [("security/ir.model.access.csv", 1)]
    assert "'perm_delete'" in found[0].message


def test_unknown_dependency_makes_model_findings_info(make_addon: AddonMaker) -> None:
    files: dict[str, str | bytes] = {"data/cancel_data.xml": CANCEL_RECORD}
    report = _check(make_addon, "19.0", files, manifest={"depends": ["no_such_addon"]})
    found = _found(report, "record-model-unknown")
    assert [d.severity.value for d in found] == ["info", "info"]  # <record> and <function>
    assert "unsure" in found[0].message


def test_docs_list_the_rules_these_checks_report(make_addon: AddonMaker) -> None:
    docs = (Path(__file__).parents[2] / "docs" / "gate.md").read_text(encoding="utf-8")
    files: dict[str, str | bytes] = {
        "security/security.xml": GROUPS_17,
        "wizard/sale_order_cancel.py": CANCEL_EXTENSION,
        "data/cancel_data.xml": CANCEL_RECORD,
    }
    report = _check(make_addon, "19.0", files, manifest={"depends": ["sale"]})
    rules = {d.rule for d in report.diagnostics}
    assert {"record-field-unknown", "record-model-unknown", "model-inherit-unknown"} <= rules
    assert [rule for rule in sorted(rules) if f"`{rule}`" not in docs] == []


def test_fields_set_with_setattr_and_create_only_values_are_known(make_addon: AddonMaker) -> None:
    """ir.rule's 'global' is a Python keyword (set with setattr); ir.property takes 'value'."""
    rules = """<odoo>
    <record id="rule_partner" model="ir.rule">
        <field name="name">partners</field>
        <field name="model_id" ref="base.model_res_partner"/>
        <field name="global" eval="True"/>
    </record>
    <record id="property_x" model="ir.property">
        <field name="name">x</field>
        <field name="fields_id" ref="base.field_res_partner__lang"/>
        <field name="value">en_US</field>
    </record>
</odoo>"""
    report = _check(make_addon, "17.0", {"security/rules.xml": rules})
    assert _found(report, "record-field-unknown", "record-model-unknown") == []


def test_setattr_field_of_a_model_class() -> None:
    source = (
        "from odoo import fields, models\n\n\nclass Rule(models.Model):\n"
        "    _name = 'x.rule'\n\n\n"
        "global_ = fields.Boolean()\nsetattr(Rule, 'global', global_)\n"
        "setattr(Rule, 'inline', fields.Many2one('res.partner'))\n"
        "setattr(Other, 'ignored', fields.Char())\n"
    )
    (model,) = models_in_module(ast.parse(source))
    assert {name: (f.type, f.comodel, f.line) for name, f in model.fields.items()} == {
        "global": ("Boolean", None, 9),
        "inline": ("Many2one", "res.partner", 10),
    }


def test_field_of_an_addon_installed_automatically_is_a_warning(make_addon: AddonMaker) -> None:
    """sale + stock install sale_stock, which gives stock.picking its sale_id."""
    pickings = """<odoo>
    <record id="picking_x" model="stock.picking">
        <field name="sale_id" ref="sale.sale_order_1"/>
        <field name="no_such_field">1</field>
    </record>
</odoo>"""
    report = _check(
        make_addon, "18.0", {"demo/pickings.xml": pickings},
        manifest={"depends": ["sale", "stock"], "demo": ["demo/pickings.xml"]},
    )  # fmt: skip
    found = [(d.line, d.severity.value) for d in _found(report, "record-field-unknown")]
    assert found == [(3, "warning"), (4, "error")]
    (automatic,) = [d for d in report.diagnostics if d.line == 3]
    assert "'sale_stock'" in automatic.hint


def test_chained_class_attributes_define_the_model() -> None:
    """hr.mixin (19.0) is declared as _name = _description = 'hr.mixin'."""
    catalogue = load_catalogue("19.0")
    assert catalogue is not None
    assert catalogue.models("hr")["hr.mixin"].get("n") == 1
    assert catalogue.auto_install("sale_stock") == frozenset({"sale", "stock_account"})
    assert catalogue.auto_install("sale") is None


def test_view_field_of_an_addon_installed_automatically_is_a_warning(
    make_addon: AddonMaker,
) -> None:
    view = """<odoo><record id="picking_form" model="ir.ui.view">
        <field name="name">picking</field>
        <field name="model">stock.picking</field>
        <field name="inherit_id" ref="stock.view_picking_form"/>
        <field name="arch" type="xml">
            <field name="origin" position="after">
                <field name="sale_id"/>
                <field name="no_such_field"/>
            </field>
        </field>
    </record></odoo>"""
    report = _check(
        make_addon, "18.0", {"views/picking.xml": view}, manifest={"depends": ["sale", "stock"]}
    )
    found = [(d.line, d.severity.value) for d in _found(report, "field-unknown")]
    assert found == [(7, "warning"), (8, "error")]
