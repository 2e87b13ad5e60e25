"""Run databases left behind: reported by ``db status``, dropped by ``db gc``, never in use.

Real databases on the session's embedded server; the "live run" is a real claim held by this
process, the unrelated sessions are real connections of another role.
"""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql

from odoo_factory.cli.app import main
from odoo_factory.db import EmbeddedCluster, list_databases, server_target
from odoo_factory.db.leftovers import (
    claim_run_database,
    drop_run_database,
    find_leftovers,
    mark_run_database,
)
from odoo_factory.db.server import PgTarget
from odoo_factory.settings import Settings

OTHER_ROLE = "oft_test_other_role"


def _create(target: PgTarget, name: str, comment: str | None = None) -> None:
    with target.connect() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        if comment is not None:
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(comment)
                )
            )


def _dead_pid() -> int:
    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


@pytest.fixture
def databases(pg_settings: Settings) -> Iterator[list[str]]:
    """Names to create in a test; whatever is left of them is dropped afterwards."""
    names: list[str] = []
    yield names
    target = server_target(pg_settings, start=False)
    admin = EmbeddedCluster(pg_settings).superuser_target()
    for name in names:
        with admin.connect() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    assert not set(names) & set(list_databases(target, "oft_"))


def test_status_reports_and_gc_drops_only_what_no_live_run_uses(
    cli_env: Settings, databases: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    target = server_target(cli_env, start=False)
    left, live, foreign = "oft_run_gc_left_1", "oft_run_gc_live_1", "oft_run_gc_foreign_1"
    build = f"oft_bld_gc_{_dead_pid()}"
    databases.extend([left, live, foreign, build])
    _create(target, left)
    mark_run_database(cli_env, target, left)
    other_host = {"odoo_factory_run": {"host": socket.gethostname() + "-x", "data_dir": "/x"}}
    _create(target, foreign, json.dumps(other_host))
    _create(target, build)
    cli_env.filestore(left).mkdir(parents=True)
    (cli_env.filestore(left) / "a").write_bytes(b"x")

    with claim_run_database(cli_env, live):
        _create(target, live)
        mark_run_database(cli_env, target, live)

        assert main(["db", "status", "--json"]) == 0
        status = json.loads(capsys.readouterr().out)
        reported = {item["name"]: item["kind"] for item in status["leftovers"]}
        assert reported == {left: "run", build: "build"}

        assert main(["db", "gc", "--dry-run", "--json"]) == 0
        dry = json.loads(capsys.readouterr().out)
        assert dry["dry_run"] is True and dry["dropped"] == []
        assert {item["name"] for item in dry["leftovers"]} == {left, build}
        assert {left, build} <= set(list_databases(target, "oft_"))

        assert main(["db", "gc", "--json"]) == 0
        report = json.loads(capsys.readouterr().out)
        assert sorted(report["dropped"]) == sorted([left, build]) and report["failed"] == {}
        remaining = set(list_databases(target, "oft_"))
        assert live in remaining and foreign in remaining
        assert left not in remaining and build not in remaining
        assert not cli_env.filestore(left).exists()

    # The run is over: its database is a leftover now, the other machine's still is not.
    assert [leftover.name for leftover in find_leftovers(cli_env, target)] == [live]
    assert main(["db", "gc"]) == 0
    assert f"{live} (no live run uses it): dropped" in capsys.readouterr().out
    assert live not in list_databases(target, "oft_run_")


@pytest.fixture
def other_role_session(pg_settings: Settings, databases: list[str]) -> Iterator[str]:
    """A run database with an open session of a role that is not the tool's (like the
    autovacuum worker that made drops fail: a session the tool's role does not own)."""
    cluster = EmbeddedCluster(pg_settings)
    admin = cluster.superuser_target()
    name = "oft_run_other_session_1"
    databases.append(name)
    _create(server_target(pg_settings, start=False), name)
    with admin.connect() as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(OTHER_ROLE)))
    other = PgTarget(host=str(cluster.socket_dir), port=cluster.port, user=OTHER_ROLE)
    try:
        with other.connect(name) as session:
            session.execute("SELECT 1")
            yield name
    except psycopg.OperationalError:
        pass  # the drop ended the session, as it should
    finally:
        with admin.connect() as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(OTHER_ROLE)))


def test_drop_ends_sessions_of_another_role(pg_settings: Settings, other_role_session: str) -> None:
    target = server_target(pg_settings, start=False)
    assert drop_run_database(pg_settings, target, other_role_session) is None
    assert other_role_session not in list_databases(target, "oft_run_")


def test_a_drop_that_fails_is_reported_not_raised_and_left_for_gc(
    pg_settings: Settings, other_role_session: str
) -> None:
    """Without the right to end other roles' sessions the drop fails: the run goes on,
    and the database is what 'db gc' reports."""
    target = server_target(pg_settings, start=False)
    cluster = EmbeddedCluster(pg_settings)
    role = sql.Identifier(pg_settings.db_user)
    with cluster.superuser_target().connect() as conn:
        conn.execute(sql.SQL("REVOKE pg_signal_backend FROM {}").format(role))
    try:
        error = drop_run_database(pg_settings, target, other_role_session)
        assert error is not None and "permission denied to terminate process" in error.message
        assert other_role_session in list_databases(target, "oft_run_")
        assert other_role_session in {item.name for item in find_leftovers(pg_settings, target)}
    finally:
        assert cluster.start() is False  # an already running server gets the grant back
    assert drop_run_database(pg_settings, target, other_role_session) is None
