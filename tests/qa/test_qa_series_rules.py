"""Each series rule fires on its 'bad' fixture, not on its 'good' one, and only in its range."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.profiles import known_series
from odoo_factory.qa import SeriesRule, check_addon, load_rules
from odoo_factory.qa.series_rules import series_key
from tests.qa.conftest import RULE_FIXTURES, AddonMaker

RULES = load_rules()


def _fixture(rule: SeriesRule, kind: str) -> tuple[str, str]:
    """(path inside the addon, content) of the rule's ``bad`` or ``good`` fixture."""
    folder = RULE_FIXTURES / rule.id
    found = sorted(folder.glob(f"{kind}.*"))
    assert found, f"rule {rule.id} has no {kind} fixture in {folder}"
    path = found[0]
    target = "models/fixture.py" if path.suffix == ".py" else "data/fixture.xml"
    return target, path.read_text()


def _rules_found(make_addon: AddonMaker, rule: SeriesRule, kind: str, series: str) -> set[str]:
    target, content = _fixture(rule, kind)
    addon = make_addon(files={target: content}, series=series)
    return check_addon(addon, series, run_pylint_step=False).rules()


def _first_series(rule: SeriesRule) -> str:
    """The first series we support that the rule applies to."""
    return next(s for s in known_series() if rule.applies_to(s))


def _earlier_series(rule: SeriesRule) -> str | None:
    earlier = [s for s in known_series() if series_key(s) < series_key(rule.since)]
    return earlier[-1] if earlier else None


def test_every_rule_has_an_id_range_message_and_hint() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert len(RULES) >= 16
    for rule in RULES:
        assert rule.message and rule.hint
        assert series_key(rule.since) <= series_key(known_series()[-1])


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_fixture_triggers_the_rule(make_addon: AddonMaker, rule: SeriesRule) -> None:
    assert rule.id in _rules_found(make_addon, rule, "bad", _first_series(rule))


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_fixture_does_not(make_addon: AddonMaker, rule: SeriesRule) -> None:
    assert rule.id not in _rules_found(make_addon, rule, "good", _first_series(rule))


@pytest.mark.parametrize("rule", [r for r in RULES if _earlier_series(r)], ids=lambda r: r.id)
def test_bad_fixture_is_fine_before_the_rule_applies(
    make_addon: AddonMaker, rule: SeriesRule
) -> None:
    series = _earlier_series(rule)
    assert series is not None
    assert rule.id not in _rules_found(make_addon, rule, "bad", series)


@pytest.mark.parametrize("rule", [r for r in RULES if r.until], ids=lambda r: r.id)
def test_bad_fixture_is_fine_once_the_rule_no_longer_applies(
    make_addon: AddonMaker, rule: SeriesRule
) -> None:
    assert rule.until is not None
    assert rule.id not in _rules_found(make_addon, rule, "bad", rule.until)


def test_finding_has_location_and_fix(make_addon: AddonMaker) -> None:
    rule = next(r for r in RULES if r.id == "view-tree-tag")
    target, content = _fixture(rule, "bad")
    addon = make_addon(files={target: content})
    report = check_addon(addon, "18.0", run_pylint_step=False)
    (finding,) = [d for d in report.diagnostics if d.rule == "view-tree-tag"]
    assert finding.file == "data/fixture.xml"
    expected_line = content.splitlines().index("            <tree>") + 1
    assert finding.line == expected_line
    assert "<list>" in finding.hint
    assert finding.severity.value == "error"
    assert not report.ok


def test_rule_applies_to_range() -> None:
    rule = SeriesRule(
        id="x", since="14.0", until="17.0", severity="error", kind="breaks-install",
        message="m", hint="h",
    )  # fmt: skip
    assert [s for s in known_series() if rule.applies_to(s)] == ["14.0", "15.0", "16.0"]


def test_python_view_mode_tree_is_found(make_addon: AddonMaker, tmp_path: Path) -> None:
    code = (
        "from odoo import models\n\n\nclass P(models.Model):\n    _inherit = 'res.partner'\n\n"
        "    def action_open(self):\n"
        "        return {'type': 'ir.actions.act_window', 'res_model': 'res.partner',\n"
        "                'view_mode': 'tree,form'}\n"
    )
    addon = make_addon(files={"models/partner.py": code})
    report = check_addon(addon, "18.0", run_pylint_step=False)
    hits = [d for d in report.diagnostics if d.rule == "view-mode-tree"]
    assert [(d.file, d.line) for d in hits] == [("models/partner.py", 9)]
    assert check_addon(addon, "17.0", run_pylint_step=False).rules().isdisjoint({"view-mode-tree"})
