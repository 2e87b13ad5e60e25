"""The ``check`` use case: static checks of one addon folder, no Odoo needed."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

from odoo_factory.profiles import get_profile
from odoo_factory.qa.addon_files import load_addon
from odoo_factory.qa.context import build_context
from odoo_factory.qa.diagnostics import CheckReport, Diagnostic
from odoo_factory.qa.field_refs import check_field_references
from odoo_factory.qa.mail_refs import check_mail_references
from odoo_factory.qa.model_refs import check_model_references
from odoo_factory.qa.pylint_step import pylint_config, run_pylint
from odoo_factory.qa.python_names import check_python_names
from odoo_factory.qa.series_rules import run_series_rules
from odoo_factory.qa.structure import check_structure
from odoo_factory.qa.translations import check_translations
from odoo_factory.qa.view_targets import check_view_targets
from odoo_factory.qa.web_refs import check_web_references
from odoo_factory.qa.xmlid_refs import check_xmlid_references

__all__ = ["check_addon"]

# Findings that a series rule on the same line explains better (e.g. users-groups-id).
_GENERIC_RULES = frozenset({"record-field-unknown"})


def _drop_covered(pylint: list[Diagnostic], ours: list[Diagnostic]) -> list[Diagnostic]:
    """Pylint findings that one of our rules already reported in the same file are dropped."""
    covered_by: dict[str, list[str]] = pylint_config().get("covered_by", {})
    reported = {(d.rule, d.file) for d in ours}
    return [
        d
        for d in pylint
        if not any((rule, d.file) in reported for rule in covered_by.get(d.rule, []))
    ]


def _drop_generic(ours: list[Diagnostic]) -> list[Diagnostic]:
    """A series rule names the change that broke a line; a generic finding there is dropped."""
    series_lines = {(d.file, d.line) for d in ours if d.category == "series"}
    return [d for d in ours if d.rule not in _GENERIC_RULES or (d.file, d.line) not in series_lines]


def _unique(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    result = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = (d.rule, d.file, d.line, d.column, d.message)
        if key not in seen:
            seen.add(key)
            result.append(d)
    return result


def check_addon(
    addon_dir: Path,
    series: str,
    *,
    addons_path: Iterable[Path] = (),
    run_pylint_step: bool = True,
    pylint_timeout: float = 600.0,
) -> CheckReport:
    """Check the addon at ``addon_dir`` for ``series``; raises AddonError if it is not one."""
    series = get_profile(series).series
    timings: dict[str, float] = {}
    start = time.perf_counter()
    source = load_addon(Path(addon_dir))
    context = build_context(source, series, addons_path)
    timings["load"] = time.perf_counter() - start

    ours: list[Diagnostic] = list(source.problems)
    steps: tuple[tuple[str, Callable[[], list[Diagnostic]]], ...] = (
        ("series_rules", lambda: run_series_rules(source, series)),
        ("structure", lambda: check_structure(context)),
        ("field_references", lambda: check_field_references(context)),
        ("xmlid_references", lambda: check_xmlid_references(context)),
        ("model_references", lambda: check_model_references(context)),
        ("mail_references", lambda: check_mail_references(context)),
        ("view_targets", lambda: check_view_targets(context)),
        ("web_references", lambda: check_web_references(context)),
        ("python_names", lambda: check_python_names(source, series)),
        ("translations", lambda: check_translations(source)),
    )
    for name, step in steps:
        began = time.perf_counter()
        ours.extend(step())
        timings[name] = time.perf_counter() - began
    ours = _drop_generic(ours)
    timings["static"] = time.perf_counter() - start

    report = CheckReport(
        addon=source.name,
        addon_path=str(source.path),
        series=series,
        files_checked=len(source.python) + len(source.xml) + len(source.csv),
    )
    found = ours
    if run_pylint_step:
        began = time.perf_counter()
        pylint = run_pylint(source.path, series, timeout=pylint_timeout)
        timings["pylint"] = time.perf_counter() - began
        found = ours + _drop_covered(pylint.diagnostics, ours)
        report.pylint_score = pylint.score
        report.pylint_ran = pylint.ran
    timings["total"] = time.perf_counter() - start
    report.diagnostics = _unique(found)
    report.timings = {key: round(value, 4) for key, value in timings.items()}
    return report
