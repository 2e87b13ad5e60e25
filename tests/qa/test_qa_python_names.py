"""pyflakes' checks on the addon's Python: undefined names are errors, the rest warnings."""

from __future__ import annotations

from pathlib import Path

import pytest

from odoo_factory.compiler.build import build_addon
from odoo_factory.qa import CheckReport, Diagnostic, check_addon
from odoo_factory.qa.python_names import PYTHON_RULES
from tests.qa.conftest import AddonMaker

EXAMPLES = Path(__file__).parents[2] / "examples"

MODEL = """import logging
import os

from odoo import fields, models
from odoo import models


class Shelf(models.Model):
    _name = "qa.shelf"
    _description = "Shelf"

    name = fields.Char()
    size = fields.Integer(compute="_compute_size")

    def _compute_size(self):
        for shelf in self:
            unused = 3
            shelf.size = len(shelf.name or "") + helper_width(shelf)

    def action_check(self):
        if not self.name:
            raise UserError(_("A shelf needs a name"))
        path = os.sep  # noqa: F841
        return True
"""

ACCESS = (
    "id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink\n"
    "access_qa_shelf,qa.shelf,model_qa_shelf,base.group_user,1,1,1,1\n"
)


def _python_findings(report: CheckReport) -> list[Diagnostic]:
    return [d for d in report.diagnostics if d.rule.startswith("python-")]


def test_undefined_names_are_errors_with_the_line_and_the_import_to_add(
    make_addon: AddonMaker,
) -> None:
    addon = make_addon(files={"models/shelf.py": MODEL, "security/ir.model.access.csv": ACCESS})
    report = check_addon(addon, "18.0", run_pylint_step=False)
    found = [(d.rule, d.file, d.line, d.severity.value) for d in _python_findings(report)]
    assert found == [
        ("python-unused-import", "models/shelf.py", 1, "warning"),
        ("python-redefined-unused", "models/shelf.py", 5, "warning"),
        ("python-unused-variable", "models/shelf.py", 17, "warning"),
        ("python-undefined-name", "models/shelf.py", 18, "error"),
        ("python-undefined-name", "models/shelf.py", 22, "error"),
        ("python-undefined-name", "models/shelf.py", 22, "error"),
    ]
    by_name = {d.message: d for d in _python_findings(report)}
    assert "from odoo.exceptions import UserError" in by_name["undefined name 'UserError'"].hint
    assert "self.env._" in by_name["undefined name '_'"].hint  # 18.0 translates with env._
    assert "noqa: F821" in by_name["undefined name 'helper_width'"].hint
    assert all(d.hint and d.line for d in _python_findings(report))
    assert not report.ok


def test_imports_of_an_init_file_are_used_by_odoo(make_addon: AddonMaker) -> None:
    mixin = (
        "from odoo import models\n\n\nclass Mixin(models.AbstractModel):\n    _name = 'qa.mixin'\n"
    )
    addon = make_addon(files={"models/mixin.py": mixin})
    assert (addon / "models" / "__init__.py").read_text() == "from . import mixin\n"
    report = check_addon(addon, "18.0", run_pylint_step=False)
    assert _python_findings(report) == []


@pytest.mark.parametrize("series", ["17.0", "19.0"])
def test_built_examples_have_no_python_finding(tmp_path: Path, series: str) -> None:
    for spec in sorted(EXAMPLES.glob("*.yaml")):
        built = build_addon(spec, series, tmp_path / series)
        report = check_addon(built.addon_path, series, run_pylint_step=False)
        assert _python_findings(report) == [], spec.name


def test_undefined_name_in_a_spec_snippet_is_found_in_the_built_addon(tmp_path: Path) -> None:
    spec = tmp_path / "shelves.yaml"
    spec.write_text(
        """module:
  name: qa_shelves
  title: Shelves
  depends: [base]
  series: "18.0"
models:
  - name: qa.shelf
    description: Shelf
    fields:
      - {name: name, type: char, required: true}
      - name: width
        type: integer
        compute:
          python: rec.width = len(rec.name or '') * shelf_factor
          depends: [name]
""",
        encoding="utf-8",
    )
    built = build_addon(spec, "18.0", tmp_path / "out")
    report = check_addon(built.addon_path, "18.0", run_pylint_step=False)
    found = [d for d in _python_findings(report) if d.rule == "python-undefined-name"]
    assert [d.message for d in found] == ["undefined name 'shelf_factor'"]
    source = (built.addon_path / found[0].file).read_text(encoding="utf-8").splitlines()
    assert found[0].line is not None and "shelf_factor" in source[found[0].line - 1]


def test_docs_list_the_python_rules() -> None:
    docs = (Path(__file__).parents[2] / "docs" / "gate.md").read_text(encoding="utf-8")
    missing = [r.rule for r in PYTHON_RULES.values() if f"`{r.rule}`" not in docs]
    assert missing == []
