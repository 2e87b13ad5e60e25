"""Warm workers: Odoo imported once per (runtime, template), one fork per run.

A cold run spends about half its time importing Odoo and the Python code of the template's
addons. A warm worker (``worker_main.py``, run by the runtime's Python) does those imports
once and forks a child per run; the child runs Odoo's own command line with the same
arguments a cold run gets, so the database work and the verdict are the same. Workers live
in the data folder (``workers/``), start on the first run that needs them and exit after
``settings.worker_idle`` seconds without work, or on ``stop_workers``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import select
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from filelock import FileLock

from odoo_factory.errors import OdooRuntimeError, RunCancelledError
from odoo_factory.runtime.addons import AddonIndex, dependency_closure
from odoo_factory.runtime.odoo_process import child_env, end_process_group
from odoo_factory.runtime.registry import Runtime
from odoo_factory.settings import Settings

__all__ = ["WarmWorker", "stop_workers", "workers_folder"]

_WORKER_SCRIPT = Path(__file__).with_name("worker_main.py")
_SOCKET_PATH_MAX = 100


def workers_folder(settings: Settings) -> Path:
    """Where the warm workers of a data folder keep their sockets and logs."""
    preferred = settings.data_dir / "workers"
    if len(str(preferred)) + 30 <= _SOCKET_PATH_MAX:
        return preferred
    digest = hashlib.sha1(str(settings.data_dir).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"odoo-factory-workers-{digest}"


class WarmWorker:
    """The worker for one runtime and one template (the addons it has imported)."""

    def __init__(
        self, settings: Settings, runtime: Runtime, template: str, modules: tuple[str, ...]
    ) -> None:
        self.settings = settings
        self.runtime = runtime
        closure, _missing = dependency_closure(modules, AddonIndex(runtime.addons_paths))
        self.modules = sorted(closure)
        key = f"{runtime.name}\0{runtime.python}\0{template}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        self.folder = workers_folder(settings)
        self.socket_path = self.folder / f"{digest}.sock"
        self.log_path = self.folder / f"{digest}.log"

    # -- life cycle ----------------------------------------------------------------------
    def _connect(self) -> socket.socket | None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(self.socket_path))
        except OSError:
            sock.close()
            return None
        return sock

    def ensure_started(self, timeout: float = 180.0) -> None:
        """Start the worker unless it runs; returns once it accepts runs."""
        probe = self._connect()
        if probe is not None:
            probe.close()
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.socket_path) + ".lock", timeout=timeout):
            probe = self._connect()
            if probe is not None:
                probe.close()
                return
            self.socket_path.unlink(missing_ok=True)
            command = [
                str(self.runtime.python),
                str(_WORKER_SCRIPT),
                str(self.socket_path),
                str(self.runtime.launch_dir),
                ",".join(str(path) for path in self.runtime.addons_paths),
                ",".join(self.modules),
                str(self.settings.worker_idle),
            ]
            with self.log_path.open("w", encoding="utf-8") as log:
                proc = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    env=child_env(),
                    cwd=str(self.runtime.launch_dir),
                )
            deadline = time.monotonic() + timeout
            while not self.socket_path.exists():
                if proc.poll() is not None or time.monotonic() > deadline:
                    with contextlib.suppress(ProcessLookupError):
                        proc.kill()
                    tail = self.log_path.read_text(errors="replace").strip().splitlines()
                    raise OdooRuntimeError(
                        f"the warm worker for {self.runtime.name} did not start: "
                        f"{tail[-1] if tail else 'no output'}",
                        hint=f"see {self.log_path}; --cold runs without it",
                    )
                time.sleep(0.05)

    def stop(self) -> bool:
        sock = self._connect()
        if sock is None:
            return False
        with sock:
            sock.sendall(b'{"stop": true}\n')
        deadline = time.monotonic() + 10
        while self.socket_path.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        return True

    # -- runs ----------------------------------------------------------------------------
    def run(
        self,
        args: list[str],
        log_file: Path,
        timeout: float,
        on_line: Callable[[str], None],
        cancel: threading.Event | None = None,
        env: Mapping[str, str] | None = None,
    ) -> tuple[int, bool, float]:
        """Run Odoo with ``args`` in a fresh child; same contract as ``stream_odoo``.

        ``env`` is added to the child's environment; it travels over the worker's socket,
        never on a command line.
        """
        started = time.monotonic()
        sock = self._connect()
        if sock is None:
            raise OdooRuntimeError("the warm worker is not running")
        log_file.touch()
        request = {"argv": args, "log": str(log_file), "env": dict(env or {})}
        with sock:
            sock.sendall((json.dumps(request) + "\n").encode())
            reader = sock.makefile("r", encoding="utf-8")
            pid = int(json.loads(reader.readline())["pid"])
            timed_out = False
            code: int | None = None
            try:
                with log_file.open("r", encoding="utf-8", errors="replace") as log:
                    partial = ""
                    while code is None:
                        ready, _, _ = select.select([sock], [], [], 0.1)
                        partial = self._pump(log, partial, on_line)
                        if ready:
                            line = reader.readline()
                            code = int(json.loads(line)["exit"]) if line else -1
                        elif not timed_out and time.monotonic() - started > timeout:
                            timed_out = True
                            end_process_group(pid)
                        elif cancel is not None and cancel.is_set():
                            end_process_group(pid)
                            raise RunCancelledError("the run was cancelled")
                    partial = self._pump(log, partial, on_line)
                    if partial:
                        on_line(partial)
                end_process_group(pid)  # what the run's Odoo left running
            except KeyboardInterrupt:
                end_process_group(pid)
                raise RunCancelledError("interrupted while Odoo was running") from None
            except BaseException:
                end_process_group(pid)
                raise
        return code, timed_out, time.monotonic() - started

    @staticmethod
    def _pump(log: object, partial: str, on_line: Callable[[str], None]) -> str:
        chunk = log.read()  # type: ignore[attr-defined]
        if not chunk:
            return partial
        text = partial + chunk
        lines = text.split("\n")
        for line in lines[:-1]:
            on_line(line)
        return str(lines[-1])


def stop_workers(settings: Settings) -> int:
    """Stop every warm worker of this data folder; returns how many were running."""
    folder = workers_folder(settings)
    stopped = 0
    for path in sorted(folder.glob("*.sock")) if folder.exists() else []:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.connect(str(path))
            sock.sendall(b'{"stop": true}\n')
            stopped += 1
        except OSError:
            path.unlink(missing_ok=True)
        finally:
            sock.close()
    deadline = time.monotonic() + 10
    while folder.exists() and any(folder.glob("*.sock")) and time.monotonic() < deadline:
        time.sleep(0.05)
    return stopped
