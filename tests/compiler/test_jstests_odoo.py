"""On a real Odoo: the addon's JS tests run headless in Chrome from its Python tests; the one
whose template shows the expected text passes, the one that expects other text fails with the
failed assertion."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon
from odoo_factory.runtime import TestOptions, run_addon_tests
from odoo_factory.settings import Settings
from odoo_factory.spec import parse_spec_text
from tests.compiler.test_jstests import JS_TESTS
from tests.compiler.test_webclient import HEAD, WEB
from tests.conftest import run_databases

pytestmark = pytest.mark.odoo

WRONG = """\
  - name: badge_expects_other_text
    component: priority_badge
    values: {value: "0", text: Normal}
    contains: [Urgent]
"""


def test_a_js_test_passes_and_a_wrong_one_fails(
    series: str, pg_settings: Settings, tmp_path: Path
) -> None:
    spec = parse_spec_text(HEAD + WEB + JS_TESTS + WRONG, "spec.yaml")[0]
    addon = build_addon(spec, series, tmp_path).addon_path
    result = run_addon_tests(pg_settings, addon, TestOptions(series=series))
    assert result.installed, (result.reason, result.failure)
    outcome = {t.method: t for t in result.tests}
    for name in ("test_js_badge_shows_label", "test_js_dashboard_counts"):
        assert outcome[name].status == "passed", outcome[name]
    wrong = outcome["test_js_badge_expects_other_text"]
    assert wrong.status in ("failed", "error"), wrong
    assert "badge_expects_other_text" in (wrong.traceback or ""), wrong
    assert run_databases(pg_settings) == []
