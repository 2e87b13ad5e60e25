"""The embedded server manager touches only its own server, and recovers from the rest.

Every test runs a real embedded PostgreSQL of its own: killed with SIGKILL again and again,
a pid file naming an unrelated live process, a read-only data folder, a lock held by
another process, and (as root) folders above the data folder that its user cannot enter.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from odoo_factory.cli.app import main
from odoo_factory.db import EmbeddedCluster
from odoo_factory.errors import DatabaseUnavailableError
from tests.conftest import make_settings
from tests.db.mounts import mounted_tmpfs


@pytest.fixture
def cluster(private_dir: Path) -> Iterator[EmbeddedCluster]:
    """A running embedded server in a folder of its own, stopped and removed afterwards."""
    server = EmbeddedCluster(make_settings(private_dir))
    server.start()
    try:
        yield server
    finally:
        server.stop()
        if server.relocated:
            shutil.rmtree(server.root, ignore_errors=True)


@pytest.fixture
def unrelated_process() -> Iterator[subprocess.Popen[bytes]]:
    """A live process that has nothing to do with PostgreSQL."""
    proc = subprocess.Popen(["sleep", "60"])
    try:
        yield proc
    finally:
        proc.kill()
        proc.wait()


def _wait_until_dead(pid: int) -> None:
    """Until ``pid`` has exited (a zombie nobody reaps counts as exited)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return
        except psutil.NoSuchProcess:
            return
        time.sleep(0.01)
    raise AssertionError(f"process {pid} still runs")


def _write_stale_pid_file(server: EmbeddedCluster, pid: int) -> None:
    """A postmaster.pid as PostgreSQL writes it, naming ``pid`` with its real start time."""
    started = int(psutil.Process(pid).create_time())
    server.pid_file.write_text(
        f"{pid}\n{server.data}\n{started}\n{server.port}\n{server.socket_dir}\n\n"
        "  5432001         0\nready   \n"
    )


def test_server_killed_20_times_starts_again_every_time(cluster: EmbeddedCluster) -> None:
    pids = []
    started = time.monotonic()
    for _ in range(20):
        pid = cluster.pid()
        assert pid is not None
        pids.append(pid)
        os.kill(pid, signal.SIGKILL)
        _wait_until_dead(pid)
        assert not cluster.running()
        assert cluster.start() is True
        assert cluster.target().server_version() >= 180000
    seconds = time.monotonic() - started
    print(f"20 SIGKILL + restart cycles: {seconds:.2f} s ({seconds / 20:.3f} s each)")
    assert len(set(pids)) == 20
    assert cluster.pid() not in pids


def test_stale_pid_file_naming_an_unrelated_process(
    cluster: EmbeddedCluster,
    unrelated_process: subprocess.Popen[bytes],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(cluster.settings.data_dir))
    monkeypatch.delenv("ODOO_FACTORY_DB_DSN", raising=False)
    monkeypatch.delenv("ODOO_FACTORY_DB_HOST", raising=False)
    assert cluster.stop() is True
    _write_stale_pid_file(cluster, unrelated_process.pid)

    # Not our server: not running, and 'db stop' leaves the process alone.
    assert cluster.postmaster() is None
    assert main(["db", "stop", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"stopped": False}
    assert unrelated_process.poll() is None

    # 'db start' sees through the stale file, and 'db stop' stops only the real server.
    _write_stale_pid_file(cluster, unrelated_process.pid)
    assert main(["db", "start", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["started"] is True
    server_pid = cluster.pid()
    assert server_pid is not None and server_pid != unrelated_process.pid
    assert main(["db", "stop", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"stopped": True}
    _wait_until_dead(server_pid)
    assert unrelated_process.poll() is None


def test_pid_file_with_another_start_time_is_not_our_server(
    cluster: EmbeddedCluster, unrelated_process: subprocess.Popen[bytes]
) -> None:
    """A pid reused by another program: same pid, another start time, another folder."""
    assert cluster.stop() is True
    _write_stale_pid_file(cluster, unrelated_process.pid)
    text = cluster.pid_file.read_text().split("\n")
    text[2] = str(int(text[2]) - 3600)
    cluster.pid_file.write_text("\n".join(text))
    assert cluster.pid() is None
    assert cluster.start() is True
    assert unrelated_process.poll() is None


def test_our_server_with_another_start_time_on_file_is_not_signalled(
    cluster: EmbeddedCluster,
) -> None:
    """The right program in the right folder, but not the start the file records: an error
    that names it, and no signal."""
    original = cluster.pid_file.read_text()
    lines = original.split("\n")
    lines[2] = str(int(lines[2]) - 3600)
    cluster.pid_file.write_text("\n".join(lines))
    server_pid = int(lines[0])
    try:
        with pytest.raises(DatabaseUnavailableError, match=f"names process {server_pid}"):
            cluster.stop()
        with pytest.raises(DatabaseUnavailableError, match="not at"):
            cluster.start()
        assert psutil.Process(server_pid).status() != psutil.STATUS_ZOMBIE
    finally:
        cluster.pid_file.write_text(original)
    assert cluster.stop() is True


@pytest.fixture
def read_only_folder() -> Iterator[Path]:
    """An empty folder nobody can write to, root included (a read-only mount as root)."""
    if os.geteuid() != 0:
        folder = Path(tempfile.mkdtemp(prefix="oft-read-only-"))
        folder.chmod(0o500)
        try:
            yield folder
        finally:
            folder.chmod(0o700)
            shutil.rmtree(folder, ignore_errors=True)
        return
    with mounted_tmpfs("oft-read-only-", "ro,size=1m") as mounted:
        yield mounted


def test_read_only_data_folder_is_one_clear_error(
    read_only_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(read_only_folder))
    monkeypatch.delenv("ODOO_FACTORY_DB_DSN", raising=False)
    monkeypatch.delenv("ODOO_FACTORY_DB_HOST", raising=False)
    assert main(["db", "start"]) == 3
    err = capsys.readouterr().err
    assert f"cannot write to {read_only_folder}" in err
    assert "hint:" in err and "writable" in err and "Traceback" not in err
    assert main(["db", "start", "--json"]) == 3
    error = json.loads(capsys.readouterr().out)["error"]
    assert error["type"] == "DatabaseUnavailableError" and error["hint"]
    assert list(read_only_folder.iterdir()) == []


_HOLD_LOCK = """
import sys, time
from filelock import FileLock
lock = FileLock(sys.argv[1])
lock.acquire()
print("held", flush=True)
time.sleep(120)
"""


def test_lock_held_longer_than_the_timeout_is_one_clear_error(private_dir: Path) -> None:
    settings = make_settings(private_dir)
    settings.pg_dir.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLD_LOCK, str(settings.pg_dir / ".lock")],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        server = EmbeddedCluster(settings, lock_timeout=0.2)
        with pytest.raises(
            DatabaseUnavailableError, match=r"held the lock .* more than 0\.2 s"
        ) as exc:
            server.start()
        assert exc.value.hint and "released" in exc.value.hint
        assert not server.initialized()
    finally:
        holder.kill()
        holder.wait()
    # Once the holder is gone, the lock is free again.
    server = EmbeddedCluster(settings, lock_timeout=0.2)
    try:
        assert server.start() is True
    finally:
        server.stop()


def _modes_above(path: Path) -> dict[Path, int]:
    return {parent: parent.stat().st_mode for parent in path.resolve().parents}


@pytest.mark.skipif(os.geteuid() != 0, reason="the server's own user exists only as root")
def test_root_leaves_modes_above_the_data_folder_alone(private_dir: Path) -> None:
    closed = private_dir / "closed"
    closed.mkdir(mode=0o700)
    closed.chmod(0o700)
    data_dir = closed / "d"
    before = _modes_above(data_dir)
    server = EmbeddedCluster(make_settings(data_dir))
    assert server.relocated and not server.root.is_relative_to(private_dir)
    try:
        assert server.start() is True
        assert server.target().server_version() >= 180000
        assert _modes_above(data_dir) == before
        assert oct(closed.stat().st_mode & 0o777) == "0o700"
    finally:
        server.stop()
        shutil.rmtree(server.root, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="the server's own user exists only as root")
def test_root_keeps_a_reachable_cluster_in_the_data_folder(private_dir: Path) -> None:
    """Folders above the data folder let anyone pass: the cluster stays inside it."""
    private_dir.chmod(0o700)
    before = _modes_above(private_dir)
    server = EmbeddedCluster(make_settings(private_dir))
    assert not server.relocated
    try:
        assert server.start() is True
        assert server.data.is_relative_to(private_dir)
        assert _modes_above(private_dir) == before
    finally:
        server.stop()
