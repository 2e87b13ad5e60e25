"""Bad input is a finding or a clear AddonError, never a crash."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from odoo_factory.errors import AddonError
from odoo_factory.qa import check_addon
from odoo_factory.qa.addon_files import MAX_FILE_BYTES
from tests.qa.conftest import AddonMaker


def _findings(addon: Path) -> dict[str, tuple[str, str]]:
    report = check_addon(addon, "18.0", run_pylint_step=False)
    return {d.rule: (d.severity.value, d.file) for d in report.diagnostics}


def test_folder_without_manifest(tmp_path: Path) -> None:
    with pytest.raises(AddonError, match="not an Odoo addon") as caught:
        check_addon(tmp_path, "18.0")
    assert caught.value.hint


def test_path_that_is_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(AddonError, match="no such folder"):
        check_addon(tmp_path / "nothing", "18.0")


@pytest.mark.parametrize(
    "text",
    ["{'name': 'x', 'depends': ['base'] + EXTRA}", "{'name': 'x',", "['not', 'a', 'dict']"],
)
def test_manifest_not_a_literal(tmp_path: Path, text: str) -> None:
    (tmp_path / "__manifest__.py").write_text(text)
    with pytest.raises(AddonError, match="manifest") as caught:
        check_addon(tmp_path, "18.0")
    assert caught.value.file is not None


def test_binary_file_where_xml_is_expected(make_addon: AddonMaker) -> None:
    addon = make_addon(files={"views/v.xml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10})
    assert _findings(addon) == {"xml-not-text": ("error", "views/v.xml")}


def test_malformed_xml_gives_the_line(make_addon: AddonMaker) -> None:
    addon = make_addon(files={"views/v.xml": "<odoo>\n  <record id='x'>\n</odoo>\n"})
    report = check_addon(addon, "18.0", run_pylint_step=False)
    (finding,) = report.diagnostics
    assert (finding.rule, finding.line, finding.severity.value) == ("xml-syntax-error", 3, "error")


def test_undecodable_csv_and_python(make_addon: AddonMaker) -> None:
    addon = make_addon(
        files={
            "security/ir.model.access.csv": b"id,name\n\xff\xfe\xfa,\x00\n",
            "models/broken.py": "def oops(:\n",
        }
    )
    found = _findings(addon)
    assert found["csv-unreadable"][0] == "error"
    assert found["python-syntax-error"] == ("error", "models/broken.py")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(make_addon: AddonMaker) -> None:
    addon = make_addon(files={"views/v.xml": "<odoo/>"})
    (addon / "views" / "v.xml").chmod(0)
    try:
        assert _findings(addon) == {"file-unreadable": ("error", "views/v.xml")}
    finally:
        (addon / "views" / "v.xml").chmod(0o644)


def test_huge_file_is_skipped_with_a_warning(make_addon: AddonMaker) -> None:
    big = "<odoo>\n" + "<!-- padding -->\n" * (MAX_FILE_BYTES // 16) + "</odoo>\n"
    addon = make_addon(files={"views/big.xml": big})
    assert _findings(addon) == {"file-too-large": ("warning", "views/big.xml")}


def test_entity_expansion_is_refused_not_expanded(make_addon: AddonMaker) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE odoo [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + ']>\n<odoo><record id="x" model="res.partner"><field name="name">&i;</field>'
        "</record></odoo>\n"
    )
    addon = make_addon(files={"data/bomb.xml": bomb})
    report = check_addon(addon, "18.0", run_pylint_step=False)
    (finding,) = report.diagnostics
    assert finding.rule == "xml-syntax-error"
    assert "entity" in finding.message


def test_unknown_series_is_an_input_error(make_addon: AddonMaker) -> None:
    from odoo_factory.errors import InputError

    with pytest.raises(InputError, match="unknown Odoo series"):
        check_addon(make_addon(), "42.0")
