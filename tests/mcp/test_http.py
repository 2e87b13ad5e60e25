"""``odoo-factory mcp --http``: a real server process on loopback, its bearer token, stdio."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from odoo_factory.cli.app import main
from odoo_factory.errors import InputError
from odoo_factory.mcp_server import parse_address
from tests.mcp.conftest import data_of, run, text_of

INITIALIZE = {
    "jsonrpc": "2.0",
    "id": 1,
    "method": "initialize",
    "params": {
        "protocolVersion": "2025-06-18",
        "capabilities": {},
        "clientInfo": {"name": "test", "version": "0"},
    },
}
HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class HttpServer:
    url: str
    data_dir: Path
    stderr: Path
    proc: subprocess.Popen[bytes]

    @property
    def token_file(self) -> Path:
        return self.data_dir / "mcp" / "token"

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(20)
        return self.stderr.read_text("utf-8", errors="replace")


def _start(workspace: Path, data_dir: Path, *extra: str) -> HttpServer:
    port = _free_port()
    stderr = data_dir.parent / f"stderr-{port}.txt"
    env = {**os.environ, "ODOO_FACTORY_DATA_DIR": str(data_dir)}
    with stderr.open("wb") as err:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "odoo_factory",
                "mcp",
                "--http",
                f"127.0.0.1:{port}",
                "--workspace",
                str(workspace),
                *extra,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=env,
        )
    server = HttpServer(f"http://127.0.0.1:{port}/mcp", data_dir, stderr, proc)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited: {server.stop()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            time.sleep(0.2)
    server.stop()
    raise AssertionError("the server did not listen within 60 s")


@pytest.fixture
def http_server(workspace: Path, scratch: Path) -> Iterator[HttpServer]:
    server = _start(workspace, scratch / "data")
    try:
        yield server
    finally:
        server.stop()


def test_a_call_without_the_token_is_refused(http_server: HttpServer) -> None:
    with httpx2.Client(timeout=30) as http:
        anonymous = http.post(http_server.url, json=INITIALIZE, headers=HEADERS)
        assert anonymous.status_code == 401
        wrong = http.post(
            http_server.url,
            json=INITIALIZE,
            headers={**HEADERS, "Authorization": "Bearer not-the-token"},
        )
        assert wrong.status_code == 401
        token = http_server.token_file.read_text().strip()
        allowed = http.post(
            http_server.url,
            json=INITIALIZE,
            headers={**HEADERS, "Authorization": f"Bearer {token}"},
        )
        assert allowed.status_code == 200


def test_with_the_token_the_tools_answer_over_http(
    http_server: HttpServer, workspace: Path
) -> None:
    token = http_server.token_file.read_text().strip()

    async def body() -> None:
        headers = {"Authorization": f"Bearer {token}"}
        async with (
            httpx2.AsyncClient(headers=headers, timeout=60) as http,
            Client(streamable_http_client(http_server.url, http_client=http)) as client,
        ):
            names = {tool.name for tool in (await client.list_tools()).tools}
            assert {"validate_spec", "test_addon", "get_run_log"} <= names
            ok = data_of(
                await client.call_tool(
                    "validate_spec", {"path": "examples/todo_list.yaml", "series": "18.0"}
                )
            )
            assert ok["ok"] and ok["file"] == str(workspace / "examples" / "todo_list.yaml")
            outside = await client.call_tool("validate_spec", {"path": "/etc/hostname"})
            assert outside.is_error and "outside the workspace" in text_of(outside)

            built = data_of(
                await client.call_tool("build_addon", {"spec": "examples/todo_list.yaml"})
            )
            started = data_of(
                await client.call_tool(
                    "gate_addon",
                    {
                        "addon": built["addon_path"],
                        "series": "17.0",
                        "static_only": True,
                        "wait_seconds": 0,
                    },
                )
            )
            assert started["state"] == "running"
            messages: list[str] = []

            async def on_progress(_done: float, _total: float | None, text: str | None) -> None:
                messages.append(text or "")

            finished = data_of(
                await client.call_tool(
                    "job_result",
                    {"job_id": started["job_id"], "wait_seconds": 240},
                    progress_callback=on_progress,
                )
            )
            assert finished["verdict"] == "incomplete" and finished["state"] == "done"
            assert any("static" in m for m in messages)

    run(body)


def test_the_token_is_made_once_shown_once_and_private(workspace: Path, scratch: Path) -> None:
    data_dir = scratch / "data"
    first = _start(workspace, data_dir)
    first_err = first.stop()
    token = first.token_file.read_text().strip()
    assert len(token) >= 32 and token in first_err
    assert stat.S_IMODE(first.token_file.stat().st_mode) == 0o600
    second = _start(workspace, data_dir)
    second_err = second.stop()
    assert token not in second_err and str(second.token_file) in second_err
    assert second.token_file.read_text().strip() == token
    third = _start(workspace, data_dir, "--rotate-token")
    third_err = third.stop()
    assert third.token_file.read_text().strip() != token
    assert third.token_file.read_text().strip() in third_err


def test_binding_beyond_loopback_needs_the_explicit_flag(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["mcp", "--http", "0.0.0.0:8765", "--workspace", str(workspace)])
    assert code == 2
    err = capsys.readouterr().err
    assert "not a loopback address" in err and "--allow-remote" in err


@pytest.mark.parametrize("address", ["8765", "localhost:", ":80", "host:99999", "h:x"])
def test_bad_addresses_are_refused(address: str) -> None:
    with pytest.raises(InputError, match="HOST:PORT"):
        parse_address(address)


def test_addresses_are_parsed() -> None:
    assert parse_address("127.0.0.1:8765") == ("127.0.0.1", 8765)
    assert parse_address("[::1]:9000") == ("::1", 9000)


def test_stdio_serves_the_same_tools(workspace: Path, scratch: Path) -> None:
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "odoo_factory", "mcp", "--workspace", str(workspace)],
        env={**os.environ, "ODOO_FACTORY_DATA_DIR": str(scratch / "data")},
    )

    async def body() -> None:
        async with Client(params) as client:
            guide = await client.call_tool("agent_guide", {})
            assert "## The loop" in text_of(guide)
            bad = await client.call_tool("validate_spec", {"text": "module: {name: 1x}"})
            assert data_of(bad)["ok"] is False

    run(body)
