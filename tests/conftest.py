"""Shared fixtures: a real embedded PostgreSQL for the session, real Odoo runtimes when given.

Odoo runtimes come from the environment, one pair per series:
    ODOO_FACTORY_TEST_ODOO_18=/path/to/odoo-18-tree
    ODOO_FACTORY_TEST_PYTHON_18=/path/to/venv/bin/python
Tests marked ``odoo`` skip, with that reason shown, when a series has none.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from odoo_factory.db import EmbeddedCluster, list_databases, server_target
from odoo_factory.runtime import Runtime, RuntimeRegistry, add_runtime
from odoo_factory.runtime.warm import stop_workers
from odoo_factory.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
ADDONS = FIXTURES / "addons"
# Every series a runtime can run; those without ODOO_FACTORY_TEST_ODOO_<major> skip visibly.
TEST_SERIES = ("14.0", "15.0", "16.0", "17.0", "18.0", "19.0")


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"data_dir": data_dir, "db_dsn": None, "db_host": None}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session", autouse=True)
def _own_data_folder() -> Iterator[None]:
    """The user's data folder (and a catalogue built there) never leaks into a test: the
    session reads an empty one unless a test points ODOO_FACTORY_DATA_DIR elsewhere."""
    folder = tempfile.mkdtemp(prefix="odoo-factory-test-home-")
    before = os.environ.get("ODOO_FACTORY_DATA_DIR")
    os.environ["ODOO_FACTORY_DATA_DIR"] = folder
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ODOO_FACTORY_DATA_DIR", None)
        else:
            os.environ["ODOO_FACTORY_DATA_DIR"] = before
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_settings() -> Iterator[Settings]:
    """Settings whose data folder holds a running embedded PostgreSQL.

    The folder is not below pytest's own temporary root: every pytest session makes that
    root private again, which would lock the server's user out of a running cluster.
    """
    data_dir = Path(tempfile.mkdtemp(prefix="odoo-factory-test-"))
    settings = make_settings(data_dir)
    cluster = EmbeddedCluster(settings)
    cluster.start()
    try:
        yield settings
    finally:
        stop_workers(settings)
        cluster.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture
def private_dir() -> Iterator[Path]:
    """A folder outside pytest's temporary root, for a cluster of a test's own."""
    folder = Path(tempfile.mkdtemp(prefix="odoo-factory-test-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def cli_env(pg_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The environment the CLI reads, pointed at the session's data folder and server."""
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(pg_settings.data_dir))
    monkeypatch.delenv("ODOO_FACTORY_DB_DSN", raising=False)
    monkeypatch.delenv("ODOO_FACTORY_DB_HOST", raising=False)
    return pg_settings


def _runtime_env(series: str) -> tuple[Path, Path] | None:
    major = series.split(".")[0]
    tree = os.environ.get(f"ODOO_FACTORY_TEST_ODOO_{major}")
    python = os.environ.get(f"ODOO_FACTORY_TEST_PYTHON_{major}")
    if not tree or not python:
        return None
    return Path(tree), Path(python)


@pytest.fixture(scope="session")
def odoo_runtimes(pg_settings: Settings) -> dict[str, Runtime]:
    """The runtimes registered for this session, by series (only those configured)."""
    registry = RuntimeRegistry(pg_settings)
    registered = {rt.series: rt for rt in registry.list()}
    for series in TEST_SERIES:
        found = _runtime_env(series)
        if found and series not in registered:
            registered[series] = add_runtime(pg_settings, found[0], python=found[1])
    return registered


def require_runtime(series: str, odoo_runtimes: dict[str, Runtime]) -> str:
    """``series`` when a real Odoo runtime of it is configured; skips visibly otherwise."""
    if series not in odoo_runtimes:
        major = series.split(".")[0]
        pytest.skip(
            f"no Odoo {series} runtime: set ODOO_FACTORY_TEST_ODOO_{major} and "
            f"ODOO_FACTORY_TEST_PYTHON_{major}"
        )
    return series


@pytest.fixture(params=TEST_SERIES)
def series(request: pytest.FixtureRequest, odoo_runtimes: dict[str, Runtime]) -> str:
    """Each series with a real Odoo runtime; skips visibly for the others."""
    return require_runtime(str(request.param), odoo_runtimes)


def run_databases(settings: Settings) -> list[str]:
    """Clones and half-built templates left on the server (there should be none)."""
    target = server_target(settings, start=False)
    return list_databases(target, "oft_run_") + list_databases(target, "oft_bld_")
