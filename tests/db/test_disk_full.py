"""A clone that runs out of disk: a clear error, and neither database nor filestore left.

The disk is a real small tmpfs holding a PostgreSQL tablespace, so it needs the right to
mount (root, outside most containers); elsewhere the test skips and says why.
"""

from __future__ import annotations

import os
import pwd
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from psycopg import sql

from odoo_factory.db import EmbeddedCluster, list_databases, server_target
from odoo_factory.db.embedded import SYSTEM_USER
from odoo_factory.errors import DatabaseError
from odoo_factory.runtime import templates
from odoo_factory.runtime.templates import clone_database
from odoo_factory.settings import Settings
from tests.db.mounts import mounted_tmpfs

DISK_MB = 24
TABLESPACE = "oft_small_disk"
SOURCE = "oft_tpl_disk_full_source"
CLONE = "oft_run_disk_full_clone"


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A mounted tmpfs of DISK_MB megabytes, owned by the embedded server's user."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small disk needs root")
    with mounted_tmpfs("oft-small-disk-", f"size={DISK_MB}m,mode=0700") as folder:
        user = pwd.getpwnam(SYSTEM_USER)
        os.chown(folder, user.pw_uid, user.pw_gid)
        yield folder


def test_clone_on_a_full_disk_fails_cleanly(
    pg_settings: Settings, small_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Copy files at once, as for a big template: a WAL-logged copy of a small one stays in
    # shared buffers and would hit the full disk only at the next checkpoint.
    monkeypatch.setattr(templates, "FILE_COPY_ABOVE", 0)
    target = server_target(pg_settings, start=False)
    admin = EmbeddedCluster(pg_settings).superuser_target()
    with admin.connect() as conn:
        conn.execute(
            sql.SQL("CREATE TABLESPACE {} OWNER {} LOCATION {}").format(
                sql.Identifier(TABLESPACE),
                sql.Identifier(pg_settings.db_user),
                sql.Literal(str(small_disk)),
            )
        )
    try:
        with target.connect() as conn:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TABLESPACE {}").format(
                    sql.Identifier(SOURCE), sql.Identifier(TABLESPACE)
                )
            )
        # A source that takes more than half of the disk: its copy cannot fit.
        with target.connect(dbname=SOURCE) as conn:
            conn.execute(
                "CREATE TABLE filler AS SELECT g AS id, repeat(md5(g::text), 8) AS payload "
                "FROM generate_series(1, 40000) AS g"
            )
        used = shutil.disk_usage(small_disk).used
        assert used > DISK_MB * 1024 * 1024 / 2, used
        pg_settings.filestore(SOURCE).mkdir(parents=True)
        (pg_settings.filestore(SOURCE) / "a").write_bytes(b"x")

        with pytest.raises(DatabaseError, match="no space left on the device") as exc:
            clone_database(pg_settings, target, SOURCE, CLONE)
        assert exc.value.hint and "template drop" in exc.value.hint
        assert CLONE not in list_databases(target, "oft_run_")
        assert not pg_settings.filestore(CLONE).exists()
    finally:
        with target.connect() as conn:
            for name in (CLONE, SOURCE):
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        shutil.rmtree(pg_settings.filestore(SOURCE), ignore_errors=True)
        with admin.connect() as conn:
            conn.execute(sql.SQL("DROP TABLESPACE IF EXISTS {}").format(sql.Identifier(TABLESPACE)))
