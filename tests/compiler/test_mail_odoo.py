"""On a real Odoo, the mail steps hold when the mail works and fail, naming what the chatter
holds, when an expectation is wrong: a template's body, the number of messages, a subtype,
the user of an activity."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.compiler import build_addon
from odoo_factory.runtime import RunStatus, TestOptions, run_addon_tests
from odoo_factory.settings import Settings
from tests.compiler.test_mail import SPEC

pytestmark = pytest.mark.odoo

SCENARIOS = """\
tests:
  - name: mail_works
    steps:
      - {create: res.partner, values: {name: Azure Interior, email: az@example.com}, as: customer}
      - {create: desk.ticket, values: {name: Jammed printer, partner_id: $customer}, as: ticket}
      - template: {id: mail_ack, record: $ticket, subject: [Jammed printer],
                   body: [Dear Azure Interior], partners: [$customer]}
      - {call: ticket.action_confirm}
      - {messages: {record: $ticket, subtype: mail.mt_comment, message_type: comment,
                    subject: "[Jammed printer] Received", body: [Dear Azure Interior],
                    attachments: 1, count: 1}}
      - {activities: {record: $ticket, type: activity_call, summary: Call back, count: 1}}
      - {messages: {record: $ticket, subtype: mt_closed, count: 0}}
      - {call: ticket.action_close}
      - {messages: {record: $ticket, subtype: mt_closed, tracked: [state], count: 1}}
  - name: wrong_body
    steps:
      - {create: desk.ticket, values: {name: T}, as: ticket}
      - {template: {id: mail_ack, record: $ticket, body: [Dear Nobody]}}
  - name: wrong_count
    steps:
      - {create: desk.ticket, values: {name: T}, as: ticket}
      - {call: ticket.action_confirm}
      - {messages: {record: $ticket, subtype: mail.mt_comment, count: 2}}
  - name: wrong_subtype
    steps:
      - {create: desk.ticket, values: {name: T}, as: ticket}
      - {call: ticket.action_confirm}
      - {messages: {record: $ticket, subtype: mt_closed}}
  - name: wrong_user
    users: [{name: other}]
    steps:
      - {create: desk.ticket, values: {name: T}, as: ticket}
      - {call: ticket.action_confirm}
      - {activities: {record: $ticket, type: activity_call, user: $other}}
"""


def test_mail_steps_pass_on_mail_and_fail_on_wrong_expectations(
    series: str, pg_settings: Settings, tmp_path: Path
) -> None:
    spec = tmp_path / "desk.yaml"
    spec.write_text(SPEC + SCENARIOS, encoding="utf-8")
    addon = build_addon(spec, series, tmp_path / "out").addon_path
    result = run_addon_tests(pg_settings, addon, TestOptions(series=series))
    assert result.installed and result.status is RunStatus.FAILED, (result.reason, result.failure)
    failed = {t.method: t.message or "" for t in result.failed_tests}
    assert set(failed) == {
        "test_wrong_body",
        "test_wrong_count",
        "test_wrong_subtype",
        "test_wrong_user",
    }, failed
    assert "the body of desk.mail_ack lacks 'Dear Nobody'" in failed["test_wrong_body"]
    assert "1 matching messages on ticket, expected 2" in failed["test_wrong_count"]
    assert "0 matching messages on ticket, expected at least one" in failed["test_wrong_subtype"]
    assert "Discussions" in failed["test_wrong_subtype"]  # the chatter, listed
    assert "0 matching activities on ticket" in failed["test_wrong_user"]
    assert "'Call'" in failed["test_wrong_user"]  # the activities, listed
