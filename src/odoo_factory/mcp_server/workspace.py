"""Workspace folders: every path a tool receives is resolved and must lie inside one of them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from odoo_factory.errors import InputError

__all__ = ["Workspace"]


class Workspace:
    """The folders the server may read and write; relative paths start at the first one."""

    def __init__(self, roots: Iterable[Path]) -> None:
        resolved = [Path(root).expanduser().resolve() for root in roots]
        if not resolved:
            raise InputError("no workspace folder", hint="give at least one --workspace folder")
        for root in resolved:
            if not root.is_dir():
                raise InputError(
                    f"workspace folder {root} does not exist", hint="create it or name another"
                )
        self.roots: list[Path] = list(dict.fromkeys(resolved))

    @property
    def default(self) -> Path:
        """Where relative paths start and where builds go by default."""
        return self.roots[0]

    def resolve(self, path: str | Path, what: str = "path") -> Path:
        """``path`` made absolute (symlinks followed); refused when outside every folder."""
        text = str(path).strip()
        if not text:
            raise InputError(f"the {what} is empty", hint="give a path inside the workspace")
        candidate = Path(text).expanduser()
        if not candidate.is_absolute():
            candidate = self.default / candidate
        resolved = candidate.resolve()
        if not any(resolved == root or resolved.is_relative_to(root) for root in self.roots):
            folders = ", ".join(str(root) for root in self.roots)
            raise InputError(
                f"the {what} {text} is outside the workspace folders ({folders})",
                hint="use a path inside a workspace folder; the server's owner can add "
                "folders with 'odoo-factory mcp --workspace DIR'",
            )
        return resolved

    def resolve_all(self, paths: Iterable[str | Path], what: str = "path") -> list[Path]:
        return [self.resolve(path, what) for path in paths]

    def to_dict(self) -> list[str]:
        return [str(root) for root in self.roots]
