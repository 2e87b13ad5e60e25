"""The embedded PostgreSQL, for real: start, status, version checks, bad connections."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.db import EmbeddedCluster, check_server_version, server_target
from odoo_factory.errors import DatabaseUnavailableError, DatabaseVersionError
from odoo_factory.profiles import get_profile
from odoo_factory.settings import Settings
from tests.conftest import make_settings


def test_session_server_is_postgres_18_on_a_socket(pg_settings: Settings) -> None:
    target = server_target(pg_settings, start=False)
    assert target.host is not None and target.host.startswith("/")
    assert target.server_version() >= 180000
    assert check_server_version(target, get_profile("19.0")) >= 130000


def test_too_old_for_a_profile_is_refused(pg_settings: Settings) -> None:
    target = server_target(pg_settings, start=False)
    future = get_profile("18.0").model_copy(update={"postgres_min": 99})
    with pytest.raises(DatabaseVersionError, match=r"too old for Odoo 18\.0, which needs 99"):
        check_server_version(target, future)


def test_unreachable_server_gives_a_clear_error(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, db_host=str(tmp_path / "nowhere"))
    with pytest.raises(DatabaseUnavailableError, match="cannot connect to PostgreSQL") as exc:
        server_target(settings).server_version()
    assert exc.value.hint and "db start" in exc.value.hint


@pytest.fixture
def port_held_by_another_program() -> Iterator[int]:
    """A loopback port where something that is not PostgreSQL listens and answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)

    def answer() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")

    threading.Thread(target=answer, daemon=True).start()
    try:
        yield int(listener.getsockname()[1])
    finally:
        listener.close()


def test_port_in_use_by_another_program(
    tmp_path: Path,
    port_held_by_another_program: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    port = port_held_by_another_program
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path / "d"))
    monkeypatch.setenv("ODOO_FACTORY_DB_HOST", "127.0.0.1")
    monkeypatch.setenv("ODOO_FACTORY_DB_PORT", str(port))
    monkeypatch.delenv("ODOO_FACTORY_DB_DSN", raising=False)
    assert main(["db", "status"]) != 0
    err = capsys.readouterr().err
    assert f"cannot connect to PostgreSQL (odoo@127.0.0.1:{port})" in err
    assert "hint:" in err and "Traceback" not in err
    assert not (tmp_path / "d" / "postgres").exists()


def test_db_commands_start_status_stop(
    private_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(private_dir))
    monkeypatch.delenv("ODOO_FACTORY_DB_DSN", raising=False)
    monkeypatch.delenv("ODOO_FACTORY_DB_HOST", raising=False)
    try:
        assert main(["db", "start", "--json"]) == 0
        started = json.loads(capsys.readouterr().out)
        assert started["started"] is True and started["version"].startswith("18")
        assert main(["db", "start", "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["started"] is False
        assert main(["db", "url"]) == 0
        assert capsys.readouterr().out.startswith("postgresql://odoo@/postgres?host=")
    finally:
        assert main(["db", "stop", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"stopped": True}
    assert main(["db", "status", "--json"]) == 1
    assert json.loads(capsys.readouterr().out)["running"] is False
    assert not EmbeddedCluster(make_settings(private_dir)).running()


def test_db_status_with_unreachable_server_exits_non_zero(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("ODOO_FACTORY_DB_HOST", str(tmp_path / "nowhere"))
    assert main(["db", "status"]) == 3
    err = capsys.readouterr().err
    assert "error: cannot connect to PostgreSQL" in err and "hint:" in err
