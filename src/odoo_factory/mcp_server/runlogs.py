"""A past run's Odoo log, filtered (level, text, tail) and bounded in size.

Every run keeps its log in ``<data dir>/runs/<run id>/odoo.log``; the run id is the name of
the database the run used (``TestRun.database``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from odoo_factory.errors import InputError
from odoo_factory.runtime.logparse import split_records
from odoo_factory.settings import Settings

__all__ = ["LEVELS", "LogQuery", "list_runs", "read_run_log"]

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_RANK = {name: rank for rank, name in enumerate(LEVELS)}
_RUN_ID = re.compile(r"^[A-Za-z0-9_]{1,63}$")
LOG_NAME = "odoo.log"


@dataclass(frozen=True)
class LogQuery:
    """Which records of a log to return."""

    level: str = "INFO"
    grep: str | None = None
    tail: int = 200
    max_chars: int = 20_000


def _runs(settings: Settings) -> list[Path]:
    if not settings.runs_dir.is_dir():
        return []
    found = [d for d in settings.runs_dir.iterdir() if (d / LOG_NAME).is_file()]
    return sorted(found, key=lambda d: (d / LOG_NAME).stat().st_mtime, reverse=True)


def list_runs(settings: Settings, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs that kept a log, newest first."""
    return [
        {"run_id": d.name, "log_file": str(d / LOG_NAME), "bytes": (d / LOG_NAME).stat().st_size}
        for d in _runs(settings)[:limit]
    ]


def _log_file(settings: Settings, run_id: str | None) -> Path:
    if run_id is None:
        runs = _runs(settings)
        if not runs:
            raise InputError("no run has left a log yet", hint="run test_addon or gate_addon first")
        return runs[0] / LOG_NAME
    if not _RUN_ID.match(run_id):
        raise InputError(
            f"{run_id!r} is not a run id",
            hint="give the 'run_id' (the run's database name) from a test or gate result",
        )
    file = settings.runs_dir / run_id / LOG_NAME
    if not file.is_file():
        known = ", ".join(d.name for d in _runs(settings)[:5]) or "none"
        raise InputError(f"no log for run {run_id!r} (latest: {known})", hint="check the run id")
    return file


def _level(name: str) -> int:
    wanted = name.upper()
    if wanted not in _RANK:
        raise InputError(f"unknown log level {name!r}", hint=f"use one of {', '.join(LEVELS)}")
    return _RANK[wanted]


def _pattern(grep: str | None) -> re.Pattern[str] | None:
    if not grep:
        return None
    try:
        return re.compile(grep, re.IGNORECASE)
    except re.error:
        return re.compile(re.escape(grep), re.IGNORECASE)


def read_run_log(settings: Settings, run_id: str | None, query: LogQuery) -> dict[str, Any]:
    """The records of a run's log at ``query.level`` or above that match ``query.grep``.

    Keeps the last ``query.tail`` records, then drops the oldest ones until the text fits in
    ``query.max_chars``; says how many were left out.
    """
    file = _log_file(settings, run_id)
    minimum = _level(query.level)
    pattern = _pattern(query.grep)
    lines = file.read_text("utf-8", errors="replace").splitlines()
    records = [
        r
        for r in split_records(lines)
        if _RANK.get(r.level, _RANK["INFO"]) >= minimum
        and (pattern is None or pattern.search("\n".join([r.logger, r.text])))
    ]
    matched = len(records)
    chosen = records[-query.tail :] if query.tail > 0 else []
    texts = [f"{r.line}: {r.time} {r.level} {r.logger}: {r.text}" for r in chosen]
    while texts and sum(len(t) + 1 for t in texts) > query.max_chars:
        texts.pop(0)
    text = "\n".join(texts)
    if len(text) > query.max_chars:  # one record alone is too long: keep its end
        text = text[-query.max_chars :]
    return {
        "run_id": file.parent.name,
        "log_file": str(file),
        "lines_in_file": len(lines),
        "matched_records": matched,
        "returned_records": len(texts),
        "omitted_records": matched - len(texts),
        "text": text,
    }
