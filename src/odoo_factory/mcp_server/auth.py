"""The bearer token of the HTTP transport: made on first start, kept in the data folder (0600)."""

from __future__ import annotations

import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from mcp.server.auth.provider import AccessToken

from odoo_factory.errors import ConfigError
from odoo_factory.settings import Settings

__all__ = ["StaticTokenVerifier", "TokenState", "ensure_token", "token_file"]


def token_file(settings: Settings) -> Path:
    """Where the token lives: ``<data dir>/mcp/token``."""
    return settings.data_dir / "mcp" / "token"


@dataclass(frozen=True)
class TokenState:
    """The token, its file, and whether this start created it (then it is shown once)."""

    token: str
    file: Path
    created: bool


def _write_private(file: Path, text: str) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(file.parent, 0o700)
    tmp = file.with_name(file.name + ".new")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    os.chmod(tmp, 0o600)
    os.replace(tmp, file)


def ensure_token(settings: Settings, rotate: bool = False) -> TokenState:
    """The stored token, or a new one when there is none (or ``rotate`` asks for one)."""
    file = token_file(settings)
    if file.exists() and not rotate:
        try:
            token = file.read_text("utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"cannot read the MCP token {file}: {exc}", hint="fix its permissions"
            ) from exc
        if len(token) >= 32:
            if file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)
            return TokenState(token, file, created=False)
    token = secrets.token_urlsafe(32)
    try:
        _write_private(file, token)
    except OSError as exc:
        raise ConfigError(
            f"cannot store the MCP token in {file}: {exc}",
            hint="check that the data folder (ODOO_FACTORY_DATA_DIR) is writable",
        ) from exc
    return TokenState(token, file, created=True)


class StaticTokenVerifier:
    """Accepts exactly one bearer token (compared in constant time)."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def verify_token(self, token: str) -> AccessToken | None:
        if hmac.compare_digest(token.encode(), self._token.encode()):
            return AccessToken(token=token, client_id="odoo-factory-user", scopes=[])
        return None
