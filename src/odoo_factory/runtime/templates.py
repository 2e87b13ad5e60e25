"""Template databases: built once per (runtime, modules, demo data), cloned for every run.

A template is named from a hash of what it contains: the runtime's Odoo code, the modules and
their source files, and the demo flag. A change in any of them gives a new name, so a stale
template is never used. Builds run under a PostgreSQL advisory lock, so two runs never build
the same template twice. Metadata is kept in the database's comment.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import psycopg
from psycopg import sql
from pydantic import BaseModel

from odoo_factory.db.leftovers import BUILD_PREFIX, drop_run_database
from odoo_factory.db.server import PgTarget, drop_database
from odoo_factory.errors import DatabaseError, TemplateError
from odoo_factory.profiles import get_profile
from odoo_factory.runtime.addons import AddonIndex, dependency_closure
from odoo_factory.runtime.odoo_process import run_odoo
from odoo_factory.runtime.registry import Runtime
from odoo_factory.settings import Settings

__all__ = [
    "TemplateInfo",
    "clone_database",
    "drop_template",
    "ensure_template",
    "list_templates",
    "template_name",
]

TEMPLATE_PREFIX = "oft_tpl_"
FILE_COPY_ABOVE = 256 * 1024 * 1024  # bytes; see clone_database


class TemplateInfo(BaseModel):
    name: str
    runtime: str
    series: str
    modules: list[str]
    demo: bool
    created: str
    build_seconds: float
    size_bytes: int | None = None


@dataclass(frozen=True)
class TemplateRequest:
    runtime: Runtime
    modules: tuple[str, ...]
    demo: bool

    def name(self) -> str:
        return template_name(self.runtime, self.modules, self.demo)


def _tree_signature(digest: hashlib._Hash, folder: Path, skip: str | None = None) -> None:
    """Feed the names, sizes and modification times of the files below ``folder``."""
    stack = [(str(folder), "")]
    while stack:
        path, prefix = stack.pop()
        try:
            entries = sorted(os.scandir(path), key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if name != "__pycache__" and name != skip:
                    stack.append((entry.path, f"{prefix}{name}/"))
            elif not name.endswith((".pyc", ".pyo")):
                try:
                    stat = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                digest.update(f"{prefix}{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())


def template_name(runtime: Runtime, modules: tuple[str, ...], demo: bool) -> str:
    """``oft_tpl_<major>_<hash>``: the hash covers Odoo's code, the modules' files and demo."""
    available = AddonIndex(runtime.addons_paths)
    closure, _missing = dependency_closure(modules, available)
    digest = hashlib.sha256()
    digest.update(f"{runtime.path}\0{runtime.series}\0{runtime.python}\0{demo}\n".encode())
    digest.update(("modules:" + ",".join(sorted(set(modules))) + "\n").encode())
    _tree_signature(digest, runtime.path / "odoo", skip="addons")
    for name in sorted(closure):
        digest.update(f"addon:{name}\n".encode())
        addon = available.get(name)
        assert addon is not None
        _tree_signature(digest, addon.path)
    major = runtime.series.split(".")[0].replace("saas~", "s")
    return f"{TEMPLATE_PREFIX}{major}_{digest.hexdigest()[:16]}"


@contextmanager
def advisory_lock(target: PgTarget, key: str) -> Iterator[None]:
    """A session-level PostgreSQL advisory lock on ``key``, held by a dedicated connection."""
    lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with target.connect() as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (lock_id,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (lock_id,))


def database_exists(target: PgTarget, name: str) -> bool:
    with target.connect() as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def demo_args(series: str, demo: bool) -> list[str]:
    """The options that give a new database demo data or not, for ``series``."""
    default = get_profile(series).demo_default
    if demo and not default:
        return ["--with-demo"]
    if not demo and default:
        return ["--without-demo=all"]
    return []


def ensure_template(
    settings: Settings,
    target: PgTarget,
    runtime: Runtime,
    modules: tuple[str, ...],
    demo: bool,
    progress: Callable[[str], None] | None = None,
) -> tuple[str, float]:
    """The template for these modules, built first if needed; returns (name, build seconds)."""
    name = template_name(runtime, modules, demo)
    if database_exists(target, name):
        return name, 0.0
    with advisory_lock(target, name):
        if database_exists(target, name):  # built by another run while we waited
            return name, 0.0
        started = time.monotonic()
        if progress:
            progress(f"building template {name} ({', '.join(modules)}) — once per module set")
        _build(settings, target, runtime, modules, demo, name)
        seconds = time.monotonic() - started
        info = TemplateInfo(
            name=name,
            runtime=runtime.name,
            series=runtime.series,
            modules=sorted(modules),
            demo=demo,
            created=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            build_seconds=round(seconds, 2),
        )
        with target.connect() as conn:
            conn.execute(
                sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                    sql.Identifier(name), sql.Literal(info.model_dump_json())
                )
            )
    return name, seconds


def _build(
    settings: Settings,
    target: PgTarget,
    runtime: Runtime,
    modules: tuple[str, ...],
    demo: bool,
    name: str,
) -> None:
    build = f"{BUILD_PREFIX}{name[len(TEMPLATE_PREFIX) :]}_{os.getpid()}"
    settings.ensure_dirs()
    log_file = settings.runs_dir / f"{build}.log"
    args = [
        "-d",
        build,
        "-i",
        ",".join(modules),
        "--stop-after-init",
        "--no-http",
        f"--data-dir={settings.odoo_data_dir}",
        runtime.addons_path_arg(),
        "--max-cron-threads=0",
        "--log-level=warn",
        f"--logfile={log_file}",
        *target.odoo_args(),
        *demo_args(runtime.series, demo),
    ]
    try:
        code = run_odoo(runtime, args, timeout=settings.install_timeout, env=target.odoo_env())
        if code != 0 or not _modules_installed(target, build, modules):
            tail = _log_errors(log_file)
            raise TemplateError(
                f"building the template for {', '.join(modules)} on {runtime.name} failed"
                + (f": {tail}" if tail else f" (odoo exited {code})"),
                hint=f"see {log_file}; run 'odoo-factory runtime doctor {runtime.name}'",
            )
        with target.connect() as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
                    sql.Identifier(build), sql.Identifier(name)
                )
            )
        source = settings.filestore(build)
        if source.exists():
            os.replace(source, settings.filestore(name))
        log_file.unlink(missing_ok=True)
    except BaseException:
        drop_run_database(settings, target, build)  # left for 'db gc' when it fails
        raise


def _modules_installed(target: PgTarget, dbname: str, modules: tuple[str, ...]) -> bool:
    try:
        with target.connect(dbname) as conn:
            rows = conn.execute(
                "SELECT name FROM ir_module_module WHERE state = 'installed' AND name = ANY(%s)",
                (list(modules),),
            ).fetchall()
    except (psycopg.Error, DatabaseError):
        return False
    return {row[0] for row in rows} == set(modules)


def _log_errors(log_file: Path) -> str:
    try:
        lines = log_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    for line in lines:
        if " ERROR " in line or " CRITICAL " in line:
            return line.split(": ", 1)[-1][:300]
    return ""


def clone_database(settings: Settings, target: PgTarget, template: str, name: str) -> None:
    """``CREATE DATABASE name TEMPLATE template`` and a hard-linked copy of its filestore.

    Filestore files are named by their content and never rewritten in place, so links are
    as safe as copies and cost nothing.
    """
    with target.connect() as conn:
        try:
            size = conn.execute("SELECT pg_database_size(%s)", (template,)).fetchone()
            # FILE_COPY copies files but first forces a checkpoint, which costs more than
            # the copy itself after a busy run; WAL_LOG is faster for small templates.
            strategy = "FILE_COPY" if size and size[0] > FILE_COPY_ABOVE else "WAL_LOG"
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY {}").format(
                    sql.Identifier(name), sql.Identifier(template), sql.SQL(strategy)
                )
            )
        except psycopg.errors.DiskFull as exc:
            raise DatabaseError(
                f"no space left on the device to clone {template}",
                hint="free disk space, or drop old templates with "
                "'odoo-factory template drop --all'",
            ) from exc
        except psycopg.Error as exc:
            raise DatabaseError(f"cannot clone {template} into {name}: {exc}".strip()) from exc
    source = settings.filestore(template)
    if source.exists():
        try:
            shutil.copytree(source, settings.filestore(name), copy_function=os.link)
        except OSError:
            drop_run_database(settings, target, name)
            raise


def drop_clone(settings: Settings, target: PgTarget, name: str) -> None:
    drop_database(target, name)
    shutil.rmtree(settings.filestore(name), ignore_errors=True)


def list_templates(target: PgTarget) -> list[TemplateInfo]:
    with target.connect() as conn:
        rows = conn.execute(
            "SELECT datname, shobj_description(oid, 'pg_database'), pg_database_size(oid) "
            "FROM pg_database WHERE datname LIKE %s ORDER BY datname",
            (TEMPLATE_PREFIX.replace("_", r"\_") + "%",),
        ).fetchall()
    infos = []
    for name, comment, size in rows:
        try:
            data = json.loads(comment or "{}")
            info = TemplateInfo.model_validate({**data, "name": name, "size_bytes": size})
        except ValueError:
            info = TemplateInfo(
                name=name,
                runtime="?",
                series="?",
                modules=[],
                demo=False,
                created="?",
                build_seconds=0.0,
                size_bytes=size,
            )
        infos.append(info)
    return infos


def drop_template(settings: Settings, target: PgTarget, name: str) -> None:
    if not name.startswith(TEMPLATE_PREFIX):
        raise TemplateError(
            f"{name!r} is not a template of Odoo Factory",
            hint="'odoo-factory template list' shows them",
        )
    with advisory_lock(target, name):
        drop_clone(settings, target, name)
