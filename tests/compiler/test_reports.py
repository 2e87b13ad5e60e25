"""Printed reports: the report action in the Print menu, its paper format and template,
compiled for every series; the report step of the tests; wrong reports refused with a
location."""

from __future__ import annotations

import ast
import xml.etree.ElementTree as ET

import pytest

from odoo_factory.compiler import render_addon
from odoo_factory.errors import SpecError
from odoo_factory.spec import ModuleSpec
from odoo_factory.spec import parse_spec_text as _parse

HEAD = """\
module: {name: repairs, title: Repairs, depends: [base]}
models:
  - name: repair.order
    fields:
      - {name: name, type: char, required: true}
      - {name: urgent, type: boolean}
"""

REPORTS = """\
reports:
  - id: report_work_order
    name: Work order
    model: repair.order
    print_report_name: "'Work order - %s' % object.name"
    paperformat: {format: Letter, orientation: Landscape, margin_top: 25.5}
    body: |
      <h2 t-field="o.name"/>
      <p t-if="o.urgent">Urgent &amp; first</p>
  - id: report_summary
    name: Summary
    model: repair.order
    report_type: qweb-html
    layout: internal
    print_menu: false
    body: <p>Summary</p>
"""

SCENARIO = """\
requirements: [{id: R1, text: A work order prints}]
tests:
  - name: prints
    proves: [R1]
    steps:
      - create: repair.order
        values: {name: WO1, urgent: true}
        as: order
      - report: {id: report_work_order, records: [$order], contains: [WO1, Urgent],
                 not_contains: [Summary]}
"""


def parse(text: str) -> ModuleSpec:
    return _parse(text, "spec.yaml")[0]


@pytest.mark.parametrize("series", ["14.0", "15.0", "16.0", "17.0", "18.0", "19.0"])
def test_a_report_compiles_to_a_paper_format_a_template_and_a_bound_action(series: str) -> None:
    files = render_addon(parse(HEAD + REPORTS), series)
    assert "report/reports.xml" in ast.literal_eval(files["__manifest__.py"])["data"]
    root = ET.fromstring(files["report/reports.xml"].split("\n", 1)[1])
    paper = root.find("record[@model='report.paperformat']")
    assert paper is not None and paper.get("id") == "paperformat_report_work_order"
    values = {f.get("name"): f.text for f in paper}
    assert values["format"] == "Letter" and values["orientation"] == "Landscape"
    assert values["margin_top"] == "25.5" and values["margin_left"] == "7"

    template = root.find("template[@id='report_work_order']")
    assert template is not None
    frame = template.find("t[@t-call='web.html_container']/t[@t-foreach='docs'][@t-as='o']")
    assert frame is not None
    page = frame.find("t[@t-call='web.external_layout']/div[@class='page']")
    assert page is not None
    assert page.find("h2").get("t-field") == "o.name"  # type: ignore[union-attr]
    urgent = page.find("p[@t-if='o.urgent']")
    assert urgent is not None and urgent.text == "Urgent & first"

    action = root.find("record[@id='action_report_work_order']")
    assert action is not None and action.get("model") == "ir.actions.report"
    fields = {f.get("name"): f.text or f.get("ref") for f in action}
    assert fields == {
        "name": "Work order",
        "model": "repair.order",
        "report_type": "qweb-pdf",
        "report_name": "repairs.report_work_order",
        "report_file": "repairs.report_work_order",
        "print_report_name": "'Work order - %s' % object.name",
        "paperformat_id": "paperformat_report_work_order",
        "binding_model_id": "model_repair_order",
        "binding_type": "report",
    }


def test_an_html_report_with_the_internal_layout_kept_out_of_the_print_menu() -> None:
    text = render_addon(parse(HEAD + REPORTS), "18.0")["report/reports.xml"]
    root = ET.fromstring(text.split("\n", 1)[1])
    summary = root.find("record[@id='action_report_summary']")
    assert summary is not None
    fields = {f.get("name"): f.text or f.get("ref") for f in summary}
    assert fields["report_type"] == "qweb-html"
    assert "binding_model_id" not in fields and "paperformat_id" not in fields
    assert root.find("template[@id='report_summary']//t[@t-call='web.internal_layout']") is not None
    assert root.find("record[@id='paperformat_report_summary']") is None


def test_no_report_no_report_file() -> None:
    files = render_addon(parse(HEAD), "18.0")
    assert "report/reports.xml" not in files
    assert "report/" not in files["__manifest__.py"]


def test_the_report_step_renders_the_report_for_the_records() -> None:
    files = render_addon(parse(HEAD + REPORTS + SCENARIO), "17.0")
    tests = files["tests/test_repairs.py"]
    ast.parse(tests)
    assert "self.step_report(" in tests
    assert '"repairs.report_work_order",\n            ["order"],' in tests
    assert 'contains=["WO1", "Urgent"]' in tests and 'not_contains=["Summary"]' in tests
    assert "def step_report(" in files["tests/scenario_steps.py"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (REPORTS.replace("<p>Summary</p>", "<p>Summary"), "not well-formed XML"),
        (
            REPORTS.replace(
                "model: repair.order\n    report_type", "model: repair.nothing\n    report_type"
            ),
            "model 'repair.nothing'",
        ),
        (REPORTS.replace("id: report_summary", "id: report_work_order"), "duplicate"),
        (REPORTS.replace("'Work order - %s' % object.name", "'Work order"), "does not parse"),
        (REPORTS.replace("format: Letter", "format: Napkin"), "format"),
        (REPORTS.replace("layout: internal", "layout: fancy"), "layout"),
        (
            REPORTS + SCENARIO.replace("id: report_work_order", "id: report_wrok_order"),
            "no report 'report_wrok_order'",
        ),
        (REPORTS + SCENARIO.replace("records: [$order]", "records: [$ordre]"), "'ordre'"),
        (REPORTS + SCENARIO.replace("records: [$order]", "records: [order]"), "record variables"),
        (
            REPORTS
            + SCENARIO.replace("not_contains: [Summary]}", "not_contains: []}\n        as: page"),
            "no result",
        ),
    ],
)
def test_wrong_reports_are_refused_with_a_location(text: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        parse(HEAD + text)
    assert words in caught.value.message, caught.value.message
    assert caught.value.line is not None
    assert caught.value.hint


def test_another_addons_report_may_be_rendered() -> None:
    spec = parse(
        HEAD + SCENARIO.replace("id: report_work_order", "id: base.report_irmodulereference")
    )
    tests = render_addon(spec, "18.0")["tests/test_repairs.py"]
    assert '"base.report_irmodulereference"' in tests
