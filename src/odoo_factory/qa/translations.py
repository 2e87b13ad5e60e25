"""Checks of an addon's i18n/ folder and of its demo data.

- every ``.po``/``.pot`` file parses the way Odoo's loader (polib) reads it;
- a ``.po`` translates only terms of the addon's template (``i18n/<addon>.pot``): a term the
  template does not hold is a leftover of an older version or a typo, and Odoo never shows it;
- files of the ``demo/`` folder are loaded only with demo data (the manifest's ``demo``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from odoo_factory.qa.addon_files import AddonSource
from odoo_factory.qa.diagnostics import Diagnostic, Severity

__all__ = ["PoEntry", "PoError", "check_translations", "parse_po"]

_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+(".*")\s*$')
_STRING = re.compile(r'^(".*")\s*$')


@dataclass(frozen=True)
class PoEntry:
    msgid: str
    msgstr: str
    line: int  # of its msgid


class PoError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def _unquote(text: str, line: int) -> str:
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise PoError(line, f"not a quoted string: {text}") from None
    if not isinstance(value, str):
        raise PoError(line, f"not a quoted string: {text}")
    return value


def parse_po(text: str) -> list[PoEntry]:
    """The entries of a .po/.pot text (the header's included, msgid ""); raises PoError."""
    entries: list[PoEntry] = []
    current: dict[str, str] = {}
    start = 0
    key: str | None = None

    def flush() -> None:
        if not current:
            return
        if "msgid" not in current or not any(k.startswith("msgstr") for k in current):
            raise PoError(start, "an entry needs a msgid and a msgstr")
        strings = [v for k, v in current.items() if k.startswith("msgstr")]
        entries.append(PoEntry(current["msgid"], strings[0], start))
        current.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line:
                key = None
            continue
        found = _KEYWORD.match(line)
        if found:
            name, quoted = found.groups()
            if name in ("msgctxt", "msgid") and any(k.startswith("msgstr") for k in current):
                flush()
            if name == "msgid" or (name == "msgctxt" and not current):
                start = number
            if name in current:
                raise PoError(number, f"{name} given twice in one entry")
            current[name] = _unquote(quoted, number)
            key = name
            continue
        more = _STRING.match(line)
        if more and key is not None:
            current[key] += _unquote(more.group(1), number)
            continue
        raise PoError(number, f"cannot read this line: {raw[:60]}")
    flush()
    return entries


def _diag(
    rule: str, file: str, line: int | None, message: str, hint: str, sev: Severity
) -> Diagnostic:
    return Diagnostic(
        source="factory",
        severity=sev,
        category="structure",
        rule=rule,
        file=file,
        line=line,
        message=message,
        hint=hint,
    )


def _po_files(source: AddonSource) -> list[str]:
    return sorted(f for f in source.files if f.startswith("i18n/") and f.endswith((".po", ".pot")))


def _translation_findings(source: AddonSource) -> Iterator[Diagnostic]:
    parsed: dict[str, list[PoEntry]] = {}
    for rel in _po_files(source):
        try:
            text = (Path(source.path) / rel).read_text("utf-8")
            parsed[rel] = parse_po(text)
        except UnicodeDecodeError:
            yield _diag(
                "po-unreadable", rel, None, "the file is not UTF-8 text",
                "write translation files in UTF-8", Severity.ERROR,
            )  # fmt: skip
        except PoError as exc:
            yield _diag(
                "po-unreadable", rel, exc.line, f"the file does not parse: {exc}",
                "fix the entry: '#' comments, then msgid \"…\" and msgstr \"…\"", Severity.ERROR,
            )  # fmt: skip
    template = f"i18n/{source.name}.pot"
    languages = [rel for rel in parsed if rel.endswith(".po")]
    if languages and template not in parsed:
        if template not in source.files:
            yield _diag(
                "po-template-missing", languages[0], None,
                f"translations without the template {template}",
                "export the template (Settings > Translations > Export, or "
                "odoo-bin --i18n-export) and keep it beside the .po files", Severity.WARNING,
            )  # fmt: skip
        return
    known = {e.msgid for e in parsed.get(template, [])}
    for rel in languages:
        for entry in parsed[rel]:
            if entry.msgid and entry.msgstr and entry.msgid not in known:
                yield _diag(
                    "po-term-unknown", rel, entry.line,
                    f"{entry.msgid!r} is translated but is no term of {template}: Odoo never "
                    "shows this translation",
                    "fix the text to match the term (labels, selection values, help and "
                    "messages as the addon writes them), or drop the entry", Severity.WARNING,
                )  # fmt: skip


def _demo_findings(source: AddonSource) -> Iterator[Diagnostic]:
    for rel in source.data_files("data"):
        if rel.startswith("demo/"):
            yield Diagnostic(
                source="factory",
                severity=Severity.WARNING,
                category="structure",
                rule="demo-file-in-data",
                file=source.manifest_file,
                line=source.manifest_line("data"),
                message=f"{rel} is demo data listed in 'data': every database gets it, "
                "production ones included",
                hint=f"move {rel!r} to the manifest's 'demo' list",
            )


def check_translations(source: AddonSource) -> list[Diagnostic]:
    """Findings of the i18n/ files and of demo files loaded as data."""
    return [*_translation_findings(source), *_demo_findings(source)]
