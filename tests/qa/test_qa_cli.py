"""``odoo-factory check`` through the CLI's entry point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from tests.qa.conftest import QA_FIXTURES

CLEAN = QA_FIXTURES / "addons" / "qa_clean"
BROKEN = QA_FIXTURES / "addons" / "qa_broken"


def test_clean_addon_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(CLEAN), "--odoo", "18.0", "--no-pylint"]) == 0
    assert "OK qa_clean for Odoo 18.0" in capsys.readouterr().out


def test_broken_addon_exits_1_grouped_by_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BROKEN), "--odoo", "18.0", "--no-pylint"]) == 1
    out = capsys.readouterr().out
    assert "views/qa_note_views.xml:7" in out
    assert "fix: rename the <tree> element" in out
    assert out.index("models/qa_note.py\n") < out.index("views/qa_note_views.xml\n")


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(BROKEN), "--odoo", "18.0", "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["series"] == "18.0"
    assert data["counts"]["error"] == len(
        [d for d in data["diagnostics"] if d["severity"] == "error"]
    )
    assert {"source", "severity", "category", "rule", "file", "line", "message", "hint"} <= set(
        data["diagnostics"][0]
    )
    assert data["pylint_score"] is not None
    assert "pylint" in data["timings"]


def test_not_an_addon_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(tmp_path), "--odoo", "18.0", "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["type"] == "AddonError" and error["hint"]


def test_addons_path_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.qa.conftest import write_addon

    write_addon(tmp_path / "deps", "dep_one", {})
    addon = write_addon(tmp_path / "mine", "mine", {}, manifest={"depends": ["dep_one"]})
    assert main(["check", str(addon), "--odoo", "18.0", "--no-pylint"]) == 1
    capsys.readouterr()
    code = main(
        [
            "check",
            str(addon),
            "--odoo",
            "18.0",
            "--no-pylint",
            "--addons-path",
            str(tmp_path / "deps"),
        ]
    )
    assert code == 0
