"""Golden tests: every example, for every series, compiles to exactly the pinned files; the
output byte-compiles, its XML is well formed and its Python is ruff-format clean.

Regenerate the pins after an intended change with ``ODOO_FACTORY_UPDATE_GOLDEN=1 pytest
tests/compiler/test_golden.py`` and review the diff. A series that cannot express an example
(e.g. api.ondelete before 15.0) pins the located refusal instead, in ``REFUSED``.

The step runner every addon with scenarios ships (``tests/scenario_steps.py``) is the same file
in each of them but for its ``USER_GROUPS_FIELD`` line: it is pinned once, in ``SHIPPED``, and
each addon's copy is compared with it and with its series' groups field.
"""

from __future__ import annotations

import compileall
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.errors import SpecError
from odoo_factory.profiles import get_profile, known_series
from odoo_factory.spec.loader import load_spec_located
from odoo_factory.spec.semantics import check_series

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
GOLDEN = Path(__file__).parent / "golden"
SERIES = known_series()
UPDATE = os.environ.get("ODOO_FACTORY_UPDATE_GOLDEN") == "1"
RUNNER = "tests/scenario_steps.py"
SHIPPED = GOLDEN / "scenario_steps.py"


def _runner_matches_the_pin(text: str, series: str) -> None:
    """An addon's step runner is the pinned one, with its series' groups field filled in."""
    line = f'USER_GROUPS_FIELD = "{get_profile(series).user_groups_field}"'
    assert line in text, f"{RUNNER} of {series} lacks {line}"
    neutral = text.replace(line, 'USER_GROUPS_FIELD = "groups_id"')
    if UPDATE:
        SHIPPED.write_text(neutral, "utf-8", newline="\n")
    assert SHIPPED.read_text("utf-8") == neutral, f"{RUNNER} differs from {SHIPPED.name}"


def test_there_are_enough_examples() -> None:
    assert len(EXAMPLES) >= 4
    assert SERIES == ["12.0", "13.0", "14.0", "15.0", "16.0", "17.0", "18.0", "19.0"]


def _refusal(example: Path, series: str) -> str | None:
    """The error ``series`` gives ``example``, None when it can express it."""
    spec, locs = load_spec_located(example)
    try:
        check_series(spec, locs, get_profile(series))
    except SpecError as exc:
        return f"{exc}\nhint: {exc.hint}\n".replace(f"{ROOT}/", "")
    return None


@pytest.mark.parametrize("series", SERIES)
@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_output_matches_golden(example: Path, series: str) -> None:
    refused = _refusal(example, series)
    spec, _ = load_spec_located(example)
    files = {"REFUSED": refused} if refused else render_addon(spec, series)
    pinned = GOLDEN / example.stem / series
    runner = files.pop(RUNNER, None)
    if runner is not None:
        _runner_matches_the_pin(runner, series)
    if UPDATE:
        shutil.rmtree(pinned, ignore_errors=True)
        for rel, text in files.items():
            (pinned / rel).parent.mkdir(parents=True, exist_ok=True)
            (pinned / rel).write_text(text, "utf-8", newline="\n")
    assert pinned.is_dir(), f"no golden output for {example.stem} {series}; see module doc"
    on_disk = sorted(str(p.relative_to(pinned)) for p in pinned.rglob("*") if p.is_file())
    assert on_disk == sorted(files)
    for rel, text in files.items():
        assert (pinned / rel).read_text("utf-8") == text, f"{rel} differs from golden"


@pytest.fixture(scope="module")
def built_all(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    for example in EXAMPLES:
        for series in SERIES:
            if _refusal(example, series) is None:
                build_addon(example, series, out / series)
    return out


def test_all_output_compiles(built_all: Path) -> None:
    assert compileall.compile_dir(str(built_all), quiet=2, force=True, legacy=True)


def test_all_xml_is_well_formed(built_all: Path) -> None:
    files = list(built_all.rglob("*.xml"))
    assert len(files) >= len(EXAMPLES) * len(SERIES)
    for path in files:
        ElementTree.parse(path)


def _ruff() -> str | None:
    candidate = Path(sys.executable).with_name("ruff")
    return str(candidate) if candidate.exists() else shutil.which("ruff")


def test_all_python_is_ruff_format_clean(built_all: Path) -> None:
    ruff = _ruff()
    if ruff is None:
        pytest.skip("ruff is not installed")
    for pyc in built_all.rglob("__pycache__"):
        shutil.rmtree(pyc)
    result = subprocess.run(
        [ruff, "format", "--isolated", "--check", "--diff", str(built_all)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_all_python_names_nothing_undefined(built_all: Path) -> None:
    ruff = _ruff()
    if ruff is None:
        pytest.skip("ruff is not installed")
    result = subprocess.run(
        [ruff, "check", "--isolated", "--select", "E9,F63,F7,F82", str(built_all)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
