"""The ``gate`` use case: static checks, the run on a real Odoo with coverage, the verdict."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from odoo_factory.gate.config import GateConfig, load_config
from odoo_factory.gate.report import GateReport
from odoo_factory.gate.requirements import load_requirements
from odoo_factory.gate.score import build_report
from odoo_factory.qa.check import check_addon
from odoo_factory.runtime.testrun import TestOptions, run_addon_tests
from odoo_factory.settings import Settings

__all__ = ["GateOptions", "run_gate"]


@dataclass
class GateOptions:
    """How to run the gate. ``config`` wins over ``config_file``, which wins over discovery."""

    series: str
    runtime: str | None = None
    with_demo: bool = False
    static_only: bool = False
    config: GateConfig | None = None
    config_file: Path | None = None
    addons_path: Sequence[Path] = ()
    timeout: float | None = None
    cancel: threading.Event | None = None
    pylint_timeout: float = 600.0


def run_gate(
    settings: Settings,
    addon_dir: Path,
    options: GateOptions,
    progress: Callable[[str], None] | None = None,
) -> GateReport:
    """Check ``addon_dir``, install and test it on a fresh clone with coverage, judge it.

    Raises the errors of ``check_addon`` and ``run_addon_tests`` (not an addon, no runtime,
    no database, ...) and ConfigError for a bad configuration; a red verdict is a result.
    """
    say = progress or (lambda _text: None)
    addon_dir = Path(addon_dir)
    if options.config is not None:
        config, config_file = options.config, options.config_file
    else:
        config, config_file = load_config(addon_dir, options.config_file)
    declared = load_requirements(addon_dir)
    timings: dict[str, float] = {}
    started = time.monotonic()
    say("static checks and pylint")
    check = check_addon(
        addon_dir,
        options.series,
        addons_path=options.addons_path,
        run_pylint_step=True,
        pylint_timeout=options.pylint_timeout,
    )
    timings["check"] = round(time.monotonic() - started, 3)
    run = None
    if not options.static_only:
        began = time.monotonic()
        run = run_addon_tests(
            settings,
            addon_dir,
            TestOptions(
                series=check.series,
                runtime=options.runtime,
                with_demo=options.with_demo,
                coverage=True,
                cold=True,
                timeout=options.timeout,
                progress=say,
                cancel=options.cancel,
            ),
        )
        timings["run"] = round(time.monotonic() - began, 3)
    timings["total"] = round(time.monotonic() - started, 3)
    return build_report(
        check,
        run,
        config,
        config_file=str(config_file) if config_file is not None else None,
        timings=timings,
        declared=declared,
    )
