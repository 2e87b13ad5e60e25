"""`odoo-factory test` against the raw Odoo command it wraps, on the same addon.

    python benchmarks/bench_test.py [--series 18.0] [--repeat 5] [--addon PATH]

raw:  the exact Odoo command line of a run (install + tests), on a clone made beforehand and
      not timed — the floor for a cold run.
cold: the whole `odoo-factory test --cold` command (CLI start, clone, Odoo, parse, drop).
warm: the whole `odoo-factory test` command with its warm worker already started.
Prints medians and the ratios cold/raw (overhead) and warm/raw (speed-up when below 1).
Also checks that the three give the same verdict. Needs ODOO_FACTORY_TEST_ODOO_<major> and
ODOO_FACTORY_TEST_PYTHON_<major>.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from _common import bench_settings, runtime_from_env, timed

from odoo_factory.db import server_target
from odoo_factory.runtime import TestOptions, run_addon_tests
from odoo_factory.runtime.odoo_process import child_env
from odoo_factory.runtime.templates import clone_database, drop_clone
from odoo_factory.runtime.warm import stop_workers

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ADDON = ROOT / "tests" / "fixtures" / "addons" / "fx_pass"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", default="18.0")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--addon", type=Path, default=DEFAULT_ADDON)
    args = parser.parse_args()
    with bench_settings() as settings:
        runtime = runtime_from_env(settings, args.series)
        if runtime is None:
            print(f"no Odoo {args.series} runtime configured; see the docstring")
            return 2
        target = server_target(settings)
        # One run builds the template and shows the command to replay.
        first = run_addon_tests(settings, args.addon, TestOptions(series=args.series, cold=True))
        template = next(name for name in _templates(target) if name.startswith("oft_tpl_"))
        env = dict(os.environ, ODOO_FACTORY_DATA_DIR=str(settings.data_dir))
        cli = [
            sys.executable,
            "-m",
            "odoo_factory",
            "test",
            str(args.addon),
            "--odoo",
            args.series,
            "--json",
        ]
        verdicts: dict[str, set[str]] = {"raw": set(), "cold": set(), "warm": set()}

        def raw() -> None:
            clone = first.database
            clone_database(settings, target, template, clone)
            command = first.command
            started = time.perf_counter()
            proc = subprocess.run(
                command,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                env=child_env(),
            )
            raw.seconds.append(time.perf_counter() - started)  # type: ignore[attr-defined]
            summary = [ln for ln in proc.stdout.splitlines() if "tests when loading" in ln]
            verdicts["raw"].add(
                summary[-1].split(": ", 1)[-1].split(" when")[0]
                if summary
                else f"exit {proc.returncode}"
            )
            drop_clone(settings, target, clone)

        raw.seconds = []  # type: ignore[attr-defined]

        def run_cli(mode: str) -> None:
            extra = ["--cold"] if mode == "cold" else []
            proc = subprocess.run(cli + extra, capture_output=True, text=True, env=env)
            data = json.loads(proc.stdout)
            counts = data.get("counts") or {}
            verdicts[mode].add(
                f"{counts.get('failed')} failed, {counts.get('errors')} "
                f"error(s) of {counts.get('tests')} tests"
            )

        timed(raw, args.repeat)
        raw_s = sorted(raw.seconds)[len(raw.seconds) // 2]  # type: ignore[attr-defined]
        cold_s = timed(lambda: run_cli("cold"), args.repeat)
        run_cli("warm")  # starts the worker
        warm_s = timed(lambda: run_cli("warm"), args.repeat)
        stop_workers(settings)
        print(f"addon {args.addon.name} on Odoo {args.series}, median of {args.repeat}")
        print(f"raw odoo command      {raw_s:6.2f} s")
        print(f"odoo-factory --cold   {cold_s:6.2f} s   ratio cold/raw {cold_s / raw_s:.2f}")
        print(f"odoo-factory (warm)   {warm_s:6.2f} s   ratio warm/raw {warm_s / raw_s:.2f}")
        print("verdicts: " + "; ".join(f"{k}: {sorted(v)}" for k, v in verdicts.items()))
        same = len({frozenset(v) for v in verdicts.values()}) == 1
        print("same verdict in every mode: " + ("yes" if same else "NO"))
        return 0 if same else 1


def _templates(target) -> list[str]:  # type: ignore[no-untyped-def]
    with target.connect() as conn:
        rows = conn.execute("SELECT datname FROM pg_database ORDER BY datname").fetchall()
    return [row[0] for row in rows]


if __name__ == "__main__":
    raise SystemExit(main())
