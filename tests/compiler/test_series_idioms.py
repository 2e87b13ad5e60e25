"""The compiler writes each series' idioms, read from its profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.compiler import render_addon
from odoo_factory.spec import load_spec
from odoo_factory.spec.conditions import condition_to_domain

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def library() -> dict[str, dict[str, str]]:
    spec = load_spec(EXAMPLES / "library_loans.yaml")
    return {s: render_addon(spec, s) for s in ("12.0", "16.0", "17.0", "18.0", "19.0")}


@pytest.fixture(scope="module")
def upkeep() -> dict[str, dict[str, str]]:
    spec = load_spec(EXAMPLES / "equipment_maintenance.yaml")
    return {s: render_addon(spec, s) for s in ("17.0", "18.0", "19.0")}


def _all(files: dict[str, str], suffix: str) -> str:
    return "\n".join(text for path, text in files.items() if path.endswith(suffix))


def test_attrs_up_to_16_inline_from_17(library: dict[str, dict[str, str]]) -> None:
    v16, v17 = _all(library["16.0"], ".xml"), _all(library["17.0"], ".xml")
    assert "attrs=\"{'invisible': [('state', '!=', 'draft')]}\"" in v16
    assert "attrs=" not in v17 and "states=" not in v17
    assert "invisible=\"state != 'draft'\"" in v17


def test_list_tag_and_view_mode(library: dict[str, dict[str, str]]) -> None:
    v17, v18 = _all(library["17.0"], ".xml"), _all(library["18.0"], ".xml")
    assert "<tree" in v17 and "tree,form" in v17
    assert "<tree" not in v18 and "<list" in v18
    assert "kanban,list,form" in v18 and ",tree" not in v18


def test_chatter_markup(library: dict[str, dict[str, str]]) -> None:
    assert '<div class="oe_chatter">' in _all(library["17.0"], ".xml")
    assert "<chatter/>" in _all(library["18.0"], ".xml")
    assert 'widget="mail_thread"' in _all(library["12.0"], ".xml")


def test_kanban_card_template(library: dict[str, dict[str, str]]) -> None:
    assert 't-name="kanban-box"' in _all(library["17.0"], ".xml")
    assert 't-name="card"' in _all(library["18.0"], ".xml")


def test_api_multi_only_in_12(library: dict[str, dict[str, str]]) -> None:
    assert "@api.multi" in _all(library["12.0"], ".py")
    assert "@api.multi" not in _all(library["16.0"], ".py")


def test_tracking_attribute(library: dict[str, dict[str, str]]) -> None:
    assert 'track_visibility="onchange"' in _all(library["12.0"], ".py")
    assert "tracking=True" in _all(library["17.0"], ".py")


def test_sql_constraints_style(library: dict[str, dict[str, str]]) -> None:
    assert "_sql_constraints = [" in library["18.0"]["models/library_book.py"]
    v19 = library["19.0"]["models/library_book.py"]
    assert "_sql_constraints" not in v19
    assert '_isbn_unique = models.Constraint("UNIQUE(isbn)"' in v19


def test_groups_field_and_privilege(library: dict[str, dict[str, str]]) -> None:
    assert 'USER_GROUPS_FIELD = "groups_id"' in library["18.0"]["tests/scenario_steps.py"]
    assert 'USER_GROUPS_FIELD = "group_ids"' in library["19.0"]["tests/scenario_steps.py"]
    assert 'name="category_id"' in library["18.0"]["security/security.xml"]
    v19 = library["19.0"]["security/security.xml"]
    assert 'model="res.groups.privilege"' in v19
    assert '<field name="privilege_id" ref="privilege_library"/>' in v19


def test_cron_numbercall_until_17(upkeep: dict[str, dict[str, str]]) -> None:
    assert "numbercall" in upkeep["17.0"]["data/ir_cron_data.xml"]
    assert "numbercall" not in upkeep["18.0"]["data/ir_cron_data.xml"]
    assert "doall" not in upkeep["18.0"]["data/ir_cron_data.xml"]


def test_manifest_version_prefix(upkeep: dict[str, dict[str, str]]) -> None:
    for series, files in upkeep.items():
        assert f'"version": "{series}.1.0.0"' in files["__manifest__.py"]


def test_image_field_before_13() -> None:
    spec = load_spec(EXAMPLES / "library_loans.yaml")
    assert "fields.Binary(attachment=True" in render_addon(spec, "12.0")["models/library_book.py"]
    assert "fields.Image(" in render_addon(spec, "13.0")["models/library_book.py"]


@pytest.mark.parametrize(
    ("condition", "domain"),
    [
        ("state != 'draft'", "[('state', '!=', 'draft')]"),
        ("state in ('a', 'b')", "[('state', 'in', ['a', 'b'])]"),
        ("not partner_id", "[('partner_id', '=', False)]"),
        ("amount > 0 and not done", "['&', ('amount', '>', 0), ('done', '=', False)]"),
        ("a or b or c", "['|', '|', ('a', '!=', False), ('b', '!=', False), ('c', '!=', False)]"),
    ],
)
def test_condition_to_domain(condition: str, domain: str) -> None:
    assert condition_to_domain(condition) == domain
