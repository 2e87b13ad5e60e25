"""No traceback reaches the user: each front-end (CLI, MCP, the warm worker) turns the
situations that used to crash, and any unexpected exception, into one line with a hint, the
traceback kept in a log file; ``--json`` stays one valid JSON document."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from mcp.server.mcpserver import MCPServer

import odoo_factory.compiler
from odoo_factory.cli.app import main
from odoo_factory.crashlog import BUG_HINT
from odoo_factory.mcp_server import JobManager, Workspace, build_server
from odoo_factory.runtime import worker_main
from odoo_factory.spec.bounded_yaml import LIMITS
from tests.conftest import make_settings
from tests.db.test_server_manager import read_only_folder  # noqa: F401  (a fixture)
from tests.mcp.conftest import call, run, text_of

REPO = Path(__file__).resolve().parents[1]
TODO = REPO / "examples" / "todo_list.yaml"
DEEP = "module: " + "[" * 5000 + "]" * 5000 + "\n"
DATE_DEFAULT = """\
module: {name: due_dates, title: Due Dates}
models:
  - name: due.item
    fields:
      - {name: name, type: char}
      - {name: due, type: date, default: 2024-01-02}
"""


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err, captured
    if "--json" in args:
        document = json.loads(captured.out)  # valid JSON, whatever happened
        if code != 0 and isinstance(document, dict) and "error" in document:
            assert document["ok"] is False and document["error"]["message"]
    return code, captured.out, captured.err


def _reason_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("error:")]


@pytest.fixture
def data_dir(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A data folder of the test's own, where crash logs go."""
    folder = Path(tempfile.mkdtemp(prefix="oft-last-resort-"))
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(folder))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _spec(tmp_path: Path, text: str) -> str:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    return str(path)


# -- the CLI -----------------------------------------------------------------------------


@pytest.mark.parametrize("json_mode", [False, True], ids=["text", "json"])
@pytest.mark.parametrize(
    "situation", ["out-at-a-file", "out-below-a-file", "deep-spec", "deep-spec-build"]
)
def test_situations_that_crashed_are_one_line(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    situation: str,
    json_mode: bool,
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    args = {
        "out-at-a-file": ["build", str(TODO), "--odoo", "17.0", "--out", str(a_file)],
        "out-below-a-file": ["build", str(TODO), "--odoo", "17.0", "--out", str(a_file / "b")],
        "deep-spec": ["spec", "validate", _spec(tmp_path, DEEP)],
        "deep-spec-build": [
            "build",
            _spec(tmp_path, DEEP),
            "--odoo",
            "17.0",
            "--out",
            str(tmp_path),
        ],
    }[situation]
    code, _out, err = _cli([*args, "--json"] if json_mode else args, capsys)
    assert code == 2
    if not json_mode:
        assert len(_reason_lines(err)) == 1, err
        assert "hint:" in err


def test_a_date_default_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data_dir: Path
) -> None:
    args = ["build", _spec(tmp_path, DATE_DEFAULT), "--odoo", "18.0", "--out", str(tmp_path)]
    code, _out, err = _cli(args, capsys)
    assert code == 0, err
    model = (tmp_path / "due_dates" / "models" / "due_item.py").read_text()
    compile(model, "due_item.py", "exec")


@pytest.mark.parametrize("json_mode", [False, True], ids=["text", "json"])
@pytest.mark.parametrize("command", [["db", "status"], ["runtime", "list"], ["db", "stop"]])
def test_a_read_only_data_folder_is_no_traceback(
    read_only_folder: Path,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
    json_mode: bool,
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(read_only_folder / "data"))
    monkeypatch.delenv("ODOO_FACTORY_DB_DSN", raising=False)
    monkeypatch.delenv("ODOO_FACTORY_DB_HOST", raising=False)
    _code, _out, err = _cli([*command, "--json"] if json_mode else command, capsys)
    assert len(_reason_lines(err)) <= 1, err


@pytest.mark.parametrize(
    "args",
    [["build", "--json"], ["build", "x.yaml", "--nope", "--json"], ["db", "nope", "--json"]],
)
def test_usage_mistakes_with_json_are_json(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, _err = _cli(args, capsys)
    assert code == 2
    assert json.loads(out)["ok"] is False


def _explode(*_args: object, **_kwargs: object) -> Any:
    raise RuntimeError("the compiler broke\nsecond line")


@pytest.mark.parametrize("json_mode", [False, True], ids=["text", "json"])
def test_an_unexpected_exception_is_one_line_and_a_log(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    data_dir: Path,
    json_mode: bool,
) -> None:
    monkeypatch.setattr(odoo_factory.compiler, "build_addon", _explode)
    args = ["build", str(TODO), "--out", str(tmp_path)]
    code, out, err = _cli([*args, "--json"] if json_mode else args, capsys)
    assert code == 70
    logs = list((data_dir / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600
    assert "Traceback" in logs[0].read_text() and "the compiler broke" in logs[0].read_text()
    if json_mode:
        error = json.loads(out)["error"]
        assert error["type"] == "InternalError"
        assert error["log"] == str(logs[0])
        text = f"{error['message']}\n{error['hint']}"
    else:
        assert len(_reason_lines(err)) == 1
        text = err
    assert "odoo-factory build failed: RuntimeError: the compiler broke" in text
    assert "second line" not in text
    assert BUG_HINT in text and str(logs[0]) in text


def test_the_crash_log_goes_elsewhere_when_the_data_folder_is_read_only(
    read_only_folder: Path,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ODOO_FACTORY_DATA_DIR", str(read_only_folder))
    monkeypatch.setattr(odoo_factory.compiler, "build_addon", _explode)
    code, out, _err = _cli(["build", str(TODO), "--out", str(tmp_path), "--json"], capsys)
    assert code == 70
    log = Path(json.loads(out)["error"]["log"])
    assert not log.is_relative_to(read_only_folder)
    try:
        assert "the compiler broke" in log.read_text()
    finally:
        log.unlink()


# -- MCP ---------------------------------------------------------------------------------


@pytest.fixture
def server(tmp_path: Path) -> Iterator[MCPServer[Any]]:
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    shutil.copy(TODO, workspace / "todo.yaml")
    jobs = JobManager()
    settings = make_settings(tmp_path / "data")
    try:
        yield build_server(settings, Workspace([workspace]), jobs=jobs)
    finally:
        jobs.cancel_all()


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("validate_spec", {"path": "todo\x00.yaml"}),
        ("build_addon", {"spec": "todo.yaml", "out": "out\x00"}),
        ("check_addon", {"addon": "\x00", "series": "17.0"}),
        ("gate_addon", {"addon": "a", "series": "17.0", "reports": ["r\x00.md"]}),
        ("get_run_log", {"grep": "a\x00"}),
    ],
)
def test_a_nul_byte_in_an_mcp_argument_is_a_clean_tool_error(
    server: MCPServer[Any], tool: str, arguments: dict[str, Any]
) -> None:
    result = run(lambda: call(server, tool, **arguments))
    assert result.is_error
    text = text_of(result)
    assert "NUL byte" in text and "hint:" in text
    assert "Traceback" not in text


def test_oversized_mcp_arguments_are_refused_before_any_work(server: MCPServer[Any]) -> None:
    big = run(lambda: call(server, "validate_spec", text="#" * (LIMITS.max_bytes + 1)))
    assert big.is_error and "more than the 1,048,576 allowed" in text_of(big)
    long_path = run(lambda: call(server, "build_addon", spec="a" * 5000))
    assert long_path.is_error and "more than the 4,096 allowed" in text_of(long_path)
    many = run(
        lambda: call(server, "check_addon", addon="a", series="17.0", addons_path=["a"] * 101)
    )
    assert many.is_error and "entries" in text_of(many)


@pytest.mark.parametrize(
    "text",
    [
        DEEP,
        "a: &a [1,2,3,4,5,6,7,8,9]\n"
        + "".join(
            f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}" if i > 1 else "*a"] * 9) + "]\n"
            for i in range(1, 9)
        ),
    ],
    ids=["deep", "alias-bomb"],
)
def test_hostile_spec_text_over_mcp_is_a_located_diagnostic(
    server: MCPServer[Any], text: str
) -> None:
    result = run(lambda: call(server, "validate_spec", text=text))
    assert not result.is_error, text_of(result)
    data = result.structured_content or {}
    assert data["ok"] is False
    diagnostic = data["diagnostics"][0]
    assert diagnostic["line"] and diagnostic["column"], diagnostic


def test_an_unexpected_exception_over_mcp_is_one_line_with_a_log(
    server: MCPServer[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(odoo_factory.compiler, "build_addon", _explode)
    result = run(lambda: call(server, "build_addon", spec="todo.yaml", series="17.0"))
    assert result.is_error
    text = text_of(result)
    assert "the tool build_addon failed: RuntimeError: the compiler broke" in text
    assert BUG_HINT in text
    logs = list((tmp_path / "data" / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in text
    assert "Traceback" in logs[0].read_text() and "Traceback" not in text


def test_an_unexpected_exception_in_an_mcp_job_is_one_line_with_a_log(
    server: MCPServer[Any], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import odoo_factory.runtime

    monkeypatch.setattr(odoo_factory.runtime, "run_addon_tests", _explode)
    (tmp_path / "workspace" / "addon").mkdir()
    result = run(lambda: call(server, "test_addon", addon="addon", series="17.0"))
    assert result.is_error
    text = text_of(result)
    assert "the test job failed: RuntimeError: the compiler broke" in text
    logs = list((tmp_path / "data" / "logs").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in text and BUG_HINT in text


# -- the warm worker ----------------------------------------------------------------------


def _fake_odoo(root: Path, failing: str) -> Path:
    """A stand-in for an Odoo tree (the worker's only true boundary): ``failing`` raises."""
    files = {
        "odoo/__init__.py": "",
        "odoo/cli.py": "",
        "odoo/modules/__init__.py": "",
        "odoo/modules/module.py": "def initialize_sys_path():\n    pass\n",
        "odoo/tools/__init__.py": "class _Config:\n    options = {}\n    misc = {}\n\n"
        "    def parse_config(self, args):\n        pass\n\n\nconfig = _Config()\n",
        "odoo/addons/__init__.py": "",
        "odoo/addons/broken/__init__.py": "raise RuntimeError('addon broke')\n",
    }
    if failing == "worker":
        files["odoo/modules/module.py"] = (
            "def initialize_sys_path():\n    raise RuntimeError('worker broke')\n"
        )
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.mark.parametrize(
    ("failing", "words"),
    [
        ("worker", f"the warm worker failed: RuntimeError: worker broke ({BUG_HINT}"),
        ("addon", "could not import the addons: RuntimeError: addon broke"),
        ("odoo", "could not import Odoo: ModuleNotFoundError"),
    ],
)
def test_the_worker_ends_in_one_line_and_a_log(tmp_path: Path, failing: str, words: str) -> None:
    launch = tmp_path / "launch"
    launch.mkdir()
    if failing != "odoo":
        _fake_odoo(launch, failing)
    socket_path = tmp_path / "run" / "w.sock"
    socket_path.parent.mkdir()
    addons = launch / "odoo" / "addons"
    done = subprocess.run(
        [
            sys.executable,
            worker_main.__file__,
            str(socket_path),
            str(launch),
            str(addons),
            "broken",
            "1",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": ""},
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 70
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr + done.stdout, done.stderr
    assert words in lines[0]
    logs = list(socket_path.parent.glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    assert "Traceback" in logs[0].read_text()


def test_a_system_error_names_the_path_and_keeps_the_traceback(data_dir: Path) -> None:
    from odoo_factory.crashlog import unexpected

    try:
        (data_dir / "missing" / "x").read_text()
    except OSError as exc:
        error = unexpected("odoo-factory db status", exc, data_dir)
    assert error.message.startswith("odoo-factory db status failed: No such file or directory: ")
    assert str(data_dir / "missing" / "x") in error.message
    assert "ODOO_FACTORY_DATA_DIR" in (error.hint or "")
    assert error.log is not None and "FileNotFoundError" in error.log.read_text()
    port = unexpected("odoo-factory mcp", OSError(98, "Address already in use"), data_dir)
    assert port.message == "odoo-factory mcp failed: Address already in use"
    assert BUG_HINT in (port.hint or "")


def test_a_terminal_without_unicode_gets_escapes_not_a_crash(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "odoo_factory", "spec", "validate", str(TODO)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "ascii", "ODOO_FACTORY_DATA_DIR": str(tmp_path)},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "valid \\u2014 module todo_list" in done.stdout
