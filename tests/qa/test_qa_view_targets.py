"""An inherited view's xpaths and locators find their target in the target series' view."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from odoo_factory.qa import Diagnostic, check_addon
from odoo_factory.qa.catalogue import load_views
from odoo_factory.qa.catalogue.build import build_catalogue, source_roots
from odoo_factory.qa.view_arch import decode
from odoo_factory.qa.view_xpath import XPathUnsupported, select
from odoo_factory.qa.xmltree import parse_xml
from tests.qa.conftest import AddonMaker, write_addon

VIEWS = Path(__file__).parents[2] / "src" / "odoo_factory" / "qa" / "catalogue" / "views"
RULES = ("view-target-missing", "view-target-unchecked")


def _view(specs: str, parent: str = "base.view_partner_form", model: str = "res.partner") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="view_inherited" model="ir.ui.view">
        <field name="name">{model}.form.inherit</field>
        <field name="model">{model}</field>
        <field name="inherit_id" ref="{parent}"/>
        <field name="arch" type="xml">
            <data>
{specs}
            </data>
        </field>
    </record>
</odoo>
"""


def _found(make_addon: AddonMaker, series: str, xml: str, **kwargs: object) -> list[Diagnostic]:
    addon = make_addon(files={"views/partner_views.xml": xml}, series=series, **kwargs)
    report = check_addon(addon, series, run_pylint_step=False)
    return [d for d in report.diagnostics if d.rule in RULES]


@pytest.mark.parametrize("series", ["17.0", "18.0", "19.0"])
def test_valid_targets_give_no_finding(make_addon: AddonMaker, series: str) -> None:
    specs = """
                <xpath expr="//field[@name='vat']" position="after"/>
                <field name="email" position="attributes">
                    <attribute name="required">1</attribute>
                </field>
                <xpath expr="//notebook/page[@name='internal_notes']" position="inside"/>
                <xpath expr="//page[@name='sales_purchases']//group" position="inside"/>
                <page name="internal_notes" position="after"/>
                <xpath expr="(//group)[1]" position="inside"/>"""
    assert _found(make_addon, series, _view(specs)) == []


@pytest.mark.parametrize("series", ["17.0", "18.0", "19.0"])
def test_missing_xpath_target_is_an_error_at_its_line(make_addon: AddonMaker, series: str) -> None:
    specs = """                <xpath expr="//field[@name='vatt']" position="after"/>"""
    found = _found(make_addon, series, _view(specs))
    assert [(d.severity.value, d.rule, d.file, d.line) for d in found] == [
        ("error", "view-target-missing", "views/partner_views.xml", 9)
    ]
    assert "base.view_partner_form" in found[0].message
    assert "//field[@name='vatt']" in found[0].message
    assert '<field name="vat">' in found[0].hint  # the closest existing target


def test_shorthand_locators_are_checked(make_addon: AddonMaker) -> None:
    specs = """
                <field name="no_such_field" position="after"/>
                <page name="no_such_page" position="inside"/>
                <group name="no_such_group" position="inside"/>
                <field name="vat" position="before"/>"""
    found = _found(make_addon, "18.0", _view(specs))
    assert [(d.severity.value, d.line) for d in found] == [
        ("error", 10),
        ("error", 11),
        ("error", 12),
    ]
    assert '<field name="no_such_field" position="after">' in found[0].message
    assert '<page name="no_such_page" position="inside">' in found[1].message


@pytest.mark.parametrize(("series", "errors"), [("17.0", 0), ("18.0", 0), ("19.0", 1)])
def test_a_target_the_series_removed(make_addon: AddonMaker, series: str, errors: int) -> None:
    """base.view_partner_form shows 'mobile' up to 18.0; 19.0 removed the field and the view's."""
    specs = """                <xpath expr="//field[@name='mobile']" position="after"/>"""
    found = _found(make_addon, series, _view(specs))
    assert [d.severity.value for d in found] == ["error"] * errors
    if errors:
        assert "17.0" in found[0].hint and "18.0" in found[0].hint


def test_target_from_an_addon_that_is_not_a_dependency(make_addon: AddonMaker) -> None:
    """sale_margin adds 'margin' to the order form; depending on sale alone does not bring it."""
    specs = """                <xpath expr="//field[@name='margin']" position="after"/>"""
    xml = _view(specs, "sale.view_order_form", "sale.order")
    found = _found(make_addon, "18.0", xml, manifest={"depends": ["sale"]})
    assert [(d.severity.value, d.rule) for d in found] == [("warning", "view-target-missing")]
    assert "sale_margin" in found[0].hint
    assert _found(make_addon, "18.0", xml.replace("view_inherited", "view_ok"), name="with_margin",
                  manifest={"depends": ["sale_margin"]}) == []  # fmt: skip


def test_own_views_add_targets(make_addon: AddonMaker) -> None:
    """A view of the addon may point at what another of its views adds to the same view."""
    xml = _view("""                <page name="internal_notes" position="after">
                    <page name="loyalty" string="Loyalty"/>
                </page>""")
    second = _view("""                <xpath expr="//page[@name='loyalty']" position="inside"/>""")
    second = second.replace("view_inherited", "view_second")
    addon = make_addon(files={"views/a.xml": xml, "views/b.xml": second}, series="18.0")
    report = check_addon(addon, "18.0", run_pylint_step=False)
    assert [d for d in report.diagnostics if d.rule in RULES] == []


def test_a_view_not_in_the_catalogue_is_info(make_addon: AddonMaker) -> None:
    template = """<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <template id="my_layout" inherit_id="web.layout">
        <xpath expr="//head" position="inside"/>
    </template>
</odoo>
"""
    found = _found(make_addon, "18.0", template, manifest={"depends": ["web"]})
    assert [(d.severity.value, d.rule, d.line) for d in found] == [
        ("info", "view-target-unchecked", 3)
    ]
    assert "web.layout" in found[0].message and found[0].hint


def test_a_series_without_catalogue_skips_visibly(make_addon: AddonMaker) -> None:
    specs = """                <xpath expr="//field[@name='vatt']" position="after"/>"""
    found = _found(make_addon, "13.0", _view(specs))
    assert [(d.severity.value, d.rule) for d in found] == [("info", "view-target-unchecked")]
    assert "13.0" in found[0].message


def test_unsupported_xpath_is_not_an_error(make_addon: AddonMaker) -> None:
    specs = (
        """                <xpath expr="//field[@name='vat']/following::field" position="after"/>"""
    )
    found = _found(make_addon, "18.0", _view(specs))
    assert [(d.severity.value, d.rule) for d in found] == [("info", "view-target-unchecked")]


def test_xpath_subset() -> None:
    root = parse_xml(
        b'<form><sheet><div class="oe_title big"><h1>Title</h1></div><group name="g">'
        b'<field name="a"/><field name="b"/></group><notebook><page name="p" string="Sales">'
        b'<field name="c"/></page></notebook></sheet></form>'
    )

    def names(expr: str) -> list[str]:
        return [str(n.get("name") or n.tag) for n in select(root, expr)]

    assert names("//field[@name='b']") == ["b"]
    assert names("//group[@name='g']/field[2]") == ["b"]
    assert names("(//field)[last()]") == ["c"]
    assert names("//div[hasclass('oe_title')]") == ["div"]
    assert names("//div[hasclass('oe_title', 'missing')]") == []
    assert names("//field[@name='a']/..") == ["g"]
    assert names("//field[@name='b']/preceding-sibling::field") == ["a"]
    assert names("//h1[text()='Title']") == ["h1"]
    assert names("//page[@string='Sales' and @name='p']//field") == ["c"]
    assert names("//field[@name='a'] | //field[@name='c']") == ["a", "c"]
    assert names("/form/sheet/notebook/page[contains(@string, 'Sal')]") == ["p"]
    assert names(".") == ["form"]
    assert names("//field[not(@name='a')]") == ["b", "c"]
    with pytest.raises(XPathUnsupported):
        select(root, "//field[@name='a'")


def test_shipped_view_catalogues() -> None:
    """Six series of backend views, with a budget of their own beside the models' 2 MiB.

    The combined arch of the ~2,000 backend views of a series (every standard extension
    applied, long attribute values and texts cut) is about 0.5 MB compressed: what an xpath
    needs to be evaluated, not a signature list that would miss structural paths. QWeb
    templates would double it and are left out (reported as not checked).
    """
    series_shipped = ("14.0", "15.0", "16.0", "17.0", "18.0", "19.0")
    files = sorted(VIEWS.glob("*.json.gz"))
    assert [p.name for p in files] == [f"{series}.json.gz" for series in series_shipped]
    assert all(p.stat().st_size < 640 * 1024 for p in files)
    assert sum(p.stat().st_size for p in files) < 3 * 1024 * 1024
    for series in series_shipped:
        catalogue = load_views(series)
        assert catalogue is not None and "base" in catalogue.addons
        arch = decode(catalogue.arch("base.view_partner_form"))
        assert arch.tag == "form" and select(arch, "//field[@name='vat']")
        raw = json.loads(gzip.decompress((VIEWS / f"{series}.json.gz").read_bytes()))
        assert raw["series"] == series
    assert load_views("13.0") is None


def test_rules_are_documented() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "gate.md").read_text(encoding="utf-8")
    assert [rule for rule in RULES if f"`{rule}`" not in docs] == []


def test_own_primary_view_is_checked(make_addon: AddonMaker) -> None:
    xml = """<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="view_partner_simple" model="ir.ui.view">
        <field name="name">res.partner.simple</field>
        <field name="model">res.partner</field>
        <field name="arch" type="xml">
            <form><group name="main"><field name="name"/></group></form>
        </field>
    </record>
    <record id="view_partner_simple_more" model="ir.ui.view">
        <field name="name">res.partner.simple.more</field>
        <field name="model">res.partner</field>
        <field name="inherit_id" ref="view_partner_simple"/>
        <field name="arch" type="xml">
            <group name="main" position="inside"><field name="ref"/></group>
            <group name="mian" position="after"/>
        </field>
    </record>
</odoo>
"""
    found = _found(make_addon, "18.0", xml)
    assert [(d.severity.value, d.line) for d in found] == [("error", 16)]
    assert '<group name="main">' in found[0].hint


def test_the_view_catalogue_is_built_from_sources(tmp_path: Path) -> None:
    """Extensions of other LGPL-3 addons are applied and tagged; other licences are left out."""
    addons = tmp_path / "odoo" / "addons"
    form = """<odoo><record id="view_partner_form" model="ir.ui.view">
        <field name="model">res.partner</field>
        <field name="arch" type="xml"><form><sheet><group name="main">
            <field name="name"/></group></sheet></form></field></record></odoo>"""
    extension = """<odoo><record id="view_partner_form_ext" model="ir.ui.view">
        <field name="model">res.partner</field>
        <field name="inherit_id" ref="base.view_partner_form"/>
        <field name="arch" type="xml">
            <field name="name" position="after"><field name="ref"/></field>
            <group name="main" position="after"><group name="extra"/></group>
        </field></record></odoo>"""
    write_addon(addons, "base", {"views/v.xml": form}, manifest={"depends": []})
    write_addon(addons, "contacts", {"views/v.xml": extension})
    write_addon(addons, "closed", {"views/v.xml": extension.replace("_ext", "_closed")},
                manifest={"license": "OEEL-1"})  # fmt: skip
    built = build_catalogue(
        source_roots(tmp_path), "18.0", "test", licences=frozenset({"LGPL-3"})
    ).views
    assert built["a"] == ["base", "contacts"]
    assert built["r"] == {"contacts.view_partner_form_ext": "base.view_partner_form"}
    arch = decode(json.loads(built["v"]["base.view_partner_form"]))
    ref = select(arch, "//group[@name='main']/field[@name='ref']")
    assert [n.get("~m") for n in ref] == ["contacts"]
    assert [n.get("name") for n in select(arch, "//sheet/group")] == ["main", "extra"]


def test_views_inheriting_an_own_primary_extension_of_a_standard_view(
    make_addon: AddonMaker,
) -> None:
    """A primary view made from base.view_partner_form has that form's targets, and its own."""
    primary = _view(
        """                <field name="vat" position="after"><field name="ref"/></field>"""
    ).replace('ref="base.view_partner_form"/>', 'ref="base.view_partner_form"/>\n'
              '        <field name="mode">primary</field>')  # fmt: skip
    inheriting = _view(
        """                <xpath expr="//field[@name='ref']" position="after"/>
                <xpath expr="//field[@name='email']" position="after"/>
                <xpath expr="//field[@name='no_such']" position="after"/>""",
        parent="view_inherited",
    ).replace('id="view_inherited"', 'id="view_second"')
    addon = make_addon(files={"views/a.xml": primary, "views/b.xml": inheriting}, series="18.0")
    report = check_addon(addon, "18.0", run_pylint_step=False)
    found = [(d.severity.value, d.file, d.line) for d in report.diagnostics if d.rule in RULES]
    assert found == [("error", "views/b.xml", 11)]
