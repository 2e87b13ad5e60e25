"""Reading Odoo's log: records, tests, the summary line and the reason a load failed.

Facts this parser relies on (seen on real 14.0 to 18.0):
- a record starts ``YYYY-MM-DD HH:MM:SS,mmm PID LEVEL DB LOGGER: MESSAGE``; a traceback
  continues the record on the following lines;
- each test logs ``Starting Class.test_x ...``; a failure ``FAIL: Class.test_x`` and an
  exception ``ERROR: Class.test_x``, each with a traceback;
- the summary ``F failed, E error(s) of N tests when loading database 'db'`` comes from
  ``odoo.tests.runner`` (14.0, 15.0) or ``odoo.tests.result`` (16.0+);
- ``invalid module names, ignored: X`` means X was never loaded (not on the path, or a
  manifest version for another series on 17.0+), and odoo-bin still exits 0;
- a load failure logs ``Couldn't load module X`` or ``Failed to load registry``, then a
  traceback; data files fail with ``ParseError: while parsing FILE:LINE``.
- ``ERROR odoo.sql_db: bad query`` also appears in passing tests that provoke a database
  error on purpose: an ERROR record alone is not a failure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from odoo_factory.runtime.results import (
    FailureCategory,
    Frame,
    LoadFailure,
    LogRecord,
    OdooCounts,
    TestCaseResult,
)

__all__ = ["OdooLog", "parse_log"]

_RECORD = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (?P<pid>\d+) (?P<level>[A-Z?]+) "
    r"(?P<db>\S+) (?P<logger>[\w.\-]+): (?P<message>.*)$"
)
_STARTING = re.compile(r"^Starting (?P<cls>[\w.]+)\.(?P<method>\w+) \.\.\.")
_OUTCOME = re.compile(r"^(?P<kind>FAIL|ERROR|SKIP|SKIPPED): (?P<cls>[\w.]+)\.(?P<method>\w+)")
_SUMMARY = re.compile(r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests")
_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line (?P<line>\d+), in (?P<func>.+)$')
_SCHEMA_ERROR = re.compile(r":ERROR:RELAXNGV:RELAXNG_ERR_\w+: (?P<reason>.+)$")
_PARSING = re.compile(r"while parsing (?P<file>/[^\s:]+):(?P<line>\d+)")
_FIELD_MISSING = re.compile(
    r'Field "?(?P<field>[\w.]+)"? does not exist in model "?(?P<model>[\w.]+)"?'
)
_INVALID = re.compile(r"invalid module names, ignored: (?P<names>.+)$")
_NOT_INSTALLABLE = re.compile(r"module (?P<name>\w+): not installable, skipped")
_UNMET = re.compile(r"module (?P<name>\w+): Unmet dependencies: (?P<deps>.+)$")
_NOT_AVAILABLE = re.compile(r"depends on module (?P<dep>'?[\w]+'?).*not available", re.IGNORECASE)
_NO_ACCESS = re.compile(r"(?:has|have) no access rules")
_TIME_FORMAT = "%Y-%m-%d %H:%M:%S,%f"


@dataclass
class _Record:
    time: str
    level: str
    logger: str
    message: str
    line: int
    extra: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join([self.message, *self.extra])

    @property
    def when(self) -> datetime:
        return datetime.strptime(self.time, _TIME_FORMAT)

    def public(self) -> LogRecord:
        return LogRecord(
            time=self.time,
            level=self.level,
            logger=self.logger,
            message=self.text[:4000],
            line=self.line,
        )


@dataclass
class OdooLog:
    """What a run's log says, in the terms of :mod:`odoo_factory.runtime.results`."""

    records: list[_Record]
    tests: list[TestCaseResult]
    counts: OdooCounts | None
    summary_line: str | None
    failure: LoadFailure | None
    ignored: list[str]
    warnings: list[LogRecord]
    errors: list[LogRecord]
    tests_started_at: datetime | None
    tests_ended_at: datetime | None
    first_time: datetime | None
    last_time: datetime | None


def split_records(lines: list[str]) -> list[_Record]:
    records: list[_Record] = []
    for number, raw in enumerate(lines, start=1):
        match = _RECORD.match(raw)
        if match:
            records.append(
                _Record(
                    match["time"],
                    match["level"],
                    match["logger"],
                    match["message"].rstrip(),
                    number,
                )
            )
        elif records:
            records[-1].extra.append(raw)
    return records


def _frames(text: str, addon_path: Path | None) -> list[Frame]:
    frames: list[Frame] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = _FRAME.match(line)
        if not match:
            continue
        file = match["file"]
        in_addon = False
        if addon_path is not None:
            try:
                file = str(Path(file).resolve().relative_to(addon_path))
                in_addon = True
            except ValueError:
                pass
        code: str | None = None
        if index + 1 < len(lines) and not _FRAME.match(lines[index + 1]):
            code = lines[index + 1].strip()
        frames.append(
            Frame(
                file=file,
                line=int(match["line"]),
                function=match["func"].strip(),
                in_addon=in_addon,
                code=code,
            )
        )
    return frames


def _relative(file: str, addon_path: Path | None) -> str:
    if addon_path is None:
        return file
    try:
        return str(Path(file).resolve().relative_to(addon_path))
    except ValueError:
        return file


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def _classify(
    text: str, addon: str, addon_path: Path | None, schema_reasons: Sequence[str] = ()
) -> LoadFailure:
    """The category, location and hint of a load failure from its log text.

    ``schema_reasons`` are what Odoo's view schema check logged before the failure; a view
    refused by the schema (and not for a missing field) names them.
    """
    frames = _frames(text, addon_path)
    message = _last_line(text)
    parsing = _PARSING.search(text)
    field_missing = _FIELD_MISSING.search(text)
    if parsing:
        data_file = _relative(parsing["file"], addon_path)
        category = (
            FailureCategory.VIEW_ERROR
            if (
                field_missing
                or ("view" in text.lower() and "validat" in text.lower())
                or "Invalid view" in text
            )
            else FailureCategory.DATA_ERROR
        )
        data_line = int(parsing["line"])
        node = None
        if field_missing:
            node, data_line = _locate_field(
                parsing["file"], data_line, field_missing["field"], text
            )
        detail = field_missing.group(0) if field_missing else _parse_error_detail(text)
        hint = "fix the data file at that line"
        if field_missing:
            hint = "add the field to the model or remove it from the view"
        elif category is FailureCategory.VIEW_ERROR and schema_reasons:
            reasons = "; ".join(dict.fromkeys(schema_reasons))
            detail = f"{(detail or message).rstrip('.')}: {reasons}"[:800]
            hint = "make the view match the series' view schema: " + reasons
        return LoadFailure(
            category=category,
            message=detail or message,
            file=data_file,
            line=data_line,
            node=node,
            field=field_missing["field"] if field_missing else None,
            model=field_missing["model"] if field_missing else None,
            hint=hint,
            traceback=text[-6000:],
            frames=frames,
        )
    in_addon = [frame for frame in frames if frame.in_addon]
    if (
        any(
            kind in text
            for kind in (
                "SyntaxError",
                "IndentationError",
                "ImportError",
                "ModuleNotFoundError",
                "NameError",
            )
        )
        or in_addon
    ):
        where = in_addon[-1] if in_addon else None
        syntax = re.search(
            r'File "(?P<file>[^"]+)", line (?P<line>\d+)\n(?:.*\n)*?\s*\^*\s*\n?'
            r"(?P<kind>SyntaxError|IndentationError)",
            text,
        )
        file: str | None = where.file if where else None
        line: int | None = where.line if where else None
        if syntax:
            file, line = _relative(syntax["file"], addon_path), int(syntax["line"])
        return LoadFailure(
            category=FailureCategory.PYTHON_ERROR,
            message=message,
            file=file,
            line=line,
            hint="fix the Python error at that line",
            traceback=text[-6000:],
            frames=frames,
        )
    return LoadFailure(
        category=FailureCategory.OTHER,
        message=message or "Odoo failed to load",
        traceback=text[-6000:] or None,
        frames=frames,
    )


def _locate_field(file: str, record_line: int, field: str, text: str) -> tuple[str | None, int]:
    """The view node naming ``field`` and its line in ``file``, from the record's line on."""
    needle = re.compile(rf"""<field\b[^>]*\bname=["']{re.escape(field)}["'][^>]*>""")
    snippet = needle.search(text)
    node = snippet.group(0) if snippet else None
    try:
        lines = Path(file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return node, record_line
    for number in range(max(record_line, 1), len(lines) + 1):
        found = needle.search(lines[number - 1])
        if found:
            return node or found.group(0), number
    return node, record_line


def _parse_error_detail(text: str) -> str | None:
    """The reason of a data-file error: an error line outside the frames, else the line that
    follows ``while parsing FILE:LINE`` (``Invalid view ... definition``)."""
    after_parsing: str | None = None
    lines = text.splitlines()
    source_line_next = False
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("File "):
            source_line_next = True  # a frame prints its source line, then ^~ markers
            continue
        if source_line_next:
            source_line_next = False
            continue
        if "while parsing" in stripped:
            following = lines[number + 1].strip() if number + 1 < len(lines) else ""
            after_parsing = after_parsing or following or None
            continue
        if (
            stripped
            and not stripped.startswith(("Traceback", "^", "~", "View error context"))
            and ("Error" in stripped or "error" in stripped)
        ):
            candidate = stripped.split(": ", 1)[-1] if stripped.startswith("odoo.") else stripped
            return candidate[:500]
    return after_parsing[:500] if after_parsing else None


def parse_log(lines: list[str], addon: str, addon_path: Path | None = None) -> OdooLog:
    records = split_records(lines)
    addon_path = addon_path.resolve() if addon_path is not None else None
    tests: dict[tuple[str, str], TestCaseResult] = {}
    started: dict[tuple[str, str], datetime] = {}
    order: list[tuple[str, str]] = []
    counts: OdooCounts | None = None
    summary_line: str | None = None
    failure: LoadFailure | None = None
    ignored: list[str] = []
    warnings: list[LogRecord] = []
    errors: list[LogRecord] = []
    first_start: datetime | None = None
    summary_at: datetime | None = None
    previous_key: tuple[str, str] | None = None
    own_logger = f"odoo.addons.{addon}"
    schema_reasons: list[str] = []

    for record in records:
        message = record.message
        start = _STARTING.match(message)
        if start:
            key = (start["cls"], start["method"])
            when = record.when
            if previous_key is not None and tests[previous_key].duration is None:
                tests[previous_key].duration = round(
                    (when - started[previous_key]).total_seconds(), 3
                )
            if key not in tests:
                order.append(key)
            tests[key] = TestCaseResult(classname=key[0], method=key[1], status="passed")
            started[key] = when
            first_start = first_start or when
            previous_key = key
            continue
        outcome = _OUTCOME.match(message)
        if outcome and record.level in ("ERROR", "INFO", "WARNING"):
            key = (outcome["cls"], outcome["method"])
            status = {"FAIL": "failed", "ERROR": "error"}.get(outcome["kind"], "skipped")
            text = "\n".join(record.extra)
            frames = [f for f in _frames(text, addon_path) if f.in_addon]
            result = tests.get(key) or TestCaseResult(
                classname=key[0], method=key[1], status=status
            )
            if key not in tests:
                order.append(key)
            result.status = status
            result.message = _last_line(text) or message
            result.traceback = text or None
            if frames:
                result.file, result.line = frames[-1].file, frames[-1].line
            tests[key] = result
            continue
        summary = _SUMMARY.search(message)
        if summary and "when loading database" in message:
            counts = OdooCounts(
                failed=int(summary["failed"]),
                errors=int(summary["errors"]),
                tests=int(summary["tests"]),
            )
            summary_line = f"{record.logger}: {message}"
            summary_at = record.when
            continue
        invalid = _INVALID.search(message)
        if invalid:
            ignored.extend(name.strip() for name in invalid["names"].split(","))
        for pattern, category in (
            (_NOT_INSTALLABLE, FailureCategory.SERIES_MISMATCH),
            (_UNMET, FailureCategory.MISSING_DEPENDENCY),
        ):
            match = pattern.search(message)
            if match and match["name"] == addon and failure is None:
                failure = LoadFailure(category=category, message=message)
        if (
            failure is None
            and _NOT_AVAILABLE.search(record.text)
            and record.level in ("ERROR", "CRITICAL")
        ):
            failure = LoadFailure(
                category=FailureCategory.MISSING_DEPENDENCY,
                message=_last_line(record.text),
                hint="add the missing addon to the addons path, or drop it from 'depends'",
            )
        if (
            failure is None
            and record.level in ("ERROR", "CRITICAL")
            and (
                "Couldn't load module" in message
                or "Failed to load registry" in message
                or "Failed to initialize database" in message
                or message.startswith("Failed to load module")
                or (record.extra and "ParseError" in record.text and record.logger != own_logger)
            )
        ):
            failure = _classify(record.text, addon, addon_path, schema_reasons)
        if record.logger == "odoo.tools.view_validation" and failure is None:
            schema = _SCHEMA_ERROR.search(message.strip())
            # "Expecting an element X, got nothing" only echoes the reason next to it.
            if schema and "got nothing" not in schema["reason"]:
                schema_reasons.append(schema["reason"].strip())
        if record.level == "WARNING" and (
            record.logger.startswith(own_logger) or _NO_ACCESS.search(message)
        ):
            warnings.append(record.public())
        if record.level in ("ERROR", "CRITICAL") and not outcome:
            errors.append(record.public())
        if failure is not None and failure.category is FailureCategory.OTHER and record.extra:
            refined = _classify(record.text, addon, addon_path, schema_reasons)
            if refined.category is not FailureCategory.OTHER:
                failure = refined

    if previous_key is not None and tests[previous_key].duration is None:
        end = summary_at or (records[-1].when if records else None)
        if end is not None:
            tests[previous_key].duration = round((end - started[previous_key]).total_seconds(), 3)

    return OdooLog(
        records=records,
        tests=[tests[key] for key in order],
        counts=counts,
        summary_line=summary_line,
        failure=failure,
        ignored=ignored,
        warnings=warnings,
        errors=errors,
        tests_started_at=first_start,
        tests_ended_at=summary_at,
        first_time=records[0].when if records else None,
        last_time=records[-1].when if records else None,
    )
