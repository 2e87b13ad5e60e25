"""Mail and activities: templates written in each series' syntax with the report attached the
series' way, subtypes chosen on tracked changes, activity types, what workflow buttons send and
schedule, the activity view, the test steps; wrong references refused at their line; and the
static check of a built template's model and report."""

from __future__ import annotations

import ast
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.errors import SpecError
from odoo_factory.qa.check import check_addon
from odoo_factory.spec import ModuleSpec
from odoo_factory.spec import parse_spec_text as _parse

SPEC = """\
module: {name: desk, title: Desk, depends: [base, mail]}
models:
  - name: desk.ticket
    mail: true
    fields:
      - {name: name, type: char, required: true, tracking: true}
      - {name: partner_id, type: many2one, comodel: res.partner}
      - {name: user_id, type: many2one, comodel: res.users, default: "=user"}
    workflow:
      states: [[new, New], [open, Open], [done, Done]]
      buttons:
        - {name: action_confirm, string: Confirm, from: [new], to: open, send: mail_ack,
           activity: {type: activity_call, user: user_id, summary: Call back}}
        - {name: action_close, string: Close, from: [open], to: done}
reports:
  - {id: report_sheet, name: Sheet, model: desk.ticket, body: <p t-field="o.name"/>}
mail_templates:
  - id: mail_ack
    name: Acknowledgement
    model: desk.ticket
    subject: "[{{ object.name }}] Received & read"
    partner_to: "{{ object.partner_id.id }}"
    lang: "{{object.partner_id.lang}}"
    report: report_sheet
    body: |
      <div><p>Dear {{ object.partner_id.name }},</p>
      <p>we <b>got</b> {{ object.name }} &lt;ok&gt;.</p></div>
message_subtypes:
  - {id: mt_closed, name: Closed, model: desk.ticket, field: state, value: done}
activity_types:
  - {id: activity_call, name: Call, summary: Call them, model: desk.ticket, delay: 3,
     icon: fa-phone}
views:
  - {model: desk.ticket, type: activity, fields: [name, partner_id]}
"""

STEPS = """\
requirements: [{id: M1, text: Mail}]
tests:
  - name: mails
    proves: [M1]
    steps:
      - {create: desk.ticket, values: {name: T1}, as: ticket}
      - {template: {id: mail_ack, record: $ticket, subject: [T1], body: [Dear], not_body: ["${"]}}
      - {call: ticket.action_confirm}
      - {messages: {record: $ticket, subtype: mail.mt_comment, message_type: comment, subject: T1,
                    body: [got], attachments: 1, count: 1}}
      - {messages: {record: $ticket, subtype: mt_closed, tracked: [state], count: 0}}
      - {activities: {record: $ticket, type: activity_call, summary: Call, count: 1}}
"""


def parse(text: str) -> ModuleSpec:
    return _parse(text, "spec.yaml")[0]


def _mail_data(series: str) -> ET.Element:
    files = render_addon(parse(SPEC), series)
    data = ast.literal_eval(files["__manifest__.py"])["data"]
    assert data.index("data/mail_data.xml") > data.index("report/reports.xml")
    return ET.fromstring(files["data/mail_data.xml"].split("\n", 1)[1])


@pytest.mark.parametrize("series", ["15.0", "16.0", "17.0", "18.0", "19.0"])
def test_templates_are_qweb_from_15(series: str) -> None:
    root = _mail_data(series)
    assert root.get("noupdate") == "1"
    template = root.find("record[@id='mail_ack']")
    assert template is not None and template.get("model") == "mail.template"
    fields = {f.get("name"): f for f in template}
    assert fields["model_id"].get("ref") == "model_desk_ticket"
    assert fields["subject"].text == "[{{ object.name or '' }}] Received & read"
    assert fields["partner_to"].text == "{{ object.partner_id.id or '' }}"
    assert fields["lang"].text == "{{ object.partner_id.lang or '' }}"
    body = fields["body_html"]
    assert body.get("type") == "html"
    outs = [t.get("t-out") for t in body.iter("t")]
    assert outs == ["object.partner_id.name or ''", "object.name or ''"]
    text = "".join(body.itertext())
    assert "Dear ," in text and "we got  <ok>." in text
    if series in ("15.0", "16.0"):
        assert fields["report_template"].get("ref") == "action_report_sheet"
        assert "report_template_ids" not in fields
    else:
        assert fields["report_template_ids"].get("eval") == "[(4, ref('action_report_sheet'))]"
        assert "report_template" not in fields


@pytest.mark.parametrize("series", ["12.0", "13.0", "14.0"])
def test_templates_use_the_jinja_like_syntax_up_to_14(series: str) -> None:
    root = _mail_data(series)
    fields = {f.get("name"): f for f in root.find("record[@id='mail_ack']")}  # type: ignore[union-attr]
    assert fields["subject"].text == "[${object.name or ''}] Received & read"
    body = "".join(fields["body_html"].itertext())
    assert "Dear ${object.partner_id.name or ''}," in body
    assert not list(fields["body_html"].iter("t"))
    assert fields["report_template"].get("ref") == "action_report_sheet"
    kind = {f.get("name"): f for f in root.find("record[@id='activity_call']")}  # type: ignore[union-attr]
    assert kind["res_model_id"].get("ref") == "model_desk_ticket" and "res_model" not in kind


def test_subtypes_and_activity_types() -> None:
    root = _mail_data("18.0")
    subtype = {f.get("name"): f.text or f.get("eval") for f in root.find("record[@id='mt_closed']")}  # type: ignore[union-attr]
    assert subtype["res_model"] == "desk.ticket" and subtype["default"] == "True"
    kind = {f.get("name"): f.text for f in root.find("record[@id='activity_call']")}  # type: ignore[union-attr]
    assert kind == {
        "name": "Call",
        "summary": "Call them",
        "res_model": "desk.ticket",
        "delay_count": "3",
        "delay_unit": "days",
        "icon": "fa-phone",
    }


@pytest.mark.parametrize(
    ("series", "post"),
    [
        ("16.0", 'rec.message_post_with_template(template.id, message_type="comment")'),
        ("17.0", "rec.message_post_with_source("),
        ("19.0", "rec.message_post_with_source("),
    ],
)
def test_buttons_send_and_schedule_and_tracked_changes_choose_the_subtype(
    series: str, post: str
) -> None:
    code = render_addon(parse(SPEC), series)["models/desk_ticket.py"]
    ast.parse(code)
    assert post in code
    assert 'rec._send_template("desk.mail_ack")' in code
    assert 'rec.activity_schedule(\n                "desk.activity_call",' in code
    assert "user_id=rec.user_id.id or self.env.uid," in code
    assert 'summary="Call back",' in code
    assert (
        '        if "state" in init_values and self.state == "done":\n'
        '            return self.env.ref("desk.mt_closed")\n'
        "        return super()._track_subtype(init_values)"
    ) in code
    # the template is posted after the state changed, once per record
    body = code.split("def action_confirm", 1)[1].split("def ", 1)[0]
    assert body.index('rec.state = "open"') < body.index("rec._send_template")


def test_the_activity_view_and_the_action_offering_it() -> None:
    files = render_addon(parse(SPEC), "18.0")
    views = ET.fromstring(files["views/desk_ticket_views.xml"].split("\n", 1)[1])
    record = views.find("record[@id='desk_ticket_view_activity']")
    assert record is not None
    box = record.find("field[@name='arch']/activity/templates/div[@t-name='activity-box']/div")
    assert box is not None
    assert [(f.get("name"), f.get("muted")) for f in box] == [("name", None), ("partner_id", "1")]
    action = views.find("record[@model='ir.actions.act_window']")
    modes = {f.get("name"): f.text for f in action}  # type: ignore[union-attr]
    assert modes["view_mode"] == "list,form,activity"


def test_the_steps_hand_literals_to_the_runner() -> None:
    tests = render_addon(parse(SPEC + STEPS), "18.0")["tests/test_desk.py"]
    ast.parse(tests)
    assert (
        "self.step_template(\n"
        '            "mails step 2",\n'
        '            "desk.mail_ack",\n'
        '            "ticket",\n'
        '            subject=["T1"],\n'
        '            body=["Dear"],\n'
        '            not_body=["${"],\n'
        "        )"
    ) in tests
    assert 'subtype="mail.mt_comment",' in tests and 'message_type="comment",' in tests
    assert 'subtype="desk.mt_closed",' in tests and 'tracked=["state"],' in tests
    assert 'activity_type="desk.activity_call",' in tests and 'summary="Call",' in tests


def test_no_mail_no_mail_file() -> None:
    plan = "activity: {type: activity_call, user: user_id, summary: Call back}"
    text = SPEC.split("reports:", 1)[0].replace(f"send: mail_ack,\n           {plan}", "")
    files = render_addon(parse(text), "18.0")
    assert "data/mail_data.xml" not in files
    assert "_send_template" not in files["models/desk_ticket.py"]


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("model: desk.ticket\n    subject", "model: desk.tickets\n    subject", "desk.tickets"),
        ("{{ object.partner_id.name }}", "{{ object.customer_id.name }}", "customer_id"),
        ("{{ object.name }} &lt;", "{{ object.name.upper() }} &lt;", "not a path of fields"),
        ("<p>Dear", "<p>${object.name} Dear", "template code"),
        ("<p>Dear", '<p t-if="object">Dear', "QWeb code"),
        ("<p>Dear", '<p title="{{ object.name }}">Dear', "not in attributes"),
        ("report: report_sheet", "report: report_sheets", "no report 'report_sheets'"),
        ("send: mail_ack", "send: mail_akc", "no mail template 'mail_akc'"),
        ("type: activity_call,", "type: activity_cal,", "no activity type 'activity_cal'"),
        ("user: user_id", "user: owner_id", "owner_id"),
        ("field: state, value: done", "field: state, value: closed", "not a value of 'state'"),
        ("field: state, value: done", "field: partner_id", "not tracked"),
    ],
)
def test_wrong_mail_references_are_refused_with_a_location(old: str, new: str, words: str) -> None:
    assert old in SPEC
    with pytest.raises(SpecError) as caught:
        parse(SPEC.replace(old, new, 1))
    assert words in caught.value.message, caught.value.message
    assert caught.value.line is not None
    assert caught.value.hint


@pytest.mark.parametrize(
    ("old", "new", "words", "line"),
    [
        ("id: mail_ack, record", "id: mail_acq, record", "no mail template 'mail_acq'", 7),
        ("subtype: mt_closed", "subtype: mt_close", "no message subtype 'mt_close'", 11),
        ("type: activity_call, summary", "type: activity_x, summary", "no activity type", 12),
        ("record: $ticket, type", "record: $tiket, type", "no record named 'tiket'", 12),
    ],
)
def test_steps_naming_unknown_mail_records_are_refused(
    old: str, new: str, words: str, line: int
) -> None:
    with pytest.raises(SpecError) as caught:
        parse(SPEC + STEPS.replace(old, new, 1))
    assert words in caught.value.message, caught.value.message
    assert caught.value.line == SPEC.count("\n") + line  # the line in STEPS, counted from 1


def test_check_finds_a_template_of_a_missing_model_and_a_missing_report(tmp_path: Path) -> None:
    spec = tmp_path / "desk.yaml"
    spec.write_text(SPEC, encoding="utf-8")
    addon = build_addon(spec, "18.0", tmp_path / "out").addon_path
    clean = check_addon(addon, "18.0", run_pylint_step=False)
    assert not [d for d in clean.diagnostics if d.rule.startswith("mail-")]
    broken = tmp_path / "broken" / "desk"
    shutil.copytree(addon, broken)
    data = broken / "data" / "mail_data.xml"
    text = data.read_text(encoding="utf-8")
    text = text.replace(
        'ref="model_desk_ticket" />\n        <field name="subject"',
        'ref="model_desk_tickets" />\n        <field name="subject"',
    )
    text = text.replace("ref('action_report_sheet')", "ref('action_report_sheets')")
    data.write_text(text, encoding="utf-8")
    found = check_addon(broken, "18.0", run_pylint_step=False).diagnostics
    rules = {d.rule: d for d in found if d.rule.startswith("mail-")}
    assert set(rules) == {"mail-template-model-unknown", "mail-template-report-unknown"}
    assert all(d.severity.value == "error" and d.line for d in rules.values())
    assert "model_desk_tickets" in rules["mail-template-model-unknown"].message
    assert "action_report_sheets" in rules["mail-template-report-unknown"].message


def test_tracking_a_field_of_a_model_without_a_chatter_is_refused() -> None:
    text = SPEC.replace("    mail: true\n", "", 1).split("    workflow:", 1)[0]
    with pytest.raises(SpecError) as caught:
        parse(text)
    assert "has no chatter" in caught.value.message
    assert caught.value.line == 5 and "mail: true" in caught.value.hint
