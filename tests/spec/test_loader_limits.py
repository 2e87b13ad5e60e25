"""The loader answers every spec, hostile or huge, with data or a located refusal.

Speed and memory are measured by ``benchmarks/bench_loader.py``; these tests assert what the
loader answers: refused or accepted, and where.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from odoo_factory.cli.app import main
from odoo_factory.errors import SpecError
from odoo_factory.spec.bounded_yaml import LIMITS, LoadLimits, compose_bounded
from odoo_factory.spec.loader import load_spec_located, parse_spec_text
from tests.spec.test_bad_input import VALID as SHOP_NOTES

VALID = SHOP_NOTES.replace("{name: amount, type: float}", "{name: due, type: date}")


def billion_laughs(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def refused(text: str, limits: LoadLimits = LIMITS) -> SpecError:
    with pytest.raises(SpecError) as caught:
        parse_spec_text(text, "spec.yaml", limits)
    error = caught.value
    assert error.file == "spec.yaml"
    assert error.line is not None and error.column is not None, error
    assert error.hint, error
    return error


def test_the_billion_laughs_is_refused_where_the_expansion_passes_the_limit() -> None:
    text = billion_laughs()
    assert len(text.encode()) < 600
    error = refused(text)
    assert f"more than {LIMITS.max_nodes:,} keys and values" in error.message
    assert error.line == 5  # a4 is the first level past 50,000 values
    assert "alias" in (error.hint or "")


def test_aliases_past_the_count_are_refused_even_when_small() -> None:
    text = "a: &x 1\nb: [" + ", ".join(["*x"] * (LIMITS.max_aliases + 1)) + "]\n"
    error = refused(text)
    assert f"more than {LIMITS.max_aliases} aliases" in error.message
    assert error.line == 2


def test_a_few_aliases_are_expanded_with_their_places() -> None:
    data, locs = compose_bounded(
        "base: &base {type: char, required: true}\nuse:\n  - *base\n  - *base\n", "f.yaml"
    )
    assert data["use"] == [{"type": "char", "required": True}] * 2
    assert data["use"][0] is not data["use"][1]  # copies, not shared objects
    assert locs.find(("use", 1, "required")) == (1, 36)
    assert locs.find(("use", 1, "required"), key=True) == (1, 26)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("a: " + "[" * 100_000 + "]" * 100_000, id="flow-lists"),
        pytest.param("a: " + "{b: " * 5_000 + "1" + "}" * 5_000, id="flow-mappings"),
        pytest.param("".join(" " * i + "- \n" for i in range(500)), id="block-lists"),
        pytest.param("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 500)), id="block-maps"),
    ],
)
def test_deep_nesting_is_refused_at_the_first_level_too_deep(text: str) -> None:
    error = refused(text)
    assert f"deeper than {LIMITS.max_depth} levels" in error.message


def test_too_many_values_are_refused() -> None:
    error = refused("a: [" + ",".join(["1"] * LIMITS.max_nodes) + "]\n")
    assert f"more than {LIMITS.max_nodes:,} keys and values" in error.message
    assert error.line == 1


def test_limits_are_parameters() -> None:
    small = LoadLimits(max_bytes=200, max_depth=3, max_nodes=10, max_aliases=1)
    assert "bytes" in refused("#" * 201, small).message
    assert "deeper" in refused("a: [[[[1]]]]", small).message
    assert "more than 10" in refused("a: [1,2,3,4,5,6,7,8,9,10,11]", small).message
    assert "aliases" in refused("a: &x 1\nb: *x\nc: *x", small).message


def test_a_spec_past_the_size_limit_is_refused_without_being_parsed(tmp_path: Path) -> None:
    error = refused("#" * (LIMITS.max_bytes + 1))
    assert "more than the 1,048,576 allowed" in error.message
    spec = tmp_path / "big.yaml"
    spec.write_text("#" * (LIMITS.max_bytes + 1))
    with pytest.raises(SpecError, match="more than 1,048,576 bytes"):
        load_spec_located(spec)


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        pytest.param("module:\n  name: a\x00b\n", 2, 10, "U+0000", id="nul"),
        pytest.param("module:\n  title: \x1b[31m\n", 2, 10, "U+001B", id="escape"),
        pytest.param("a: '\ud800'\n", 1, 5, "U+D800", id="surrogate"),
        pytest.param("a: !!python/object:os.system x\n", 1, 4, "not supported", id="python-tag"),
        pytest.param("a: !!binary aGk=\n", 1, 4, "not supported", id="binary"),
        pytest.param("a: !!set {x: null}\n", 1, 4, "not supported", id="set"),
        pytest.param("a: !local x\n", 1, 4, "not supported", id="local-tag"),
        pytest.param("? [a, b]\n: c\n", 1, 3, "plain text", id="list-key"),
        pytest.param("a: *nowhere\n", 1, 4, "unknown alias", id="unknown-alias"),
        pytest.param("a: &a [*a]\n", 1, 8, "unknown alias", id="recursive-alias"),
        pytest.param("a: 1\n---\nb: 2\n", 2, 1, "more than one", id="two-documents"),
        pytest.param("a: " + "9" * 5000 + "\n", 1, 4, "not a usable number", id="huge-int"),
        pytest.param("a: !!bool maybe\n", 1, 4, "not a usable bool", id="bad-bool"),
        pytest.param("a: !!float ''\n", 1, 4, "not a usable float", id="empty-float"),
        pytest.param("base: 1\nb:\n  <<: {x: 1}\n", 3, 3, "merge keys", id="merge-key"),
        pytest.param("a: [1, 2\n", 2, 1, "not valid YAML", id="syntax"),
        pytest.param("a: 1\na: 2\n", 2, 1, "duplicate key", id="duplicate"),
    ],
)
def test_bad_yaml_is_a_located_spec_error(text: str, line: int, column: int, words: str) -> None:
    error = refused(text)
    assert words in error.message
    assert (error.line, error.column) == (line, column)


def test_bad_bytes_in_a_file_are_located(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_bytes(b"module:\n  name: caf\xe9\n")
    with pytest.raises(SpecError) as caught:
        load_spec_located(spec)
    assert "not UTF-8" in caught.value.message
    assert (caught.value.line, caught.value.column) == (2, 12)


@pytest.mark.parametrize("kind", ["folder", "nul-in-path"])
def test_paths_that_are_not_spec_files_are_errors(tmp_path: Path, kind: str) -> None:
    path = str(tmp_path) if kind == "folder" else str(tmp_path / "a\x00b.yaml")
    with pytest.raises(SpecError) as caught:
        load_spec_located(path)
    assert caught.value.hint


def test_dates_stay_the_text_written() -> None:
    data, _locs = compose_bounded(
        "a: 2024-01-02\nb: 2024-01-02 10:30:00\nc: [2024-01-02]\n2024-01-03: x\n", "f"
    )
    assert data == {
        "a": "2024-01-02",
        "b": "2024-01-02 10:30:00",
        "c": ["2024-01-02"],
        "2024-01-03": "x",
    }


def test_plain_values_keep_their_yaml_types() -> None:
    data, _locs = compose_bounded(
        "i: 12\nh: 0x1F\nf: 1.5\nt: true\nn: ~\ne:\ns: '12'\nw: yes\nq: =\n", "f"
    )
    assert data == {
        "i": 12,
        "h": 31,
        "f": 1.5,
        "t": True,
        "n": None,
        "e": None,
        "s": "12",
        "w": True,
        "q": "=",
    }


def test_a_date_default_on_a_date_field_builds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        VALID.replace("{name: due, type: date}", "{name: due, type: date, default: 2024-01-02}")
    )
    code = main(["build", str(spec), "--odoo", "17.0", "--out", str(tmp_path / "out"), "--json"])
    captured = capsys.readouterr()
    assert code == 0, captured
    assert json.loads(captured.out)["ok"] is True
    model = (tmp_path / "out" / "shop_notes" / "models" / "shop_note.py").read_text()
    assert "2024-01-02" in model
    compile(model, "shop_note.py", "exec")


def test_the_bomb_over_the_cli_is_one_located_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "bomb.yaml"
    spec.write_text(billion_laughs(12))
    code = main(["spec", "validate", str(spec)])
    captured = capsys.readouterr()
    assert code == 2
    assert f"{spec}:5:" in captured.err
    assert "Traceback" not in captured.err + captured.out
