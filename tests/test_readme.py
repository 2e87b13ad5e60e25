"""The README's commands work as written: set-up and test are what CI runs, the main job runs."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from odoo_factory.runtime import Runtime
from odoo_factory.settings import Settings
from tests.conftest import require_runtime

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def bash_blocks(section: str) -> list[str]:
    """The ```bash blocks under the README heading ``section``."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(section)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README has no section {section!r}"
    return re.findall(r"```bash\n(.*?)```", match.group(1), re.S)


def commands(block: str) -> list[list[str]]:
    """Each command of a block: continuation lines joined, ``&&`` chains split."""
    joined = block.replace("\\\n", " ")
    found: list[list[str]] = []
    for line in joined.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            found.extend(shlex.split(part) for part in line.split("&&"))
    return found


def run_command(argv: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    assert argv[0] == "odoo-factory", argv
    return subprocess.run(
        [sys.executable, "-m", "odoo_factory", *argv[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def main_job(tmp_path: Path) -> list[list[str]]:
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    [block] = bash_blocks("Run the main job on an example")
    return commands(block)


def test_set_up_and_test_commands_are_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [[word for word in argv if word != "--quiet"] for argv in commands(ci)]
    setup = bash_blocks("Set up")[0]
    for argv in commands(setup):
        assert argv in ci_commands
    test_block = bash_blocks("Test")[0]
    assert commands(test_block) == [["pytest"]]
    assert ci.rstrip().splitlines()[-1] == "pytest"


def test_main_job_builds_the_example(tmp_path: Path) -> None:
    steps = main_job(tmp_path)
    assert [argv[1] for argv in steps] == ["build", "gate"]
    done = run_command(steps[0], tmp_path)
    assert done.returncode == 0, done.stderr
    addon = tmp_path / steps[1][2]
    assert (addon / "__manifest__.py").is_file()
    assert (addon / "tests").is_dir()


@pytest.mark.odoo
def test_main_job_on_real_odoo(
    tmp_path: Path, cli_env: Settings, odoo_runtimes: dict[str, Runtime]
) -> None:
    steps = main_job(tmp_path)
    require_runtime(steps[1][steps[1].index("--odoo") + 1], odoo_runtimes)
    for argv in steps:
        done = run_command(argv, tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
    assert "GREEN library_loans for Odoo 18.0" in done.stdout
    assert re.search(r"\b(\d+)/\1 \(100 %\)", done.stdout), done.stdout
