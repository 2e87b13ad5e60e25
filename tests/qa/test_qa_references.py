"""Cross-reference checks on real addon folders: fields, XML ids, access rights."""

from __future__ import annotations

from collections import Counter

from odoo_factory.qa import CheckReport, check_addon
from tests.qa.conftest import QA_FIXTURES, AddonMaker

CLEAN = QA_FIXTURES / "addons" / "qa_clean"
BROKEN = QA_FIXTURES / "addons" / "qa_broken"

MODEL = """from odoo import api, fields, models


class QaThing(models.Model):
    _name = "qa.thing"
    _description = "Thing"
    _order = "{order}"

    name = fields.Char()
    partner_id = fields.Many2one("res.partner")
    line_ids = fields.One2many("qa.thing.line", "thing_id")
    total = fields.Integer(compute="_compute_total")

    @api.depends({depends})
    def _compute_total(self):
        for thing in self:
            thing.total = 0


class QaThingLine(models.Model):
    _name = "qa.thing.line"
    _description = "Thing line"

    thing_id = fields.Many2one("qa.thing")
    qty = fields.Integer()
"""
ACCESS = (
    "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n"
    "access_qa_thing,qa.thing,model_qa_thing,base.group_user,1,1,1,1\n"
    "access_qa_thing_line,qa.thing.line,model_qa_thing_line,base.group_user,1,1,1,1\n"
)


def _view(arch: str, model: str = "qa.thing", extra: str = "") -> str:
    return f"""<?xml version="1.0"?>
<odoo>
    <record id="view_thing" model="ir.ui.view">
        <field name="name">thing</field>
        <field name="model">{model}</field>
        {extra}
        <field name="arch" type="xml">{arch}</field>
    </record>
</odoo>
"""


def _check(
    make_addon: AddonMaker,
    view: str,
    order: str = "name",
    depends: str = '"name"',
    **kwargs: object,
) -> CheckReport:
    files = {
        "models/thing.py": MODEL.format(order=order, depends=depends),
        "security/ir.model.access.csv": ACCESS,
        "views/thing_views.xml": view,
    }
    return check_addon(make_addon(files=files, **kwargs), "18.0", run_pylint_step=False)


def _unknown_fields(report: CheckReport) -> list[str]:
    return [d.message.split("'")[1] for d in report.diagnostics if d.rule == "field-unknown"]


def test_clean_addon_has_no_finding_at_all() -> None:
    report = check_addon(CLEAN, "18.0")
    assert report.pylint_ran
    assert report.diagnostics == []
    assert report.ok
    assert report.pylint_score == 10.0


def test_broken_addon_lists_each_problem_once() -> None:
    report = check_addon(BROKEN, "18.0")
    found = Counter((d.rule, d.file, d.line) for d in report.diagnostics)
    assert all(count == 1 for count in found.values())
    assert Counter(d.rule for d in report.diagnostics) == Counter(
        {
            "field-unknown": 4,
            "manifest-version-series": 1,
            "manifest-license": 1,
            "data-file-missing": 1,
            "data-file-unlisted": 1,
            "access-rights-missing": 1,
            "view-tree-tag": 1,
            "xmlid-unknown": 1,
            "xmlid-used-before-definition": 1,
            "xmlid-module-not-a-dependency": 1,
            "print-used": 1,
        }
    )
    assert sorted(_unknown_fields(report)) == ["is_compagny", "nickname", "sequence", "titel"]
    assert all(d.hint for d in report.diagnostics)
    assert not report.ok


def test_view_fields_follow_relations_into_subviews(make_addon: AddonMaker) -> None:
    arch = """<form>
        <field name="name"/>
        <field name="partner_id" domain="[('is_company', '=', True), ('nope', '=', 1)]"/>
        <field name="line_ids"><list><field name="qty"/><field name="qtty"/></list></field>
        <field name="nmae"/>
    </form>"""
    report = _check(make_addon, _view(arch))
    assert sorted(_unknown_fields(report)) == ["nmae", "nope", "qtty"]
    assert {d.severity.value for d in report.diagnostics if d.rule == "field-unknown"} == {"error"}


def test_order_and_depends_are_checked(make_addon: AddonMaker) -> None:
    report = _check(
        make_addon, _view("<form><field name='name'/></form>"),
        order="name desc, missing_col", depends='"partner_id.email", "line_ids.qty_x"',
    )  # fmt: skip
    assert sorted(_unknown_fields(report)) == ["missing_col", "qty_x"]


def test_inherited_view_of_a_standard_model(make_addon: AddonMaker) -> None:
    arch = """<xpath expr="//field[@name='email']" position="after">
        <field name="phone"/><field name="no_such_partner_field"/>
    </xpath>"""
    view = _view(arch, "res.partner", '<field name="inherit_id" ref="base.view_partner_form"/>')
    report = _check(make_addon, view)
    assert _unknown_fields(report) == ["no_such_partner_field"]
    assert "xmlid-unknown" not in report.rules()


def test_unknown_dependency_makes_field_findings_info(make_addon: AddonMaker) -> None:
    view = _view("<form><field name='x_from_somewhere'/></form>")
    report = _check(make_addon, view, manifest={"depends": ["base", "not_on_any_path"]})
    unknown = [d for d in report.diagnostics if d.rule == "field-unknown"]
    assert [d.severity.value for d in unknown] == ["info"]
    assert "dependency-unknown" in report.rules()


def test_dependency_on_the_addons_path_is_read(make_addon: AddonMaker, tmp_path_factory) -> None:
    from tests.qa.conftest import write_addon

    other = tmp_path_factory.mktemp("other")
    model = (
        "from odoo import fields, models\n\n\nclass P(models.Model):\n"
        "    _inherit = 'res.partner'\n\n    x_shoe_size = fields.Integer()\n"
    )
    xml = (
        '<?xml version="1.0"?>\n<odoo><record id="grp" model="res.groups">'
        '<field name="name">G</field></record></odoo>\n'
    )
    write_addon(other, "shoe_base", {"models/partner.py": model, "data/groups.xml": xml})
    arch = "<form><field name='x_shoe_size'/><field name='x_hat_size'/></form>"
    files = {
        "views/v.xml": _view(arch, "res.partner").replace(
            "</odoo>", '<menuitem id="m" name="M" groups="shoe_base.grp,shoe_base.nope"/></odoo>'
        )
    }
    addon = make_addon(files=files, manifest={"depends": ["shoe_base"]})
    report = check_addon(addon, "18.0", addons_path=[other], run_pylint_step=False)
    assert "dependency-unknown" not in report.rules()
    assert _unknown_fields(report) == ["x_hat_size"]
    missing = [d.message for d in report.diagnostics if d.rule == "xmlid-unknown"]
    assert len(missing) == 1 and "shoe_base.nope" in missing[0]
    without_path = check_addon(addon, "18.0", run_pylint_step=False)
    assert "dependency-unknown" in without_path.rules()


def test_demo_ids_are_not_visible_from_data_files(make_addon: AddonMaker) -> None:
    xml = (
        '<?xml version="1.0"?>\n<odoo><record id="p" model="res.partner">'
        '<field name="parent_id" ref="base.res_partner_1"/></record></odoo>\n'
    )
    in_data = check_addon(make_addon("in_data", {"data/p.xml": xml}), "18.0", run_pylint_step=False)
    assert "xmlid-unknown" in in_data.rules()
    in_demo = check_addon(
        make_addon("in_demo", {"demo/p.xml": xml}, manifest={"demo": ["demo/p.xml"]}),
        "18.0",
        run_pylint_step=False,
    )
    assert "xmlid-unknown" not in in_demo.rules()


def test_access_rights_missing_for_wizard_from_14(make_addon: AddonMaker) -> None:
    code = (
        "from odoo import fields, models\n\n\nclass W(models.TransientModel):\n"
        "    _name = 'qa.wizard'\n    _description = 'W'\n\n    name = fields.Char()\n"
    )
    for series, expected in (("13.0", False), ("18.0", True)):
        addon = make_addon(f"wiz_{series[:2]}", {"wizard/w.py": code}, series=series)
        report = check_addon(addon, series, run_pylint_step=False)
        assert ("access-rights-missing" in report.rules()) is expected, series
