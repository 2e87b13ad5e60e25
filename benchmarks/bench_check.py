"""Benchmark of ``odoo-factory check`` on a generated 20-model addon.

    /work/venv/bin/python benchmarks/bench_check.py [--models 20] [--repeat 5]

Prints, measured in the same run: the static checks without pylint (cold: first call in the
process, warm: the median of the next calls), and our pylint step against plain pylint with
the same plugin, options and files (median of alternating runs) with their ratio.
Targets (issue 4): static ≤ 3 s; pylint step ≤ 1.10 × plain pylint.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from odoo_factory.qa import check_addon
from odoo_factory.qa.pylint_step import pylint_command, run_pylint

SERIES = "18.0"


def _model(i: int) -> str:
    return f"""from odoo import api, fields, models


class BenchModel{i}(models.Model):
    _name = "bench.model{i}"
    _description = "Bench model {i}"
    _inherit = ["mail.thread"]
    _order = "sequence, name"

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one("res.partner", domain=[("is_company", "=", True)])
    user_id = fields.Many2one("res.users")
    date = fields.Date()
    amount = fields.Float()
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    note = fields.Text()
    line_ids = fields.One2many("bench.model{i}.line", "parent_id")
    total = fields.Float(compute="_compute_total", store=True)

    @api.depends("line_ids.qty", "amount")
    def _compute_total(self):
        for record in self:
            record.total = record.amount + sum(record.line_ids.mapped("qty"))


class BenchModel{i}Line(models.Model):
    _name = "bench.model{i}.line"
    _description = "Bench model {i} line"

    parent_id = fields.Many2one("bench.model{i}", required=True, ondelete="cascade")
    name = fields.Char()
    qty = fields.Float()
"""


def _views(i: int) -> str:
    m = f"bench.model{i}"
    x = f"bench_model{i}"
    return f'''<?xml version="1.0" encoding="utf-8"?>
<odoo>
    <record id="{x}_view_list" model="ir.ui.view">
        <field name="name">{m}.list</field>
        <field name="model">{m}</field>
        <field name="arch" type="xml">
            <list>
                <field name="sequence" widget="handle"/>
                <field name="name"/>
                <field name="partner_id"/>
                <field name="date"/>
                <field name="state"/>
                <field name="total" sum="Total"/>
            </list>
        </field>
    </record>
    <record id="{x}_view_form" model="ir.ui.view">
        <field name="name">{m}.form</field>
        <field name="model">{m}</field>
        <field name="arch" type="xml">
            <form>
                <sheet>
                    <group>
                        <field name="name"/>
                        <field name="partner_id" domain="[('is_company', '=', True)]"/>
                        <field name="user_id"/>
                        <field name="date"/>
                        <field name="amount" readonly="state == 'done'"/>
                        <field name="state"/>
                    </group>
                    <field name="line_ids">
                        <list editable="bottom"><field name="name"/><field name="qty"/></list>
                    </field>
                    <field name="note"/>
                </sheet>
                <chatter/>
            </form>
        </field>
    </record>
    <record id="{x}_view_search" model="ir.ui.view">
        <field name="name">{m}.search</field>
        <field name="model">{m}</field>
        <field name="arch" type="xml">
            <search>
                <field name="name"/>
                <field name="partner_id"/>
                <filter name="done" string="Done" domain="[('state', '=', 'done')]"/>
            </search>
        </field>
    </record>
    <record id="{x}_action" model="ir.actions.act_window">
        <field name="name">Model {i}</field>
        <field name="res_model">{m}</field>
        <field name="view_mode">list,form</field>
    </record>
    <menuitem id="{x}_menu" parent="bench_menu_root" action="{x}_action" sequence="{i}"/>
</odoo>
'''


def generate_addon(root: Path, models: int) -> Path:
    addon = root / "bench_addon"
    for folder in ("models", "views", "security"):
        (addon / folder).mkdir(parents=True)
    views = [f"views/bench_model{i}_views.xml" for i in range(models)]
    manifest = {
        "name": "Bench addon", "version": f"{SERIES}.1.0.0", "license": "LGPL-3",
        "author": "Bench", "depends": ["mail"],
        "data": ["security/ir.model.access.csv", "views/menus.xml", *views],
    }  # fmt: skip
    (addon / "__manifest__.py").write_text(repr(manifest) + "\n")
    (addon / "README.rst").write_text("Bench\n=====\n")
    (addon / "__init__.py").write_text("from . import models\n")
    (addon / "models" / "__init__.py").write_text(
        "".join(f"from . import bench_model{i}\n" for i in range(models))
    )
    access = ["id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink"]
    for i in range(models):
        (addon / "models" / f"bench_model{i}.py").write_text(_model(i))
        (addon / views[i]).write_text(_views(i))
        for suffix in ("", "_line"):
            access.append(
                f"access_bench_model{i}{suffix},bench.model{i}{suffix},"
                f"model_bench_model{i}{suffix},base.group_user,1,1,1,1"
            )
    (addon / "security" / "ir.model.access.csv").write_text("\n".join(access) + "\n")
    (addon / "views" / "menus.xml").write_text(
        '<?xml version="1.0"?>\n<odoo><menuitem id="bench_menu_root" name="Bench"/></odoo>\n'
    )
    return addon


def _timed(function: object) -> float:
    start = time.perf_counter()
    function()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        addon = generate_addon(Path(folder), args.models)
        report = check_addon(addon, SERIES, run_pylint_step=False)
        cold = report.timings["static"]
        warm = statistics.median(
            check_addon(addon, SERIES, run_pylint_step=False).timings["static"]
            for _ in range(args.repeat)
        )
        print(f"addon: {args.models} models (+{args.models} line models), "
              f"{report.files_checked} files, {len(report.diagnostics)} findings")  # fmt: skip
        print(f"static checks (no pylint): cold {cold:.3f} s, warm median {warm:.3f} s "
              f"(target <= 3 s)")  # fmt: skip
        plain_cmd = pylint_command(addon, SERIES)
        plain_cmd = [a for a in plain_cmd if not a.startswith("--output-format")]
        ours_t: list[float] = []
        plain_t: list[float] = []
        for _ in range(max(3, args.repeat // 2 + 1)):
            ours_t.append(_timed(lambda: run_pylint(addon, SERIES)))
            plain_t.append(
                _timed(lambda: subprocess.run(plain_cmd, cwd=addon.parent, capture_output=True))
            )
        ours, plain = statistics.median(ours_t), statistics.median(plain_t)
        print(f"pylint step: ours {ours:.3f} s, plain pylint {plain:.3f} s, "
              f"ratio {ours / plain:.3f} (target <= 1.10)")  # fmt: skip


if __name__ == "__main__":
    main()
