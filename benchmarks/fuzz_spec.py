"""Fuzz the spec loader, validation and the compiler with hostile variants of the examples.

Each case takes an example spec, changes one to three of its values (keywords, quotes, line
breaks, control characters, code, very long strings, deep nesting, wrong types), then loads,
validates and builds it, and counts what went wrong, per defect:

    uncaught             an exception that is not one of the product's own errors
    hang                 a case that took more than --timeout seconds
    unlocated            an error without file, line and column
    py_not_compiling     a generated .py file outside tests/ that does not compile
    tests_not_compiling  a generated tests/*.py file that does not compile
    xml_ill_formed       a generated .xml file that does not parse
    validate_ok_build_fails  a spec that validates and then does not build
    written_outside_out  a file written anywhere but in --out
    cli_not_json         a `--json` output of the CLI that is not one JSON document

    python benchmarks/fuzz_spec.py --cases 10000 --seed 1 [--cli-every 20] [--keep DIR]

The same mutations and checks run, bounded, in the test suite (tests/spec/test_fuzz.py).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import io
import json
import keyword
import os
import random
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TypeVar
from xml.etree import ElementTree

import yaml

from odoo_factory.compiler import build_addon
from odoo_factory.errors import OdooFactoryError
from odoo_factory.profiles import get_profile, known_series
from odoo_factory.spec.loader import load_spec_located
from odoo_factory.spec.semantics import check_series

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
SERIES = known_series()
_TEXTS = {path: path.read_text("utf-8") for path in EXAMPLES}  # read once: the run is repeatable
DEFECTS = (
    "uncaught",
    "hang",
    "unlocated",
    "py_not_compiling",
    "tests_not_compiling",
    "xml_ill_formed",
    "validate_ok_build_fails",
    "written_outside_out",
    "cli_not_json",
)

T = TypeVar("T")

HOSTILE_TEXT: tuple[str, ...] = (
    # names that must not become Python or Odoo names
    "class",
    "import",
    "lambda",
    "None",
    "none",
    "true",
    "id",
    "env",
    "ids",
    "_name",
    "_inherit",
    "fields",
    "models",
    "api",
    "self",
    "len",
    "list",
    "__init__",
    "__class__",
    "_",
    "_1",
    "a__b",
    "create",
    # code where a name or a literal belongs
    "__import__('os').system('id')",
    'a=__import__("os").system("id")',
    "a: __import__('os').system('id')",
    "a): import os\ndef x(b",
    "x'); __import__('os').system('id'); ('",
    'x"); __import__("os").system("id"); ("',
    "$ref:base.user_root')), __import__('os').system('id')#",
    "$ref:base.user_root",
    "$ref:",
    "$ref:a b",
    "$x",
    "rec.x # comment",
    "rec.x \\\n + 1",
    "await x",
    "(yield)",
    "return 1",
    "nonlocal x",
    "global self",
    "lambda: 0",
    "[x for x in rec]",
    "{**a}",
    "f'{x}'",
    "9 ** 9 ** 9",
    "().__class__.__bases__",
    "state != 'draft'",
    "[('state', '=', 'draft')]",
    "{'default_x': 1}",
    "not",
    "pass",
    # quotes, escapes, markup
    '"""',
    "'''",
    "'",
    '"',
    "\\",
    "\\n",
    "<x/>",
    "]]>",
    "&amp;",
    "<!--",
    "%(x)s",
    "{x}",
    "#",
    # control and odd characters
    "\n",
    "line one\nline two",
    "a  b",
    "\r\n",
    "\t",
    "\x00",
    "\x01",
    "\x0b",
    "\x1b[31mred",
    "\x7f",
    "\x85",
    "\u2028",
    "\ufeff",
    "\ud800",
    "\uffff",
    "\U0001f600",
    # shapes
    "",
    " ",
    "a b",
    "a-b",
    "a.b",
    "A",
    "../escape",
    "/tmp/escape",
    "=today",
    "=evil",
    "1e999",
    "nan",
    "99.0",
    "1" * 5000,
    "a" * 10_000,
    "x" * 70,
)
HOSTILE_NAMES: tuple[str, ...] = (
    *(k for k in keyword.kwlist if k.islower()),
    *("none", "true", "false", "match", "case", "type", "_"),
    *("id", "ids", "env", "pool", "fields", "models", "api", "self", "create", "write"),
    *("len", "list", "sum", "max", "print", "object", "super", "str"),
    *("__init__", "__class__", "__import__", "_name", "_inherit", "_1", "a__1", "x" * 80),
)
HOSTILE_VALUES: tuple[Any, ...] = (
    0,
    -1,
    1.5,
    10**30,
    float("inf"),
    float("nan"),
    True,
    False,
    None,
    [],
    {},
    [1, "a"],
    {"a": 1},
    {"x": [["deep"]]},
    datetime.date(2024, 1, 31),
    datetime.datetime(2024, 1, 31, 10, 0),
    b"\x00\xffbytes",
    {1, 2},
)


# keys whose values are free text, as opposed to names and code
TEXT_KEYS = frozenset(
    {"title", "summary", "description", "category", "author", "website", "string", "help"}
    | {"message", "guard_message", "sum", "prefix", "name", "sql", "expr", "icon", "widget"}
)


class Chooser(Protocol):
    """Where a mutation's choices come from: a seeded random generator, or hypothesis."""

    def pick(self, options: Sequence[T]) -> T: ...

    def number(self, low: int, high: int) -> int: ...


@dataclass
class RandomChooser:
    rng: random.Random

    def pick(self, options: Sequence[T]) -> T:
        return options[self.rng.randrange(len(options))]

    def number(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


# -- mutations ---------------------------------------------------------------------------------
Path_ = tuple[Any, ...]


def _paths(node: Any, at: Path_ = ()) -> Iterator[Path_]:
    yield at
    if len(at) > 10:  # not into the deep nesting a mutation made
        return
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*at, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*at, i))


def _get(node: Any, at: Path_) -> Any:
    for part in at:
        node = node[part]
    return node


def _nested(depth: int, leaf: Any) -> Any:
    for _ in range(depth):
        leaf = [leaf]
    return leaf


def hostile(chooser: Chooser, current: Any = None) -> Any:
    """A hostile replacement for ``current``: often the same text with something added
    (so that labels stay valid and reach the compiler), else a hostile text or value."""
    kind = chooser.number(0, 19)
    if kind < 4 and isinstance(current, str) and current.replace(".", "_").isidentifier():
        name = chooser.pick(HOSTILE_NAMES)  # where a name stands, a name that must not be
        return chooser.pick((name, f"{current.rpartition('.')[0]}.{name}".lstrip(".")))
    if kind < 8 and isinstance(current, str):
        extra = chooser.pick(HOSTILE_TEXT)
        return chooser.pick((current + extra, extra + current, current + " " + extra))
    if kind < 14:
        return chooser.pick(HOSTILE_TEXT)
    if kind < 18:
        return chooser.pick(HOSTILE_VALUES)
    if kind == 18:
        return chooser.pick(HOSTILE_TEXT) + chooser.pick(HOSTILE_TEXT)
    return _nested(chooser.pick((2, 10, 40, 70, 300)), chooser.pick(HOSTILE_TEXT))


def mutate_data(data: Any, chooser: Chooser) -> None:
    """Change one place of ``data`` in place: a value, a key, a removal or a duplicate."""
    paths = [p for p in _paths(data) if p]
    if not paths:
        return
    leaves = [p for p in paths if not isinstance(_get(data, p), (dict, list))]
    texts = [p for p in leaves if p[-1] in TEXT_KEYS or "selection" in p or "states" in p]
    if texts and chooser.number(0, 2) == 0:
        leaves = texts  # free text: what survives validation and reaches the compiler
    at = chooser.pick(leaves if leaves and chooser.number(0, 3) else paths)
    parent = _get(data, at[:-1])
    last = at[-1]
    action = chooser.number(0, 19)
    if action < 15:
        parent[last] = hostile(chooser, parent[last])
    elif action == 15 and isinstance(parent, dict):
        key = hostile(chooser, last)
        parent[key if isinstance(key, (str, int, float)) else str(key)] = parent.pop(last)
    elif action == 16:
        del parent[last]
    elif action == 17 and isinstance(parent, list):
        parent.append(parent[last])
    else:
        parent[last] = _get(data, chooser.pick(paths)) if chooser.number(0, 1) else None


def mutate_text(text: str, chooser: Chooser) -> str:
    """Damage the text itself: a character, a cut, or a deeply nested flow value."""
    at = chooser.number(0, len(text))
    action = chooser.number(0, 3)
    if action == 0:
        return (
            text[:at]
            + chooser.pick(
                ("\x00", "\t", "\ufeff", ":", "&a", "*a", "!!python/name:os.system", "'", "\\")
            )
            + text[at:]
        )
    if action == 1:
        return text[:at]
    depth = chooser.number(50, 5000)
    bracket = chooser.pick(("[", "{a: "))
    closing = "]" if bracket == "[" else "}"
    line = text.find("\n", at)
    line = len(text) if line < 0 else line
    return text[:line] + " " + bracket * depth + closing * depth + text[line:]


def mutated_spec(chooser: Chooser) -> tuple[str, str]:
    """A hostile spec text and the series to build it for."""
    example = chooser.pick(EXAMPLES)
    data = yaml.safe_load(_TEXTS[example])
    for _ in range(chooser.pick((1, 1, 1, 1, 1, 1, 2, 2, 3))):
        mutate_data(data, chooser)
    try:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
    except (yaml.YAMLError, RecursionError, ValueError):
        text = _TEXTS[example]
    if chooser.number(0, 19) == 0:
        text = mutate_text(text, chooser)
    return text, chooser.pick(SERIES)


# -- the checks --------------------------------------------------------------------------------
@dataclass
class Outcome:
    """What one case did: the stage it reached and its defects, each with a detail."""

    stage: str = "start"
    defects: list[tuple[str, str]] = field(default_factory=list)
    built: bool = False

    def add(self, defect: str, detail: str) -> None:
        self.defects.append((defect, detail))


def _located(exc: OdooFactoryError) -> bool:
    return exc.file is not None and exc.line is not None and exc.column is not None


def _files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def check_addon(addon: Path, outcome: Outcome) -> None:
    for path in sorted(addon.rglob("*")):
        rel = str(path.relative_to(addon))
        if path.suffix == ".py":
            try:
                compile(path.read_bytes(), rel, "exec", dont_inherit=True)
            except (SyntaxError, ValueError) as exc:
                column = "tests_not_compiling" if rel.startswith("tests/") else "py_not_compiling"
                outcome.add(column, f"{rel}: {exc}")
        elif path.suffix == ".xml":
            try:
                ElementTree.fromstring(path.read_bytes())
            except ElementTree.ParseError as exc:
                outcome.add("xml_ill_formed", f"{rel}: {exc}")


def check_case(text: str, series: str, folder: Path) -> Outcome:
    """Load, validate and build ``text`` for ``series`` inside ``folder``; report defects.

    Only errors of the product's own tree may come out, each with file, line and column; a
    spec that validates must build; what is built must compile and parse; nothing may be
    written outside ``folder/out``."""
    outcome = Outcome()
    folder.mkdir(parents=True, exist_ok=True)
    spec = folder / "spec.yaml"
    spec.write_text(text, "utf-8", errors="surrogatepass")
    out = folder / "out"
    before = _files(folder)
    try:
        outcome.stage = "validate"
        model, locs = load_spec_located(spec)
        check_series(model, locs, get_profile(series))
        outcome.stage = "build"
        result = build_addon(spec, series, out)
        outcome.built = True
        check_addon(result.addon_path, outcome)
    except OdooFactoryError as exc:
        if outcome.stage == "build":
            outcome.add("validate_ok_build_fails", f"{type(exc).__name__}: {exc}")
        elif not _located(exc):
            outcome.add("unlocated", f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # the defect this harness looks for
        outcome.add("uncaught", f"{outcome.stage}: {type(exc).__name__}: {str(exc)[:300]}")
    after = _files(folder) - before
    outside = sorted(p for p in after if p != "out" and not p.startswith("out" + os.sep))
    if outside:
        outcome.add("written_outside_out", ", ".join(outside[:5]))
    return outcome


def check_cli(text: str, series: str, folder: Path) -> Outcome:
    """``spec validate --json`` and ``build --json`` print exactly one JSON document."""
    from odoo_factory.cli.app import main

    outcome = Outcome()
    spec = folder / "cli.yaml"
    spec.write_text(text, "utf-8", errors="surrogatepass")
    for args in (
        ["spec", "validate", str(spec), "--odoo", series, "--json"],
        ["build", str(spec), "--odoo", series, "--out", str(folder / "cli-out"), "--json"],
    ):
        stdout, stderr = io.StringIO(), io.StringIO()
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                main(args)
        except SystemExit:
            pass
        except Exception as exc:
            outcome.add("uncaught", f"cli {args[0]}: {type(exc).__name__}: {exc}")
            continue
        try:
            json.loads(stdout.getvalue())
        except ValueError:
            outcome.add("cli_not_json", f"{args[0]}: {stdout.getvalue()[:200]!r}")
    return outcome


# -- the long run ------------------------------------------------------------------------------
class _Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def run(cases: int, seed: int, timeout: int, cli_every: int, keep: Path | None) -> Counter[str]:
    rng = random.Random(seed)
    chooser = RandomChooser(rng)
    counts: Counter[str] = Counter()
    signal.signal(signal.SIGALRM, _alarm)
    home = Path(tempfile.mkdtemp(prefix="odoo-factory-fuzz-"))
    cwd = home / "cwd"
    cwd.mkdir()
    os.chdir(cwd)
    started, cpu = time.perf_counter(), time.process_time()
    for case in range(cases):
        try:
            text, series = mutated_spec(chooser)
        except Exception:  # a mutation the harness cannot write out: not the product's
            counts["skipped"] += 1
            continue
        folder = home / f"case{case}"
        folder.mkdir()
        signal.alarm(timeout)
        try:
            outcome = check_case(text, series, folder)
            if cli_every and case % cli_every == 0:
                cli = check_cli(text, series, folder)
                outcome.defects += cli.defects
        except _Hang:
            outcome = Outcome(stage="hang", defects=[("hang", f"over {timeout} s")])
        finally:
            signal.alarm(0)
        counts["cases"] += 1
        counts["built"] += outcome.built
        for defect, detail in outcome.defects:
            counts[defect] += 1
            if keep is not None and counts[defect] <= 20:
                keep.mkdir(parents=True, exist_ok=True)
                name = f"{defect}-{counts[defect]}"
                (keep / f"{name}.yaml").write_text(text, "utf-8", errors="surrogatepass")
                (keep / f"{name}.txt").write_text(f"{series}\n{detail}\n", "utf-8")
        _remove(folder)
        if sys.stderr.isatty() and case % 100 == 0:
            print(f"\r{case}/{cases}", end="", file=sys.stderr)
    counts["seconds"] = round(time.perf_counter() - started)
    counts["cpu_seconds"] = round(time.process_time() - cpu)
    os.chdir(ROOT)
    if any(cwd.iterdir()):
        counts["written_outside_out"] += 1
    _remove(home)
    return counts


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=int, default=30, help="seconds before a case hangs")
    parser.add_argument("--cli-every", type=int, default=20, help="also run the CLI every N")
    parser.add_argument("--keep", type=Path, help="save up to 20 failing specs per defect here")
    args = parser.parse_args()
    counts = run(args.cases, args.seed, args.timeout, args.cli_every, args.keep)
    print(
        f"cases {counts['cases']}, built {counts['built']}, skipped {counts['skipped']}, "
        f"{counts['seconds']} s (CPU {counts['cpu_seconds']} s), seed {args.seed}"
    )
    for defect in DEFECTS:
        print(f"  {defect:<26}{counts[defect]}")
    return 1 if any(counts[d] for d in DEFECTS) else 0


if __name__ == "__main__":
    sys.exit(main())
