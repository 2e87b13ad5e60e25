"""The log parser on logs captured from real Odoo 18.0 runs of the fixture addons."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.runtime.logparse import parse_log
from odoo_factory.runtime.results import FailureCategory

LOGS = Path(__file__).parent.parent / "data" / "logs"
ADDONS = Path(__file__).parent.parent / "fixtures" / "addons"


def load(series: str, addon: str) -> list[str]:
    text = (LOGS / f"{series}_{addon}.log").read_text(encoding="utf-8")
    return text.replace("@ADDONS@", str(ADDONS.resolve())).splitlines()


def test_passing_run_counts_tests_and_ignores_expected_sql_error() -> None:
    log = parse_log(load("18.0", "fx_pass"), "fx_pass", ADDONS / "fx_pass")
    assert log.failure is None
    assert log.counts is not None and (log.counts.failed, log.counts.errors) == (0, 0)
    assert log.counts.tests == 3
    assert sorted(t.method for t in log.tests) == [
        "test_bad_query_on_purpose",
        "test_create",
        "test_default_quantity",
    ]
    assert {t.status for t in log.tests} == {"passed"}
    assert all(t.duration is not None and t.duration >= 0 for t in log.tests)
    # the deliberate bad query is logged at ERROR but fails nothing
    assert any(r.logger == "odoo.sql_db" for r in log.errors)
    assert log.summary_line and log.summary_line.startswith("odoo.tests.result: 0 failed")


def test_assertion_failure_maps_to_the_test_file_line() -> None:
    log = parse_log(load("18.0", "fx_assert_fail"), "fx_assert_fail", ADDONS / "fx_assert_fail")
    failed = [t for t in log.tests if t.status != "passed"]
    assert [(t.method, t.status) for t in failed] == [("test_wrong_double", "failed")]
    assert failed[0].file == "tests/test_item.py" and failed[0].line == 11
    assert failed[0].message == "AssertionError: 4 != 5 : double of 2 should be 5"
    assert log.counts is not None and log.counts.failed == 1


def test_exception_in_test_is_an_error() -> None:
    log = parse_log(load("18.0", "fx_test_raise"), "fx_test_raise", ADDONS / "fx_test_raise")
    errored = [t for t in log.tests if t.status == "error"]
    assert [t.method for t in errored] == ["test_raises"]
    assert errored[0].message == "ValueError: boom in a test"
    assert log.counts is not None and log.counts.errors == 1


def test_syntax_error_is_a_python_error_in_the_addon() -> None:
    log = parse_log(load("18.0", "fx_load_error"), "fx_load_error", ADDONS / "fx_load_error")
    assert log.failure is not None
    assert log.failure.category is FailureCategory.PYTHON_ERROR
    assert (log.failure.file, log.failure.line) == ("models/item.py", 13)
    assert "SyntaxError" in log.failure.message
    assert log.counts is None


def test_view_error_names_file_line_node_and_field() -> None:
    log = parse_log(load("18.0", "fx_view_error"), "fx_view_error", ADDONS / "fx_view_error")
    failure = log.failure
    assert failure is not None and failure.category is FailureCategory.VIEW_ERROR
    assert (failure.file, failure.line) == ("views/item_views.xml", 11)
    assert (failure.field, failure.model) == ("no_such_field", "fx_view_error.item")
    assert failure.node == '<field name="no_such_field"/>'


def test_addon_for_another_series_is_reported_as_ignored() -> None:
    log = parse_log(load("18.0", "fx_other_series"), "fx_other_series")
    assert log.ignored == ["fx_other_series"]
    assert log.counts is not None and log.counts.tests == 0
    assert log.tests == []


@pytest.mark.parametrize("logger", ["odoo.tests.runner", "odoo.tests.result"])
def test_summary_line_from_either_logger(logger: str) -> None:
    line = (
        f"2024-01-01 10:00:00,000 1 ERROR db {logger}: 2 failed, 1 error(s) of 9 tests "
        "when loading database 'db'"
    )
    log = parse_log([line], "x")
    assert log.counts is not None
    assert (log.counts.failed, log.counts.errors, log.counts.tests) == (2, 1, 9)


def test_view_schema_error_names_the_view_and_the_schema_reasons() -> None:
    """19.0 checks search views against a schema and logs the reasons as warnings first."""
    log = parse_log(load("19.0", "todo_list_search_schema"), "todo_list", ADDONS / "todo_list")
    assert log.failure is not None
    assert log.failure.category is FailureCategory.VIEW_ERROR
    assert (log.failure.file, log.failure.line) == ("views/todo_task_views.xml", 42)
    assert log.failure.message.startswith("Invalid view todo.task.search definition")
    assert "Invalid attribute expand for element group" in log.failure.message
    assert "raise ParseError" not in log.failure.message
    assert log.failure.hint and "view schema" in log.failure.hint


def load_into(series: str, name: str, addons: Path) -> list[str]:
    """A captured log whose addon paths point into ``addons``."""
    text = (LOGS / f"{series}_{name}.log").read_text(encoding="utf-8")
    return text.replace("@ADDONS@", str(addons.resolve())).splitlines()


EXTENSION = (
    "from odoo import fields, models\n\n\n"
    "class SaleOrderCancel(models.TransientModel):\n"
    "    _inherit = 'sale.order.cancel'\n\n"
    "    reason = fields.Char()\n"
)


def test_registry_failure_reports_the_missing_model_not_failed_to_load_registry(
    tmp_path: Path,
) -> None:
    """19.0 has no sale.order.cancel: the cause sits in the record after the CRITICAL line."""
    addon = tmp_path / "sale_cancel_ext"
    (addon / "wizard").mkdir(parents=True)
    (addon / "wizard" / "sale_order_cancel.py").write_text(EXTENSION)
    log = parse_log(
        load_into("19.0", "sale_cancel_ext_missing_model", tmp_path), "sale_cancel_ext", addon
    )
    failure = log.failure
    assert failure is not None
    assert failure.category is FailureCategory.PYTHON_ERROR
    assert failure.message == "TypeError: Model 'sale.order.cancel' does not exist in registry."
    assert failure.model == "sale.order.cancel"
    # no frame of the addon in the traceback: the class extending the model is found instead
    assert (failure.file, failure.line) == ("wizard/sale_order_cancel.py", 5)
    assert failure.hint and "depends" in failure.hint


def test_registry_failure_names_the_missing_parent_model_on_17() -> None:
    log = parse_log(load("17.0", "cancel_reason_parent_missing"), "cancel_reason")
    failure = log.failure
    assert failure is not None and failure.category is FailureCategory.PYTHON_ERROR
    assert failure.message.startswith("TypeError: Model 'cancel_reason.wizard' inherits from")
    assert failure.model == "sale.order.cancel"
    assert failure.file is None  # no addon folder given: nothing to point at


GROUPS_XML = """<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="group_reader" model="res.groups">
        <field name="name">Reader</field>
        <field name="category_id" ref="base.module_category_hidden"/>
        <field name="users" eval="[(4, ref('base.user_admin'))]"/>
    </record>
</odoo>
"""


def test_data_error_reports_the_key_error_under_the_parse_error(tmp_path: Path) -> None:
    """A 17.0 group record on 19.0: KeyError raised from the record, wrapped in ParseError."""
    addon = tmp_path / "groups_legacy"
    (addon / "security").mkdir(parents=True)
    (addon / "security" / "security.xml").write_text(GROUPS_XML)
    log = parse_log(load_into("19.0", "groups_legacy_keyerror", tmp_path), "groups_legacy", addon)
    failure = log.failure
    assert failure is not None and failure.category is FailureCategory.DATA_ERROR
    assert failure.message == "KeyError: 'category_id'"
    assert (failure.field, failure.model) == ("category_id", "res.groups")
    assert (failure.file, failure.line) == ("security/security.xml", 5)
    assert failure.node is not None and 'name="category_id"' in failure.node
    assert failure.hint and "category_id" in failure.hint


def test_data_record_of_a_missing_model_names_the_model(tmp_path: Path) -> None:
    log = parse_log(
        load_into("19.0", "cancel_record_missing_model", tmp_path),
        "cancel_record",
        tmp_path / "cancel_record",
    )
    failure = log.failure
    assert failure is not None and failure.category is FailureCategory.DATA_ERROR
    assert failure.message == "KeyError: 'sale.order.cancel'"
    assert failure.model == "sale.order.cancel" and failure.field is None
    assert (failure.file, failure.line) == ("data/cancel_data.xml", 2)
    assert failure.hint and "does not exist" in failure.hint


def test_direct_cause_reports_the_innermost_exception_and_its_addon_line() -> None:
    log = parse_log(load("18.0", "fx_chained_cause"), "fx_chained", ADDONS / "fx_chained")
    failure = log.failure
    assert failure is not None and failure.category is FailureCategory.PYTHON_ERROR
    assert failure.message == (
        "json.decoder.JSONDecodeError: Expecting value: line 1 column 9 (char 8)"
    )
    assert (failure.file, failure.line) == ("models/rates.py", 8)


def test_exception_raised_while_handling_another_is_the_cause() -> None:
    """A KeyError handled by the addon is not the failure; the NameError in its handler is."""
    log = parse_log(load("17.0", "fx_handling_context"), "fx_context", ADDONS / "fx_context")
    failure = log.failure
    assert failure is not None and failure.category is FailureCategory.PYTHON_ERROR
    assert failure.message == "NameError: name 'FALLBACK' is not defined"
    assert (failure.file, failure.line) == ("models/defaults.py", 8)


def test_view_error_raised_under_a_parse_error_stays_a_view_error() -> None:
    """The view's ValidationError as the cause of the ParseError (the chain of older series)."""
    log = parse_log(
        load("16.0", "fx_view_error_chained"), "fx_view_error", ADDONS / "fx_view_error"
    )
    failure = log.failure
    assert failure is not None and failure.category is FailureCategory.VIEW_ERROR
    assert (failure.file, failure.line) == ("views/item_views.xml", 11)
    assert (failure.field, failure.model) == ("no_such_field", "fx_view_error.item")


def test_a_skipped_browser_test_is_skipped_not_passed() -> None:
    """Odoo 16.0+ logs a skip as 'skipped Class.test : reason' (odoo/tests/result.py), e.g.
    a browser test without websocket-client: it proves nothing."""
    head = "2026-12-02 08:10:46,547 24204 INFO db odoo.addons.desk.tests.test_desk: "
    lines = [
        head + "Starting TestDeskHttp.test_dashboard ... ",
        "2026-12-02 08:10:49,570 24204 WARNING db odoo.addons.desk.tests.test_desk.TestDeskHttp:"
        " websocket-client module is not installed ",
        head + "skipped TestDeskHttp.test_dashboard : websocket-client module is not installed ",
        head + "Starting TestDeskHttp.test_list ... ",
    ]
    log = parse_log(lines, "desk")
    status = {t.method: t.status for t in log.tests}
    assert status == {"test_dashboard": "skipped", "test_list": "passed"}


def test_an_error_in_a_test_names_the_exception_that_explains_it() -> None:
    """14.0 raises a QWeb error whose text ends on 'Path: /t/t[2]/t[4]': the message is the
    exception under it, not that last line."""
    log = parse_log(load("14.0", "qweb_error_in_test"), "library_loans")
    (errored,) = [t for t in log.tests if t.status == "error"]
    assert errored.method == "test_loan_slip_report"
    assert errored.message == (
        "ValueError: External ID not found in the system: "
        "dynamic_accounts_report.external_layout_standard"
    )
