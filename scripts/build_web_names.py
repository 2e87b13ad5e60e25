"""Build the table of standard web client names of Odoo series: the field widgets and client
action tags each addon registers in its JavaScript, for ``check``.

Reads the ``static/src`` JavaScript of every addon of an Odoo source tree (tests left out) and
updates ``src/odoo_factory/qa/catalogue/web_names.json``::

    python scripts/build_web_names.py /work/odoo/18.0 --series 18.0

A name registered by several addons is kept with the first addon in alphabetical order
(``web`` usually, since base addons register before the others).
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

OUT = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "odoo_factory"
    / "qa"
    / "catalogue"
    / "web_names.json"
)
_NAME = r"""\(\s*["']([A-Za-z0-9_.\-]+)["']"""
PATTERNS = {
    "fields": [
        re.compile(r"""category\(\s*["']fields["']\s*\)\s*\.add""" + _NAME),
        re.compile(r"""(?:fieldRegistry|field_registry)\s*\.add""" + _NAME),
    ],
    "actions": [
        re.compile(r"""category\(\s*["']actions["']\s*\)\s*\.add""" + _NAME),
        re.compile(r"""action_registry\s*\.add""" + _NAME),
    ],
}


def addons_of(tree: Path) -> list[Path]:
    roots = [tree / "addons", tree / "odoo" / "addons"]
    return sorted(
        (p for root in roots if root.is_dir() for p in root.iterdir() if (p / "static").is_dir()),
        key=lambda p: p.name,
    )


def scan(tree: Path) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {kind: {} for kind in PATTERNS}
    for addon in addons_of(tree):
        if addon.name.startswith(("test_", "hw_", "theme_")):
            continue
        for js in sorted((addon / "static" / "src").rglob("*.js")):
            if "tests" in js.relative_to(addon).parts:
                continue
            text = js.read_text("utf-8", errors="replace")
            for kind, patterns in PATTERNS.items():
                for pattern in patterns:
                    for name in pattern.findall(text):
                        found[kind].setdefault(name, addon.name)
    return {kind: dict(sorted(names.items())) for kind, names in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--series", required=True)
    args = parser.parse_args()
    data = json.loads(OUT.read_text("utf-8")) if OUT.is_file() else {}
    data[args.series] = scan(args.tree)
    OUT.write_text(json.dumps(dict(sorted(data.items())), indent=1, sort_keys=True) + "\n")
    counts = {kind: len(names) for kind, names in data[args.series].items()}
    print(f"{args.series}: {counts}")


if __name__ == "__main__":
    main()
