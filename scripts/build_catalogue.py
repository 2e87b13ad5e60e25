"""Build the shipped catalogue of standard models, fields, XML ids and views of one Odoo series.

Reads the LGPL-3 addons of an Odoo Community source tree (Odoo is never imported) and writes
``src/odoo_factory/qa/catalogue/<series>.json.gz`` and ``views/<series>.json.gz``::

    python scripts/build_catalogue.py /path/to/odoo-18.0 --series 18.0

Test addons, themes and hardware drivers are left out to keep the files small; the checks are
lenient about addons a catalogue does not know. Users build a catalogue of their own runtime
(Enterprise and custom addons included) with ``odoo-factory runtime catalogue``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from odoo_factory.qa.catalogue.build import build_catalogue, source_roots, write_catalogue

OUT_DIR = Path(__file__).resolve().parents[1] / "src" / "odoo_factory" / "qa" / "catalogue"


def _skip(path: Path, problem: str) -> None:
    print(f"skip {path}: {problem}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path, help="an Odoo source tree (holding odoo/)")
    parser.add_argument("--series", required=True, help="the series of that tree, e.g. 18.0")
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    built = build_catalogue(
        source_roots(args.tree),
        args.series,
        "Odoo Community sources (LGPL-3 addons)",
        licences=frozenset({"LGPL-3"}),
        skip=_skip,
    )
    if "base" not in built.addons:
        parser.error(f"{args.tree} holds no odoo/addons/base; is it an Odoo source tree?")
    models, views = write_catalogue(built, args.out)
    print(f"{models}: {len(built.addons)} addons, {built.model_count} model entries")
    print(f"{views}: {len(built.views['v'])} views")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
