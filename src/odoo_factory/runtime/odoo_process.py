"""Starting Odoo processes: own process group, bounded in time, never left behind.

A run is over only when nothing of its process group runs any more: Odoo may leave
children (a browser for tours, a report renderer) after it exits, and they must be gone
before the run's database is dropped. Secrets reach Odoo through its environment, never
its command line.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path

import psutil

from odoo_factory.errors import RunCancelledError, RunTimeoutError
from odoo_factory.runtime.registry import Runtime

__all__ = ["child_env", "end_process_group", "free_port", "run_odoo", "stream_odoo"]

_KILL_GRACE = 5.0


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Odoo's environment: ours, cleaned of our interpreter's settings, plus ``extra``."""
    env = dict(os.environ)
    env["PYTHONUNBUFFERED"] = "1"
    env["TZ"] = "UTC"
    # Our own interpreter's settings must not leak into the runtime's Python.
    for key in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"):
        env.pop(key, None)
    env.update(extra or {})
    return env


def _group_members(pgid: int) -> list[psutil.Process]:
    """Processes of group ``pgid`` that still run (zombies have finished)."""
    members = []
    for proc in psutil.process_iter():
        try:
            if os.getpgid(proc.pid) == pgid and proc.status() != psutil.STATUS_ZOMBIE:
                members.append(proc)
        except (OSError, psutil.Error):
            continue
    return members


def end_process_group(pgid: int, grace: float = _KILL_GRACE) -> None:
    """Return once nothing of process group ``pgid`` runs: SIGTERM, then SIGKILL after
    ``grace`` seconds. A group that is already empty gets no signal."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        if not _group_members(pgid):
            return
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, sig)
        deadline = time.monotonic() + grace
        while _group_members(pgid) and time.monotonic() < deadline:
            time.sleep(0.05)


def _terminate(proc: subprocess.Popen[bytes] | subprocess.Popen[str]) -> None:
    """Stop the process and everything it started (its whole process group)."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(_KILL_GRACE)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    end_process_group(proc.pid)  # children it left behind


@contextmanager
def _supervised(proc: subprocess.Popen[str], timeout: float) -> Iterator[threading.Event]:
    """Kills ``proc`` when ``timeout`` passes; the yielded event tells whether it did."""
    timed_out = threading.Event()
    done = threading.Event()

    def watchdog() -> None:
        if not done.wait(timeout):
            timed_out.set()
            _terminate(proc)

    thread = threading.Thread(target=watchdog, daemon=True)
    thread.start()
    try:
        yield timed_out
    except BaseException:
        _terminate(proc)
        raise
    finally:
        done.set()
        _terminate(proc)


def run_odoo(
    runtime: Runtime, args: list[str], timeout: float, env: Mapping[str, str] | None = None
) -> int:
    """Run Odoo to completion, its output discarded (use ``--logfile``); returns the exit code.

    ``env`` is added to Odoo's environment (the database password goes there).
    """
    proc = subprocess.Popen(
        runtime.command(args),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=child_env(env),
        text=True,
    )
    try:
        with _supervised(proc, timeout) as timed_out:
            code = proc.wait()
    except KeyboardInterrupt:
        raise RunCancelledError("interrupted while Odoo was running") from None
    if timed_out.is_set():
        raise RunTimeoutError(
            f"Odoo did not finish within {timeout:g} s",
            hint="raise ODOO_FACTORY_INSTALL_TIMEOUT if the work is that long",
        )
    return code


def stream_odoo(
    command: list[str],
    log_file: Path,
    timeout: float,
    on_line: Callable[[str], None],
    cancel: threading.Event | None = None,
    env: Mapping[str, str] | None = None,
) -> tuple[int, bool, float]:
    """Run ``command``, writing its output to ``log_file`` and passing each line to ``on_line``.

    Returns (exit code, whether the timeout killed it, seconds). Raises RunCancelledError on
    Ctrl-C or when ``cancel`` is set; the process group is gone either way. ``env`` is added
    to the process's environment.
    """
    started = time.monotonic()
    proc = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env=child_env(env),
        text=True,
        encoding="utf-8",
        errors="replace",
        bufsize=1,
    )

    def end_leftovers() -> None:
        # A child left running may hold the output pipe open: end it once Odoo exits,
        # so that reading stops at Odoo's last line rather than at the timeout.
        proc.wait()
        end_process_group(proc.pid)

    threading.Thread(target=end_leftovers, daemon=True).start()
    cancel_watch: threading.Thread | None = None
    if cancel is not None:

        def watch_cancel() -> None:
            while proc.poll() is None:
                if cancel.wait(0.2):
                    _terminate(proc)
                    return

        cancel_watch = threading.Thread(target=watch_cancel, daemon=True)
        cancel_watch.start()
    try:
        with _supervised(proc, timeout) as timed_out, log_file.open("w", encoding="utf-8") as log:
            assert proc.stdout is not None
            for line in proc.stdout:
                log.write(line)
                on_line(line.rstrip("\n"))
            code = proc.wait()
    except KeyboardInterrupt:
        raise RunCancelledError("interrupted while Odoo was running") from None
    if cancel is not None and cancel.is_set():
        raise RunCancelledError("the run was cancelled")
    return code, timed_out.is_set(), time.monotonic() - started
