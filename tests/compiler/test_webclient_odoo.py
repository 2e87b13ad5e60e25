"""On a real Odoo: the compiled widget, client action and systray item load in the web client
of a headless Chrome and show what the spec says; a browser step that expects other text
fails, naming the step."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon
from odoo_factory.runtime import TestOptions, run_addon_tests
from odoo_factory.settings import Settings
from odoo_factory.spec import parse_spec_text
from tests.compiler.test_webclient import HEAD, SCENARIO, WEB
from tests.conftest import run_databases

pytestmark = pytest.mark.odoo

WRONG = """\
  - name: dashboard_shows_other_text
    steps:
      - browser: {action: action_dashboard, selector: .o_open, contains: [42 open]}
"""


def test_the_components_render_in_the_browser(
    series: str, pg_settings: Settings, tmp_path: Path
) -> None:
    spec = parse_spec_text(HEAD + WEB + SCENARIO + WRONG, "spec.yaml")[0]
    addon = build_addon(spec, series, tmp_path).addon_path
    result = run_addon_tests(pg_settings, addon, TestOptions(series=series))
    assert result.installed, (result.reason, result.failure)
    outcome = {t.method: t for t in result.tests}
    assert outcome["test_dashboard_counts"].status == "passed", outcome["test_dashboard_counts"]
    wrong = outcome["test_dashboard_shows_other_text"]
    assert wrong.status in ("failed", "error"), wrong
    assert "dashboard_shows_other_text step 1: .o_open does not show" in (wrong.traceback or "")
    assert run_databases(pg_settings) == []
