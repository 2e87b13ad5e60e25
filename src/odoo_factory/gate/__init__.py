"""The QA gate: static checks, the run on a real Odoo with coverage, a score and a verdict.

``run_gate`` is the use case; it returns a :class:`GateReport` and never prints. The
renderers in :mod:`odoo_factory.gate.render` turn a report into Markdown, HTML or JUnit XML.
"""

from odoo_factory.gate.config import GateConfig, GateWeights, find_config, load_config
from odoo_factory.gate.render import html_report, junit_report, markdown_report, write_report
from odoo_factory.gate.report import (
    Criterion,
    CriterionId,
    CriterionStatus,
    Finding,
    GateReport,
    RunSummary,
    Verdict,
)
from odoo_factory.gate.run import GateOptions, run_gate
from odoo_factory.gate.score import build_report

__all__ = [
    "Criterion",
    "CriterionId",
    "CriterionStatus",
    "Finding",
    "GateConfig",
    "GateOptions",
    "GateReport",
    "GateWeights",
    "RunSummary",
    "Verdict",
    "build_report",
    "find_config",
    "html_report",
    "junit_report",
    "load_config",
    "markdown_report",
    "run_gate",
    "write_report",
]
