"""The MCP server: the closed build-check-test loop for AI coding agents.

A thin adapter over the same use cases as the CLI (spec, compiler, QA, runtime, gate).
``build_server`` makes the server; ``serve_stdio`` and ``serve_http`` run it.
"""

from odoo_factory.mcp_server.auth import TokenState, ensure_token, token_file
from odoo_factory.mcp_server.jobs import Job, JobManager, JobState
from odoo_factory.mcp_server.server import (
    GUIDE_URI,
    SCHEMA_URI,
    agent_guide_text,
    build_server,
    is_loopback,
    parse_address,
    serve_http,
    serve_stdio,
)
from odoo_factory.mcp_server.workspace import Workspace

__all__ = [
    "GUIDE_URI",
    "SCHEMA_URI",
    "Job",
    "JobManager",
    "JobState",
    "TokenState",
    "Workspace",
    "agent_guide_text",
    "build_server",
    "ensure_token",
    "is_loopback",
    "parse_address",
    "serve_http",
    "serve_stdio",
    "token_file",
]
