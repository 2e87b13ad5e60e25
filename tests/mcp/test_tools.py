"""Every tool through the SDK's in-memory client, on real specs, addons and logs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from odoo_factory.mcp_server import GUIDE_URI, SCHEMA_URI, Workspace, build_server
from odoo_factory.settings import Settings
from odoo_factory.spec import spec_schema
from tests.conftest import ADDONS
from tests.mcp.conftest import REPO, call, data_of, run, text_of

TOOLS = {
    "agent_guide",
    "spec_schema",
    "validate_spec",
    "build_addon",
    "check_addon",
    "test_addon",
    "gate_addon",
    "job_status",
    "job_result",
    "cancel_job",
    "list_runtimes",
    "list_templates",
    "list_runs",
    "get_run_log",
}
QA_BROKEN = REPO / "tests" / "qa" / "fixtures" / "addons" / "qa_broken"
LOGS = REPO / "tests" / "data" / "logs"


def test_every_tool_is_listed_with_a_description_and_typed_parameters(
    server: MCPServer[Any],
) -> None:
    async def body() -> None:
        async with Client(server) as client:
            tools = {tool.name: tool for tool in (await client.list_tools()).tools}
            assert set(tools) == TOOLS
            for tool in tools.values():
                assert tool.description and len(tool.description) > 40, tool.name
                for name, prop in tool.input_schema.get("properties", {}).items():
                    assert "description" in prop, f"{tool.name}.{name} has no description"
            assert "ctx" not in tools["test_addon"].input_schema["properties"]
            assert client.instructions and "agent_guide" in client.instructions

    run(body)


def test_the_guide_is_served_as_a_tool_and_a_resource_and_is_docs_agents_md(
    server: MCPServer[Any],
) -> None:
    docs = (REPO / "docs" / "agents.md").read_text("utf-8")
    packaged = REPO / "src" / "odoo_factory" / "mcp_server" / "agents.md"
    assert packaged.read_text("utf-8") == docs, (
        "the server serves src/odoo_factory/mcp_server/agents.md: copy docs/agents.md there"
    )

    async def body() -> None:
        async with Client(server) as client:
            tool = await client.call_tool("agent_guide", {})
            assert text_of(tool) == docs
            resource = await client.read_resource(GUIDE_URI)
            assert resource.contents[0].text == docs  # type: ignore[union-attr]
            assert resource.contents[0].mime_type == "text/markdown"

    run(body)


def test_spec_schema_tool_and_resource(server: MCPServer[Any]) -> None:
    async def body() -> None:
        async with Client(server) as client:
            schema = data_of(await client.call_tool("spec_schema", {}))
            assert schema == spec_schema()
            assert "module" in schema["properties"]
            resource = await client.read_resource(SCHEMA_URI)
            assert '"module"' in resource.contents[0].text  # type: ignore[union-attr]

    run(body)


def _break(spec: Path) -> tuple[int, int]:
    """Misspell 'required' in the spec; the (line, column) of the misspelt key."""
    lines = spec.read_text("utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if "required: true" in line:
            lines[number - 1] = line.replace("required: true", "requird: true")
            spec.write_text("\n".join(lines) + "\n", "utf-8")
            return number, line.index("required") + 1
    raise AssertionError("no 'required: true' in the example")


def test_validate_spec_reports_the_first_problem_with_its_location(
    server: MCPServer[Any], workspace: Path
) -> None:
    spec = workspace / "examples" / "todo_list.yaml"
    line, column = _break(spec)
    result = data_of(run(lambda: call(server, "validate_spec", path="examples/todo_list.yaml")))
    assert result["ok"] is False
    [diagnostic] = result["diagnostics"]
    assert (diagnostic["file"], diagnostic["line"], diagnostic["column"]) == (
        str(spec),
        line,
        column,
    )
    assert "requird" in diagnostic["message"] and "required" in diagnostic["hint"]


def test_validate_spec_accepts_text_and_checks_the_series(server: MCPServer[Any]) -> None:
    text = (REPO / "examples" / "todo_list.yaml").read_text("utf-8")
    ok = data_of(run(lambda: call(server, "validate_spec", text=text, series="12.0")))
    assert ok["ok"] and ok["module"] == "todo_list" and ok["series"] == "12.0"
    assert ok["models"] == ["todo.task"] and ok["tests"] == 1
    bad = data_of(run(lambda: call(server, "validate_spec", text="module: [")))
    assert bad["ok"] is False and bad["diagnostics"][0]["file"] == "<text>"
    assert bad["diagnostics"][0]["line"] is not None


def test_validate_spec_warns_about_criteria_no_test_proves(server: MCPServer[Any]) -> None:
    text = (
        "module: {name: notes, title: Notes}\n"
        "models: [{name: notes.note, fields: [{name: name, type: char}]}]\n"
        "requirements: [{id: R1, text: Notes have names}, {id: R2, text: Notes are kept}]\n"
        "tests: [{name: named, proves: [R1], steps: [{create: notes.note,"
        " values: {name: n}, as: n, expect: {n.name: n}}]}]\n"
    )
    ok = data_of(run(lambda: call(server, "validate_spec", text=text)))
    assert ok["ok"] and ok["requirements"] == 2
    (warning,) = ok["warnings"]
    assert warning["message"].startswith("criterion R2 is proven by no test")
    assert warning["line"] == 3 and "proves: [R2]" in warning["hint"]


def test_validate_spec_wants_exactly_one_source(server: MCPServer[Any]) -> None:
    neither = run(lambda: call(server, "validate_spec"))
    assert neither.is_error and "either 'path' or 'text'" in text_of(neither)
    unknown = run(lambda: call(server, "validate_spec", text="module: {name: x}", series="11.0"))
    assert unknown.is_error and "11.0" in text_of(unknown)


def test_build_addon_returns_the_files_written_and_refuses_to_overwrite(
    server: MCPServer[Any], workspace: Path
) -> None:
    built = data_of(
        run(
            lambda: call(
                server,
                "build_addon",
                spec="examples/library_loans.yaml",
                series="17.0",
                out="addons",
            )
        )
    )
    addon = workspace / "addons" / "library_loans"
    assert built["ok"] and built["addon_path"] == str(addon) and built["series"] == "17.0"
    assert "__manifest__.py" in built["files"]
    assert sorted(built["files"]) == sorted(
        str(p.relative_to(addon)) for p in addon.rglob("*") if p.is_file()
    )
    again = run(
        lambda: call(server, "build_addon", spec="examples/library_loans.yaml", out="addons")
    )
    assert again.is_error
    assert "already exists" in text_of(again) and "hint: pass --force" in text_of(again)
    forced = run(
        lambda: call(
            server, "build_addon", spec="examples/library_loans.yaml", out="addons", force=True
        )
    )
    assert data_of(forced)["addon_path"] == str(addon) and (addon / "__manifest__.py").is_file()


def test_build_addon_error_carries_the_spec_location(
    server: MCPServer[Any], workspace: Path
) -> None:
    line, _column = _break(workspace / "examples" / "todo_list.yaml")
    result = run(lambda: call(server, "build_addon", spec="examples/todo_list.yaml"))
    assert result.is_error
    assert f"todo_list.yaml:{line}:" in text_of(result) and "hint:" in text_of(result)


def test_check_addon_compact_and_full(server: MCPServer[Any], workspace: Path) -> None:
    shutil.copytree(QA_BROKEN, workspace / "qa_broken")
    compact = data_of(
        run(lambda: call(server, "check_addon", addon="qa_broken", series="17.0", pylint=False))
    )
    assert compact["ok"] is False and compact["counts"]["error"] > 0
    assert compact["pylint_score"] is None
    first = compact["diagnostics"][0]
    assert set(first) == {"severity", "category", "rule", "location", "message", "hint"}
    assert all(d["severity"] != "info" for d in compact["diagnostics"])
    assert any(d["severity"] == "error" and ":" in d["location"] for d in compact["diagnostics"])
    full = data_of(
        run(
            lambda: call(
                server,
                "check_addon",
                addon=str(workspace / "qa_broken"),
                series="17.0",
                pylint=False,
                detail="full",
            )
        )
    )
    assert len(full["diagnostics"]) == sum(full["counts"].values())
    assert "timings" in full and full["addon"] == "qa_broken"


def test_check_addon_on_a_folder_that_is_no_addon(server: MCPServer[Any], workspace: Path) -> None:
    result = run(lambda: call(server, "check_addon", addon="examples", series="18.0"))
    assert result.is_error and "hint:" in text_of(result)


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("validate_spec", {"path": "../outside.yaml"}),
        ("validate_spec", {"path": "/etc/hostname"}),
        ("build_addon", {"spec": "examples/todo_list.yaml", "out": "../escape"}),
        ("build_addon", {"spec": "examples/../../x.yaml"}),
        ("check_addon", {"addon": str(ADDONS / "fx_pass"), "series": "18.0"}),
        (
            "check_addon",
            {"addon": "examples", "series": "18.0", "addons_path": ["/tmp"]},
        ),
        ("test_addon", {"addon": "../../etc", "series": "18.0"}),
        ("gate_addon", {"addon": "examples", "series": "18.0", "config": "/etc/passwd"}),
        ("gate_addon", {"addon": "/", "series": "18.0"}),
        ("gate_addon", {"addon": "examples", "series": "18.0", "reports": ["../gate.md"]}),
    ],
)
def test_paths_outside_the_workspace_are_refused(
    server: MCPServer[Any], tool: str, arguments: dict[str, Any], workspace: Path
) -> None:
    before = sorted(p.name for p in workspace.parent.iterdir())
    result = run(lambda: call(server, tool, **arguments))
    assert result.is_error
    assert "outside the workspace folders" in text_of(result)
    assert sorted(p.name for p in workspace.parent.iterdir()) == before


def test_a_symlink_out_of_the_workspace_is_refused(server: MCPServer[Any], workspace: Path) -> None:
    (workspace / "link").symlink_to(ADDONS / "fx_pass")
    result = run(lambda: call(server, "check_addon", addon="link", series="18.0"))
    assert result.is_error and "outside the workspace folders" in text_of(result)


def test_a_second_workspace_folder_is_allowed(settings: Settings, workspace: Path) -> None:
    extra = workspace.parent / f"{workspace.name}-extra"
    shutil.copytree(ADDONS / "fx_pass", extra / "fx_pass")
    try:
        server = build_server(settings, Workspace([workspace, extra]))
        result = run(
            lambda: call(
                server, "check_addon", addon=str(extra / "fx_pass"), series="18.0", pylint=False
            )
        )
        assert data_of(result)["addon"] == "fx_pass"
    finally:
        shutil.rmtree(extra, ignore_errors=True)


def test_list_runtimes_with_none_registered(server: MCPServer[Any]) -> None:
    assert data_of(run(lambda: call(server, "list_runtimes"))) == []


def test_list_templates_on_the_real_server(pg_settings: Settings, workspace: Path) -> None:
    server = build_server(pg_settings, Workspace([workspace]))
    templates = data_of(run(lambda: call(server, "list_templates")))
    assert isinstance(templates, list)
    for template in templates:
        assert template["name"].startswith("oft_tpl_") and "series" in template


def _store_run(settings: Settings, run_id: str, log: str, age: float = 0.0) -> Path:
    folder = settings.runs_dir / run_id
    folder.mkdir(parents=True)
    file = folder / "odoo.log"
    shutil.copy(LOGS / log, file)
    stamp = file.stat().st_mtime - age
    os.utime(file, (stamp, stamp))
    return file


def test_get_run_log_filters_by_level_grep_and_tail(
    server: MCPServer[Any], settings: Settings
) -> None:
    _store_run(settings, "oft_run_old_1", "18.0_fx_pass.log", age=60)
    file = _store_run(settings, "oft_run_fx_assert_fail_6da5b4a5", "18.0_fx_assert_fail.log")
    runs = data_of(run(lambda: call(server, "list_runs")))
    assert [r["run_id"] for r in runs] == ["oft_run_fx_assert_fail_6da5b4a5", "oft_run_old_1"]

    errors = data_of(run(lambda: call(server, "get_run_log", level="error")))
    assert errors["run_id"] == "oft_run_fx_assert_fail_6da5b4a5"
    assert errors["log_file"] == str(file)
    assert errors["matched_records"] == 4 and errors["omitted_records"] == 0
    records = [line for line in errors["text"].splitlines() if " ERROR " in line]
    assert len(records) == 4 and "FAIL: TestItem.test_wrong_double" in records[0]
    assert "Traceback" in errors["text"]  # a record keeps its traceback
    assert " INFO " not in errors["text"]

    grep = data_of(
        run(
            lambda: call(
                server, "get_run_log", run_id="oft_run_old_1", grep="tests? when loading", tail=1
            )
        )
    )
    assert grep["returned_records"] == 1 and "0 failed, 0 error(s) of 3 tests" in grep["text"]

    tail = data_of(
        run(lambda: call(server, "get_run_log", run_id="oft_run_old_1", level="DEBUG", tail=3))
    )
    assert tail["returned_records"] == 3 and tail["omitted_records"] == tail["matched_records"] - 3


def test_get_run_log_is_bounded_in_size(server: MCPServer[Any], settings: Settings) -> None:
    _store_run(settings, "oft_run_big", "18.0_fx_view_error.log")
    result = data_of(run(lambda: call(server, "get_run_log", tail=5000, max_chars=1000)))
    assert len(result["text"]) <= 1000 and result["omitted_records"] > 0
    too_big = run(lambda: call(server, "get_run_log", max_chars=10**7))
    assert too_big.is_error


@pytest.mark.parametrize("run_id", ["../runs", "oft_run_x/../../etc", "a b", ""])
def test_get_run_log_refuses_what_is_not_a_run_id(
    server: MCPServer[Any], settings: Settings, run_id: str
) -> None:
    _store_run(settings, "oft_run_ok", "18.0_fx_pass.log")
    result = run(lambda: call(server, "get_run_log", run_id=run_id))
    assert result.is_error and "run id" in text_of(result)


def test_get_run_log_names_the_problem(server: MCPServer[Any], settings: Settings) -> None:
    nothing = run(lambda: call(server, "get_run_log"))
    assert nothing.is_error and "no run has left a log yet" in text_of(nothing)
    _store_run(settings, "oft_run_ok", "18.0_fx_pass.log")
    unknown = run(lambda: call(server, "get_run_log", run_id="oft_run_nope"))
    assert unknown.is_error and "oft_run_ok" in text_of(unknown)
    level = run(lambda: call(server, "get_run_log", level="loud"))
    assert level.is_error and "DEBUG, INFO" in text_of(level)
