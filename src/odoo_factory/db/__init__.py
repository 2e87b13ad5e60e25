"""PostgreSQL: the embedded server by default, or a server the user names."""

from __future__ import annotations

from odoo_factory.db.embedded import EmbeddedCluster
from odoo_factory.db.server import PgTarget, check_server_version, drop_database, list_databases
from odoo_factory.settings import Settings

__all__ = [
    "EmbeddedCluster",
    "PgTarget",
    "check_server_version",
    "drop_database",
    "list_databases",
    "server_target",
]


def server_target(settings: Settings, start: bool = True) -> PgTarget:
    """The server to use; the embedded one is started on demand when ``start`` is true."""
    if settings.db_dsn is not None:
        return PgTarget(
            host=None, port=settings.db_port, user=settings.db_user, dsn=settings.db_dsn
        )
    if settings.db_host is not None:
        return PgTarget(
            host=settings.db_host,
            port=settings.db_port,
            user=settings.db_user,
            password=settings.db_password,
        )
    cluster = EmbeddedCluster(settings)
    if start:
        cluster.start()
    return cluster.target()
