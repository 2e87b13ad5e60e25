"""``odoo-factory gate`` through the CLI's entry point, static half only (no Odoo needed):
exit codes, the terminal report, ``--json``, the report files and bad input."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.cli.gate import EXIT_INCOMPLETE, EXIT_RED
from odoo_factory.compiler import build_addon
from tests.gate.helpers import BROKEN, EXAMPLES, copy_addon
from tests.gate.html_tools import external_references, parse, text

CRITERIA = ["pylint", "coverage", "errors", "security", "install", "warnings", "requirements"]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private data folder: the static half must not need a database or a runtime."""
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def clean_addon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The to-do example, compiled for 18.0: no static finding at all."""
    out = tmp_path_factory.mktemp("built")
    return build_addon(EXAMPLES / "todo_list.yaml", "18.0", out).addon_path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    return copy_addon(BROKEN, tmp_path / "addons", "18.0")


def gate(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["gate", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_static_only_on_a_clean_addon_is_incomplete(
    clean_addon: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = gate(capsys, str(clean_addon), "--odoo", "18.0", "--static-only")
    assert code == EXIT_INCOMPLETE == 10
    assert "INCOMPLETE todo_list for Odoo 18.0: score 70.0/100" in out
    assert "delivery score" in out and "10.00/10" in out
    for line in ("coverage: skipped", "install: skipped", "warnings: skipped"):
        assert line in out
    assert "thresholds: defaults" in out


def test_static_only_on_the_broken_addon_is_red_and_grouped_by_file(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = gate(capsys, str(broken), "--odoo", "18.0", "--static-only")
    assert code == EXIT_RED == 1
    assert "RED gate_broken for Odoo 18.0" in out
    # findings under their file, each with file:line and its fix
    item = out.index("models/broken_item.py\n")
    secret = out.index("models/broken_secret.py\n")
    assert item < out.index("models/broken_item.py:18:8") < secret
    assert "[name-get-override]" in out and "fix: override _compute_display_name" in out
    assert "[print-used]" in out and "fix: log with _logger" in out
    assert "models/broken_secret.py:4" in out and "[access-rights-missing]" in out
    # the verdict comes last, after the score table
    assert out.index("delivery score") < out.index("RED gate_broken")
    assert "errors: 2 errors" in out and "security: 2 security findings" in out


def test_json_is_one_document_with_the_whole_report(
    broken: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = gate(capsys, str(broken), "--odoo", "18.0", "--static-only", "--json")
    assert code == EXIT_RED
    data = json.loads(out)
    assert data["addon"] == "gate_broken" and data["series"] == "18.0"
    assert data["verdict"] == "red" and data["ok"] is False and data["static_only"] is True
    assert 0 <= data["score"] <= 100 and data["reason"].startswith("red: ")
    assert [c["id"] for c in data["criteria"]] == CRITERIA
    criterion = data["criteria"][0]
    assert {"title", "weight", "threshold", "value", "measured", "status", "points"} <= set(
        criterion
    )
    assert {c["id"]: c["status"] for c in data["criteria"]} == {
        "pylint": "pass",
        "coverage": "skipped",
        "errors": "fail",
        "security": "fail",
        "install": "skipped",
        "warnings": "skipped",
        "requirements": "pass",
    }
    rules = sorted(f["rule"] for f in data["findings"])
    assert rules == ["access-rights-missing", "name-get-override", "print-used", "sql-injection"]
    assert [f["id"] for f in data["findings"]] == [f"F{n}" for n in range(1, 5)]
    for finding in data["findings"]:
        assert finding["hint"] and finding["file"] and finding["seen_by"]
    errors = next(c for c in data["criteria"] if c["id"] == "errors")
    assert len(errors["findings"]) == 2
    assert data["run"] is None and data["config_file"] is None
    assert data["config"]["min_coverage"] == 80.0 and data["config"]["min_pylint_score"] == 7.5
    assert {"check", "total"} <= set(data["timings"])


def test_report_files_are_written_and_valid(
    broken: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "reports" / "nested"  # created on demand
    md, html, junit = out_dir / "gate.md", out_dir / "gate.html", out_dir / "gate.xml"
    code, _out, _err = gate(
        capsys,
        str(broken),
        "--odoo",
        "18.0",
        "--static-only",
        "--markdown",
        str(md),
        "--html",
        str(html),
        "--junit",
        str(junit),
    )
    assert code == EXIT_RED

    text_md = md.read_text("utf-8")
    assert text_md.startswith("## 🔴 Gate red: `gate_broken` for Odoo 18.0")
    assert "| Criterion | Threshold | Measured | Result | Points |" in text_md
    assert "**`models/broken_item.py`**" in text_md
    assert "`models/broken_item.py:21:4`" in text_md and "`name-get-override`" in text_md
    assert "<" not in text_md.replace("<sub>", "").replace("</sub>", "")

    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"gate_broken.gate", "gate_broken.findings"}
    criteria = suites["gate_broken.gate"]
    assert [c.get("name") for c in criteria.findall("testcase")] == CRITERIA
    assert criteria.get("failures") == str(len(criteria.findall("testcase/failure"))) == "2"
    assert criteria.get("skipped") == str(len(criteria.findall("testcase/skipped"))) == "3"
    files = suites["gate_broken.findings"]
    assert {c.get("name") for c in files.findall("testcase")} == {
        "models/broken_item.py",
        "models/broken_secret.py",
    }
    failure = files.find("testcase[@name='models/broken_item.py']/failure")
    assert failure is not None and "fix: override _compute_display_name" in (failure.text or "")

    page = parse(html.read_text("utf-8"))
    assert page.problems == []
    assert text(page, "verdict") == "red"
    assert [i.removeprefix("criterion-") for i in page.ids_by_parent["criteria"]] == CRITERIA
    assert external_references(page) == []
    assert "script" not in page.tags and "link" not in page.tags


def test_a_config_file_found_above_the_addon_sets_the_thresholds(
    clean_addon: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "project"
    addon = copy_addon(clean_addon, project / "addons", "18.0")
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.odoo-factory.gate]\nmin-pylint-score = 10.0\n'
        "min_coverage = 95\n"
    )
    code, out, _err = gate(capsys, str(addon), "--odoo", "18.0", "--static-only", "--json")
    assert code == EXIT_INCOMPLETE
    data = json.loads(out)
    assert data["config_file"] == str(project / "pyproject.toml")
    assert data["config"]["min_coverage"] == 95.0
    pylint = next(c for c in data["criteria"] if c["id"] == "pylint")
    assert pylint["threshold"] == "≥ 10.00/10" and pylint["status"] == "pass"


def test_an_unknown_key_in_the_config_is_a_clear_error(
    clean_addon: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "odoo-factory.toml"
    config.write_text("[gate]\nmin-coverag = 90\n")
    code, out, err = gate(
        capsys, str(clean_addon), "--odoo", "18.0", "--static-only", "--config", str(config)
    )
    assert code == 2 and out == ""
    assert f"error: {config}: unknown key 'min-coverag' in [gate]" in err
    assert "hint: valid keys: min-pylint-score, min-coverage" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[gate\nmin-coverage = 90\n", "not valid TOML"),
        ("[gate]\nmin-coverage = 120\n", "[gate] min-coverage: Input should be less than"),
        ("[other]\nkey = 1\n", "no [gate] table"),
    ],
    ids=["syntax", "out-of-range", "no-table"],
)
def test_a_bad_config_file_exits_2_with_one_line_and_a_hint(
    content: str,
    message: str,
    clean_addon: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    config = tmp_path / "odoo-factory.toml"
    config.write_text(content)
    args = [str(clean_addon), "--odoo", "18.0", "--static-only", "--config", str(config)]
    code, out, _err = gate(capsys, *args, "--json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["type"] == "ConfigError" and message in error["message"]
    assert error["file"] == str(config) and error["hint"]


def test_a_missing_config_file_is_a_clear_error(
    clean_addon: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "nowhere.toml"
    code, _out, err = gate(
        capsys, str(clean_addon), "--odoo", "18.0", "--static-only", "--config", str(missing)
    )
    assert code == 2
    assert "cannot read the gate's configuration" in err and "hint:" in err


@pytest.mark.parametrize("kind", ["empty-folder", "missing", "a-file"])
def test_a_folder_that_is_not_an_addon_is_a_clear_error(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "not_an_addon"
    if kind == "empty-folder":
        target.mkdir()
    elif kind == "a-file":
        target.write_text("hello")
    code, out, err = gate(capsys, str(target), "--odoo", "18.0")
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert lines[0].startswith("error: ") and str(target) in lines[0]
    assert lines[1].startswith("hint: ")
    assert "Traceback" not in err
    code, out, _err = gate(capsys, str(target), "--odoo", "18.0", "--json")
    assert code == 2 and json.loads(out)["error"]["type"] == "AddonError"


def test_an_unknown_series_is_a_clear_error(
    clean_addon: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = gate(capsys, str(clean_addon), "--odoo", "11.5", "--static-only")
    assert code == 2
    assert err.startswith("error: ") and "11.5" in err and "Traceback" not in err


def test_a_report_path_that_cannot_be_written_is_a_clear_error(
    clean_addon: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("in the way")
    target = blocker / "gate.html"
    code, _out, err = gate(
        capsys, str(clean_addon), "--odoo", "18.0", "--static-only", "--html", str(target)
    )
    assert code == 2
    assert f"error: {target}: cannot write the report" in err
    assert list(tmp_path.glob("**/.gate.html.*")) == []
