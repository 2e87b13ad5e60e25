"""The pylint step runs the real pylint-odoo in a subprocess."""

from __future__ import annotations

from pathlib import Path

from odoo_factory.qa import check_addon
from odoo_factory.qa.pylint_step import pylint_command, run_pylint
from tests.qa.conftest import AddonMaker

CODE = """from odoo import fields, models


class QaThing(models.Model):
    _name = "qa.thing"
    _description = "Thing"

    name = fields.Char("Name")

    def action_run(self):
        self.env.cr.execute("SELECT id FROM qa_thing WHERE name = '%s'" % self.name)
        return True
"""


def test_findings_severities_and_score(make_addon: AddonMaker) -> None:
    addon = make_addon(files={"models/thing.py": CODE}, manifest={"license": "LGPL-3"})
    (addon / "README.rst").write_text("Thing\n=====\n")
    result = run_pylint(addon, "18.0")
    assert result.ran
    found = {d.rule: (d.severity.value, d.file, d.line) for d in result.diagnostics}
    assert found["sql-injection"] == ("error", "models/thing.py", 11)
    categories = {d.rule: d.category for d in result.diagnostics}
    assert categories["sql-injection"] == "security"
    assert categories["attribute-string-redundant"] == "warning"
    assert found["attribute-string-redundant"] == ("error", "models/thing.py", 8)
    assert all(d.source == "pylint" and d.hint for d in result.diagnostics)
    assert result.score is not None and 0 <= result.score < 10


def test_series_goes_to_valid_odoo_versions(make_addon: AddonMaker) -> None:
    addon = make_addon(files={"models/thing.py": CODE.replace("'%s'\" % self.name", "'x'\"")})
    command = pylint_command(addon, "17.0")
    assert "--valid-odoo-versions=17.0" in command
    result = run_pylint(addon, "17.0")
    assert "manifest-version-format" in {d.rule for d in result.diagnostics}
    assert "manifest-version-format" not in {d.rule for d in run_pylint(addon, "18.0").diagnostics}


def test_our_rule_hides_the_duplicate_pylint_message(make_addon: AddonMaker) -> None:
    addon = make_addon(manifest={"license": "MIT"})
    report = check_addon(addon, "18.0")
    assert "manifest-license" in report.rules()
    assert "license-allowed" not in report.rules()


def test_pylint_that_cannot_finish_is_a_finding_not_a_crash(tmp_path: Path) -> None:
    short = run_pylint(tmp_path, "18.0", timeout=0.001)
    assert not short.ran
    assert [d.rule for d in short.diagnostics] == ["pylint-failed"]
