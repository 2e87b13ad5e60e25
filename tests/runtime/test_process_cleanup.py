"""A run is over only when its process and everything it started have exited.

Real processes: a shell that starts a child in its own process group and exits, as Odoo can
leave a browser or a report renderer behind.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import psutil

from odoo_factory.runtime.odoo_process import end_process_group, stream_odoo


def _finished(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _leaves_a_child(pid_file: Path) -> list[str]:
    """A command that starts ``sleep`` in the background, writes its pid and exits."""
    return ["sh", "-c", f"sleep 120 >/dev/null 2>&1 & echo $! > {pid_file}; echo done"]


def test_stream_returns_only_once_the_children_have_exited(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    lines: list[str] = []
    code, timed_out, _seconds = stream_odoo(
        _leaves_a_child(pid_file), tmp_path / "odoo.log", 60, lines.append
    )
    assert (code, timed_out, lines) == (0, False, ["done"])
    assert _finished(int(pid_file.read_text()))


def test_a_child_holding_the_output_open_does_not_keep_the_run_waiting(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    command = ["sh", "-c", f"sleep 120 & echo $! > {pid_file}; echo done"]
    lines: list[str] = []
    code, timed_out, _seconds = stream_odoo(command, tmp_path / "odoo.log", 60, lines.append)
    assert (code, timed_out, lines) == (0, False, ["done"])
    assert _finished(int(pid_file.read_text()))


def test_end_process_group_stops_what_the_leader_left(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    leader = subprocess.Popen(
        _leaves_a_child(pid_file), stdout=subprocess.DEVNULL, start_new_session=True
    )
    assert leader.wait() == 0
    child = int(pid_file.read_text())
    assert not _finished(child)
    end_process_group(leader.pid)
    assert _finished(child)
    end_process_group(leader.pid)  # an empty group: nothing to do, no error
