"""Stages as records and automated actions: the stage field's group_expand method with the
series' arguments and its first-stage default, the kanban progress bar, base.automation
records written the way each series stores them, the read_group and run_automation steps,
and wrong specs refused with a location. The odoo tier sends a mail template from an
automation on real Odoo."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.errors import SpecError
from odoo_factory.runtime import RunStatus, TestOptions, run_addon_tests
from odoo_factory.settings import Settings
from odoo_factory.spec import ModuleSpec
from odoo_factory.spec import parse_spec_text as _parse

SERIES = ["14.0", "15.0", "16.0", "17.0", "18.0", "19.0"]

HEAD = """\
module: {name: desk, title: Desk, depends: [base, mail, base_automation]}
models:
  - name: desk.stage
    order: sequence, id
    fields:
      - {name: name, type: char, required: true}
      - {name: sequence, type: integer, default: 10}
      - {name: fold, type: boolean}
  - name: desk.ticket
    mail: true
    fields:
      - {name: name, type: char, required: true}
      - {name: priority, type: selection, selection: [["0", Normal], ["2", Urgent]]}
      - {name: date_deadline, type: date}
      - {name: user_id, type: many2one, comodel: res.users}
      - {name: stage_id, type: many2one, comodel: desk.stage, default: "=first",
         group_expand: true, tracking: true}
views:
  - model: desk.ticket
    type: kanban
    default_group_by: stage_id
    progressbar: {field: priority, colors: {"2": danger, "0": muted}}
    fields: [name]
records:
  - {id: stage_new, model: desk.stage, values: {name: New, sequence: 1}}
  - {id: stage_doing, model: desk.stage, values: {name: Doing, sequence: 2}}
"""

AUTOMATIONS = """\
automations:
  - id: automation_urgent
    name: Urgent
    model: desk.ticket
    set: {field: priority, value: "2"}
    actions:
      - write: {stage_id: $ref:stage_doing, date_deadline: today + 1 day}
  - id: automation_late
    name: Late
    model: desk.ticket
    trigger: on_time
    time: {field: date_deadline, delay: -2, unit: day}
    domain: "[('stage_id.fold', '=', False)]"
    actions:
      - activity: {summary: Late, user: user_id}
"""


def parse(text: str) -> ModuleSpec:
    return _parse(text, "spec.yaml")[0]


def _records(xml: str) -> list[ET.Element]:
    return list(ET.fromstring(xml.split("\n", 1)[1]))


def _values(record: ET.Element) -> dict[str, str | None]:
    return {f.get("name") or "": f.text if f.text is not None else f.get("eval") for f in record}


@pytest.mark.parametrize("series", SERIES)
def test_the_stage_field_expands_its_groups_with_the_series_arguments(series: str) -> None:
    code = render_addon(parse(HEAD), series)["models/desk_ticket.py"]
    tree = ast.parse(code)
    method = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name.startswith("_read")
    )
    arguments = [a.arg for a in method.args.args]
    ordered = series in ("14.0", "15.0", "16.0", "17.0")
    assert arguments == (
        ["self", "records", "domain", "order"] if ordered else ["self", "records", "domain"]
    )
    assert 'group_expand="_read_group_stage_id"' in code
    assert 'default=lambda self: self.env["desk.stage"].search([], limit=1)' in code


@pytest.mark.parametrize("series", ["14.0", "18.0"])
def test_the_kanban_has_a_progress_bar(series: str) -> None:
    files = render_addon(parse(HEAD), series)
    kanban = ET.fromstring(files["views/desk_ticket_views.xml"].split("\n", 1)[1]).find(".//kanban")
    assert kanban is not None and kanban.get("default_group_by") == "stage_id"
    bar = kanban.find("progressbar")
    assert bar is not None and bar.get("field") == "priority"
    assert bar.get("colors") == '{"2": "danger", "0": "muted"}'


@pytest.mark.parametrize("series", ["17.0", "18.0", "19.0"])
def test_an_automation_owns_one_server_action_per_step_from_17(series: str) -> None:
    files = render_addon(parse(HEAD + AUTOMATIONS), series)
    assert "data/base_automation_data.xml" in files["__manifest__.py"]
    records = _records(files["data/base_automation_data.xml"])
    ids = [r.get("id") for r in records]
    assert ids == [
        "automation_urgent",
        "automation_urgent_action_1",
        "automation_urgent_action_2",
        "automation_late",
        "automation_late_action_1",
    ]
    urgent = _values(records[0])
    assert urgent["trigger"] == "on_create_or_write"
    assert urgent["trigger_field_ids"] == "[(6, 0, [ref('field_desk_ticket__priority')])]"
    assert urgent["filter_domain"] == "[('priority', '=', '2')]"
    stage, deadline = _values(records[1]), _values(records[2])
    assert stage["base_automation_id"] is None  # a ref, no text
    assert records[1].find("field[@name='base_automation_id']").get("ref") == "automation_urgent"  # type: ignore[union-attr]
    assert stage["update_path"] == "stage_id" and stage["evaluation_type"] == "equation"
    assert stage["value"] == "env.ref('desk.stage_doing').id"
    assert deadline["value"] == (
        "datetime.date.today() + dateutil.relativedelta.relativedelta(days=1)"
    )
    late = _values(records[3])
    assert late["trigger"] == "on_time"
    if series == "19.0":
        assert (late["trg_date_range"], late["trg_date_range_mode"]) == ("2", "before")
    else:
        assert late["trg_date_range"] == "-2" and "trg_date_range_mode" not in late
    activity = _values(records[4])
    assert activity["state"] == "next_activity"
    assert activity["activity_user_field_name"] == "user_id"


@pytest.mark.parametrize("series", ["14.0", "15.0", "16.0"])
def test_an_automation_is_a_server_action_up_to_16(series: str) -> None:
    spec = HEAD + AUTOMATIONS + "      - send_mail: mail_template_late\n"
    records = _records(render_addon(parse(spec), series)["data/base_automation_data.xml"])
    by_id = {r.get("id"): _values(r) for r in records}
    urgent = by_id["automation_urgent"]
    assert urgent["state"] == "object_write"
    lines = ast.literal_eval(  # ref('x') read as ('x')
        re.sub(r"(?<![.\w])ref\(", "(", urgent["fields_lines"] or "")
    )
    assert [line[2]["col1"] for line in lines] == [
        "field_desk_ticket__stage_id",
        "field_desk_ticket__date_deadline",
    ]
    assert lines[0][2]["value"] == "env.ref('desk.stage_doing').id"
    late = by_id["automation_late"]  # two actions: a multi action and its children
    assert late["state"] == "multi"
    assert (
        late["child_ids"]
        == "[(6, 0, [ref('automation_late_action_1'), ref('automation_late_action_2')])]"
    )
    assert by_id["automation_late_action_2"]["state"] == "email"
    assert [r.get("id") for r in records].index("automation_late_action_1") < [
        r.get("id") for r in records
    ].index("automation_late")


@pytest.mark.parametrize("series", ["16.0", "18.0"])
def test_a_field_set_to_a_record_reads_its_id_when_the_data_loads(series: str) -> None:
    spec = HEAD + AUTOMATIONS.replace(
        'set: {field: priority, value: "2"}', "set: {field: stage_id, value: $ref:stage_doing}"
    ).replace("write: {stage_id: $ref:stage_doing, date_deadline", "write: {date_deadline")
    records = _records(render_addon(parse(spec), series)["data/base_automation_data.xml"])
    domain = records[0].find("field[@name='filter_domain']")
    assert domain is not None and domain.text is None
    assert domain.get("eval") == "str([('stage_id', '=', ref('desk.stage_doing'))])"


SERVER = """\
server_actions:
  - id: action_escalate
    name: Escalate
    model: desk.ticket
    actions:
      - write: {priority: "2", date_deadline: today}
      - python: records.message_post(body='Escalated')
"""


@pytest.mark.parametrize("series", ["16.0", "17.0"])
def test_a_server_action_of_writes_runs_its_steps_in_order(series: str) -> None:
    files = render_addon(parse(HEAD + SERVER), series)
    records = _records(files["views/ir_actions_server.xml"])
    ids = [r.get("id") for r in records]
    parent = _values(records[-1])
    assert ids[-1] == "action_escalate" and parent["state"] == "multi"
    steps = [_values(r) for r in records[:-1]]
    if series == "16.0":  # one update of two fields, then the code
        assert [s["state"] for s in steps] == ["object_write", "code"]
    else:  # one update per field
        assert [s["state"] for s in steps] == ["object_write", "object_write", "code"]
        assert [s["update_path"] for s in steps[:2]] == ["priority", "date_deadline"]
        assert steps[1]["value"] == "datetime.date.today()"
    refs = ", ".join(f"ref({i!r})" for i in ids[:-1])
    assert parent["child_ids"] == f"[(6, 0, [{refs}])]"


def test_a_server_action_runs_python_or_actions() -> None:
    with pytest.raises(SpecError) as caught:
        _parse(HEAD + SERVER.replace("    actions:", "    python: pass\n    actions:"), "s.yaml")
    assert "one of them" in str(caught.value) and caught.value.line is not None


def test_the_new_steps_are_generated() -> None:
    tests = """\
requirements: [{id: S1, text: board}]
tests:
  - name: board
    proves: [S1]
    steps:
      - {create: desk.ticket, values: {name: A}, as: ticket}
      - read_group: {model: desk.ticket, by: stage_id, domain: [[id, "=", $ticket]]}
        as: columns
        expect: {columns: {count: 2}, columns.1.fold: false}
      - {run_automation: automation_late, expect: {ticket.activity_ids: {count: 0}}}
      - run_server_action: {id: action_escalate, records: [$ticket]}
"""
    code = render_addon(parse(HEAD + AUTOMATIONS + SERVER + tests), "18.0")["tests/test_desk.py"]
    assert 'self.step_read_group(\n            "board step 2",\n            "desk.ticket",' in code
    assert 'self.step_run_automation("board step 3", "desk.automation_late")' in code
    assert 'self.step_run_server_action("board step 4", "desk.action_escalate", ["ticket"])' in code


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (HEAD.replace("base_automation]", "base]") + AUTOMATIONS, "base_automation"),
        (HEAD + AUTOMATIONS.replace("field: priority", "field: urgency"), "urgency"),
        (HEAD + AUTOMATIONS.replace("stage_doing, date", "stage_doing, date_due"), "date_due"),
        (HEAD + AUTOMATIONS.replace("field: date_deadline", "field: deadline"), "deadline"),
        (HEAD + AUTOMATIONS.replace("'stage_id.fold'", "'stage'"), "stage"),
        (
            HEAD + AUTOMATIONS.replace("    set: {field: priority", "    sat: {field: priority"),
            "sat",
        ),
        (HEAD + AUTOMATIONS.replace("trigger: on_time", "trigger: on_create"), "time"),
        (
            HEAD.replace("fold: true", "").replace(
                "field: priority, colors", "field: state, colors"
            ),
            "state",
        ),
        (
            HEAD.replace(
                "type: char, required: true}\n      - {name: sequence",
                "type: char, required: true, group_expand: true}\n      - {name: sequence",
            ),
            "many2one",
        ),
        (
            HEAD.replace(
                "{name: date_deadline, type: date}",
                "{name: date_deadline, type: date, default: '=first'}",
            ),
            "=first",
        ),
        (
            HEAD
            + AUTOMATIONS
            + "requirements: [{id: A1, text: a}]\ntests:\n  - name: t\n    proves: [A1]\n"
            "    steps: [{run_automation: automation_urgent}]\n",
            "on-time",
        ),
        (
            HEAD
            + SERVER
            + "requirements: [{id: A1, text: a}]\ntests:\n  - name: t\n    proves: [A1]\n"
            "    steps:\n      - {create: desk.ticket, values: {name: A}, as: t}\n"
            "      - run_server_action: {id: action_escalade, records: [$t]}\n",
            "action_escalade",
        ),
        (HEAD + SERVER.replace('priority: "2"', 'urgency: "2"'), "urgency"),
    ],
)
def test_wrong_stages_and_automations_are_refused_with_a_location(text: str, words: str) -> None:
    with pytest.raises(SpecError) as caught:
        _parse(text, "spec.yaml")
    message = str(caught.value) + " " + (caught.value.hint or "")
    assert words in message, message
    assert caught.value.line is not None


MAIL = """\
module: {name: desk_mail, title: Desk Mail, depends: [base, mail, base_automation]}
models:
  - name: desk.request
    mail: true
    fields:
      - {name: name, type: char, required: true}
records:
  - id: mail_template_received
    model: mail.template
    values:
      name: Request received
      model_id: $ref:model_desk_request
      subject: Received
      body_html: <p>We received your request.</p>
automations:
  - id: automation_received
    name: Acknowledge a request
    model: desk.request
    trigger: on_create
    actions:
      - send_mail: mail_template_received
      - write: {name: Acknowledged}
requirements: [{id: A1, text: A new request is acknowledged by mail}]
tests:
  - name: request_is_acknowledged
    proves: [A1]
    steps:
      - create: desk.request
        values: {name: Printer}
        as: request
        expect: {request.name: Acknowledged}
      - search: mail.message
        domain: [[model, "=", desk.request], [res_id, "=", $request], [subject, "=", Received]]
        count: 1
"""


@pytest.mark.odoo
def test_an_automation_sends_a_mail_template_and_writes_on_real_odoo(
    series: str, pg_settings: Settings, tmp_path: Path
) -> None:
    spec = tmp_path / "desk_mail.yaml"
    spec.write_text(MAIL, "utf-8")
    addon = build_addon(spec, series, tmp_path / "out").addon_path
    result = run_addon_tests(pg_settings, addon, TestOptions(series=series))
    assert result.status is RunStatus.PASSED, (result.reason, result.failure, result.failed_tests)
    assert result.counts is not None and result.counts.failed == result.counts.errors == 0
