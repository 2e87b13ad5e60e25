"""A finished run stays finished when its database cannot be dropped; 'db gc' drops it later.

A real Odoo run whose clone gets a session the tool's role may not end (a superuser's, opened
while the addon installs): every drop attempt fails, the run still passes with a note, the
database is reported as a leftover and dropped by 'db gc' once the session is gone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack

import psycopg
import pytest

from odoo_factory.cli.app import main
from odoo_factory.db import EmbeddedCluster, list_databases, server_target
from odoo_factory.runtime import Runtime, TestOptions, run_addon_tests
from odoo_factory.settings import Settings
from tests.conftest import ADDONS, require_runtime, run_databases

pytestmark = pytest.mark.odoo


@pytest.fixture
def sessions() -> Iterator[ExitStack]:
    with ExitStack() as stack:
        yield stack


def test_a_drop_that_fails_leaves_the_run_passed_and_the_database_to_gc(
    cli_env: Settings,
    odoo_runtimes: dict[str, Runtime],
    sessions: ExitStack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    series = require_runtime("18.0", odoo_runtimes)
    admin = EmbeddedCluster(cli_env).superuser_target()
    held: list[psycopg.Connection] = []

    def progress(text: str) -> None:
        if text.startswith("installing ") and " on oft_run_" in text and not held:
            clone = text.rsplit(" on ", 1)[1]
            held.append(sessions.enter_context(admin.connect(clone)))

    result = run_addon_tests(
        cli_env, ADDONS / "fx_pass", TestOptions(series=series, progress=progress)
    )
    assert held, "the run never reported its clone"
    assert result.ok, result.reason
    assert any("could not be dropped" in note and "db gc" in note for note in result.notes)
    target = server_target(cli_env, start=False)
    assert result.database in list_databases(target, "oft_run_")

    sessions.close()  # the session that blocked the drop ends
    assert main(["db", "status", "--json"]) == 0
    leftovers = json.loads(capsys.readouterr().out)["leftovers"]
    assert [item["name"] for item in leftovers] == [result.database]
    assert main(["db", "gc", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["dropped"] == [result.database]
    assert run_databases(cli_env) == []
    assert not cli_env.filestore(result.database).exists()
