"""Odoo runtimes, template databases and runs of an addon on a real Odoo."""

from odoo_factory.runtime.registry import Runtime, RuntimeRegistry, add_runtime
from odoo_factory.runtime.results import RunStatus, TestRun
from odoo_factory.runtime.testrun import TestOptions, run_addon_tests

__all__ = [
    "RunStatus",
    "Runtime",
    "RuntimeRegistry",
    "TestOptions",
    "TestRun",
    "add_runtime",
    "run_addon_tests",
]
