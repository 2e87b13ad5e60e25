"""Property-based fuzzing of the loader, validation, the compiler and the CLI's ``--json``.

Hostile variants of the examples (the mutations of ``benchmarks/fuzz_spec.py``, driven by
hypothesis so that a failure shrinks to a small case) must only ever end in one of the
product's own errors, located at file, line and column; a spec that validates must build;
what is built must compile and parse; nothing may be written outside the output folder.
The runs are seeded (derandomized) and bounded; the long run is the benchmark script.
"""

from __future__ import annotations

import importlib.util
import random
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TypeVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")


def _load_fuzzer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fuzz_spec", ROOT / "benchmarks" / "fuzz_spec.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["fuzz_spec"] = module
    spec.loader.exec_module(module)
    return module


fuzz = _load_fuzzer()

BOUNDED = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


class DrawChooser:
    """The fuzzer's choices drawn from hypothesis, so that failures shrink."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def pick(self, options: Sequence[T]) -> T:
        return self.data.draw(st.sampled_from(options))

    def number(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, high))


@pytest.fixture(scope="module")
def cwd_is_watched() -> Iterator[Path]:
    """Run from an empty folder and check, at the end, that nothing was written into it."""
    import os

    folder = Path(tempfile.mkdtemp(prefix="odoo-factory-fuzz-cwd-"))
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)
    assert not any(folder.iterdir()), f"written into the working folder: {list(folder.iterdir())}"
    folder.rmdir()


def _no_defects(text: str, series: str, cli: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="odoo-factory-fuzz-") as folder:
        outcome = fuzz.check_case(text, series, Path(folder))
        if cli:
            outcome.defects += fuzz.check_cli(text, series, Path(folder)).defects
    assert outcome.defects == [], f"series {series}, spec:\n{text[:3000]}"


@settings(BOUNDED, max_examples=100)
@given(data=st.data())
def test_hostile_variants_of_the_examples(cwd_is_watched: Path, data: st.DataObject) -> None:
    text, series = fuzz.mutated_spec(DrawChooser(data))
    _no_defects(text, series)


NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,12}", fullmatch=True) | st.sampled_from(
    ["class", "id", "env", "fields", "self", "list", "__init__", "_name", "none", "_1"]
)
TEXT = st.text(max_size=40) | st.sampled_from(fuzz.HOSTILE_TEXT)


@settings(BOUNDED, max_examples=80)
@given(
    example=st.sampled_from(fuzz.EXAMPLES),
    series=st.sampled_from(fuzz.SERIES),
    value=NAMES | TEXT,
    choice=st.randoms(use_true_random=False),
)
def test_any_text_in_any_leaf(
    cwd_is_watched: Path, example: Path, series: str, value: str, choice: random.Random
) -> None:
    """Any text (hypothesis' own, names, keywords, control characters) in any one leaf."""
    import yaml

    data = yaml.safe_load(example.read_text("utf-8"))
    leaves = [p for p in fuzz._paths(data) if p and not isinstance(fuzz._get(data, p), dict | list)]
    at = choice.choice(leaves)
    fuzz._get(data, at[:-1])[at[-1]] = value
    _no_defects(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), series)


@settings(BOUNDED, max_examples=10)
@given(data=st.data())
def test_cli_json_stays_json(cwd_is_watched: Path, data: st.DataObject) -> None:
    text, series = fuzz.mutated_spec(DrawChooser(data))
    _no_defects(text, series, cli=True)


# -- the harness itself finds what it looks for ----------------------------------------------------
def test_the_checks_catch_broken_output(tmp_path: Path) -> None:
    addon = tmp_path / "addon"
    (addon / "models").mkdir(parents=True)
    (addon / "tests").mkdir()
    (addon / "models" / "x.py").write_text("class = fields.Char()\n")
    (addon / "tests" / "test_x.py").write_text("def f(:\n")
    (addon / "views.xml").write_text("<odoo><record></odoo>")
    outcome = fuzz.Outcome()
    fuzz.check_addon(addon, outcome)
    assert [d for d, _ in outcome.defects] == [
        "py_not_compiling",
        "tests_not_compiling",
        "xml_ill_formed",
    ]


def test_an_unlocated_error_is_a_defect(tmp_path: Path) -> None:
    outcome = fuzz.check_case("module: {name: x, title: X}\n", "99.0", tmp_path)
    assert [d for d, _ in outcome.defects] == ["unlocated"]  # the series is not a spec error


def test_the_examples_build_cleanly(tmp_path: Path) -> None:
    for i, example in enumerate(fuzz.EXAMPLES):
        folder = tmp_path / str(i)
        folder.mkdir()
        for other in fuzz.EXAMPLES:  # an example may extend the models of another one
            if other != example:
                shutil.copyfile(other, folder / other.name)
        outcome = fuzz.check_case(example.read_text("utf-8"), "17.0", folder)
        assert outcome.built and outcome.defects == [], (example.name, outcome)


def test_the_seeded_mutations_reach_the_compiler(tmp_path: Path) -> None:
    chooser = fuzz.RandomChooser(random.Random(1))
    built = 0
    for i in range(120):  # stops as soon as two cases built
        text, series = fuzz.mutated_spec(chooser)
        (tmp_path / str(i)).mkdir()
        outcome = fuzz.check_case(text, series, tmp_path / str(i))
        assert outcome.defects == [], text
        built += outcome.built
        if built >= 2:
            break
    assert built >= 2, "the mutations no longer leave specs that build"
