"""The pylint step: pylint with the pylint-odoo plugin, in a subprocess of this interpreter.

A crash or a hang of pylint becomes a finding, never an exception of ours.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from odoo_factory.qa.diagnostics import Diagnostic, Severity

__all__ = ["PylintResult", "pylint_command", "run_pylint"]

_TYPE_SEVERITY = {
    "fatal": Severity.ERROR,
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "refactor": Severity.INFO,
    "convention": Severity.INFO,
    "info": Severity.INFO,
}
_LICENSES = (
    "AGPL-3,GPL-2,GPL-2 or any later version,GPL-3,GPL-3 or any later version,LGPL-3,"
    "Other OSI approved licence,OEEL-1,OPL-1,Other proprietary"
)


@dataclass
class PylintResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    score: float | None = None
    ran: bool = False


@cache
def pylint_config() -> dict[str, Any]:
    text = resources.files("odoo_factory.qa").joinpath("pylint.yaml").read_text("utf-8")
    config: dict[str, Any] = yaml.safe_load(text)
    return config


def pylint_command(addon_dir: Path, series: str) -> list[str]:
    """The pylint command line for ``addon_dir`` (run from its parent folder)."""
    config = pylint_config()
    enabled = sorted({*config["mandatory"], *config["recommended"]})
    return [
        sys.executable,
        "-m",
        "pylint",
        f"--rcfile={os.devnull}",
        "--load-plugins=pylint_odoo",
        "--persistent=n",
        "--disable=all",
        f"--enable={','.join(enabled)}",
        f"--valid-odoo-versions={series}",
        "--manifest-required-keys=license",
        "--manifest-deprecated-keys=description,active",
        f"--license-allowed={_LICENSES}",
        "--output-format=json2",
        addon_dir.name,
    ]


def _diagnostic(message: dict[str, Any], addon_dir: Path) -> Diagnostic | None:
    config = pylint_config()
    absolute = message.get("absolutePath") or ""
    try:
        rel = Path(absolute).resolve().relative_to(addon_dir).as_posix()
    except ValueError:
        return None  # "Command line" (unknown message names) and files outside the addon
    symbol = str(message.get("symbol", ""))
    if symbol in config["demoted"]:
        severity = Severity.WARNING
    elif symbol in config["mandatory"]:
        severity = Severity.ERROR
    else:
        severity = _TYPE_SEVERITY.get(str(message.get("type")), Severity.WARNING)
    return Diagnostic(
        source="pylint",
        severity=severity,
        category="security"
        if symbol in config.get("security", [])
        else str(message.get("type", "pylint")),
        rule=symbol,
        file=rel,
        line=message.get("line"),
        column=message.get("column"),
        message=str(message.get("message", "")),
        hint=(config.get("hints", {}).get(symbol) or f"see `pylint --help-msg={symbol}`")
        + f"; silence a justified case with '# pylint: disable={symbol}' on that line",
    )


def run_pylint(addon_dir: Path, series: str, *, timeout: float = 600.0) -> PylintResult:
    addon_dir = addon_dir.resolve()
    command = pylint_command(addon_dir, series)
    result = PylintResult()

    def failure(message: str) -> PylintResult:
        result.diagnostics.append(
            Diagnostic(
                source="pylint",
                severity=Severity.WARNING,
                category="tool",
                rule="pylint-failed",
                file=".",
                message=message,
                hint="run the command printed in the message by hand to see pylint's output",
            )
        )
        return result

    try:
        done = subprocess.run(
            command,
            cwd=addon_dir.parent,
            capture_output=True,
            timeout=timeout,
            check=False,
            env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        )
    except subprocess.TimeoutExpired:
        return failure(f"pylint did not finish in {timeout:.0f} s")
    except OSError as exc:
        return failure(f"pylint could not start: {exc}")
    try:
        payload = json.loads(done.stdout.decode("utf-8", "replace"))
    except json.JSONDecodeError:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        return failure(f"pylint stopped (exit {done.returncode}): {' | '.join(tail)}")
    result.ran = True
    result.score = payload.get("statistics", {}).get("score")
    for message in payload.get("messages", []):
        diagnostic = _diagnostic(message, addon_dir)
        if diagnostic is not None:
            result.diagnostics.append(diagnostic)
    return result
