"""Requirement traceability: which acceptance criteria an addon declares, which tests prove
each one, and whether those tests passed on a real Odoo.

An addon declares its criteria in ``tests/requirements.json`` (the compiler writes it from the
spec's ``requirements``)::

    {"requirements": [{"id": "R1", "text": "...", "priority": "must"}],
     "tests": {"test_lend_and_return": ["R1", "R2"]}}

A test method may also name criteria in its docstring, on a line ``Proves: R1, R2``, so that
tests written by hand count too. A criterion is *proven* when at least one test names it and
every test that names it ran and passed.
"""

from __future__ import annotations

import ast
import json
import re
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from odoo_factory.errors import AddonError
from odoo_factory.runtime.results import TestCaseResult, TestRun

__all__ = [
    "REQUIREMENTS_FILE",
    "Requirement",
    "RequirementResult",
    "RequirementStatus",
    "RequirementTest",
    "Requirements",
    "load_requirements",
    "trace_requirements",
]

REQUIREMENTS_FILE = "tests/requirements.json"
_PROVES = re.compile(r"^\s*Proves:\s*(?P<ids>[A-Za-z0-9_.,\s-]+?)\s*\.?\s*$", re.MULTILINE)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Requirement(_Strict):
    id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$", max_length=40)
    text: str
    priority: str = "must"


class Requirements(_Strict):
    """The criteria an addon declares and, per test method name, the criteria it proves."""

    requirements: list[Requirement] = Field(default_factory=list)
    tests: dict[str, list[str]] = Field(default_factory=dict)


class RequirementStatus(str, Enum):
    PROVEN = "proven"  # named by tests that all passed
    FAILED = "failed"  # a test naming it failed, errored or did not run
    UNPROVEN = "unproven"  # no test names it


class RequirementTest(BaseModel):
    """One test naming a criterion, and what happened to it."""

    name: str = Field(description="Class.method")
    status: str = Field(description="passed | failed | error | skipped | not run")
    message: str | None = Field(default=None, description="the failing assertion, if any")
    file: str | None = None
    line: int | None = None


class RequirementResult(BaseModel):
    id: str
    text: str
    priority: str
    status: RequirementStatus
    tests: list[RequirementTest] = Field(default_factory=list)


def _docstring_claims(addon_dir: Path) -> dict[str, list[str]]:
    """``{method: [ids]}`` from ``Proves:`` lines in the docstrings of the addon's tests."""
    claims: dict[str, list[str]] = {}
    folder = addon_dir / "tests"
    if not folder.is_dir():
        return claims
    for file in sorted(folder.glob("*.py")):
        try:
            tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
            continue  # the static checks report files that do not parse
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                doc = ast.get_docstring(node) or ""
                for match in _PROVES.finditer(doc):
                    ids = [i.strip() for i in re.split(r"[,\s]+", match["ids"]) if i.strip()]
                    claims.setdefault(node.name, []).extend(ids)
    return claims


def load_requirements(addon_dir: Path) -> Requirements | None:
    """The addon's declared criteria and claims; None when it declares no criteria file.

    Raises AddonError naming the file when ``tests/requirements.json`` cannot be read.
    """
    file = Path(addon_dir) / REQUIREMENTS_FILE
    if not file.is_file():
        return None
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
        declared = Requirements.model_validate(data)
    except (OSError, UnicodeDecodeError) as exc:
        raise AddonError(f"cannot read {REQUIREMENTS_FILE}: {exc}", file=file) from None
    except json.JSONDecodeError as exc:
        raise AddonError(
            f"{REQUIREMENTS_FILE} is not JSON: {exc.msg}",
            hint="rebuild the addon from its spec, or fix the file",
            file=file,
            line=exc.lineno,
            column=exc.colno,
        ) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the top level"
        raise AddonError(
            f"{REQUIREMENTS_FILE}: {where}: {first['msg']}",
            hint='expected {"requirements": [{"id", "text", "priority"}], '
            '"tests": {"test_method": ["R1"]}}',
            file=file,
        ) from None
    tests = {name: list(ids) for name, ids in declared.tests.items()}
    for name, ids in _docstring_claims(Path(addon_dir)).items():
        merged = tests.setdefault(name, [])
        merged.extend(i for i in ids if i not in merged)
    return declared.model_copy(update={"tests": tests})


def _outcome(method: str, results: list[TestCaseResult]) -> list[RequirementTest]:
    found = [t for t in results if t.method == method]
    if not found:
        return [RequirementTest(name=method, status="not run")]
    return [
        RequirementTest(
            name=f"{t.classname.rpartition('.')[2]}.{t.method}",
            status=t.status,
            message=t.message if t.status != "passed" else None,
            file=t.file,
            line=t.line,
        )
        for t in found
    ]


def trace_requirements(declared: Requirements, run: TestRun | None) -> list[RequirementResult]:
    """Each criterion with the tests naming it and their outcome on ``run``.

    Without a run (static only) every named test is "not run" and no criterion is proven.
    """
    results = run.tests if run is not None else []
    by_requirement: dict[str, list[str]] = {}
    for method, ids in declared.tests.items():
        for rid in ids:
            by_requirement.setdefault(rid, []).append(method)
    traced: list[RequirementResult] = []
    for req in declared.requirements:
        tests: list[RequirementTest] = []
        for method in by_requirement.get(req.id, []):
            tests.extend(_outcome(method, results))
        if not tests:
            status = RequirementStatus.UNPROVEN
        elif all(t.status == "passed" for t in tests):
            status = RequirementStatus.PROVEN
        else:
            status = RequirementStatus.FAILED
        traced.append(
            RequirementResult(
                id=req.id, text=req.text, priority=req.priority, status=status, tests=tests
            )
        )
    return traced
