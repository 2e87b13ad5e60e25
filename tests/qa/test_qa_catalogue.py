"""The catalogue script reads an Odoo source tree; the shipped catalogues are usable."""

from __future__ import annotations

import gzip
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from odoo_factory.qa.catalogue import available_catalogues, load_catalogue
from odoo_factory.qa.model_index import ModelIndex
from tests.qa.conftest import write_addon

SCRIPT = Path(__file__).parents[2] / "scripts" / "build_catalogue.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_catalogue", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_odoo(root: Path) -> Path:
    addons = root / "odoo" / "addons"
    base = (
        "from odoo import fields, models\n\n\nclass Partner(models.Model):\n"
        "    _name = 'res.partner'\n    _description = 'Contact'\n\n"
        "    name = fields.Char()\n    parent_id: 'Partner' = fields.Many2one('res.partner')\n"
    )
    groups = '<odoo><record id="group_user" model="res.groups"/></odoo>'
    write_addon(addons, "base", {"models/res_partner.py": base, "data/groups.xml": groups},
                manifest={"depends": []})  # fmt: skip
    mail = (
        "from odoo import fields, models\n\n\nclass Thread(models.AbstractModel):\n"
        "    _name = 'mail.thread'\n    _description = 'Thread'\n\n"
        "    message_ids = fields.One2many('mail.message', 'res_id')\n\n\n"
        "class Partner(models.Model):\n    _name = 'res.partner'\n"
        "    _inherit = ['res.partner', 'mail.thread']\n"
    )
    demo = '<odoo><record id="demo_partner" model="res.partner"/></odoo>'
    write_addon(
        addons, "mail", {"models/mail.py": mail, "demo/d.xml": demo},
        manifest={"depends": ["base"], "demo": ["demo/d.xml"], "auto_install": True},
    )  # fmt: skip
    write_addon(addons, "test_skipped", {}, manifest={"depends": ["base"]})
    return root


def test_script_builds_a_catalogue_from_sources(tmp_path: Path) -> None:
    tree = _fake_odoo(tmp_path / "odoo-src")
    out = tmp_path / "out"
    out.mkdir()
    assert _script().main([str(tree), "--series", "18.0", "--out", str(out)]) == 0
    data = json.loads(gzip.decompress((out / "18.0.json.gz").read_bytes()))
    addons = data["addons"]
    assert sorted(addons) == ["base", "mail"]
    assert addons["base"]["x"] == ["group_user"]
    assert addons["mail"]["y"] == ["demo_partner"]
    assert addons["mail"]["a"] == 1 and "a" not in addons["base"]  # auto_install
    assert addons["base"]["m"]["res.partner"]["f"]["parent_id"] == "Many2one:res.partner"
    index = ModelIndex()
    for addon in addons.values():
        index.add_entry(addon["m"])
    fields = index.fields_of("res.partner")
    assert fields is not None and {"name", "parent_id", "message_ids", "id"} <= set(fields)
    assert index.fields_of("no.such.model") is None


def test_script_refuses_a_folder_that_is_not_odoo(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        _script().main([str(tmp_path), "--series", "18.0", "--out", str(tmp_path)])


def test_shipped_catalogues() -> None:
    assert {"17.0", "18.0"} <= set(available_catalogues())
    folder = Path(__file__).parents[2] / "src" / "odoo_factory" / "qa" / "catalogue"
    assert sum(p.stat().st_size for p in folder.glob("*.json.gz")) < 2 * 1024 * 1024
    for series in ("17.0", "18.0"):
        catalogue = load_catalogue(series)
        assert catalogue is not None
        assert "parent_id" in catalogue.models("base")["res.partner"]["f"]
        assert "group_user" in catalogue.xmlids("base")
        assert "mail" in catalogue.depends("account") or "portal" in catalogue.depends("account")
    assert load_catalogue("12.0") is None
