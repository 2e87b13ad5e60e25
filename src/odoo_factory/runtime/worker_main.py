"""A warm Odoo worker, run by a runtime's own Python (3.8+, standard library and Odoo only).

It imports Odoo and the Python code of a template's addons once, then serves runs on a unix
socket: for each request it forks a child that runs Odoo's own command line (``odoo.cli``)
with the request's arguments, its output written to the request's log file. The child is the
same process a cold ``odoo-bin`` would be, minus the imports it finds already done.

Protocol, one JSON document per line:
    client -> {"argv": [...], "log": "/path/odoo.log", "env": {...}}
                                                          worker -> {"pid": N}
                                                          worker -> {"exit": CODE}
    client -> {"stop": true}                              the worker exits
It exits by itself after ``idle`` seconds without a run. ``env`` (the database password, for
one) is added to the child's environment only: it is never on a command line or in a log.

Usage: python worker_main.py SOCKET LAUNCH_DIR ADDONS_PATH MODULES IDLE_SECONDS
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import json
import os
import select
import socket
import sys
import time
import traceback
from typing import Any


def _exit_code(status: int) -> int:
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    if os.WIFSIGNALED(status):
        return -os.WTERMSIG(status)
    return 1


def _child(request: dict[str, Any], launcher: str, server: socket.socket) -> None:
    """In the forked child: run Odoo's command line, never return."""
    code = 1
    try:
        server.close()
        os.setsid()
        log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.environ.update(request.get("env") or {})
        sys.argv = [launcher, *request["argv"]]
        import odoo.cli  # type: ignore

        main = getattr(odoo.cli, "main", None) or odoo.cli.command.main  # type: ignore
        try:
            main()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def _send(conn: socket.socket, data: dict[str, Any]) -> None:
    with contextlib.suppress(OSError):
        conn.sendall((json.dumps(data) + "\n").encode())


def _read_request(conn: socket.socket) -> dict[str, Any]:
    buffer = b""
    conn.settimeout(10)
    while not buffer.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        buffer += chunk
    data: dict[str, Any] = json.loads(buffer.decode() or "{}")
    return data


def is_run_request(request: dict[str, Any]) -> bool:
    """A request that asks for a run: a command line (a list of strings) and a log file."""
    argv = request.get("argv")
    return (
        isinstance(argv, list)
        and all(isinstance(arg, str) for arg in argv)
        and isinstance(request.get("log"), str)
        and isinstance(request.get("env", {}), dict)
    )


def serve(
    socket_path: str, launch_dir: str, addons_path: str, modules: list[str], idle: float
) -> None:
    os.environ["TZ"] = "UTC"
    time.tzset()
    sys.path.insert(0, launch_dir)
    import odoo.cli  # type: ignore  # noqa: F401
    from odoo.modules.module import initialize_sys_path  # type: ignore
    from odoo.tools import config  # type: ignore

    # Each run's child parses its own command line again. Where the options are plain dicts
    # that parsing edits (up to 18.0; 17.0 pops ``longpolling_port``, for one), the child
    # gets them unparsed; from 19.0 ``options`` is a ChainMap that keeps each source apart.
    pristine = {
        key: copy.deepcopy(value)
        for key in ("options", "misc")
        if isinstance(value := getattr(config, key, None), dict)
    }
    config.parse_config(["--addons-path=" + addons_path])
    initialize_sys_path()
    for name in modules:
        importlib.import_module("odoo.addons." + name)
    for key, value in pristine.items():
        setattr(config, key, value)
    launcher = os.path.join(launch_dir, "odoo-run.py")

    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    pending_path = socket_path + ".starting"
    if os.path.exists(pending_path):
        os.unlink(pending_path)
    server.bind(pending_path)
    server.listen(16)
    os.replace(pending_path, socket_path)  # the socket appears only once the worker is ready
    running: dict[int, socket.socket] = {}
    last_activity = time.monotonic()
    try:
        while True:
            readable, _, _ = select.select([server], [], [], 0.1)
            if readable:
                conn, _ = server.accept()
                try:
                    request = _read_request(conn)
                except (OSError, ValueError):
                    conn.close()
                    continue
                if request.get("stop"):
                    conn.close()
                    break
                if not is_run_request(request):
                    conn.close()  # a liveness probe (connect, close) or a malformed request
                    continue
                pid = os.fork()
                if pid == 0:
                    _child(request, launcher, server)
                running[pid] = conn
                _send(conn, {"pid": pid})
                last_activity = time.monotonic()
            while running:
                try:
                    pid, status = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if pid == 0:
                    break
                if pid in running:
                    conn = running.pop(pid)
                    _send(conn, {"exit": _exit_code(status)})
                    conn.close()
                last_activity = time.monotonic()
            if not running and time.monotonic() - last_activity > idle:
                break
    finally:
        if os.path.exists(socket_path):
            os.unlink(socket_path)
        server.close()


def _last_resort(socket_path: str, addons_path: str, exc: BaseException) -> int:
    """An unexpected exception: its traceback in a crash log beside the socket, one line on
    stderr (the worker's log, whose last line the client shows), exit code 70."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    folder = os.path.dirname(os.path.abspath(socket_path)) if socket_path else "/tmp"
    log = os.path.join(folder, f"crash-{stamp}-{os.getpid()}.log")
    try:
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
            traceback.print_exception(type(exc), exc, exc.__traceback__, file=handle)
        where = "the traceback is in " + log
    except OSError:
        where = "no log file could be written in " + folder
    lines = str(exc).strip().splitlines()
    reason = f"{type(exc).__name__}: {lines[0][:300] if lines else ''}"
    roots = [os.path.abspath(p) + os.sep for p in addons_path.split(",") if p]
    frames = traceback.extract_tb(exc.__traceback__)
    missing = getattr(exc, "name", None) or ""
    if isinstance(exc, ImportError) and (missing == "odoo" or missing.startswith("odoo.")):
        line = f"the warm worker could not import Odoo: {reason} (check the runtime; {where})"
    elif any(os.path.abspath(f.filename).startswith(tuple(roots)) for f in frames if roots):
        line = f"the warm worker could not import the addons: {reason} ({where})"
    else:
        line = f"the warm worker failed: {reason} (this is a bug, please report it; {where})"
    print(line, file=sys.stderr, flush=True)
    return 70


def main(argv: list[str]) -> int:
    """Serve until idle or told to stop; every unexpected exception ends in one line."""
    path, addons = (argv[1:2] or [""])[0], (argv[3:4] or [""])[0]
    try:
        path, launch, addons, names, idle_seconds = argv[1:6]
        serve(path, launch, addons, [n for n in names.split(",") if n], float(idle_seconds))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        return _last_resort(path, addons, exc)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
