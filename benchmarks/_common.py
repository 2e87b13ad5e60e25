"""Shared set-up for the benchmarks: a private data folder, the embedded server, runtimes."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from odoo_factory.db import EmbeddedCluster
from odoo_factory.runtime import Runtime, add_runtime
from odoo_factory.settings import Settings


@contextmanager
def bench_settings() -> Iterator[Settings]:
    """A throw-away data folder with a running embedded PostgreSQL."""
    with tempfile.TemporaryDirectory(prefix="odoo-factory-bench-") as folder:
        settings = Settings(data_dir=Path(folder), db_dsn=None, db_host=None)
        cluster = EmbeddedCluster(settings)
        cluster.start()
        try:
            yield settings
        finally:
            cluster.stop()


def runtime_from_env(settings: Settings, series: str) -> Runtime | None:
    major = series.split(".")[0]
    tree = os.environ.get(f"ODOO_FACTORY_TEST_ODOO_{major}")
    python = os.environ.get(f"ODOO_FACTORY_TEST_PYTHON_{major}")
    if not tree or not python:
        return None
    return add_runtime(settings, Path(tree), python=Path(python))


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)
