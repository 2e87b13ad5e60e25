"""A catalogue built from a registered runtime's own addons replaces the shipped one."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.qa.catalogue import load_catalogue, load_views
from odoo_factory.qa.check import check_addon
from odoo_factory.spec.known import known_models
from tests.qa.conftest import write_addon
from tests.runtime.test_bad_input import make_tree

DESK = (
    "from odoo import fields, models\n\n\nclass Desk(models.Model):\n"
    "    _name = 'acme.desk'\n    _description = 'Desk'\n\n"
    "    code = fields.Char()\n    owner_id = fields.Many2one('res.users')\n"
)
DESK_VIEW = (
    '<odoo><record id="desk_form" model="ir.ui.view"><field name="model">acme.desk</field>'
    '<field name="arch" type="xml"><form><group name="main"><field name="code"/></group>'
    "</form></field></record></odoo>"
)

VIEW_MODEL = (
    "from odoo import fields, models\n\n\nclass View(models.Model):\n"
    "    _name = 'ir.ui.view'\n    _description = 'View'\n\n"
    "    name = fields.Char()\n    model = fields.Char()\n    arch = fields.Text()\n"
    "    inherit_id = fields.Many2one('ir.ui.view')\n"
)

pytestmark = pytest.mark.skipif(
    sys.version_info[:2] > (3, 12), reason="the test's interpreter stands for 16.0's"
)


def _tree(root: Path) -> Path:
    """A 16.0 tree with a custom addon on an extra path."""
    tree = make_tree(root / "odoo16", series=(16, 0))
    (tree / "odoo" / "addons" / "base" / "views.py").write_text(VIEW_MODEL)
    write_addon(
        root / "custom",
        "acme_desk",
        {"models/desk.py": DESK, "views/desk.xml": DESK_VIEW},
        series="16.0",
    )
    return tree


def _addon_using_the_desk(root: Path, field: str) -> Path:
    view = (
        '<odoo><record id="desk_form_x" model="ir.ui.view"><field name="model">acme.desk'
        '</field><field name="inherit_id" ref="acme_desk.desk_form"/>'
        '<field name="arch" type="xml"><xpath expr="//group[@name=\'main\']" position="inside">'
        f'<field name="{field}"/></xpath></field></record></odoo>'
    )
    return write_addon(
        root, "acme_desk_extra", {"views/desk.xml": view},
        manifest={"depends": ["acme_desk"]}, series="16.0",
    )  # fmt: skip


def test_runtime_add_catalogues_its_addons_and_check_uses_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path / "data"))
    tree = _tree(tmp_path)
    shipped = load_catalogue("16.0")
    assert shipped is not None and not shipped.has("acme_desk")
    # The test's interpreter stands for the runtime's: only its version is read.
    monkeypatch.setattr("odoo_factory.runtime.registry.python_version", lambda _p: (3, 10, 0))
    args = ["runtime", "add", str(tree), "--python", sys.executable, "--json"]
    assert main([*args, "--addons-path", str(tmp_path / "custom")]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["catalogue"]["series"] == "16.0"
    assert added["catalogue"]["addons"] == 3  # base, web and acme_desk; not web_enterprise
    catalogue = load_catalogue("16.0")
    assert catalogue is not None and catalogue.source.startswith("runtime odoo-16.0 ")
    assert catalogue.models("acme_desk")["acme.desk"]["f"]["owner_id"] == "Many2one:res.users"
    assert not catalogue.has("web_enterprise")
    views = load_views("16.0")
    assert views is not None and views.resolve("acme_desk.desk_form") == "acme_desk.desk_form"
    assert {"code", "owner_id"} <= known_models(["acme_desk"], "16.0").fields("acme.desk")

    # check knows acme_desk's view without being given its addons path
    good = _addon_using_the_desk(tmp_path / "a", "owner_id")
    assert not [f for f in check_addon(good, "16.0", run_pylint_step=False).diagnostics
                if f.severity == "error"]  # fmt: skip
    bad = _addon_using_the_desk(tmp_path / "b", "ownr_id")
    errors = [f for f in check_addon(bad, "16.0", run_pylint_step=False).diagnostics
              if f.severity == "error"]  # fmt: skip
    assert errors and "ownr_id" in errors[0].message, errors

    # removing the runtime removes the catalogue it built
    assert main(["runtime", "remove", "odoo-16.0", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["catalogue_removed"] is True
    assert load_catalogue("16.0") == shipped


def test_a_runtime_catalogue_replaces_the_shipped_one_and_no_catalogue_skips_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path / "data"))
    tree = make_tree(tmp_path / "odoo18")
    shipped = load_catalogue("18.0")
    assert shipped is not None and shipped.has("account")
    args = ["runtime", "add", str(tree), "--python", sys.executable, "--json"]
    assert main([*args, "--no-catalogue"]) == 0
    assert "catalogue" not in json.loads(capsys.readouterr().out)
    assert load_catalogue("18.0") == shipped
    assert main(["runtime", "catalogue", "--json"]) == 0
    (built,) = json.loads(capsys.readouterr().out)
    assert (built["runtime"], built["addons"]) == ("odoo-18.0", 2)
    own = load_catalogue("18.0")
    assert own is not None and sorted(own.addons) == ["base", "web"]
    assert "account" not in known_models(["base"], "18.0").addons
    # a runtime that did not build it leaves it alone when removed
    other = make_tree(tmp_path / "other18")
    assert main(["runtime", "add", str(other), "--name", "b18", "--python", sys.executable,
                 "--no-catalogue"]) == 0  # fmt: skip
    assert main(["runtime", "remove", "b18"]) == 0
    assert load_catalogue("18.0") == own
    assert main(["runtime", "remove", "odoo-18.0"]) == 0
    assert load_catalogue("18.0") == shipped


def test_catalogue_without_runtimes_says_how_to_add_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path / "data"))
    assert main(["runtime", "catalogue"]) == 2
    err = capsys.readouterr().err
    assert "no runtime is registered" in err and "runtime add" in err
