"""check: the widgets views name, the tags of client actions and the asset files the manifest
(or the 14.0 assets template) names exist."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.compiler import render_addon
from odoo_factory.qa import Diagnostic, check_addon
from odoo_factory.qa.web_refs import standard_web_names
from odoo_factory.spec import parse_spec_text
from tests.compiler.test_webclient import HEAD, WEB

RULES = ("widget-unknown", "client-action-unknown", "asset-missing")


def _addon(tmp_path: Path, series: str) -> Path:
    spec = parse_spec_text(HEAD + WEB, "spec.yaml")[0]
    root = tmp_path / "desk"
    for rel, text in render_addon(spec, series).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _found(addon: Path, series: str) -> list[Diagnostic]:
    report = check_addon(addon, series, run_pylint_step=False)
    return [d for d in report.diagnostics if d.rule in RULES]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("series", ["14.0", "15.0", "16.0", "17.0", "18.0", "19.0"])
def test_a_built_addon_names_only_what_exists(tmp_path: Path, series: str) -> None:
    addon = _addon(tmp_path, series)
    _edit(
        addon / "views/desk_ticket_views.xml",
        '<field name="name"/>',
        '<field name="name" widget="handle"/>',
    )
    found = _found(addon, series)
    if standard_web_names(series) is None:  # no table: standard names are not checked
        assert [d.severity.value for d in found] == ["info"]
        assert "could not be checked" in found[0].message
    else:
        assert found == []


@pytest.mark.parametrize("series", ["17.0", "18.0", "19.0"])
def test_an_unknown_widget_is_an_error_with_the_closest_name(tmp_path: Path, series: str) -> None:
    addon = _addon(tmp_path, series)
    _edit(
        addon / "views/desk_ticket_views.xml", 'widget="priority_badge"', 'widget="priority_bagde"'
    )
    _edit(
        addon / "views/desk_ticket_views.xml",
        '<field name="name"/>',
        '<field name="name" widget="monetery"/>',
    )
    found = _found(addon, series)
    assert [(d.rule, d.severity.value, d.file) for d in found] == [
        ("widget-unknown", "error", "views/desk_ticket_views.xml")
    ] * 2
    lines = (addon / "views/desk_ticket_views.xml").read_text().splitlines()
    for diagnostic in found:
        assert diagnostic.line is not None and "widget=" in lines[diagnostic.line - 1]
    hints = sorted(d.hint for d in found)
    assert "did you mean 'monetary'?" in hints[0]
    assert "did you mean 'priority_badge'?" in hints[1]


@pytest.mark.parametrize("series", ["17.0", "18.0", "19.0"])
def test_a_widget_of_an_addon_not_depended_on(tmp_path: Path, series: str) -> None:
    table = standard_web_names(series)
    assert table is not None
    name = next(n for n, addon in sorted(table["fields"].items()) if addon == "mail")
    addon = _addon(tmp_path, series)
    _edit(
        addon / "views/desk_ticket_views.xml",
        '<field name="name"/>',
        f'<field name="name" widget="{name}"/>',
    )
    (found,) = _found(addon, series)
    assert "comes from addon 'mail'" in found.message and found.severity.value == "error"
    assert "add 'mail' to the manifest's depends" in found.hint


@pytest.mark.parametrize("series", ["17.0", "18.0", "19.0"])
def test_an_unknown_client_action_tag(tmp_path: Path, series: str) -> None:
    addon = _addon(tmp_path, series)
    _edit(
        addon / "views/webclient.xml",
        '<field name="tag">desk.dashboard<',
        '<field name="tag">desk.dashbord<',
    )
    (found,) = _found(addon, series)
    assert found.rule == "client-action-unknown" and found.file == "views/webclient.xml"
    assert "did you mean 'desk.dashboard'?" in found.hint
    # a standard tag of the series is known
    _edit(addon / "views/webclient.xml", "desk.dashbord", "reload")
    assert _found(addon, series) == []


@pytest.mark.parametrize("series", ["15.0", "18.0"])
def test_a_missing_asset_file_is_named_at_its_manifest_line(tmp_path: Path, series: str) -> None:
    addon = _addon(tmp_path, series)
    (addon / "static/src/actions/dashboard.js").unlink()
    (found,) = [d for d in _found(addon, series) if d.rule == "asset-missing"]
    assert (
        found.file == "__manifest__.py" and "desk/static/src/actions/dashboard.js" in found.message
    )
    lines = (addon / "__manifest__.py").read_text().splitlines()
    assert found.line is not None and "dashboard.js" in lines[found.line - 1]


def test_14_checks_the_assets_template_and_the_qweb_list(tmp_path: Path) -> None:
    addon = _addon(tmp_path, "14.0")
    (addon / "static/src/fields/priority_badge.scss").unlink()
    (addon / "static/src/systray/desk_entry.xml").unlink()
    found = sorted(_found(addon, "14.0"), key=lambda d: d.file)
    assert [(d.rule, d.file) for d in found if d.rule == "asset-missing"] == [
        ("asset-missing", "__manifest__.py"),
        ("asset-missing", "views/webclient.xml"),
    ]
    template = next(d for d in found if d.file == "views/webclient.xml")
    assert "/desk/static/src/fields/priority_badge.scss" in template.message
