"""Benchmark: compile a 20-model spec.

Prints the time of each stage and its ratio to a baseline measured in the same run (plain
``yaml.safe_load`` + pydantic validation of the same text), so numbers from different
machines can be compared. Target: the whole build of a 20-model spec in 0.5 s or less.

    python benchmarks/bench_compile.py [--models 20] [--series 18.0] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from odoo_factory.compiler import build_addon, render_addon
from odoo_factory.spec import parse_spec_text
from odoo_factory.spec.models import ModuleSpec


def make_spec(models: int) -> str:
    """A realistic spec: each model has a dozen fields, a workflow, constraints, views."""
    doc: dict[str, Any] = {
        "module": {"name": "bench_module", "title": "Bench", "depends": ["mail"]},
        "models": [],
        "views": [],
        "groups": [{"id": "group_bench", "name": "Bench users", "category": "Bench"}],
        "rules": [],
        "tests": [],
    }
    for i in range(models):
        name = f"bench.item{i}"
        fields: list[dict[str, Any]] = [
            {"name": "name", "type": "char", "required": True, "tracking": True},
            {"name": "code", "type": "char", "index": True, "copy": False},
            {"name": "quantity", "type": "float", "digits": [16, 3]},
            {"name": "price", "type": "float"},
            {
                "name": "total",
                "type": "float",
                "compute": {"expression": "rec.quantity * rec.price"},
            },
            {"name": "date", "type": "date", "default": "=today"},
            {"name": "note", "type": "html"},
            {"name": "active", "type": "boolean", "default": True},
            {"name": "user_id", "type": "many2one", "comodel": "res.users", "default": "=user"},
            {"name": "partner_id", "type": "many2one", "comodel": "res.partner"},
            {"name": "kind", "type": "selection", "selection": [["a", "A"], ["b", "B"]]},
        ]
        if i:
            fields.append(
                {"name": "parent_id", "type": "many2one", "comodel": f"bench.item{i - 1}"}
            )
        doc["models"].append(
            {
                "name": name,
                "mail": True,
                "fields": fields,
                "constraints": [
                    {"name": "code_unique", "type": "unique", "fields": ["code"], "message": "x"},
                    {
                        "name": "price_positive",
                        "type": "python",
                        "fields": ["price"],
                        "condition": "rec.price >= 0",
                        "message": "Price must be positive.",
                    },
                ],
                "workflow": {
                    "states": [["draft", "Draft"], ["done", "Done"]],
                    "buttons": [
                        {"name": "action_done", "string": "Done", "from": ["draft"], "to": "done"}
                    ],
                },
            }
        )
        doc["views"].append(
            {
                "model": name,
                "type": "list",
                "decorations": {"muted": "state == 'done'"},
                "fields": ["name", "code", {"name": "total", "sum": "Total"}, "state"],
            }
        )
        doc["rules"].append(
            {
                "id": f"rule_item{i}",
                "name": f"Own items {i}",
                "model": name,
                "domain": "[('user_id', '=', user.id)]",
                "groups": ["group_bench"],
            }
        )
        doc["tests"].append(
            {
                "name": f"done_{i}",
                "steps": [
                    {"create": name, "values": {"name": "x"}, "as": "rec"},
                    {"call": "rec.action_done", "expect": {"rec.state": "done"}},
                ],
            }
        )
    return yaml.safe_dump(doc, sort_keys=False)


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=20)
    parser.add_argument("--series", default="18.0")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    text = make_spec(args.models)

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    def baseline() -> None:
        ModuleSpec.model_validate(yaml.load(text, Loader=loader))

    cold_start = time.perf_counter()
    spec, _ = parse_spec_text(text, "bench.yaml")
    cold = time.perf_counter() - cold_start

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        counter = iter(range(10**6))
        stages = {
            "baseline: YAML load + pydantic validation": lambda: baseline(),
            "load: located parse + cross-references": lambda: parse_spec_text(text, "b.yaml"),
            "compile: render every file in memory": lambda: render_addon(spec, args.series),
            "build: load + compile + atomic write": lambda: build_addon(
                parse_spec_text(text, "b.yaml")[0], args.series, out / str(next(counter))
            ),
        }
        results = {label: timed(fn, args.repeat) for label, fn in stages.items()}
        files = len(render_addon(spec, args.series))

    base = results["baseline: YAML load + pydantic validation"]
    print(f"spec: {args.models} models, {len(text.splitlines())} YAML lines, {files} files out")
    print(f"first load (catalogue of dependencies read once): {cold * 1000:8.1f} ms")
    for label, seconds in results.items():
        print(f"{label:<42} {seconds * 1000:8.1f} ms   x{seconds / base:5.1f} baseline")
    total = results["build: load + compile + atomic write"]
    verdict = "within" if total <= 0.5 else "OVER"
    print(f"target 500 ms for a {args.models}-model build: {verdict} ({total * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
