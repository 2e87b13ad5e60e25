"""``odoo-factory mcp [--http HOST:PORT]``: the MCP server for AI coding agents."""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Annotated

import typer

from odoo_factory.cli.common import settings_from_env
from odoo_factory.errors import InputError


def register(app: typer.Typer) -> None:
    app.command("mcp")(mcp)


def _say(text: str) -> None:
    """Messages for the person starting the server go to stderr (stdout may be the wire)."""
    print(text, file=sys.stderr, flush=True)


def _sigterm_as_interrupt() -> None:
    def handler(_signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, handler)


def mcp(
    http: Annotated[
        str | None,
        typer.Option(
            "--http",
            metavar="HOST:PORT",
            help="Serve streamable HTTP at http://HOST:PORT/mcp instead of stdio.",
        ),
    ] = None,
    workspace: Annotated[
        list[Path] | None,
        typer.Option(
            "--workspace",
            help="Folder the tools may read and write (repeat; default: the current folder).",
        ),
    ] = None,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Allow --http on an address other than loopback."),
    ] = False,
    rotate_token: Annotated[
        bool, typer.Option("--rotate-token", help="Make a new HTTP token (shown once).")
    ] = False,
) -> None:
    """Serve the MCP tools (build, check, test, gate, logs) to AI coding agents."""
    from odoo_factory.mcp_server import (
        JobManager,
        Workspace,
        build_server,
        ensure_token,
        is_loopback,
        parse_address,
        serve_http,
        serve_stdio,
    )

    settings = settings_from_env()
    folders = Workspace(workspace or [Path.cwd()])
    jobs = JobManager()
    _sigterm_as_interrupt()
    if http is None:
        serve_stdio(build_server(settings, folders, jobs=jobs), jobs)
        return
    host, port = parse_address(http)
    if not is_loopback(host) and not allow_remote:
        raise InputError(
            f"{host} is not a loopback address: the server would be reachable from the network",
            hint="pass --allow-remote to bind it anyway (the bearer token is still required)",
        )
    state = ensure_token(settings, rotate=rotate_token)
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}"
    server = build_server(settings, folders, jobs=jobs, token=state.token, public_url=url)
    _say(f"odoo-factory MCP server at {url}/mcp (workspace: {', '.join(folders.to_dict())})")
    if state.created:
        _say(f"bearer token (shown once, stored in {state.file}):\n  {state.token}")
    else:
        _say(f"bearer token: the one stored in {state.file} (--rotate-token makes a new one)")
    serve_http(server, jobs, host, port)
