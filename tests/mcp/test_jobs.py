"""The job flow of long operations, without Odoo: a static-only gate runs pylint for seconds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp import Client
from mcp.server.mcpserver import MCPServer

from odoo_factory.compiler import build_addon
from odoo_factory.errors import InputError
from odoo_factory.mcp_server import JobManager, JobState
from tests.mcp.conftest import call, data_of, run, text_of


def _addon(workspace: Path) -> str:
    """The todo_list example built for 17.0 into the workspace: statically clean."""
    return build_addon(workspace / "examples" / "todo_list.yaml", "17.0", workspace).module


def test_a_gate_that_outlasts_the_wait_becomes_a_job(
    server: MCPServer[Any], workspace: Path
) -> None:
    addon = _addon(workspace)

    async def body() -> None:
        async with Client(server) as client:
            started = data_of(
                await client.call_tool(
                    "gate_addon",
                    {"addon": addon, "series": "17.0", "static_only": True, "wait_seconds": 0},
                )
            )
            assert started["state"] == "running" and started["kind"] == "gate"
            job_id = started["job_id"]
            assert job_id in started["next"]
            status = data_of(await client.call_tool("job_status", {"job_id": job_id}))
            assert status["job_id"] == job_id and status["state"] in ("running", "done")
            listed = data_of(await client.call_tool("job_status", {}))
            assert [j["job_id"] for j in listed["jobs"]] == [job_id]
            result = data_of(
                await client.call_tool(
                    "job_result", {"job_id": job_id, "wait_seconds": 240, "detail": "full"}
                )
            )
            assert result["state"] == "done" and result["job_id"] == job_id
            assert result["verdict"] == "incomplete" and result["static_only"] is True
            assert result["run"] is None and "criteria" in result
            compact = data_of(await client.call_tool("job_result", {"job_id": job_id}))
            assert compact["verdict"] == "incomplete"
            assert {c["id"] for c in compact["criteria_not_passed"]} >= {"install", "coverage"}
            assert "criteria" not in compact
            done = data_of(await client.call_tool("job_status", {"job_id": job_id}))
            assert done["state"] == "done" and any("static" in p for p in done["progress"])

    run(body)


def test_progress_reaches_a_client_that_asks_for_it(
    server: MCPServer[Any], workspace: Path
) -> None:
    addon = _addon(workspace)
    messages: list[str] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        messages.append(message or "")

    async def body() -> None:
        async with Client(server) as client:
            result = await client.call_tool(
                "gate_addon",
                {"addon": addon, "series": "17.0", "static_only": True, "wait_seconds": 240},
                progress_callback=on_progress,
            )
            assert data_of(result)["verdict"] == "incomplete"

    run(body)
    assert messages and "static checks" in messages[0]


def test_a_cancelled_job_says_so(server: MCPServer[Any], workspace: Path) -> None:
    addon = _addon(workspace)

    async def body() -> None:
        async with Client(server) as client:
            started = data_of(
                await client.call_tool(
                    "gate_addon",
                    {"addon": addon, "series": "17.0", "static_only": True, "wait_seconds": 0},
                )
            )
            cancelled = data_of(await client.call_tool("cancel_job", {"job_id": started["job_id"]}))
            assert cancelled["state"] in ("cancelled", "done")
            again = data_of(await client.call_tool("job_result", {"job_id": started["job_id"]}))
            assert again["state"] == cancelled["state"]

    run(body)


def test_a_failed_job_returns_the_error_of_its_tool(
    server: MCPServer[Any], workspace: Path
) -> None:
    async def body() -> None:
        async with Client(server) as client:
            started = await client.call_tool(
                "gate_addon",
                {"addon": "examples", "series": "17.0", "static_only": True, "wait_seconds": 0},
            )
            if not started.is_error:
                started = await client.call_tool(
                    "job_result", {"job_id": data_of(started)["job_id"], "wait_seconds": 60}
                )
            assert started.is_error
            assert "__manifest__.py" in text_of(started) and "hint:" in text_of(started)

    run(body)


def test_test_addon_without_a_runtime_is_a_tool_error_with_a_hint(
    server: MCPServer[Any], workspace: Path
) -> None:
    addon = _addon(workspace)
    result = run(lambda: call(server, "test_addon", addon=addon, series="17.0"))
    assert result.is_error
    assert "17.0" in text_of(result) and "hint:" in text_of(result)
    assert "runtime add" in text_of(result)


def test_unknown_jobs_are_named(server: MCPServer[Any]) -> None:
    for tool in ("job_status", "job_result", "cancel_job"):
        result = run(lambda tool=tool: call(server, tool, job_id="test-999"))  # type: ignore[misc]
        assert result.is_error and "no job 'test-999'" in text_of(result)


def test_the_job_manager_keeps_the_latest_finished_jobs() -> None:
    jobs = JobManager()
    started = [jobs.start("test", str(i), lambda _progress, _cancel, i=i: i) for i in range(60)]
    for job in started:
        assert job.done.wait(10)
    jobs.start("test", "last", lambda _progress, _cancel: None).done.wait(10)
    kept = jobs.list()
    assert len(kept) <= 52 and kept[-1].target == "last"
    assert all(job.state is JobState.DONE for job in kept)


def test_cancel_all_stops_running_work() -> None:
    jobs = JobManager()

    def wait_for_cancel(progress: Any, cancel: Any) -> None:
        progress("waiting")
        if cancel.wait(30):
            raise InputError("stopped")  # any of our errors ends the job as failed

    job = jobs.start("test", "x", wait_for_cancel)
    jobs.cancel_all(wait=10)
    assert job.done.is_set() and job.state is JobState.FAILED and job.progress == ["waiting"]


def test_the_gate_writes_the_reports_asked_for(server: MCPServer[Any], workspace: Path) -> None:
    addon = _addon(workspace)
    result = run(
        lambda: call(
            server,
            "gate_addon",
            addon=addon,
            series="17.0",
            static_only=True,
            reports=["reports/gate.md", "reports/gate.xml"],
            wait_seconds=240,
        )
    )
    assert data_of(result)["verdict"] == "incomplete"
    markdown = (workspace / "reports" / "gate.md").read_text("utf-8")
    assert "incomplete" in markdown and addon in markdown
    assert (workspace / "reports" / "gate.xml").read_text("utf-8").startswith("<")


def test_a_report_of_unknown_format_is_refused_before_the_gate_runs(
    server: MCPServer[Any], workspace: Path
) -> None:
    result = run(
        lambda: call(server, "gate_addon", addon="examples", series="17.0", reports=["gate.pdf"])
    )
    assert result.is_error and "*.md" in text_of(result)
    assert data_of(run(lambda: call(server, "job_status")))["jobs"] == []
