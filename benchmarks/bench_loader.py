"""Benchmark: what hostile and very large specs cost the loader before it answers.

Each case is loaded in a fresh child process (so memory is that case's alone) and prints
the wall and CPU time of the load and the growth of the resident set, with the answer (ok,
or the located refusal). Target: every spec up to 1 MB answered in 1 s and 100 MB or less.
On a busy machine the wall time grows with the load; the CPU time is the loader's own.

    python benchmarks/bench_loader.py [--only NAME]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

from benchmarks.bench_compile import make_spec
from odoo_factory.errors import SpecError
from odoo_factory.spec.loader import LIMITS, parse_spec_text

MB = 1024 * 1024


def billion_laughs(levels: int = 9) -> str:
    """The classic alias bomb: each level repeats the one before nine times."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def wide_anchor() -> str:
    """One anchor of 10,000 values repeated 100 times: 1,000,000 values once expanded."""
    items = ",".join(["x"] * 10_000)
    refs = ",".join(["*big"] * 100)
    return f"big: &big [{items}]\nuse: [{refs}]\n"


def deep(kind: str) -> str:
    half = MB // 2 - 8
    if kind == "flow":
        return "a: " + "[" * half + "]" * half
    return "".join(" " * i + "- \n" for i in range(1500))[: MB - 1]


def big_list() -> str:
    return "a: [" + ",".join(["1"] * (MB // 2 - 4)) + "]\n"


def long_string() -> str:
    return "module: {name: x, summary: '" + "y" * (MB - 64) + "'}\n"


def realistic(limit: int = MB) -> str:
    """The benchmark spec of bench_compile, grown until it nears ``limit`` bytes."""
    models = 20
    while len(make_spec(models + 20).encode()) < limit:
        models += 20
    return make_spec(models)


CASES: dict[str, Callable[[], str]] = {
    "billion-laughs": billion_laughs,
    "billion-laughs-deeper": lambda: billion_laughs(12),
    "wide-anchor": wide_anchor,
    "deep-flow-1MB": lambda: deep("flow"),
    "deep-block": lambda: deep("block"),
    "flat-list-1MB": big_list,
    "long-string-1MB": long_string,
    "realistic-300KB": lambda: realistic(300 * 1024),
    "realistic-1MB": realistic,
    "over-1MB": lambda: "#" * (MB + 10),
}


def _rss_kb() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * resource.getpagesize() // 1024


def _measure(text: str, queue: Any) -> None:
    before = _rss_kb()
    cpu = time.process_time()
    started = time.perf_counter()
    try:
        spec, _locs = parse_spec_text(text, "<bench>")
        answer = f"ok: {len(spec.models)} models"
    except SpecError as exc:
        answer = f"refused at {exc.location}: {exc.message}"
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    queue.put(
        {"seconds": elapsed, "cpu": cpu, "extra_mb": (peak - before) / 1024, "answer": answer}
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=sorted(CASES))
    args = parser.parse_args()
    print(
        f"limits: {LIMITS.max_bytes:,} bytes, depth {LIMITS.max_depth}, "
        f"{LIMITS.max_nodes:,} values, {LIMITS.max_aliases} aliases"
    )
    print(f"{'case':24} {'bytes':>10} {'seconds':>8} {'cpu s':>6} {'extra MB':>9}  answer")
    worst = 0.0, 0.0, 0.0
    ctx = multiprocessing.get_context("fork")
    for name, make in CASES.items():
        if args.only and name != args.only:
            continue
        text = make()
        queue = ctx.Queue()
        child = ctx.Process(target=_measure, args=(text, queue))
        child.start()
        result = queue.get()
        child.join()
        worst = (
            max(worst[0], result["seconds"]),
            max(worst[1], result["cpu"]),
            max(worst[2], result["extra_mb"]),
        )
        size = len(text.encode())
        print(
            f"{name:24} {size:>10,} {result['seconds']:>8.3f} {result['cpu']:>6.3f} "
            f"{result['extra_mb']:>9.1f}  {result['answer'][:80]}"
        )
    summary = {
        "worst_seconds": round(worst[0], 3),
        "worst_cpu_seconds": round(worst[1], 3),
        "worst_extra_mb": round(worst[2], 1),
    }
    print(json.dumps(summary))
    return 0 if worst[1] <= 1.0 and worst[2] <= 100 else 1


if __name__ == "__main__":
    sys.exit(main())
