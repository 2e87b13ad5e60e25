"""The last resort of every front-end: an unexpected exception becomes one line and a log file.

``unexpected(what, exc, data_dir)`` writes the traceback to ``<data>/logs/crash-<time>.log``
(or, when the data folder cannot be written, to a private folder in the temporary folder)
and returns an :class:`InternalError` whose message says what failed and whose hint says
this is a bug to report, with the log's path. A failure of the file system (a read-only or
missing folder) says so instead, since the user can often fix it.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

from odoo_factory import __version__
from odoo_factory.errors import InternalError

__all__ = ["BUG_HINT", "unexpected", "write_crash_log"]

BUG_HINT = "this is a bug, please report it"


def _folders(data_dir: Path | None) -> list[Path]:
    folders = [data_dir / "logs"] if data_dir is not None else []
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return [*folders, Path(tempfile.gettempdir()) / f"odoo-factory-{uid}" / "logs"]


def write_crash_log(what: str, exc: BaseException, data_dir: Path | None) -> Path | None:
    """The traceback of ``exc`` in a new private file; None when no folder can take it."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    text = (
        f"odoo-factory {__version__}, Python {platform.python_version()}, {sys.platform}\n"
        f"{what} failed at {stamp} UTC\n\n"
        + "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    )
    for folder in _folders(data_dir):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = folder / f"crash-{stamp}-{os.getpid()}.log"
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", errors="replace") as handle:
                handle.write(text)
            return path
        except (OSError, ValueError):
            continue
    return None


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    text = lines[0] if lines else ""
    return text if len(text) <= 300 else text[:297] + "..."


def unexpected(what: str, exc: BaseException, data_dir: Path | None) -> InternalError:
    """``exc`` logged and turned into the one line users see (``what``: what failed)."""
    log = write_crash_log(what, exc, data_dir)
    details = f"; the traceback is in {log}" if log else ""
    if isinstance(exc, OSError) and exc.strerror and exc.filename:
        return InternalError(
            f"{what} failed: {exc.strerror}: {exc.filename}",
            hint="check that the folder exists and that you may write there "
            "(ODOO_FACTORY_DATA_DIR chooses the data folder); if it should have worked, "
            f"{BUG_HINT}{details}",
            log=log,
        )
    if isinstance(exc, OSError) and exc.strerror:
        return InternalError(
            f"{what} failed: {exc.strerror}",
            hint=f"if the system should have allowed it, {BUG_HINT}{details}",
            log=log,
        )
    if isinstance(exc, RecursionError):
        reason = "the input nests too deeply"
    else:
        reason = f"{type(exc).__name__}: {_first_line(exc)}".rstrip(": ")
    return InternalError(f"{what} failed: {reason}", hint=f"{BUG_HINT}{details}", log=log)
