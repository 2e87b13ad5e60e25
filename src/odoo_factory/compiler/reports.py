"""report/: the addon's printed reports, one data file with their paper formats, templates
and report actions.

The template frames the spec's body the way Odoo's own reports do: ``web.html_container``,
one ``o`` per record of ``docs``, then the chosen layout around a ``div.page``. The body is
markup, parsed and re-written with the XML library, so the file is always well-formed; the
other spec values are element text and attributes, escaped by the same library.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from odoo_factory.compiler.context import BuildContext
from odoo_factory.spec.reports import PaperFormat, Report

__all__ = ["REPORTS_FILE", "reports_file"]

REPORTS_FILE = "report/reports.xml"


def _field(record: ET.Element, name: str, text: str | None = None, **attrs: str) -> None:
    element = ET.SubElement(record, "field", {"name": name, **attrs})
    if text is not None:
        element.text = text


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _paperformat(root: ET.Element, report: Report, paper: PaperFormat) -> None:
    record = ET.SubElement(
        root, "record", {"id": report.paperformat_id, "model": "report.paperformat"}
    )
    _field(record, "name", report.name)
    _field(record, "default", eval="False")
    _field(record, "format", paper.format)
    _field(record, "orientation", paper.orientation)
    for side in ("top", "bottom", "left", "right"):
        _field(record, f"margin_{side}", _number(getattr(paper, f"margin_{side}")))
    _field(record, "header_line", eval="False")
    _field(record, "header_spacing", str(paper.header_spacing))
    _field(record, "dpi", str(paper.dpi))


def _template(root: ET.Element, report: Report) -> None:
    template = ET.SubElement(root, "template", {"id": report.id})
    container = ET.SubElement(template, "t", {"t-call": "web.html_container"})
    loop = ET.SubElement(container, "t", {"t-foreach": "docs", "t-as": "o"})
    layout = ET.SubElement(loop, "t", {"t-call": f"web.{report.layout}_layout"})
    page = ET.SubElement(layout, "div", {"class": "page"})
    body = ET.fromstring(f"<t>{report.body}</t>")
    page.text = body.text
    page.extend(list(body))


def _action(ctx: BuildContext, root: ET.Element, report: Report) -> None:
    record = ET.SubElement(root, "record", {"id": report.action_id, "model": "ir.actions.report"})
    _field(record, "name", report.name)
    _field(record, "model", report.model)
    _field(record, "report_type", report.report_type)
    _field(record, "report_name", ctx.qualify(report.id))
    _field(record, "report_file", ctx.qualify(report.id))
    if report.print_report_name:
        _field(record, "print_report_name", report.print_report_name.strip())
    if report.paperformat is not None:
        _field(record, "paperformat_id", ref=report.paperformat_id)
    if report.print_menu:
        _field(record, "binding_model_id", ref=ctx.model_xmlid(report.model))
        _field(record, "binding_type", "report")


def reports_file(ctx: BuildContext) -> str | None:
    """Paper formats, templates and report actions of the spec's reports; None without."""
    if not ctx.spec.reports:
        return None
    root = ET.Element("odoo")
    for report in ctx.spec.reports:
        if report.paperformat is not None:
            _paperformat(root, report, report.paperformat)
        _template(root, report)
        _action(ctx, root, report)
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"
