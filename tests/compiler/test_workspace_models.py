"""A spec knows the models of the addons it depends on that the catalogue does not: another
spec beside it, or an addon folder beside it or on an addons path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon
from odoo_factory.errors import SpecError
from odoo_factory.spec import load_spec, parse_spec_text
from odoo_factory.spec.models import ModuleSpec
from odoo_factory.spec.workspace import workspace_known

BASE = """
module: {name: club_base, title: Club, depends: [mail]}
models:
  - name: club.member
    mail: true
    multi_company: true
    fields:
      - {name: name, type: char, required: true}
      - {name: level, type: selection, selection: [[a, A], [b, B]]}
    workflow:
      states: [[draft, Draft], [active, Active]]
"""

EXTENSION = """
module: {name: club_fees, title: Club Fees, depends: [club_base]}
models:
  - name: club.member
    extend: true
    fields:
      - name: fee
        type: float
        compute: {expression: "10.0 if rec.level == 'a' else 5.0", depends: [level]}
views:
  - model: club.member
    type: list
    fields: [name, level, fee, state, company_id, message_follower_ids]
rules:
  - {id: rule_active, name: Active, model: club.member, domain: "[('state', '=', 'active')]"}
tests:
  - name: fee_by_level
    steps:
      - {create: club.member, values: {name: Ann, level: a}, as: ann}
      - expect: {ann.fee: 10.0}
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def test_a_spec_beside_provides_its_models(tmp_path: Path) -> None:
    _write(tmp_path, "club_base.yaml", BASE)
    spec = load_spec(_write(tmp_path, "club_fees.yaml", EXTENSION))
    known = workspace_known(spec, str(tmp_path / "club_fees.yaml"))
    fields = known.fields("club.member") or frozenset()
    # declared, workflow, multi-company and mixin fields, and mail's own (from the catalogue)
    assert {"name", "level", "state", "company_id", "message_follower_ids"} <= fields
    assert known.owner("club.member") == "club_base"
    assert known.complete


def test_without_the_spec_beside_the_fields_are_unknown(tmp_path: Path) -> None:
    path = _write(tmp_path, "club_fees.yaml", EXTENSION)
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    assert "unknown field 'level'" in str(caught.value) and caught.value.line == 9


def test_the_build_refers_to_the_owning_addons_model(tmp_path: Path) -> None:
    _write(tmp_path, "club_base.yaml", BASE)
    path = _write(tmp_path, "club_fees.yaml", EXTENSION)
    built = build_addon(path, "18.0", tmp_path / "out")
    security = (built.addon_path / "security" / "security.xml").read_text("utf-8")
    assert '<field name="model_id" ref="club_base.model_club_member"/>' in security


def test_an_addon_folder_on_the_path_provides_its_models(tmp_path: Path) -> None:
    _write(tmp_path / "specs", "club_base.yaml", BASE)
    built = build_addon(tmp_path / "specs" / "club_base.yaml", "17.0", tmp_path / "addons")
    extension = ModuleSpec.model_validate(
        {
            "module": {"name": "club_fees", "title": "Fees", "depends": ["club_base"]},
            "models": [{"name": "club.member", "extend": True}],
        }
    )
    alone = workspace_known(extension, None)
    assert not alone.complete and alone.fields("club.member") is None
    known = workspace_known(extension, None, "17.0", [built.addon_path.parent])
    assert known.complete and known.owner("club.member") == "club_base"
    assert {"name", "level", "state", "company_id"} <= (known.fields("club.member") or set())
    # beside the spec counts as on the path
    moved = _write(tmp_path / "addons", "club_fees.yaml", EXTENSION)
    assert load_spec(moved).module.name == "club_fees"


def test_a_cycle_of_specs_ends(tmp_path: Path) -> None:
    _write(
        tmp_path, "club_base.yaml", BASE.replace("depends: [mail]", "depends: [mail, club_fees]")
    )
    spec = load_spec(_write(tmp_path, "club_fees.yaml", EXTENSION))
    assert spec.models[0].name == "club.member"


def test_text_from_no_file_reads_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path, "club_base.yaml", BASE)
    monkeypatch.chdir(tmp_path)  # text handed over (an MCP call) is not beside anything
    with pytest.raises(SpecError, match="unknown field 'level'"):
        parse_spec_text(textwrap.dedent(EXTENSION))
    parse_spec_text(textwrap.dedent(EXTENSION), str(tmp_path / "club_fees.yaml"))
