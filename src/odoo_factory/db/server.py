"""A PostgreSQL server Odoo Factory talks to: where it is, how to connect, what it can do."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg
from psycopg import sql

from odoo_factory.errors import DatabaseError, DatabaseUnavailableError, DatabaseVersionError
from odoo_factory.profiles import SeriesProfile

__all__ = [
    "PgTarget",
    "check_server_version",
    "drop_database",
    "drop_database_patiently",
    "list_databases",
]


# Connection parameters for which Odoo has no option, or none that keeps a secret off its
# command line: libpq reads them from these variables.
_LIBPQ_ENV = {
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}


@dataclass(frozen=True)
class PgTarget:
    """Connection facts for one server. ``host`` is a host name or a unix socket folder."""

    host: str | None
    port: int
    user: str
    password: str | None = None
    dsn: str | None = None
    embedded: bool = False

    def conninfo(self, dbname: str = "postgres") -> str:
        if self.dsn is not None:
            return psycopg.conninfo.make_conninfo(self.dsn, dbname=dbname)
        params: dict[str, str | int] = {"dbname": dbname, "port": self.port, "user": self.user}
        if self.host:
            params["host"] = self.host
        if self.password:
            params["password"] = self.password
        return psycopg.conninfo.make_conninfo("", **params)

    def params(self) -> dict[str, str]:
        return psycopg.conninfo.conninfo_to_dict(self.conninfo())  # type: ignore[return-value]

    def odoo_args(self) -> list[str]:
        """The odoo-bin options that point Odoo at this server (never its password)."""
        params = self.params()
        args = [f"--db_user={params.get('user', self.user)}"]
        if params.get("host"):
            args.append(f"--db_host={params['host']}")
        if params.get("port"):
            args.append(f"--db_port={params['port']}")
        if params.get("sslmode"):  # Odoo passes its own (default 'prefer') over PGSSLMODE
            args.append(f"--db_sslmode={params['sslmode']}")
        return args

    def odoo_env(self) -> dict[str, str]:
        """Environment for an Odoo process: the password (and how to check the server) in
        the variables libpq reads, e.g. PGPASSWORD.

        A command line is visible to every local user; a process's environment is not.
        """
        params = self.params()
        return {env: params[key] for key, env in _LIBPQ_ENV.items() if params.get(key)}

    def url(self, dbname: str = "postgres") -> str:
        """A libpq URL (``postgresql://user@/db?host=/socket&port=N``)."""
        params = self.params()
        host = params.get("host", "")
        user = params.get("user", "")
        query = f"port={params.get('port', self.port)}"
        if host.startswith("/"):
            return f"postgresql://{user}@/{dbname}?host={host}&{query}"
        return f"postgresql://{user}@{host}:{params.get('port', self.port)}/{dbname}"

    @contextmanager
    def connect(
        self, dbname: str = "postgres", autocommit: bool = True
    ) -> Iterator[psycopg.Connection]:
        try:
            conn = psycopg.connect(self.conninfo(dbname), autocommit=autocommit, connect_timeout=10)
        except psycopg.OperationalError as exc:
            raise DatabaseUnavailableError(
                f"cannot connect to PostgreSQL ({self.describe()}): {_first_line(exc)}",
                hint="start it with 'odoo-factory db start', or check ODOO_FACTORY_DB_DSN / "
                "ODOO_FACTORY_DB_HOST",
            ) from exc
        try:
            yield conn
        finally:
            conn.close()

    def describe(self) -> str:
        params = self.params()
        where = params.get("host") or "localhost"
        return f"{params.get('user', '')}@{where}:{params.get('port', self.port)}"

    def server_version(self) -> int:
        """``server_version_num``, e.g. 180001."""
        with self.connect() as conn:
            row = conn.execute("SHOW server_version_num").fetchone()
        assert row is not None
        return int(row[0])


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def version_label(version_num: int) -> str:
    major = version_num // 10000
    return f"{major}.{version_num % 10000}" if major >= 10 else f"{version_num / 10000:.1f}"


def check_server_version(target: PgTarget, profile: SeriesProfile) -> int:
    """Refuse a server older than ``profile`` needs; returns the server's version number."""
    version = target.server_version()
    major = version // 10000 if version >= 100000 else version / 10000
    if major < profile.postgres_min:
        raise DatabaseVersionError(
            f"PostgreSQL {version_label(version)} at {target.describe()} is too old for Odoo "
            f"{profile.series}, which needs {profile.postgres_min:g} or newer",
            hint="use the embedded server (unset ODOO_FACTORY_DB_DSN/HOST) or upgrade PostgreSQL",
        )
    return version


def list_databases(target: PgTarget, prefix: str = "") -> list[str]:
    with target.connect() as conn:
        rows = conn.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY datname",
            (prefix.replace("_", r"\_") + "%",),
        ).fetchall()
    return [row[0] for row in rows]


def drop_database(target: PgTarget, dbname: str) -> None:
    """Drop ``dbname`` if it exists, closing any connection still open to it."""
    with target.connect() as conn:
        try:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
            )
        except psycopg.Error as exc:
            raise DatabaseError(f"cannot drop database {dbname!r}: {_first_line(exc)}") from exc


def _terminate_sessions(target: PgTarget, dbname: str) -> None:
    """Ask the server to end every session on ``dbname`` (those it lets us end)."""
    with target.connect() as conn:
        pids = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (dbname,),
        ).fetchall()
        for (pid,) in pids:
            try:
                conn.execute("SELECT pg_terminate_backend(%s, 5000)", (pid,))
            except psycopg.Error:
                continue


def drop_database_patiently(
    target: PgTarget, dbname: str, attempts: int = 5, first_pause: float = 0.2
) -> DatabaseError | None:
    """Drop ``dbname``, retrying with a doubling pause; the last error when all attempts fail.

    A session that is still closing, or an autovacuum worker that started on the database,
    makes a single ``DROP`` fail; each retry first ends the sessions left on it.
    """
    pause = first_pause
    error: DatabaseError | None = None
    for attempt in range(attempts):
        if attempt:
            time.sleep(pause)
            pause *= 2
        try:
            _terminate_sessions(target, dbname)
            drop_database(target, dbname)
        except DatabaseError as exc:
            error = exc
            continue
        return None
    return error
