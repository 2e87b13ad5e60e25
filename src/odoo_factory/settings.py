"""Settings: one typed object, built at the entry point and passed down.

Values come from the environment (prefix ``ODOO_FACTORY_``) or from keyword arguments. Nothing
is read or created at import time; :meth:`Settings.ensure_dirs` creates the data folder when a
command needs it.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("odoo-factory", appauthor=False))


class Settings(BaseSettings):
    """Everything Odoo Factory can be told, with its defaults."""

    model_config = SettingsConfigDict(env_prefix="ODOO_FACTORY_", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for the embedded PostgreSQL cluster, runtimes, filestores and logs.",
    )

    # PostgreSQL. With no db_dsn and no db_host, the embedded server is used.
    db_dsn: str | None = Field(
        default=None,
        description="libpq connection string of a PostgreSQL server to use instead of the "
        "embedded one, e.g. 'host=127.0.0.1 port=5432 user=odoo password=odoo'.",
    )
    db_host: str | None = Field(default=None, description="Host or socket folder of a server.")
    db_port: int = Field(default=5432, description="Port of the server (embedded: socket name).")
    db_user: str = Field(default="odoo", description="Role Odoo connects as (never 'postgres').")
    db_password: str | None = Field(default=None, description="Password of db_user.")

    # Runs
    test_timeout: float = Field(
        default=1800.0, gt=0, description="Seconds after which a test run is killed."
    )
    install_timeout: float = Field(
        default=1800.0, gt=0, description="Seconds after which a template build is killed."
    )
    template_modules: tuple[str, ...] = Field(
        default=("base", "web"),
        description="Modules every template has, besides the addon's own dependencies.",
    )

    warm_workers: bool = Field(
        default=True,
        description="Run tests in a warm worker that has imported Odoo and the template's "
        "addons once (the same run, without the imports).",
    )
    worker_idle: float = Field(
        default=600.0, gt=0, description="Seconds a warm worker waits for work before it exits."
    )

    @property
    def uses_embedded_db(self) -> bool:
        return self.db_dsn is None and self.db_host is None

    @property
    def pg_dir(self) -> Path:
        return self.data_dir / "postgres"

    @property
    def runtimes_file(self) -> Path:
        return self.data_dir / "runtimes.json"

    @property
    def runtimes_dir(self) -> Path:
        return self.data_dir / "runtimes"

    @property
    def odoo_data_dir(self) -> Path:
        """Odoo's ``--data-dir``: filestores of templates and clones live below it."""
        return self.data_dir / "odoo-data"

    @property
    def runs_dir(self) -> Path:
        return self.data_dir / "runs"

    def filestore(self, dbname: str) -> Path:
        return self.odoo_data_dir / "filestore" / dbname

    def ensure_dirs(self) -> None:
        for path in (self.data_dir, self.runs_dir, self.odoo_data_dir / "filestore"):
            path.mkdir(parents=True, exist_ok=True)
