"""`odoo-factory test` on a real Odoo: the fixture addons (a)-(f), timeouts, interrupts,
parallel runs, coverage and the CLI's JSON and JUnit output."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import psutil
import pytest

from odoo_factory.cli.app import main
from odoo_factory.errors import RunCancelledError, SeriesMismatchError
from odoo_factory.runtime import RunStatus, TestOptions, TestRun, run_addon_tests
from odoo_factory.runtime.results import FailureCategory
from odoo_factory.runtime.warm import workers_folder
from odoo_factory.settings import Settings
from tests.conftest import ADDONS, run_databases

pytestmark = pytest.mark.odoo


def run(settings: Settings, addon: str, series: str, **options: object) -> object:
    return run_addon_tests(settings, ADDONS / addon, TestOptions(series=series, **options))


def odoo_processes(settings: Settings, marker: str) -> list[psutil.Process]:
    """Odoo processes of a run: cold ones name the database on their command line; warm
    ones are children of a warm worker (whose command line names its socket folder)."""
    workers = str(workers_folder(settings))
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmdline = " ".join(proc.info["cmdline"] or [])
        if "odoo-run.py" in cmdline and marker in cmdline:
            found.append(proc)
        elif "worker_main.py" in cmdline and workers in cmdline:
            with contextlib.suppress(psutil.NoSuchProcess):
                found.extend(proc.children(recursive=True))
    return found


def test_a_passing_addon(pg_settings: Settings, series: str) -> None:
    result = run_addon_tests(pg_settings, ADDONS / "fx_pass", TestOptions(series=series))
    assert result.ok and result.status is RunStatus.PASSED and result.installed
    assert result.counts is not None
    assert (result.counts.failed, result.counts.errors, result.counts.tests) == (0, 0, 3)
    assert {t.status for t in result.tests} == {"passed"} and len(result.tests) == 3
    assert (
        result.summary_line is not None and "0 failed, 0 error(s) of 3 tests" in result.summary_line
    )
    assert result.timings.clone > 0 and result.timings.install > 0
    assert run_databases(pg_settings) == []


def test_b_load_failure(pg_settings: Settings, series: str) -> None:
    result = run_addon_tests(pg_settings, ADDONS / "fx_load_error", TestOptions(series=series))
    assert not result.ok and result.status is RunStatus.INSTALL_FAILED
    assert result.failure is not None
    assert result.failure.category is FailureCategory.PYTHON_ERROR
    assert (result.failure.file, result.failure.line) == ("models/item.py", 13)
    assert result.counts is None
    assert run_databases(pg_settings) == []


def test_c_view_validation_failure(pg_settings: Settings, series: str) -> None:
    result = run_addon_tests(pg_settings, ADDONS / "fx_view_error", TestOptions(series=series))
    assert result.status is RunStatus.INSTALL_FAILED and result.failure is not None
    failure = result.failure
    assert failure.category is FailureCategory.VIEW_ERROR
    assert (failure.file, failure.line) == ("views/item_views.xml", 11)
    assert (failure.field, failure.model) == ("no_such_field", "fx_view_error.item")


def test_d_failed_assertion(pg_settings: Settings, series: str) -> None:
    result = run_addon_tests(pg_settings, ADDONS / "fx_assert_fail", TestOptions(series=series))
    assert result.status is RunStatus.FAILED and result.installed
    (failed,) = result.failed_tests
    assert (failed.classname, failed.method, failed.status) == (
        "TestItem",
        "test_wrong_double",
        "failed",
    )
    assert (failed.file, failed.line) == ("tests/test_item.py", 11)
    assert failed.message is not None and "4 != 5" in failed.message
    assert result.counts is not None and (result.counts.failed, result.counts.tests) == (1, 2)


def test_e_exception_in_a_test(pg_settings: Settings, series: str) -> None:
    result = run_addon_tests(pg_settings, ADDONS / "fx_test_raise", TestOptions(series=series))
    assert result.status is RunStatus.FAILED
    (errored,) = result.failed_tests
    assert (errored.method, errored.status) == ("test_raises", "error")
    assert errored.message == "ValueError: boom in a test"
    assert result.counts is not None and result.counts.errors == 1


def test_f_addon_for_another_series_is_refused_before_running(
    pg_settings: Settings, series: str
) -> None:
    with pytest.raises(SeriesMismatchError, match=f"is for Odoo 12.0 .* not {series}"):
        run_addon_tests(pg_settings, ADDONS / "fx_other_series", TestOptions(series=series))
    assert run_databases(pg_settings) == []


@pytest.mark.parametrize("cold", [False, True], ids=["warm", "cold"])
def test_hanging_test_is_killed_by_the_timeout(
    pg_settings: Settings, series: str, cold: bool
) -> None:
    result = run_addon_tests(
        pg_settings, ADDONS / "fx_hang", TestOptions(series=series, timeout=40, cold=cold)
    )
    assert result.mode == ("cold" if cold else "warm")
    assert result.status is RunStatus.TIMEOUT and not result.ok
    assert result.failure is not None and result.failure.category is FailureCategory.TIMEOUT
    assert run_databases(pg_settings) == []
    assert odoo_processes(pg_settings, result.database) == []


def test_cancel_leaves_nothing_behind(pg_settings: Settings, series: str) -> None:
    cancel = threading.Event()
    seen: list[str] = []

    def progress(text: str) -> None:
        seen.append(text)
        if text.startswith("running"):
            cancel.set()

    with pytest.raises(RunCancelledError):
        run_addon_tests(
            pg_settings,
            ADDONS / "fx_hang",
            TestOptions(series=series, progress=progress, cancel=cancel),
        )
    assert any(text.startswith("running") for text in seen)
    assert run_databases(pg_settings) == []
    assert odoo_processes(pg_settings, "oft_run_fx_hang") == []


def test_parallel_runs_do_not_collide(pg_settings: Settings, series: str) -> None:
    results: list[object] = []

    def one() -> None:
        results.append(run_addon_tests(pg_settings, ADDONS / "fx_pass", TestOptions(series=series)))

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r.status for r in results] == [RunStatus.PASSED, RunStatus.PASSED]  # type: ignore[attr-defined]
    assert len({r.database for r in results}) == 2  # type: ignore[attr-defined]


def test_coverage_is_measured_on_the_addon_only(pg_settings: Settings, series: str) -> None:
    result = run_addon_tests(
        pg_settings, ADDONS / "fx_pass", TestOptions(series=series, coverage=True)
    )
    assert result.ok and result.coverage is not None
    files = {f.file: f for f in result.coverage.files}
    assert "models/item.py" in files
    assert all(not name.startswith(("/", "tests/")) for name in files)
    assert files["models/item.py"].percent == 100.0


def test_cli_json_junit_and_keep(
    cli_env: Settings, series: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junit = tmp_path / "junit.xml"
    code = main(
        [
            "test",
            str(ADDONS / "fx_assert_fail"),
            "--odoo",
            series,
            "--json",
            "--junit",
            str(junit),
            "--keep",
        ]
    )
    assert code == 1
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "failed" and data["kept"] is True
    assert data["database"] in run_databases(cli_env)
    suite = ET.parse(junit).getroot()
    assert suite.get("failures") == "1"
    failing = [c for c in suite.iter("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failing] == ["test_wrong_double"]
    from odoo_factory.db import server_target
    from odoo_factory.runtime.templates import drop_clone

    drop_clone(cli_env, server_target(cli_env), data["database"])


def test_ctrl_c_on_the_command_leaves_nothing_behind(cli_env: Settings, series: str) -> None:
    env = dict(os.environ, ODOO_FACTORY_DATA_DIR=str(cli_env.data_dir))
    proc = subprocess.Popen(
        [sys.executable, "-m", "odoo_factory", "test", str(ADDONS / "fx_hang"), "--odoo", series],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not odoo_processes(cli_env, "oft_run_fx_hang"):
        time.sleep(0.2)
    assert odoo_processes(cli_env, "oft_run_fx_hang"), "odoo never started"
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert run_databases(cli_env) == []
    assert odoo_processes(cli_env, "oft_run_fx_hang") == []


def _verdict(run: TestRun) -> tuple[object, ...]:
    failure = run.failure
    return (
        run.status,
        run.installed,
        (failure.category, failure.file, failure.line) if failure else None,
        sorted((t.classname, t.method, t.status, t.message) for t in run.tests),
        run.counts,
    )


def test_warm_worker_gives_the_same_verdicts_as_a_cold_run(
    pg_settings: Settings, series: str
) -> None:
    for addon in ("fx_pass", "fx_load_error", "fx_view_error", "fx_assert_fail", "fx_test_raise"):
        cold = run_addon_tests(pg_settings, ADDONS / addon, TestOptions(series=series, cold=True))
        warm = run_addon_tests(pg_settings, ADDONS / addon, TestOptions(series=series))
        assert (cold.mode, warm.mode) == ("cold", "warm")
        assert _verdict(warm) == _verdict(cold), addon


def test_a_liveness_probe_of_the_warm_worker_starts_no_run(
    pg_settings: Settings, series: str
) -> None:
    """``ensure_started`` checks a running worker by connecting and closing: the worker
    must not fork a run for that (it used to, and the child died on a KeyError)."""
    first = run(pg_settings, "fx_pass", series)
    assert isinstance(first, TestRun) and first.mode == "warm" and first.ok
    folder = workers_folder(pg_settings)
    sockets = sorted(folder.glob("*.sock"))
    assert sockets
    for path in sockets:
        for _ in range(3):
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.connect(str(path))
    # the worker serves connections in order: this run comes after the probes
    second = run(pg_settings, "fx_pass", series)
    assert isinstance(second, TestRun) and second.mode == "warm" and second.ok
    for log in folder.glob("*.log"):
        assert "Traceback" not in log.read_text("utf-8", "replace"), log
