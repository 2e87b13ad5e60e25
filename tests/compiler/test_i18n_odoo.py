"""On real Odoo: the French user of service_desk sees French labels because the addon's
.po is loaded for its language; without the file, the same test fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.runtime import RunStatus, TestOptions, run_addon_tests
from odoo_factory.settings import Settings
from tests.conftest import run_databases
from tests.example_builds import EXAMPLES, build_example

pytestmark = pytest.mark.odoo


def test_french_labels_come_from_the_addon_po(
    series: str, pg_settings: Settings, tmp_path: Path
) -> None:
    addon = build_example(EXAMPLES / "service_desk.yaml", series, tmp_path)
    (addon / "i18n" / "fr.po").unlink()
    result = run_addon_tests(pg_settings, addon, TestOptions(series=series))
    assert result.installed
    failed = {t.method for t in result.failed_tests}
    assert any("french_agent_sees_french_labels" in name for name in failed), failed
    assert any("french_agent_finds_french_channels" in name for name in failed), failed
    assert not any("numbered_per_company" in name for name in failed), failed
    assert result.status is not RunStatus.PASSED
    assert run_databases(pg_settings) == []
