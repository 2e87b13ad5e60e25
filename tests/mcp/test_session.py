"""A scripted agent session: validate a broken spec, fix it, build, check, test, read the log,
gate. The static part runs everywhere; the runs on Odoo need a configured 18.0 runtime."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client

from odoo_factory.mcp_server import Workspace, build_server
from odoo_factory.settings import Settings
from tests.conftest import ADDONS, run_databases
from tests.mcp.conftest import data_of, run

SPEC = "examples/todo_list.yaml"


async def _until_done(client: Client, started: dict[str, Any], tool: str) -> dict[str, Any]:
    """Poll a job the way an agent does: job_result until it is no longer running."""
    result = started
    for _ in range(40):
        if result.get("state") != "running":
            return result
        assert result["kind"] == tool
        result = data_of(
            await client.call_tool("job_result", {"job_id": result["job_id"], "wait_seconds": 30})
        )
    raise AssertionError(f"{tool} still running after 20 minutes: {result}")


async def _static_steps(client: Client, workspace: Path, series: str) -> str:
    """Validate a broken spec, fix it, build and check; the addon folder."""
    spec = workspace / SPEC
    good = spec.read_text("utf-8")
    spec.write_text(good.replace("type: char", "type: chars", 1), "utf-8")
    broken = data_of(await client.call_tool("validate_spec", {"path": SPEC, "series": series}))
    assert broken["ok"] is False
    [diagnostic] = broken["diagnostics"]
    assert (
        diagnostic["line"]
        == good.splitlines().index(next(line for line in good.splitlines() if "type: char" in line))
        + 1
    )
    assert "'chars'" in diagnostic["message"] and "char" in diagnostic["hint"]

    spec.write_text(good, "utf-8")  # the agent applies the hint
    fixed = data_of(await client.call_tool("validate_spec", {"path": SPEC, "series": series}))
    assert fixed["ok"] and fixed["series"] == series

    built = data_of(
        await client.call_tool("build_addon", {"spec": SPEC, "series": series, "out": "addons"})
    )
    assert built["series"] == series and "tests/test_todo_list.py" in built["files"]

    checked = data_of(
        await client.call_tool("check_addon", {"addon": "addons/todo_list", "series": series})
    )
    assert checked["ok"], checked["diagnostics"]
    assert checked["counts"]["error"] == 0 and checked["pylint_score"] is not None
    return built["addon_path"]


def test_session_up_to_the_static_checks(server: Any, workspace: Path) -> None:
    async def body() -> None:
        async with Client(server) as client:
            addon = await _static_steps(client, workspace, "18.0")
            assert Path(addon) == workspace / "addons" / "todo_list"

    run(body)


@pytest.mark.odoo
def test_session_on_real_odoo(pg_settings: Settings, odoo_18: str, workspace: Path) -> None:
    server = build_server(pg_settings, Workspace([workspace]))

    async def body() -> None:
        async with Client(server) as client:
            runtimes = data_of(await client.call_tool("list_runtimes", {}))
            assert odoo_18 in {rt["series"] for rt in runtimes}

            await _static_steps(client, workspace, odoo_18)
            tested = await _until_done(
                client,
                data_of(
                    await client.call_tool(
                        "test_addon", {"addon": "addons/todo_list", "series": odoo_18}
                    )
                ),
                "test",
            )
            assert tested["ok"] and tested["status"] == "passed", tested
            assert tested["failed_tests"] == [] and tested["tests"]["passed"] > 0
            assert tested["failure"] is None

            log = data_of(
                await client.call_tool(
                    "get_run_log", {"run_id": tested["run_id"], "grep": "Starting Test"}
                )
            )
            assert log["returned_records"] == tested["tests"]["total"]

            templates = data_of(await client.call_tool("list_templates", {}))
            assert any(t["series"] == odoo_18 for t in templates)

            gate = await _until_done(
                client,
                data_of(
                    await client.call_tool(
                        "gate_addon",
                        {"addon": "addons/todo_list", "series": odoo_18, "wait_seconds": 0},
                    )
                ),
                "gate",
            )
            assert gate["verdict"] == "green", gate
            assert gate["criteria_not_passed"] == [] and gate["run"]["status"] == "passed"
            assert gate["run"]["coverage_percent"] >= 80

    run(body)
    assert run_databases(pg_settings) == []


@pytest.mark.odoo
def test_cancel_a_running_test_job(pg_settings: Settings, odoo_18: str, workspace: Path) -> None:
    shutil.copytree(ADDONS / "fx_hang", workspace / "fx_hang")
    server = build_server(pg_settings, Workspace([workspace]))

    async def body() -> None:
        async with Client(server) as client:
            started = data_of(
                await client.call_tool(
                    "test_addon",
                    {"addon": "fx_hang", "series": odoo_18, "wait_seconds": 0, "timeout": 600},
                )
            )
            job_id = started["job_id"]
            for _ in range(120):  # until the tests are running (the template may be built)
                status = data_of(await client.call_tool("job_status", {"job_id": job_id}))
                if status["state"] != "running" or any("test" in p for p in status["progress"]):
                    break
                await anyio.sleep(1)
            cancelled = data_of(await client.call_tool("cancel_job", {"job_id": job_id}))
            assert cancelled["state"] == "cancelled", cancelled
            assert cancelled["error"]["type"] == "RunCancelledError"

    run(body)
    assert run_databases(pg_settings) == []
