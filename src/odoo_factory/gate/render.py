"""The gate's report files: Markdown (a pull-request comment), HTML (one self-contained page)
and JUnit XML (a testcase per criterion, per file with findings, and per Odoo test).

Each renderer is a pure function of a :class:`GateReport`; ``write_report`` writes a file
atomically.
"""

from __future__ import annotations

import contextlib
import os
import re
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

import jinja2

from odoo_factory.errors import InputError
from odoo_factory.gate.report import CriterionStatus, Finding, GateReport, Verdict
from odoo_factory.qa.diagnostics import Severity

__all__ = ["html_report", "junit_report", "markdown_report", "write_report"]

_ICON = {Verdict.GREEN: "🟢", Verdict.RED: "🔴", Verdict.INCOMPLETE: "🟡"}
_STATUS = {
    CriterionStatus.PASS: "✅ pass",
    CriterionStatus.FAIL: "❌ fail",
    CriterionStatus.SKIPPED: "⏭ skipped",
}
_REQ_ICON = {"proven": "✅", "failed": "❌", "unproven": "⚠️"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_MAX_MD_FINDINGS = 200  # GitHub refuses comments above 65,536 characters


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def _lines(numbers: list[int]) -> str:
    """[1, 2, 3, 7, 9, 10] → '1-3, 7, 9-10'."""
    ranges: list[str] = []
    start = prev = None
    for n in [*sorted(numbers), None]:
        if n is not None and prev is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            ranges.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(ranges)


def _md(text: str | None) -> str:
    """Text safe in a Markdown table cell: one line, no markup, no HTML."""
    flat = " ".join((text or "").split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


def _md_code(text: str) -> str:
    return "`" + text.replace("`", "'").replace("\n", " ") + "`"


def markdown_report(report: GateReport) -> str:
    """A pull-request comment: verdict, score breakdown, findings by file, tests, coverage."""
    r = report
    out = [
        f"## {_ICON[r.verdict]} Gate {r.verdict.value}: `{r.addon}` for Odoo {r.series} — "
        f"score {r.score:.1f}/100",
        "",
        _md(r.reason),
        "",
        "| Criterion | Threshold | Measured | Result | Points |",
        "|---|---:|---:|---|---:|",
    ]
    for c in r.criteria:
        out.append(
            f"| {_md(c.title)} | {_md(c.threshold)} | {_md(c.measured)} | {_STATUS[c.status]} "
            f"| {_fmt(c.points)} / {_fmt(c.weight)} |"
        )
    counts = r.counts()
    out += [
        "",
        f"### Findings: {counts['error']} errors, {counts['warning']} warnings, "
        f"{counts['info']} infos",
        "",
    ]
    if not r.findings:
        out.append("No findings.")
    shown = 0
    for file, findings in r.by_file().items():
        if shown >= _MAX_MD_FINDINGS:
            break
        out += [f"**{_md_code(file)}**", "", "| Where | Severity | Rule | Problem | Fix |"]
        out.append("|---|---|---|---|---|")
        for f in findings[: _MAX_MD_FINDINGS - shown]:
            out.append(
                f"| {_md_code(f.location)} | {f.severity.value} | {_md_code(f.rule)} "
                f"| {_md(f.message)} | {_md(f.hint)} |"
            )
            shown += 1
        out.append("")
    if shown < len(r.findings):
        out += [f"… and {len(r.findings) - shown} more findings (see the HTML or JSON report).", ""]
    if r.requirements:
        proven = sum(q.status.value == "proven" for q in r.requirements)
        out += [
            f"### Acceptance criteria: {proven} of {len(r.requirements)} proven",
            "",
            "| Criterion | Tests | Result |",
            "|---|---|---|",
        ]
        for q in r.requirements:
            tests = "<br>".join(
                _md_code(t.name) + f" {t.status}" + (f": {_md(t.message)}" if t.message else "")
                for t in q.tests
            )
            out.append(
                f"| **{_md(q.id)}** {_md(q.text)} | {tests or 'no test names it'} "
                f"| {_REQ_ICON[q.status.value]} {q.status.value} |"
            )
        out.append("")
    if r.run is not None:
        out += ["### Tests", "", _md(r.run.reason), ""]
        failed = [t for t in r.run.tests if t.status in ("failed", "error")]
        for t in failed:
            where = f" ({_md_code(f'{t.file}:{t.line}')})" if t.file else ""
            out.append(f"- ❌ {_md_code(f'{t.classname}.{t.method}')}{where}: {_md(t.message)}")
        if failed:
            out.append("")
        cov = r.run.coverage
        if cov is not None:
            out += [
                f"### Coverage: {cov.percent:.1f} % of {cov.statements} statements",
                "",
                "| File | Statements | Missing | Percent |",
                "|---|---:|---:|---:|",
            ]
            out += [
                f"| {_md_code(f.file)} | {f.statements} | {f.missing} | {f.percent:.1f} % |"
                for f in cov.files
            ]
            out.append("")
    source = _md_code(r.config_file) if r.config_file else "the defaults"
    out += [f"<sub>Thresholds from {source}. Odoo Factory gate.</sub>", ""]
    return "\n".join(out)


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("odoo_factory.gate", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(fmt=_fmt, lines=_lines)
    return env


def html_report(report: GateReport) -> str:
    """One self-contained HTML page (inline CSS, no script, no external resource)."""
    template = _environment().get_template("report.html.j2")
    return template.render(
        r=report,
        by_file=report.by_file(),
        counts=report.counts(),
        total_weight=sum(c.weight for c in report.criteria),
        total_points=sum(c.points for c in report.criteria),
    )


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str | None) -> str:
    """Text XML 1.0 can hold (control characters dropped)."""
    return _XML_INVALID.sub("", text or "")


def _finding_text(f: Finding) -> str:
    text = f"{f.location}: {f.severity.value} [{f.rule}] {f.message}\n  fix: {f.hint}"
    return text + (f"\n{f.detail}" if f.detail else "")


def junit_report(report: GateReport) -> str:
    """JUnit XML: suites 'gate' (a case per criterion), 'findings' (a case per file) and the
    addon's Odoo tests (a case per test)."""
    r = report
    root = ET.Element("testsuites", {"name": _x(f"gate {r.addon} (Odoo {r.series})")})

    gate = ET.SubElement(root, "testsuite", {"name": _x(f"{r.addon}.gate")})
    failures = 0
    skipped = 0
    for c in r.criteria:
        case = ET.SubElement(
            gate, "testcase", {"classname": _x(f"{r.addon}.gate"), "name": c.id.value}
        )
        if c.status is CriterionStatus.FAIL:
            failures += 1
            node = ET.SubElement(
                case,
                "failure",
                {
                    "message": _x(f"{c.title}: {c.measured}, needs {c.threshold}"),
                    "type": c.id.value,
                },
            )
            listed = [f for f in r.findings if f.id in c.findings]
            node.text = _x("\n".join([c.detail, *(_finding_text(f) for f in listed)]))
        elif c.status is CriterionStatus.SKIPPED:
            skipped += 1
            ET.SubElement(case, "skipped", {"message": _x(c.detail)})
        ET.SubElement(case, "system-out").text = _x(
            f"{c.detail}; {c.points:g} of {c.weight:g} points"
        )
    gate.attrib.update(
        tests=str(len(r.criteria)), failures=str(failures), errors="0", skipped=str(skipped)
    )
    ET.SubElement(gate, "system-out").text = _x(f"score {r.score:.1f}/100 — {r.reason}")

    suite = ET.SubElement(root, "testsuite", {"name": _x(f"{r.addon}.findings")})
    grouped = r.by_file()
    failing = 0
    for file, findings in grouped.items():
        case = ET.SubElement(
            suite,
            "testcase",
            {"classname": _x(f"{r.addon}.findings"), "name": _x(file), "file": _x(file)},
        )
        counted = [f for f in findings if f.criterion is not None]
        text = _x("\n".join(_finding_text(f) for f in findings))
        if counted:
            failing += 1
            worst = min(
                counted,
                key=lambda f: [Severity.ERROR, Severity.WARNING, Severity.INFO].index(f.severity),
            )
            node = ET.SubElement(
                case,
                "failure",
                {
                    "message": _x(
                        f"{len(counted)} finding(s), first: {worst.location} {worst.message}"[:1000]
                    ),
                    "type": worst.rule,
                },
            )
            node.text = text
        else:
            ET.SubElement(case, "system-out").text = text
    suite.attrib.update(tests=str(len(grouped)), failures=str(failing), errors="0", skipped="0")

    if r.requirements:
        reqs = ET.SubElement(root, "testsuite", {"name": _x(f"{r.addon}.requirements")})
        for q in r.requirements:
            case = ET.SubElement(
                reqs,
                "testcase",
                {"classname": _x(f"{r.addon}.requirements"), "name": _x(f"{q.id} {q.text}")},
            )
            listing = "\n".join(
                f"{t.name}: {t.status}" + (f": {t.message}" if t.message else "") for t in q.tests
            )
            if q.status.value != "proven":
                node = ET.SubElement(
                    case,
                    "failure",
                    {
                        "message": _x(
                            f"{q.id} {q.status.value}: "
                            + (listing.splitlines()[0] if listing else "no test names it")
                        )[:1000],
                        "type": q.status.value,
                    },
                )
                node.text = _x(listing or "no test names it")
            else:
                ET.SubElement(case, "system-out").text = _x(listing)
        reqs.attrib.update(
            tests=str(len(r.requirements)),
            failures=str(sum(q.status.value != "proven" for q in r.requirements)),
            errors="0",
            skipped="0",
        )

    if r.run is not None:
        tests = ET.SubElement(root, "testsuite", {"name": _x(f"{r.addon}.tests")})
        for t in r.run.tests:
            attrs = {
                "classname": _x(t.classname),
                "name": _x(t.method),
                "time": f"{t.duration or 0:.3f}",
                **({"file": _x(t.file)} if t.file else {}),
                **({"line": str(t.line)} if t.line else {}),
            }
            case = ET.SubElement(tests, "testcase", attrs)
            if t.status in ("failed", "error"):
                node = ET.SubElement(
                    case,
                    "failure" if t.status == "failed" else "error",
                    {"message": _x((t.message or "")[:1000])},
                )
                node.text = _x(t.traceback)
            elif t.status == "skipped":
                ET.SubElement(case, "skipped")
        tests.attrib.update(
            tests=str(len(r.run.tests)),
            failures=str(sum(t.status == "failed" for t in r.run.tests)),
            errors=str(sum(t.status == "error" for t in r.run.tests)),
            skipped=str(sum(t.status == "skipped" for t in r.run.tests)),
            time=f"{r.run.timings.tests:.3f}",
        )
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def write_report(text: str, path: Path) -> None:
    """Write ``text`` to ``path`` atomically (a reader never sees half a report).

    Raises InputError when the file cannot be written (a folder in the way, no permission).
    """
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise InputError(
            f"cannot write the report: {exc.strerror or exc}",
            file=path,
            hint="give a path to a file in a folder you can write to",
        ) from exc
