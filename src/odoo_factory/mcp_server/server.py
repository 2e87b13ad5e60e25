"""The MCP server of Odoo Factory: built once per process, served on stdio or HTTP."""

from __future__ import annotations

import ipaddress
from importlib import resources
from typing import Any

import anyio
from mcp.server.auth.settings import AuthSettings
from mcp.server.mcpserver import MCPServer

from odoo_factory import __version__
from odoo_factory.errors import InputError
from odoo_factory.mcp_server.auth import StaticTokenVerifier
from odoo_factory.mcp_server.jobs import JobManager
from odoo_factory.mcp_server.tools import FactoryTools
from odoo_factory.mcp_server.workspace import Workspace
from odoo_factory.settings import Settings

__all__ = [
    "GUIDE_URI",
    "SCHEMA_URI",
    "agent_guide_text",
    "build_server",
    "is_loopback",
    "parse_address",
    "serve_http",
    "serve_stdio",
]

GUIDE_URI = "odoo-factory://guide"
SCHEMA_URI = "odoo-factory://spec-schema"

INSTRUCTIONS = (
    "Odoo Factory turns a module spec (YAML) into an Odoo addon and proves it on a real Odoo. "
    "Read the guide first (tool agent_guide). The loop: validate_spec -> build_addon -> "
    "check_addon -> test_addon -> gate_addon; fix what the diagnostics name and repeat. "
    "test_addon and gate_addon may return a job_id: poll it with job_result. "
    "Paths must lie inside the workspace folders."
)


def agent_guide_text() -> str:
    """The agent guide (the same text as docs/agents.md)."""
    return resources.files("odoo_factory.mcp_server").joinpath("agents.md").read_text("utf-8")


def build_server(
    settings: Settings,
    workspace: Workspace,
    *,
    jobs: JobManager | None = None,
    token: str | None = None,
    public_url: str = "http://127.0.0.1",
) -> MCPServer[Any]:
    """An MCP server whose tools call the use cases with ``settings`` inside ``workspace``.

    With ``token`` (HTTP), every request must carry ``Authorization: Bearer <token>``.
    """
    auth: dict[str, Any] = {}
    if token is not None:
        auth = {
            "auth": AuthSettings(issuer_url=public_url, resource_server_url=None),  # type: ignore[arg-type]
            "token_verifier": StaticTokenVerifier(token),
        }
    server: MCPServer[Any] = MCPServer(
        "odoo-factory",
        title="Odoo Factory",
        instructions=INSTRUCTIONS,
        version=__version__,
        **auth,
    )
    guide = agent_guide_text()
    tools = FactoryTools(settings, workspace, jobs or JobManager(), guide)
    tools.register(server.add_tool)

    @server.resource(
        GUIDE_URI, name="agent-guide", title="Guide for AI agents", mime_type="text/markdown"
    )
    def _guide() -> str:
        return guide

    @server.resource(
        SCHEMA_URI,
        name="spec-schema",
        title="JSON Schema of the module spec",
        mime_type="application/json",
    )
    def _schema() -> dict[str, Any]:
        from odoo_factory.spec import spec_schema

        return spec_schema()

    return server


def parse_address(address: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:PORT`` for IPv6) into its parts."""
    host, sep, port_text = address.rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise InputError(f"{address!r} is not HOST:PORT", hint="e.g. --http 127.0.0.1:8765")
    return host, int(port_text)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def serve_stdio(server: MCPServer[Any], jobs: JobManager) -> None:
    """Serve on stdin/stdout until the client closes; running jobs are cancelled at exit."""
    try:
        anyio.run(server.run_stdio_async)
    finally:
        jobs.cancel_all()


def serve_http(server: MCPServer[Any], jobs: JobManager, host: str, port: int) -> None:
    """Serve streamable HTTP on ``host:port`` at ``/mcp`` until interrupted."""
    import uvicorn

    app = server.streamable_http_app(host=host)
    config = uvicorn.Config(app, host=host, port=port, log_level="warning")
    try:
        uvicorn.Server(config).run()
    finally:
        jobs.cancel_all()
