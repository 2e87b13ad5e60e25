"""JUnit XML for a test run: one testsuite, a testcase per test, the install as a testcase."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

from odoo_factory.runtime.results import TestRun

__all__ = ["junit_xml", "write_junit"]


def junit_xml(run: TestRun) -> str:
    failures = sum(t.status == "failed" for t in run.tests)
    errors = sum(t.status == "error" for t in run.tests)
    install_failed = not run.installed or (run.failure is not None and not run.ok)
    suite = ET.Element(
        "testsuite",
        {
            "name": f"{run.addon} (Odoo {run.series})",
            "tests": str(len(run.tests) + 1),
            "failures": str(failures),
            "errors": str(errors + (1 if install_failed else 0)),
            "skipped": str(sum(t.status == "skipped" for t in run.tests)),
            "time": f"{run.timings.total:.3f}",
        },
    )
    install = ET.SubElement(
        suite,
        "testcase",
        {
            "classname": f"{run.addon}.install",
            "name": "install",
            "time": f"{run.timings.install:.3f}",
        },
    )
    if install_failed and run.failure is not None:
        error = ET.SubElement(
            install,
            "error",
            {"type": run.failure.category.value, "message": run.failure.message[:1000]},
        )
        error.text = run.failure.traceback or run.reason
    for test in run.tests:
        case = ET.SubElement(
            suite,
            "testcase",
            {
                "classname": test.classname,
                "name": test.method,
                "time": f"{test.duration or 0:.3f}",
                **({"file": test.file} if test.file else {}),
                **({"line": str(test.line)} if test.line else {}),
            },
        )
        if test.status in ("failed", "error"):
            tag = "failure" if test.status == "failed" else "error"
            node = ET.SubElement(case, tag, {"message": (test.message or "")[:1000]})
            node.text = test.traceback
        elif test.status == "skipped":
            ET.SubElement(case, "skipped")
    ET.indent(suite)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suite, "unicode") + "\n"


def write_junit(run: TestRun, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(junit_xml(run), encoding="utf-8")
    os.replace(tmp, path)
