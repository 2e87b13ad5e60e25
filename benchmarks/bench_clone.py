"""Template clone time: the base template and a ~1 GB one, FILE_COPY (used) against WAL_LOG.

    python benchmarks/bench_clone.py [--series 18.0] [--size-mb 1024] [--repeat 5]

Needs ODOO_FACTORY_TEST_ODOO_<major> and ODOO_FACTORY_TEST_PYTHON_<major> for the base
template; the large template is made from it by adding a table of the given size.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from psycopg import sql

sys.path.insert(0, str(Path(__file__).parent))

from _common import bench_settings, runtime_from_env, timed

from odoo_factory.db import drop_database, server_target
from odoo_factory.runtime.templates import clone_database, drop_clone, ensure_template


def clone_with(target, template: str, name: str, strategy: str) -> None:  # type: ignore[no-untyped-def]
    with target.connect() as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY {}").format(
                sql.Identifier(name), sql.Identifier(template), sql.SQL(strategy)
            )
        )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", default="18.0")
    parser.add_argument("--size-mb", type=int, default=1024)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with bench_settings() as settings:
        runtime = runtime_from_env(settings, args.series)
        if runtime is None:
            print(f"no Odoo {args.series} runtime configured; see the docstring")
            return 2
        target = server_target(settings)
        base, _ = ensure_template(settings, target, runtime, ("base", "web"), False)
        big = "oft_tpl_bench_big"
        clone_with(target, base, big, "FILE_COPY")
        with target.connect(big) as conn:
            conn.execute("CREATE TABLE bench_filler (id int, payload text)")
            rows = args.size_mb * 1024 // 1  # ~1 KiB a row
            conn.execute(
                "INSERT INTO bench_filler SELECT g, repeat(md5(g::text), 32) "
                "FROM generate_series(1, %s) g",
                (rows,),
            )
            conn.execute("VACUUM bench_filler")
        with target.connect() as conn:
            row = conn.execute(
                "SELECT pg_database_size(%s), pg_database_size(%s)", (base, big)
            ).fetchone()
        assert row is not None
        print(f"templates: base {row[0] / 1e6:.0f} MB, large {row[1] / 1e6:.0f} MB")
        for label, template in (("base", base), ("large", big)):
            results = {}
            for strategy in ("FILE_COPY", "WAL_LOG"):

                def one(strategy: str = strategy, template: str = template) -> None:
                    clone_with(target, template, "oft_run_bench", strategy)
                    drop_database(target, "oft_run_bench")

                results[strategy] = timed(one, args.repeat)
            ours = timed(
                lambda t=template: (
                    clone_database(settings, target, t, "oft_run_b"),
                    drop_clone(settings, target, "oft_run_b"),
                ),
                args.repeat,
            )
            print(
                f"{label:5} clone+drop: odoo-factory {ours:.3f} s | FILE_COPY "
                f"{results['FILE_COPY']:.3f} s | WAL_LOG {results['WAL_LOG']:.3f} s | "
                f"ratio FILE_COPY/WAL_LOG {results['FILE_COPY'] / results['WAL_LOG']:.2f}"
            )
        drop_database(target, big)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
