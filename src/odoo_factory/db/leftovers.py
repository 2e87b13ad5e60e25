"""Databases a run or a template build left behind, and the reaper that drops them.

A run claims its database for its whole life with a lock file in its run folder
(``runs/<database>/.lock``); the operating system releases the lock when the process ends,
however it ends. A run database whose claim is free belongs to no live run: it is a leftover
(a drop that failed, a killed process, ``test --keep``). A half-built template
(``oft_bld_<hash>_<pid>``) is a leftover once the process that built it is gone.

On a server of the user's own, several machines may share it: each run database carries its
owner (host and data folder) in its comment, and only those of this data folder are touched.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
from filelock import FileLock, Timeout
from psycopg import sql

from odoo_factory.db.server import PgTarget, drop_database_patiently, list_databases
from odoo_factory.errors import DatabaseError
from odoo_factory.settings import Settings

__all__ = [
    "BUILD_PREFIX",
    "RUN_PREFIX",
    "GcReport",
    "Leftover",
    "claim_run_database",
    "collect_leftovers",
    "drop_run_database",
    "find_leftovers",
]

RUN_PREFIX = "oft_run_"
BUILD_PREFIX = "oft_bld_"


@dataclass(frozen=True)
class Leftover:
    name: str
    kind: str  # "run" | "build"
    reason: str


@dataclass
class GcReport:
    dry_run: bool
    leftovers: list[Leftover] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def _owner(settings: Settings) -> dict[str, str]:
    return {"host": socket.gethostname(), "data_dir": str(settings.data_dir.resolve())}


def _claim_file(settings: Settings, name: str) -> Path:
    return settings.runs_dir / name / ".lock"


@contextmanager
def claim_run_database(settings: Settings, name: str) -> Iterator[Path]:
    """Hold the claim on run database ``name`` for the block; yields the run's folder."""
    run_dir = settings.runs_dir / name
    run_dir.mkdir(parents=True)
    with FileLock(str(_claim_file(settings, name))):
        yield run_dir


def mark_run_database(settings: Settings, target: PgTarget, name: str) -> None:
    """Record in the database's comment which data folder's run it belongs to."""
    comment = json.dumps({"odoo_factory_run": _owner(settings)})
    with target.connect() as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(comment)
            )
        )


def drop_run_database(settings: Settings, target: PgTarget, name: str) -> DatabaseError | None:
    """Drop a run's (or a build's) database and filestore; the error when the drop failed.

    After a failed drop the database and its filestore stay for ``db gc``.
    """
    error = drop_database_patiently(target, name)
    if error is None:
        shutil.rmtree(settings.filestore(name), ignore_errors=True)
    return error


def _claimed(settings: Settings, name: str) -> bool:
    claim = _claim_file(settings, name)
    if not claim.exists():
        return False
    lock = FileLock(str(claim), timeout=0)
    try:
        lock.acquire()
    except Timeout:
        return True
    lock.release()
    return False


def _comments(target: PgTarget, names: list[str]) -> dict[str, str | None]:
    if not names:
        return {}
    with target.connect() as conn:
        rows = conn.execute(
            "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = ANY(%s)",
            (names,),
        ).fetchall()
    return {row[0]: row[1] for row in rows}


def _elsewhere(settings: Settings, comment: str | None) -> bool:
    """Whether the comment names another machine's or another data folder's run."""
    try:
        owner = json.loads(comment or "{}").get("odoo_factory_run")
    except (ValueError, AttributeError):
        return False
    return isinstance(owner, dict) and owner != _owner(settings)


def _process_lives(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def find_leftovers(settings: Settings, target: PgTarget) -> list[Leftover]:
    """Run databases no live run claims, and half-built templates whose builder is gone."""
    found: list[Leftover] = []
    try:
        runs = list_databases(target, RUN_PREFIX)
        comments = _comments(target, runs)
    except psycopg.Error as exc:
        raise DatabaseError(f"cannot list the run databases: {exc}".strip()) from exc
    for name in runs:
        if _elsewhere(settings, comments.get(name)) or _claimed(settings, name):
            continue
        found.append(Leftover(name=name, kind="run", reason="no live run uses it"))
    if target.embedded:  # build names carry a local pid: meaningless on a shared server
        for name in list_databases(target, BUILD_PREFIX):
            pid = name.rsplit("_", 1)[-1]
            if pid.isdigit() and not _process_lives(int(pid)):
                found.append(
                    Leftover(name=name, kind="build", reason=f"its builder (pid {pid}) is gone")
                )
    return found


def collect_leftovers(settings: Settings, target: PgTarget, dry_run: bool = False) -> GcReport:
    """Drop every leftover database with its filestore (only list them on a dry run)."""
    report = GcReport(dry_run=dry_run, leftovers=find_leftovers(settings, target))
    if dry_run:
        return report
    for leftover in report.leftovers:
        if leftover.kind == "run" and _claimed(settings, leftover.name):
            continue  # claimed since it was listed: never the case for a run's own name
        error = drop_run_database(settings, target, leftover.name)
        if error is None:
            report.dropped.append(leftover.name)
        else:
            report.failed[leftover.name] = error.message
    return report
