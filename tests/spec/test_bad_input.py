"""Every kind of bad spec is refused with file, line, column, what and how, a non-zero exit,
and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from odoo_factory.cli.app import main

VALID = """\
module:
  name: shop_notes
  title: Shop Notes
  depends: [base]
models:
  - name: shop.note
    fields:
      - {name: name, type: char, required: true}
      - {name: partner_id, type: many2one, comodel: res.partner}
      - {name: amount, type: float}
views:
  - model: shop.note
    type: list
    fields: [name, partner_id]
"""


def _run(tmp_path: Path, text: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, "utf-8")
    out = tmp_path / "out"
    code = main(["build", str(spec), "--odoo", "17.0", "--out", str(out), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert not out.exists() or not any(out.iterdir()), "nothing may be written on error"
    return code, document


def test_valid_spec_builds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(VALID, "utf-8")
    code = main(["build", str(spec), "--odoo", "17.0", "--out", str(tmp_path), "--json"])
    assert code == 0
    assert json.loads(capsys.readouterr().out)["ok"] is True
    assert (tmp_path / "shop_notes" / "__manifest__.py").is_file()


CASES = [
    pytest.param(
        VALID.replace("    fields: [name, partner_id]", "    fields: [name, partner_id\n"),
        None,
        "not valid YAML",
        None,
        id="yaml-syntax",
    ),
    pytest.param(
        VALID.replace("  title: Shop Notes", "  titel: Shop Notes"),
        3,
        "unknown key 'titel'",
        "did you mean 'title'",
        id="unknown-key",
    ),
    pytest.param(
        VALID.replace("type: char, required: true", "type: char, required: maybe"),
        8,
        "models.0.fields.0.required",
        None,
        id="wrong-type",
    ),
    pytest.param(
        VALID.replace("{name: amount, type: float}", "{name: amount, type: flaot}"),
        10,
        "'flaot' is not allowed",
        "did you mean 'float'",
        id="unknown-field-type",
    ),
    pytest.param(
        VALID.replace("comodel: res.partner", "comodel: res.partnr"),
        9,
        "model 'res.partnr' is neither declared",
        "did you mean 'res.partner'",
        id="unknown-relation",
    ),
    pytest.param(
        VALID.replace("fields: [name, partner_id]", "fields: [name, partner]"),
        14,
        "unknown field 'partner'",
        "did you mean 'partner_id'",
        id="view-unknown-field",
    ),
    pytest.param(
        VALID.replace(
            "comodel: res.partner}", "comodel: res.partner, domain: \"[('emial', '=', 1)]\"}"
        ),
        9,
        "unknown field 'emial'",
        "did you mean 'email'",
        id="domain-unknown-field",
    ),
    pytest.param(
        VALID.replace("{name: amount, type: float}", "{name: name, type: float}"),
        10,
        "duplicate field 'name'",
        "first defined on line 8",
        id="duplicate-field",
    ),
    pytest.param(
        VALID.replace(
            "      - {name: amount, type: float}",
            "      - name: amount\n        type: float\n"
            "        compute: {python: 'rec.amount = (1 +'}",
        ),
        12,
        "Python code does not parse",
        None,
        id="python-does-not-parse",
    ),
    pytest.param(
        VALID.replace("name: shop_notes", "name: Shop-Notes"),
        2,
        "'Shop-Notes' is not a valid name",
        None,
        id="invalid-module-identifier",
    ),
    pytest.param(
        VALID.replace("- name: shop.note\n", "- name: shop.Note!\n"),
        6,
        "'shop.Note!' is not a valid model name",
        None,
        id="invalid-model-identifier",
    ),
    pytest.param(
        VALID.replace("{name: amount,", "{name: 2amount,"),
        10,
        "'2amount' is not a valid name",
        None,
        id="invalid-field-identifier",
    ),
    pytest.param(
        VALID.replace(
            "  - model: shop.note\n    type: list",
            "  - model: shop.note\n    id: bad id\n    type: list",
        ),
        13,
        "'bad id' is not a valid xml id",
        None,
        id="invalid-xml-id",
    ),
    pytest.param(
        VALID.replace("name: shop_notes", "name: ../../etc/shop_notes"),
        2,
        "is not a valid name",
        "no '/'",
        id="path-like-module-name",
    ),
]


@pytest.mark.parametrize(("text", "line", "message", "hint"), CASES)
def test_bad_spec_is_refused_with_its_place(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    line: int | None,
    message: str,
    hint: str | None,
) -> None:
    code, document = _run(tmp_path, text, capsys)
    assert code != 0
    error = document["error"]
    assert error["type"] == "SpecError"
    assert error["file"] == str(tmp_path / "spec.yaml")
    assert error["line"] is not None and error["column"] is not None
    if line is not None:
        assert error["line"] == line, error
    assert message in error["message"], error
    assert error["hint"]
    if hint is not None:
        assert hint in error["hint"], error


def test_spec_validate_reports_the_same_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(VALID.replace("  title: Shop Notes", "  titel: Shop Notes"), "utf-8")
    code = main(["spec", "validate", str(spec)])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{spec}:3:3: unknown key 'titel'" in err.replace("\n", "")
    assert "did you mean 'title'?" in err


def test_spec_validate_accepts_a_valid_spec(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.json"
    import yaml

    spec.write_text(json.dumps(yaml.safe_load(VALID), indent=2), "utf-8")
    assert main(["spec", "validate", str(spec), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["module"] == "shop_notes"
    assert document["models"] == ["shop.note"]


def test_json_spec_errors_are_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.json"
    text = '{\n  "module": {\n    "name": "x",\n    "title": "X",\n    "licence": "MIT"\n  }\n}\n'
    spec.write_text(text, "utf-8")
    assert main(["spec", "validate", str(spec), "--json"]) == 2
    error = json.loads(capsys.readouterr().out)["error"]
    assert (error["line"], error["column"]) == (5, 5)
    assert "did you mean 'license'" in error["hint"]


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["spec", "schema", "--json"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "module" in schema["required"]
    assert "FieldSpec" in schema["$defs"]


SCENARIO = """\
module: {name: shop_notes, title: Shop Notes}
groups: [{id: group_shop, name: Shop}]
models:
  - name: shop.note
    fields: [{name: name, type: char}]
    methods: [{name: action_archive_note, python: "self.write({'name': 'x'})"}]
tests:
  - name: archive
    groups: [group_shop]
    steps:
      - {create: shop.note, values: {name: a}, as: note}
      - {call: note.action_archive_note, expect: {note.name: x}}
"""


@pytest.mark.parametrize(
    ("old", "new", "line", "message"),
    [
        ("call: note.action", "call: note2.action", 12, "no record named 'note2'"),
        ("action_archive_note, expect", "action_archiv, expect", 12, "has no method"),
        ("expect: {note.name: x}", "expect: {note.nam: x}", 12, "unknown field 'nam'"),
        ("groups: [group_shop]", "groups: [group_shopp]", 9, "unknown group 'group_shopp'"),
        ("[{name: name, type: char}]", "[{name: name, type: monetary}]", 5, "'currency_id'"),
    ],
)
def test_scenarios_and_references_are_checked(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    old: str,
    new: str,
    line: int,
    message: str,
) -> None:
    assert old in SCENARIO
    code, document = _run(tmp_path, SCENARIO.replace(old, new), capsys)
    assert code == 2
    assert document["error"]["line"] == line, document
    assert message in document["error"]["message"]


def test_scenario_spec_is_valid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(SCENARIO, "utf-8")
    assert main(["spec", "validate", str(spec), "--json"]) == 0


def test_extending_an_unknown_view_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "module: {name: partner_x, title: X, depends: [base]}\n"
        "models:\n"
        "  - {name: res.partner, extend: true, fields: [{name: tier, type: char}]}\n"
        "views:\n"
        "  - model: res.partner\n"
        "    type: inherit\n"
        "    inherit_id: base.view_partner_fom\n"
        "    xpaths: [{expr: \"//field[@name='vat']\", fields: [tier]}]\n"
    )
    code, document = _run(tmp_path, text, capsys)
    assert code == 2
    error = document["error"]
    assert (error["line"], error["column"]) == (7, 17)
    assert "base defines no view 'base.view_partner_fom'" in error["message"]
    assert "did you mean 'base.view_partner_form'" in error["hint"]
