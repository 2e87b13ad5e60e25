"""Fixtures of the MCP tests: a workspace with the example specs, a server, a client call."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import anyio
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent

from odoo_factory.mcp_server import JobManager, Workspace, build_server
from odoo_factory.runtime import Runtime
from odoo_factory.settings import Settings
from tests.conftest import make_settings

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
T = TypeVar("T")


def run(fn: Callable[[], Awaitable[T]]) -> T:
    """Run an async test body (the SDK's client is async)."""
    return anyio.run(fn)


def text_of(result: CallToolResult) -> str:
    return "\n".join(c.text for c in result.content if isinstance(c, TextContent))


def data_of(result: CallToolResult) -> Any:
    """A successful call's structured result (lists come wrapped in {'result': ...})."""
    assert not result.is_error, text_of(result)
    content = result.structured_content
    if content is None:
        return json.loads(text_of(result))
    return content["result"] if set(content) == {"result"} else content


async def call(server: MCPServer[Any], name: str, **arguments: Any) -> CallToolResult:
    async with Client(server) as client:
        return await client.call_tool(name, arguments)


@pytest.fixture
def workspace() -> Iterator[Path]:
    """A workspace folder holding a copy of the example specs (outside pytest's tmp root)."""
    folder = Path(tempfile.mkdtemp(prefix="odoo-factory-mcp-"))
    shutil.copytree(EXAMPLES, folder / "examples")
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def scratch() -> Iterator[Path]:
    """A folder outside the workspace for data folders and server output."""
    folder = Path(tempfile.mkdtemp(prefix="odoo-factory-mcp-data-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def settings(scratch: Path) -> Settings:
    """Settings with a data folder of their own (no PostgreSQL started)."""
    return make_settings(scratch / "data")


@pytest.fixture
def server(settings: Settings, workspace: Path) -> Iterator[MCPServer[Any]]:
    jobs = JobManager()
    try:
        yield build_server(settings, Workspace([workspace]), jobs=jobs)
    finally:
        jobs.cancel_all()


@pytest.fixture
def odoo_18(odoo_runtimes: dict[str, Runtime]) -> str:
    """The 18.0 series when a runtime is configured; skips visibly otherwise."""
    if "18.0" not in odoo_runtimes:
        pytest.skip(
            "no Odoo 18.0 runtime: set ODOO_FACTORY_TEST_ODOO_18 and ODOO_FACTORY_TEST_PYTHON_18"
        )
    return "18.0"
