"""The database password never reaches a command line, a result or a log.

The session's embedded server gets a role that must give a password (scram-sha-256 in
pg_hba.conf for that role only); the tool is pointed at it as at a server of the user's own.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from psycopg import sql

from odoo_factory.db import EmbeddedCluster, list_databases, server_target
from odoo_factory.errors import DatabaseUnavailableError
from odoo_factory.runtime import TestOptions, run_addon_tests
from odoo_factory.runtime.odoo_process import stream_odoo
from odoo_factory.runtime.results import TestRun, redact_command
from odoo_factory.runtime.warm import stop_workers
from odoo_factory.settings import Settings
from tests.conftest import ADDONS, make_settings, require_runtime

ROLE = "oft_test_password_role"
SECRET = "S3cret-never-shown-4471"


@pytest.fixture
def password_settings(pg_settings: Settings) -> Iterator[Settings]:
    """Settings for a role of the session's server that must give ``SECRET``."""
    cluster = EmbeddedCluster(pg_settings)
    hba = cluster.data / "pg_hba.conf"
    original = hba.read_text()
    admin = cluster.superuser_target()
    role = sql.Identifier(ROLE)
    with admin.connect() as conn:
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEDB PASSWORD {} IN ROLE {}").format(
                role, sql.Literal(SECRET), sql.Identifier(pg_settings.db_user)
            )
        )
        conn.execute(sql.SQL("GRANT pg_signal_backend TO {}").format(role))
        hba.write_text(f"local all {ROLE} scram-sha-256\n{original}")
        conn.execute("SELECT pg_reload_conf()")
    settings = make_settings(
        pg_settings.data_dir,
        db_host=str(cluster.socket_dir),
        db_port=cluster.port,
        db_user=ROLE,
        db_password=SECRET,
    )
    try:
        yield settings
    finally:
        stop_workers(settings)
        hba.write_text(original)
        # What it built (templates and their tables) goes to the usual role, so later runs
        # can clone them; ownership is per database.
        reassign = sql.SQL("REASSIGN OWNED BY {} TO {}").format(
            role, sql.Identifier(pg_settings.db_user)
        )
        with admin.connect() as conn:
            conn.execute("SELECT pg_reload_conf()")
            names = conn.execute("SELECT datname FROM pg_database WHERE datallowconn").fetchall()
        for (name,) in names:
            with admin.connect(name) as conn:
                conn.execute(reassign)
        with admin.connect() as conn:
            conn.execute(sql.SQL("DROP ROLE {}").format(role))


def test_the_role_needs_its_password(password_settings: Settings) -> None:
    without = make_settings(
        password_settings.data_dir,
        db_host=password_settings.db_host,
        db_port=password_settings.db_port,
        db_user=ROLE,
    )
    with pytest.raises(DatabaseUnavailableError, match="password"):
        server_target(without).server_version()
    assert server_target(password_settings).server_version() >= 180000


def test_password_goes_through_the_environment_not_the_command_line(
    password_settings: Settings, tmp_path: Path
) -> None:
    target = server_target(password_settings)
    args = target.odoo_args()
    assert not any(SECRET in arg for arg in args)
    assert target.odoo_env() == {"PGPASSWORD": SECRET}
    # A real libpq client started the way Odoo is connects with what it gets.
    params = {k: v for k, v in target.params().items() if k != "password"}
    conninfo = " ".join(f"{key}={value}" for key, value in params.items())
    probe = "import psycopg, sys; psycopg.connect(sys.argv[1]).close(); print('connected')"
    command = [sys.executable, "-c", probe, conninfo]
    lines: list[str] = []
    code, _timed_out, _seconds = stream_odoo(
        command, tmp_path / "log", 60, lines.append, env=target.odoo_env()
    )
    assert (code, lines) == (0, ["connected"])
    assert SECRET not in " ".join(command)


def test_a_dsn_password_goes_to_the_environment_and_its_sslmode_to_odoo() -> None:
    target = server_target(
        make_settings(
            Path("/nonexistent"),
            db_dsn=f"host=db.example port=5433 user=u password={SECRET} sslmode=verify-full",
        ),
        start=False,
    )
    assert target.odoo_args() == [
        "--db_user=u",
        "--db_host=db.example",
        "--db_port=5433",
        "--db_sslmode=verify-full",
    ]
    assert target.odoo_env() == {"PGPASSWORD": SECRET}
    assert SECRET not in target.url() and SECRET not in target.describe()


def test_results_never_hold_a_password() -> None:
    command = [
        "python",
        "odoo-bin",
        f"--db_password={SECRET}",
        "-w",
        SECRET,
        f"--db-filter=x password={SECRET} host=h",
        f"postgresql://odoo:{SECRET}@localhost/db",
    ]
    shown = redact_command(command)
    assert not any(SECRET in arg for arg in shown)
    assert shown[:5] == ["python", "odoo-bin", "--db_password=***", "-w", "***"]
    run = TestRun.model_validate(
        {
            "addon": "a",
            "addon_path": "/a",
            "series": "18.0",
            "runtime": "r",
            "database": "d",
            "status": "passed",
            "ok": True,
            "installed": True,
            "reason": "ok",
            "command": command,
        }
    )
    assert SECRET not in run.model_dump_json()
    run.command = command  # assigned later, as a run does
    assert SECRET not in run.model_dump_json() and SECRET not in repr(run)


@pytest.mark.odoo
@pytest.mark.parametrize("cold", [True, False], ids=["cold", "warm"])
def test_a_run_with_a_password_shows_it_nowhere(
    password_settings: Settings, odoo_runtimes: dict[str, object], cold: bool
) -> None:
    series = require_runtime("18.0", odoo_runtimes)  # type: ignore[arg-type]
    result = run_addon_tests(
        password_settings, ADDONS / "fx_pass", TestOptions(series=series, cold=cold)
    )
    assert result.ok, result.reason
    assert result.mode == ("cold" if cold else "warm")
    shown = result.model_dump_json()
    assert SECRET not in shown and result.command
    assert SECRET not in Path(result.log_file or "").read_text()
    target = server_target(password_settings, start=False)
    assert result.database not in list_databases(target, "oft_run_")
    assert json.loads(shown)["database"] == result.database
