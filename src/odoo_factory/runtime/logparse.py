"""Reading Odoo's log: records, tests, the summary line and the reason a load failed.

Facts this parser relies on (seen on real 14.0 to 18.0):
- a record starts ``YYYY-MM-DD HH:MM:SS,mmm PID LEVEL DB LOGGER: MESSAGE``; a traceback
  continues the record on the following lines;
- each test logs ``Starting Class.test_x ...``; a failure ``FAIL: Class.test_x`` and an
  exception ``ERROR: Class.test_x``, each with a traceback; a skipped test
  ``skipped Class.test_x : reason`` (16.0+ ``odoo/tests/result.py`` addSkip), e.g. a browser
  test without Chrome or websocket-client: it proves nothing;
- the summary ``F failed, E error(s) of N tests when loading database 'db'`` comes from
  ``odoo.tests.runner`` (14.0, 15.0) or ``odoo.tests.result`` (16.0+);
- ``invalid module names, ignored: X`` means X was never loaded (not on the path, or a
  manifest version for another series on 17.0+), and odoo-bin still exits 0;
- a load failure logs ``Couldn't load module X`` or ``Failed to load registry``, then a
  traceback; data files fail with ``ParseError: while parsing FILE:LINE``.
- ``ERROR odoo.sql_db: bad query`` also appears in passing tests that provoke a database
  error on purpose: an ERROR record alone is not a failure.
- ``Failed to load registry`` carries no traceback; the cause follows in the next record
  (``Failed to initialize database``), as a chain of exceptions printed innermost first and
  joined by "The above exception was the direct cause of the following exception:" (raised
  ``from``) or "During handling of the above exception, another exception occurred:".
  The reported failure is the root cause of that chain (see :mod:`.tracebacks`).
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
from odoo_factory.runtime.tracebacks import (
    WRAPPERS,
    Raised,
    exception_chain,
    frames_of,
    root_cause,
)

__all__ = ["OdooLog", "parse_log"]

_RECORD = re.compile(
    r"^(?P<time>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (?P<pid>\d+) (?P<level>[A-Z?]+) "
    r"(?P<db>\S+) (?P<logger>[\w.\-]+): (?P<message>.*)$"
)
_STARTING = re.compile(r"^Starting (?P<cls>[\w.]+)\.(?P<method>\w+) \.\.\.")
_OUTCOME = re.compile(
    r"^(?:(?P<kind>FAIL|ERROR|SKIP|SKIPPED): |skipped )(?P<cls>[\w.]+)\.(?P<method>\w+)"
)
_SUMMARY = re.compile(r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<tests>\d+) tests")
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
_MISSING_MODEL = re.compile(
    r"Model '(?P<model>[\w.]+)' (?:does not exist in registry"
    r"|inherits from non-existing model '(?P<parent>[\w.]+)')"
)
_KEY_ERROR = re.compile(r"^KeyError: '(?P<key>[\w.]+)'$")
_INVALID_FIELD = re.compile(r"Invalid field '(?P<field>\w+)' (?:on model|in) '(?P<model>[\w.]+)'")
_RECORD_MODEL = re.compile(r"""<record\b[^>]*\bmodel=["'](?P<model>[\w.]+)["']""")
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


def _relative(file: str, addon_path: Path | None) -> str:
    if addon_path is None:
        return file
    try:
        return str(Path(file).resolve().relative_to(addon_path))
    except ValueError:
        return file


def _test_message(text: str, status: str) -> str:
    """What a test's failure says: the assertion's last line, or for an error the exception
    that explains it (a wrapper such as a QWeb error ends on 'Path: /t/t[2]' otherwise)."""
    if status == "error":
        root = root_cause(exception_chain(text))
        if root is not None:
            return root.headline
    return _last_line(text)


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
    frames = frames_of(text, addon_path)
    root = root_cause(exception_chain(text))
    message = root.headline if root is not None else _last_line(text)
    parsing = _PARSING.search(text)
    field_missing = _FIELD_MISSING.search(text)
    missing_model = _MISSING_MODEL.search(root.headline) if root is not None else None
    view_error = bool(
        field_missing
        or ("view" in text.lower() and "validat" in text.lower())
        or "Invalid view" in text
    )
    if parsing and not view_error and root is not None and root.short_kind not in WRAPPERS:
        return _data_cause(text, root, parsing, addon_path, frames)
    if parsing:
        data_file = _relative(parsing["file"], addon_path)
        category = FailureCategory.VIEW_ERROR if view_error else FailureCategory.DATA_ERROR
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
    root_frames = frames_of(root.text, addon_path) if root is not None else []
    in_addon = [frame for frame in root_frames if frame.in_addon] or [
        frame for frame in frames if frame.in_addon
    ]
    if missing_model:
        model = missing_model["parent"] or missing_model["model"]
        where = in_addon[-1] if in_addon else None
        file, line = (where.file, where.line) if where else _model_source(addon_path, model)
        return LoadFailure(
            category=FailureCategory.PYTHON_ERROR,
            message=message,
            file=file,
            line=line,
            model=model,
            hint=f"model {model!r} does not exist in this series' registry: add the addon that "
            "defines it to 'depends', or remove the class that extends it (odoo-factory check "
            "reports this before an install)",
            traceback=text[-6000:],
            frames=frames,
        )
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
        file = where.file if where else None
        line = where.line if where else None
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


def _data_cause(
    text: str,
    root: Raised,
    parsing: re.Match[str],
    addon_path: Path | None,
    frames: list[Frame],
) -> LoadFailure:
    """A data file that failed to load because of ``root``, raised under the ParseError."""
    data_file = _relative(parsing["file"], addon_path)
    data_line = int(parsing["line"])
    record = _RECORD_MODEL.search(text[parsing.end() :])
    model = record["model"] if record else None
    key = _KEY_ERROR.match(root.headline)
    invalid = _INVALID_FIELD.search(root.headline)
    field: str | None = None
    node: str | None = None
    hint = "fix the record at that line of the data file"
    if key and key["key"] == model:
        hint = (
            f"model {model!r} does not exist in this series: add the addon that defines it to "
            "'depends', or remove the record"
        )
    elif key or invalid:
        field = key["key"] if key else invalid["field"] if invalid else None
        model = invalid["model"] if invalid else model
        assert field is not None
        node, data_line = _locate_field(parsing["file"], data_line, field, text)
        hint = (
            f"field {field!r} does not exist on {model or 'this model'!r} in this series: use "
            "the field's name in this series or remove it (odoo-factory check reports every "
            "such field before an install)"
        )
    in_addon = [f for f in frames_of(root.text, addon_path) if f.in_addon]
    if in_addon and not key and not invalid:
        data_file, data_line = in_addon[-1].file, in_addon[-1].line
        hint = "fix the Python error at that line; the data file at " + (
            f"{_relative(parsing['file'], addon_path)}:{parsing['line']} triggered it"
        )
    return LoadFailure(
        category=FailureCategory.DATA_ERROR,
        message=root.headline[:800],
        file=data_file,
        line=data_line,
        node=node,
        field=field,
        model=model,
        hint=hint,
        traceback=text[-6000:],
        frames=frames,
    )


def _model_source(addon_path: Path | None, model: str) -> tuple[str | None, int | None]:
    """The first line of the addon's Python that names ``model`` in ``_inherit``/``_name``."""
    if addon_path is None:
        return None, None
    needle = re.compile(rf"""^\s*_(?:inherit|name)\s*=.*["']{re.escape(model)}["']""")
    for path in sorted(addon_path.rglob("*.py")):
        try:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, start=1):
            if needle.search(line):
                return str(path.relative_to(addon_path)), number
    return None, None


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
            frames = [f for f in frames_of(text, addon_path) if f.in_addon]
            result = tests.get(key) or TestCaseResult(
                classname=key[0], method=key[1], status=status
            )
            if key not in tests:
                order.append(key)
            result.status = status
            result.message = _test_message(text, status) or message
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
            # "Failed to load registry" has no traceback: the next record's names the cause
            refined = _classify(record.text, addon, addon_path, schema_reasons)
            if refined.category is not FailureCategory.OTHER or (
                not failure.frames and refined.frames
            ):
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
