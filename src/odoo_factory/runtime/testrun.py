"""``test``: install an addon on a clone of a template database and run its tests."""

from __future__ import annotations

import json
import secrets
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

from odoo_factory.db import check_server_version, server_target
from odoo_factory.db.leftovers import (
    RUN_PREFIX,
    claim_run_database,
    drop_run_database,
    mark_run_database,
)
from odoo_factory.db.server import PgTarget
from odoo_factory.errors import (
    AddonError,
    DatabaseError,
    OdooRuntimeError,
    SeriesMismatchError,
)
from odoo_factory.profiles import get_profile
from odoo_factory.runtime.addons import Addon, AddonIndex, dependency_closure, read_addon
from odoo_factory.runtime.logparse import OdooLog, parse_log
from odoo_factory.runtime.odoo_process import free_port, stream_odoo
from odoo_factory.runtime.registry import Runtime, RuntimeRegistry
from odoo_factory.runtime.results import (
    Coverage,
    FailureCategory,
    FileCoverage,
    LoadFailure,
    RunStatus,
    TestRun,
    Timings,
    redact_command,
)
from odoo_factory.runtime.templates import clone_database, ensure_template
from odoo_factory.runtime.warm import WarmWorker
from odoo_factory.settings import Settings

__all__ = ["CLONE_PREFIX", "TestOptions", "run_addon_tests"]

CLONE_PREFIX = RUN_PREFIX


@dataclass
class TestOptions:
    __test__ = False  # not a pytest class

    series: str
    runtime: str | None = None
    with_demo: bool = False
    coverage: bool = False
    keep: bool = False
    timeout: float | None = None
    cold: bool = False
    template_modules: tuple[str, ...] | None = None
    progress: Callable[[str], None] | None = None
    cancel: threading.Event | None = None
    extra_args: list[str] = field(default_factory=list)


def _preflight(addon: Addon, runtime: Runtime, series: str) -> None:
    profile = get_profile(series)
    named = addon.version_series()
    if named is not None and named != series:
        fate = {
            "ignored": "silently ignores it",
            "refused": "refuses it as not installable",
            "installed": "installs it anyway, with code written for another series",
        }
        raise SeriesMismatchError(
            f"{addon.name} is for Odoo {named} (manifest version {addon.version}), not {series}:"
            f" Odoo {series} {fate[profile.foreign_version_policy]}",
            hint=f"port it and set 'version' to '{series}.x.y.z', or test with --odoo {named}",
            file=addon.path / "__manifest__.py",
        )
    if not addon.installable:
        raise AddonError(
            f"{addon.name} is marked 'installable': False",
            hint="set it to True in the manifest to test it",
            file=addon.path / "__manifest__.py",
        )


def _missing_dependencies(addon: Addon, runtime: Runtime) -> LoadFailure | None:
    available = AddonIndex([addon.path.parent, *runtime.addons_paths])
    _closure, missing = dependency_closure([addon.name], available)
    if not missing:
        return None
    excluded = sorted(missing & set(runtime.excluded_addons))
    hint = (
        "add the folder that holds them with --addons-path on 'runtime add', or drop them "
        "from 'depends'"
    )
    if excluded:
        hint = (
            f"{', '.join(excluded)} {'is' if len(excluded) == 1 else 'are'} not LGPL-3 "
            "(Enterprise) and kept off the path of this community runtime"
        )
    return LoadFailure(
        category=FailureCategory.MISSING_DEPENDENCY,
        message=f"{addon.name} depends on {', '.join(sorted(missing))}, found on no addons path",
        file="__manifest__.py",
        hint=hint,
    )


def _template_modules(addon: Addon, runtime: Runtime, base: tuple[str, ...]) -> tuple[str, ...]:
    """The addon's dependencies that the runtime provides (siblings under work excluded)."""
    siblings = AddonIndex([addon.path.parent])
    every = AddonIndex([addon.path.parent, *runtime.addons_paths])
    closure, _missing = dependency_closure([addon.name], every)
    runtime_addons = AddonIndex(runtime.addons_paths)
    from_runtime = {name for name in closure if name in runtime_addons and name not in siblings}
    return tuple(sorted(set(base) | from_runtime))


def _module_state(target: PgTarget, dbname: str, addon: str) -> str | None:
    try:
        with target.connect(dbname) as conn:
            row = conn.execute(
                "SELECT state FROM ir_module_module WHERE name = %s", (addon,)
            ).fetchone()
    except (psycopg.Error, DatabaseError):
        return None
    return str(row[0]) if row else None


def run_addon_tests(settings: Settings, addon_dir: Path, options: TestOptions) -> TestRun:
    """Clone the template, install the addon, run its tests, drop the clone; the result."""
    started = time.monotonic()
    progress = options.progress or (lambda _text: None)
    get_profile(options.series)  # an unknown series is refused before anything else
    addon = read_addon(addon_dir)
    runtime = RuntimeRegistry(settings).for_series(options.series, options.runtime)
    _preflight(addon, runtime, options.series)
    settings.ensure_dirs()
    base = options.template_modules or settings.template_modules
    missing = _missing_dependencies(addon, runtime)
    if missing is not None:
        return _result(
            addon,
            runtime,
            "-",
            RunStatus.INSTALL_FAILED,
            missing.message,
            failure=missing,
            timings=Timings(total=time.monotonic() - started),
        )

    target = server_target(settings)
    check_server_version(target, get_profile(runtime.series))
    progress("preparing the template database")
    modules = _template_modules(addon, runtime, base)
    template, template_seconds = ensure_template(
        settings, target, runtime, modules, options.with_demo, progress
    )
    worker, notes = _warm_worker(settings, runtime, template, modules, options, progress)
    clone = f"{CLONE_PREFIX}{addon.name[:24]}_{secrets.token_hex(4)}"
    timings = Timings(template=round(template_seconds, 3))
    # The claim marks the clone as in use until the run is over, whatever ends it; a clone
    # left behind unclaimed is what 'db gc' drops.
    with claim_run_database(settings, clone) as run_dir:
        try:
            progress(f"cloning {template}")
            t0 = time.monotonic()
            clone_database(settings, target, template, clone)
            mark_run_database(settings, target, clone)
            timings.clone = round(time.monotonic() - t0, 3)
            result = _run(
                settings, target, runtime, addon, clone, run_dir, options, timings, worker
            )
            result.notes.extend(notes)
        except BaseException:
            drop_run_database(settings, target, clone)  # left for 'db gc' when it fails
            raise
        t0 = time.monotonic()
        if options.keep:
            result.kept = True
        else:
            progress(f"dropping {clone}")
            error = drop_run_database(settings, target, clone)
            if error is not None:
                result.notes.append(
                    f"{clone} could not be dropped ({error.message}); 'odoo-factory db gc' drops it"
                )
    timings.drop = round(time.monotonic() - t0, 3)
    timings.total = round(time.monotonic() - started, 3)
    result.timings = timings
    return result


def _warm_worker(
    settings: Settings,
    runtime: Runtime,
    template: str,
    modules: tuple[str, ...],
    options: TestOptions,
    progress: Callable[[str], None],
) -> tuple[WarmWorker | None, list[str]]:
    """The warm worker for this template, started if needed; None for a cold run."""
    if options.cold or options.coverage or not settings.warm_workers:
        return None, []
    worker = WarmWorker(settings, runtime, template, modules)
    progress("starting the warm worker")
    try:
        worker.ensure_started()
    except OdooRuntimeError as exc:
        return None, [f"ran cold: {exc.message}"]
    return worker, []


def _run(
    settings: Settings,
    target: PgTarget,
    runtime: Runtime,
    addon: Addon,
    clone: str,
    run_dir: Path,
    options: TestOptions,
    timings: Timings,
    worker: WarmWorker | None,
) -> TestRun:
    progress = options.progress or (lambda _text: None)
    args = [
        "-d",
        clone,
        "-i",
        addon.name,
        "--test-enable",
        f"--test-tags=/{addon.name}",
        "--stop-after-init",
        f"--http-port={free_port()}",
        "--http-interface=127.0.0.1",
        f"--data-dir={settings.odoo_data_dir}",
        runtime.addons_path_arg([addon.path.parent]),
        "--max-cron-threads=0",
        "--log-level=info",
        *target.odoo_args(),
        *options.extra_args,
    ]
    python_args: list[str] = []
    coverage_file = run_dir / ".coverage"
    if options.coverage:
        python_args = [
            "-m",
            "coverage",
            "run",
            f"--data-file={coverage_file}",
            f"--include={addon.path}/*",
            f"--omit={addon.path}/tests/*",
        ]
    command = runtime.command(args, python_args)
    log_file = run_dir / "odoo.log"
    lines: list[str] = []

    def on_line(line: str) -> None:
        lines.append(line)
        if " Starting " in line and "..." in line:
            progress("running " + line.split(" Starting ", 1)[1].rstrip(". "))
        elif "loading" in line and "modules" in line:
            progress(f"installing {addon.name}")

    progress(f"installing {addon.name} on {clone}")
    timeout = options.timeout or settings.test_timeout
    env = target.odoo_env()  # the password: never on the command line
    if worker is not None:
        code, timed_out, seconds = worker.run(
            args, log_file, timeout, on_line, options.cancel, env=env
        )
    else:
        code, timed_out, seconds = stream_odoo(
            command, log_file, timeout, on_line, options.cancel, env=env
        )
    log = parse_log(lines, addon.name, addon.path)
    state = _module_state(target, clone, addon.name)
    if log.tests_started_at and log.tests_ended_at:
        timings.tests = round((log.tests_ended_at - log.tests_started_at).total_seconds(), 3)
    timings.install = round(max(seconds - timings.tests, 0.0), 3)
    result = _verdict(addon, runtime, clone, log, code, timed_out, state, options)
    result.log_file = str(log_file)
    result.command = redact_command(command)
    result.exit_code = code
    result.mode = "warm" if worker is not None else "cold"
    if options.coverage and state == "installed":
        result.coverage = _coverage(runtime, coverage_file, addon.path)
    return result


def _verdict(
    addon: Addon,
    runtime: Runtime,
    clone: str,
    log: OdooLog,
    code: int,
    timed_out: bool,
    state: str | None,
    options: TestOptions,
) -> TestRun:
    installed = state == "installed"
    common: dict[str, Any] = {
        "tests": log.tests,
        "counts": log.counts,
        "summary_line": log.summary_line,
        "warnings": log.warnings,
        "errors": log.errors,
    }
    if timed_out:
        limit = options.timeout
        failure = LoadFailure(
            category=FailureCategory.TIMEOUT,
            message=f"the run was killed after {limit or 'the timeout'} s",
            hint="look for a test that waits forever; raise --timeout if the work is that long",
        )
        return _result(
            addon,
            runtime,
            clone,
            RunStatus.TIMEOUT,
            failure.message,
            failure=failure,
            installed=installed,
            **common,
        )
    ignored = addon.name in log.ignored or state == "uninstallable"
    if log.failure is None and (ignored or state is None):
        named = addon.version_series()
        category = (
            FailureCategory.SERIES_MISMATCH
            if named and named != runtime.series
            else FailureCategory.NOT_FOUND
        )
        message = f"Odoo ignored {addon.name}: " + (
            "its manifest version names another series"
            if category is FailureCategory.SERIES_MISMATCH
            else "it is not on the addons path"
        )
        failure = log.failure or LoadFailure(category=category, message=message)
        return _result(
            addon, runtime, clone, RunStatus.NOT_INSTALLED, message, failure=failure, **common
        )
    if not installed or log.failure is not None:
        failure = log.failure or LoadFailure(
            category=FailureCategory.OTHER,
            message=f"{addon.name} is '{state}' after the run (odoo exited {code})",
        )
        where = f" ({failure.file}:{failure.line})" if failure.file else ""
        return _result(
            addon,
            runtime,
            clone,
            RunStatus.INSTALL_FAILED,
            f"install failed: {failure.category.value}{where}: {failure.message}",
            failure=failure,
            installed=installed,
            **common,
        )
    counts = log.counts
    failed = [t for t in log.tests if t.status in ("failed", "error")]
    if failed or (counts and (counts.failed or counts.errors)) or code != 0:
        n_failed = counts.failed if counts else sum(t.status == "failed" for t in failed)
        n_errors = counts.errors if counts else sum(t.status == "error" for t in failed)
        total = counts.tests if counts else len(log.tests)
        reason = f"{n_failed} failed, {n_errors} error(s) of {total} tests"
        if not failed and code != 0:
            reason = f"odoo exited {code}: {log.errors[-1].message if log.errors else ''}".strip()
        return _result(addon, runtime, clone, RunStatus.FAILED, reason, installed=True, **common)
    if not log.tests or (counts is not None and counts.tests == 0):
        return _result(
            addon,
            runtime,
            clone,
            RunStatus.NO_TESTS,
            f"{addon.name} installed, but no test ran",
            failure=LoadFailure(
                category=FailureCategory.OTHER,
                message="no test ran",
                hint="add tests under tests/ and import them in tests/__init__.py",
            ),
            installed=True,
            **common,
        )
    total = counts.tests if counts else len(log.tests)
    return _result(
        addon,
        runtime,
        clone,
        RunStatus.PASSED,
        f"{total} tests passed",
        ok=True,
        installed=True,
        **common,
    )


def _result(
    addon: Addon,
    runtime: Runtime,
    clone: str,
    status: RunStatus,
    reason: str,
    ok: bool = False,
    installed: bool = False,
    **fields: object,
) -> TestRun:
    return TestRun.model_validate(
        {
            "addon": addon.name,
            "addon_path": str(addon.path),
            "series": runtime.series,
            "runtime": runtime.name,
            "database": clone,
            "status": status,
            "ok": ok,
            "installed": installed,
            "reason": reason,
            **fields,
        }
    )


def _coverage(runtime: Runtime, data_file: Path, addon_path: Path) -> Coverage | None:
    if not data_file.exists():
        return None
    report = data_file.with_suffix(".json")
    proc = subprocess.run(
        [
            str(runtime.python),
            "-m",
            "coverage",
            "json",
            f"--data-file={data_file}",
            "-o",
            str(report),
            "--quiet",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    if proc.returncode != 0 or not report.exists():
        raise OdooRuntimeError(
            f"coverage could not report: {proc.stderr.strip()[-300:]}",
            hint=f"install coverage into {runtime.python}",
        )
    data = json.loads(report.read_text())
    files = []
    for name, info in sorted(data.get("files", {}).items()):
        summary = info["summary"]
        try:
            rel = str(Path(name).resolve().relative_to(addon_path))
        except ValueError:
            rel = name
        files.append(
            FileCoverage(
                file=rel,
                statements=summary["num_statements"],
                missing=summary["missing_lines"],
                percent=round(summary["percent_covered"], 2),
                missing_lines=info.get("missing_lines", []),
            )
        )
    totals = data.get("totals", {})
    return Coverage(
        percent=round(totals.get("percent_covered", 0.0), 2),
        statements=totals.get("num_statements", 0),
        missing=totals.get("missing_lines", 0),
        files=files,
    )
