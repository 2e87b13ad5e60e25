"""Reading an addon folder for the static checks: manifest, Python, XML and CSV files.

Unreadable, binary, huge or malformed files become findings; only a folder that is not an
addon, or a manifest that is not a Python literal, is an :class:`AddonError`.
"""

from __future__ import annotations

import ast
import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from odoo_factory.errors import AddonError
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.pymodels import ModelDef, models_in_module
from odoo_factory.qa.xmltree import XmlNode, XmlSyntaxError, parse_xml

__all__ = ["MAX_FILE_BYTES", "AddonSource", "load_addon"]

MANIFEST_NAMES = ("__manifest__.py", "__openerp__.py")
MAX_FILE_BYTES = 4 * 1024 * 1024
DATA_KEYS = ("data", "demo")
DATA_DIRS = frozenset({"data", "views", "security", "wizard", "wizards", "report", "reports"})
SKIPPED_DIRS = frozenset({"static", "migrations", "upgrades", "__pycache__", "node_modules"})


@dataclass
class CsvFile:
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line, row)


@dataclass
class AddonSource:
    name: str
    path: Path
    manifest: dict[str, Any]
    manifest_file: str
    manifest_lines: dict[str, int]
    python: dict[str, ast.Module] = field(default_factory=dict)
    xml: dict[str, XmlNode] = field(default_factory=dict)
    csv: dict[str, CsvFile] = field(default_factory=dict)
    models: list[tuple[str, ModelDef]] = field(default_factory=list)  # (file, model)
    problems: list[Diagnostic] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file, relative, '/' separated

    def data_files(self, key: str) -> list[str]:
        value = self.manifest.get(key, [])
        return [str(item) for item in value] if isinstance(value, (list, tuple)) else []

    @property
    def depends(self) -> list[str]:
        value = self.manifest.get("depends", [])
        return [str(dep) for dep in value] if isinstance(value, (list, tuple)) else []

    def manifest_line(self, key: str) -> int:
        return self.manifest_lines.get(key, 1)


def _problem(
    rule: str,
    file: str,
    message: str,
    hint: str,
    line: int | None = None,
    severity: Severity = Severity.ERROR,
) -> Diagnostic:
    return Diagnostic(
        source="factory",
        severity=severity,
        category="structure",
        rule=rule,
        file=file,
        line=line,
        message=message,
        hint=hint,
    )


def _read_manifest(path: Path) -> tuple[str, dict[str, Any], dict[str, int]]:
    manifest = next((path / n for n in MANIFEST_NAMES if (path / n).is_file()), None)
    if manifest is None:
        raise AddonError(
            "not an Odoo addon: the folder has no __manifest__.py",
            hint="point at the addon's own folder, the one holding __manifest__.py",
            file=path,
        )
    try:
        data = manifest.read_bytes()
        if len(data) > MAX_FILE_BYTES:
            raise AddonError("the manifest is too large to be one", file=manifest)
        tree = ast.parse(data.decode("utf-8"), filename=manifest.name, mode="eval")
        value = ast.literal_eval(tree.body)
    except (OSError, UnicodeDecodeError) as exc:
        raise AddonError(
            f"cannot read the manifest: {exc}",
            hint="make __manifest__.py a readable UTF-8 text file",
            file=manifest,
        ) from exc
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise AddonError(
            "the manifest is not a Python literal (a dict of constants)",
            hint="remove expressions, names and calls from the manifest; Odoo reads it with "
            "ast.literal_eval",
            file=manifest,
            line=getattr(exc, "lineno", None),
        ) from exc
    if not isinstance(value, dict):
        raise AddonError(
            "the manifest is not a dict", hint="write the manifest as one {...}", file=manifest
        )
    lines: dict[str, int] = {}
    if isinstance(tree.body, ast.Dict):
        for key in tree.body.keys:
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                lines[key.value] = key.lineno
    return manifest.name, value, lines


def _read(source: AddonSource, rel: str) -> bytes | None:
    file = source.path / rel
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            source.problems.append(
                _problem(
                    "file-too-large",
                    rel,
                    f"file of {size // 1024} KiB not checked (limit {MAX_FILE_BYTES // 1024} KiB)",
                    "split the file; data this large belongs in a CSV or a post-init hook",
                    severity=Severity.WARNING,
                )
            )
            return None
        return file.read_bytes()
    except OSError as exc:
        source.problems.append(
            _problem(
                "file-unreadable",
                rel,
                f"cannot read the file: {exc.strerror or exc}",
                "fix the file's permissions, or remove it from the manifest",
            )
        )
        return None


def _load_python(source: AddonSource, rel: str) -> None:
    data = _read(source, rel)
    if data is None:
        return
    try:
        tree = ast.parse(data, filename=rel)
    except (SyntaxError, ValueError) as exc:
        source.problems.append(
            _problem(
                "python-syntax-error",
                rel,
                f"Python cannot parse this file: {exc}",
                "fix the syntax; Odoo cannot import the addon",
                getattr(exc, "lineno", None),
            )
        )
        return
    source.python[rel] = tree
    source.models.extend((rel, model) for model in models_in_module(tree))


def _load_xml(source: AddonSource, rel: str) -> None:
    data = _read(source, rel)
    if data is None:
        return
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        source.problems.append(
            _problem(
                "xml-not-text",
                rel,
                "binary content where an XML file is expected",
                "replace it with the XML data file, or remove it from the manifest",
            )
        )
        return
    try:
        source.xml[rel] = parse_xml(data)
    except XmlSyntaxError as exc:
        listed = rel in source.data_files("data") or rel in source.data_files("demo")
        source.problems.append(
            _problem(
                "xml-syntax-error",
                rel,
                f"XML cannot be parsed: {exc}",
                "fix the XML; Odoo stops installing at this file"
                if listed
                else "fix the XML, or delete the file: the manifest does not list it",
                exc.line,
                Severity.ERROR if listed else Severity.WARNING,
            )
        )


def _load_csv(source: AddonSource, rel: str) -> None:
    data = _read(source, rel)
    if data is None:
        return
    try:
        text = data.decode("utf-8-sig")
        reader = csv.reader(io.StringIO(text))
        header = next(reader, [])
        rows = []
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, dict(zip(header, row, strict=False))))
    except (UnicodeDecodeError, csv.Error) as exc:
        source.problems.append(
            _problem(
                "csv-unreadable",
                rel,
                f"CSV cannot be read: {exc}",
                "save the file as UTF-8 CSV with a header line",
            )
        )
        return
    source.csv[rel] = CsvFile(header, rows)


def _walk(path: Path) -> list[str]:
    found: list[str] = []
    stack = [path]
    while stack:
        folder = stack.pop()
        try:
            entries = sorted(folder.iterdir())
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir() and not entry.is_symlink():
                if entry.name not in SKIPPED_DIRS and not entry.name.startswith("."):
                    stack.append(entry)
            elif entry.is_file():
                found.append(entry.relative_to(path).as_posix())
    return sorted(found)


def load_addon(path: Path, *, python_only: bool = False) -> AddonSource:
    """Read the addon at ``path``; AddonError when it is not one."""
    path = Path(path)
    if not path.is_dir():
        raise AddonError("no such folder", hint="give the path of the addon's folder", file=path)
    path = path.resolve()
    manifest_file, manifest, lines = _read_manifest(path)
    source = AddonSource(path.name, path, manifest, manifest_file, lines)
    files = _walk(path)
    listed = {f for key in DATA_KEYS for f in source.data_files(key)}
    for rel in files:
        if rel.endswith(".py") and rel not in MANIFEST_NAMES:
            _load_python(source, rel)
        elif python_only:
            continue
        elif rel.endswith(".xml") and (rel in listed or rel.split("/")[0] in DATA_DIRS):
            _load_xml(source, rel)
        elif rel.endswith(".csv") and rel in listed:
            _load_csv(source, rel)
    source.files = files
    return source
