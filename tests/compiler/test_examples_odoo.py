"""Every example, built for each series with a runtime, installs on that real Odoo and its
generated tests pass there (through the same function as ``odoo-factory test``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.runtime import RunStatus, TestOptions, run_addon_tests
from odoo_factory.settings import Settings
from tests.conftest import run_databases
from tests.example_builds import build_example

pytestmark = pytest.mark.odoo

EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "examples").glob("*.yaml"))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda path: path.stem)
def test_example_installs_and_its_tests_pass(
    example: Path, series: str, pg_settings: Settings, tmp_path: Path
) -> None:
    addon = build_example(example, series, tmp_path)
    result = run_addon_tests(pg_settings, addon, TestOptions(series=series))
    assert result.status is RunStatus.PASSED, (result.reason, result.failure, result.failed_tests)
    assert result.installed and result.counts is not None
    assert result.counts.tests > 0 and result.counts.failed == result.counts.errors == 0
    assert len(result.tests) == result.counts.tests
    print(f"{example.stem} {series}: {result.summary_line}")
    assert run_databases(pg_settings) == []
