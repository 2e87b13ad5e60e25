"""XML ids an addon's data files define and the ones they refer to."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath

from odoo_factory.qa.addon_files import CsvFile
from odoo_factory.qa.xmltree import XmlNode

__all__ = [
    "XmlRef",
    "code_definitions",
    "csv_definitions",
    "csv_references",
    "xml_definitions",
    "xml_references",
]

DEFINING_TAGS = frozenset({"record", "template", "menuitem", "act_window", "report"})
_REF_CALL = re.compile(r"""\bref\(\s*['"]([\w.]+)['"]\s*\)""")
_PERCENT_REF = re.compile(r"%\(([\w.]+)\)[ds]")
# ids created by code: {'xml_id': 'stock.picking_type_out', ...} passed to _update_xmlids etc.
_XML_ID_KEY = re.compile(r"""['"]xml_?id['"]\s*:\s*['"]([\w.]+)['"]""")


@dataclass(frozen=True)
class XmlRef:
    xmlid: str
    line: int
    how: str  # ref | eval | parent | action | groups | inherit_id | %(..)d | csv


def xml_definitions(root: XmlNode) -> Iterator[tuple[str, int]]:
    """(id, line) of every record-like element, in document order."""
    for node in root.iter():
        if node.tag in DEFINING_TAGS and node.get("id"):
            yield str(node.get("id")), node.line


def code_definitions(text: str, module: str) -> set[str]:
    """Ids of ``module`` that code creates ('xml_id': 'module.name' in Python or <function>)."""
    prefix = module + "."
    return {
        m.group(1)[len(prefix) :]
        for m in _XML_ID_KEY.finditer(text)
        if m.group(1).startswith(prefix)
    }


def csv_definitions(rel: str, data: CsvFile) -> Iterator[tuple[str, int]]:
    if "id" not in data.header:
        return
    del rel
    for line, row in data.rows:
        value = row.get("id", "").strip()
        if value:
            yield value, line


def _split_groups(value: str) -> list[str]:
    return [part.strip().lstrip("!") for part in value.split(",") if part.strip()]


def xml_references(root: XmlNode) -> Iterator[XmlRef]:
    """Every XML id an XML data file names, with the line naming it."""
    for node in root.iter():
        for name, value in node.attrib.items():
            if name == "ref" and node.tag == "field":
                yield XmlRef(value.strip(), node.line, "ref")
            elif name in ("eval", "context", "domain") or name.endswith(".eval"):
                for match in _REF_CALL.finditer(value):
                    yield XmlRef(match.group(1), node.line, "eval")
            elif name == "groups":
                for group in _split_groups(value):
                    yield XmlRef(group, node.line, "groups")
            elif node.tag == "menuitem" and name in ("parent", "action"):
                yield XmlRef(value.strip(), node.line, name)
            elif node.tag == "template" and name == "inherit_id":
                yield XmlRef(value.strip(), node.line, "inherit_id")
            if "%(" in value:
                for match in _PERCENT_REF.finditer(value):
                    yield XmlRef(match.group(1), node.line, "%(..)d")
        if node.tag == "field" and "%(" in node.text and node.get("name") != "arch":
            for match in _PERCENT_REF.finditer(node.text):
                yield XmlRef(match.group(1), node.line, "%(..)d")


def csv_references(rel: str, data: CsvFile) -> Iterator[XmlRef]:
    """Values of ``*:id`` columns (``model_id:id``, ``group_id:id``) in a CSV data file."""
    del rel
    columns = [c for c in data.header if c.endswith(":id") or c.endswith("/id")]
    for line, row in data.rows:
        for column in columns:
            for value in row.get(column, "").split(","):
                if value.strip():
                    yield XmlRef(value.strip(), line, "csv")


def model_of_csv(rel: str) -> str:
    """'security/ir.model.access.csv' -> 'ir.model.access'."""
    return PurePosixPath(rel).stem
