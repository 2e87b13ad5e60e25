"""Python environments for runtimes: finding a suitable interpreter, building a virtualenv."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from odoo_factory.errors import InputError, OdooRuntimeError
from odoo_factory.profiles import SeriesProfile
from odoo_factory.runtime.source import OdooSource
from odoo_factory.settings import Settings

__all__ = ["create_runtime_venv", "default_python", "find_python"]

# Odoo's pinned requirements build only with an older setuptools.
BUILD_CONSTRAINTS = "setuptools<70\n"


def _candidates() -> list[Path]:
    found: list[Path] = []
    for minor in range(8, 15):
        exe = shutil.which(f"python3.{minor}")
        if exe:
            found.append(Path(exe))
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found.extend(Path(p) for p in sorted(glob.glob(str(pyenv_root / "versions/3.*/bin/python3"))))
    return found


def find_python(profile: SeriesProfile) -> Path:
    """The newest interpreter on the machine that the series accepts."""
    from odoo_factory.runtime.registry import python_version

    best: tuple[tuple[int, int, int], Path] | None = None
    for exe in _candidates():
        try:
            version = python_version(exe)
        except InputError:
            continue
        if profile.accepts_python(version) and (best is None or version > best[0]):
            best = (version, exe)
    if best is None:
        raise OdooRuntimeError(
            f"no Python between {profile.python_min} and {profile.python_max} was found for "
            f"Odoo {profile.series}",
            hint="install one (e.g. with pyenv) or pass --python",
        )
    return best[1]


def default_python(source: OdooSource) -> Path:
    """A virtualenv inside or beside the tree, if there is one."""
    for candidate in (source.root / ".venv", source.root / "venv", source.root.parent / "venv"):
        exe = candidate / "bin" / "python"
        if exe.exists():
            return exe
    raise InputError(
        f"no Python environment given for {source.root}",
        hint="pass --python /path/to/venv/bin/python, or --create-venv to build one",
    )


def create_runtime_venv(
    settings: Settings,
    name: str,
    source: OdooSource,
    profile: SeriesProfile,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Build ``runtimes/<name>/venv`` with the tree's requirements; removed again on failure."""
    base = find_python(profile)
    venv = settings.runtimes_dir / name / "venv"
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    constraints = venv.parent / "build-constraints.txt"
    constraints.write_text(BUILD_CONSTRAINTS, encoding="utf-8")
    env = dict(os.environ, PIP_CONSTRAINT=str(constraints), PIP_DISABLE_PIP_VERSION_CHECK="1")
    steps = [
        ("creating the virtualenv", [str(base), "-m", "venv", str(venv)]),
        (
            "installing Odoo's requirements (this takes minutes)",
            [
                str(venv / "bin/python"),
                "-m",
                "pip",
                "install",
                "-q",
                "-r",
                str(source.requirements),
            ],
        ),
        (
            "installing coverage",
            [str(venv / "bin/python"), "-m", "pip", "install", "-q", "coverage"],
        ),
    ]
    if not source.requirements.is_file():
        steps.pop(1)
    try:
        for label, command in steps:
            if progress:
                progress(label)
            proc = subprocess.run(command, capture_output=True, text=True, env=env)
            if proc.returncode != 0:
                lines = [ln for ln in (proc.stderr or proc.stdout).splitlines() if ln.strip()]
                errors = [ln for ln in lines if "error" in ln.lower()]
                raise OdooRuntimeError(
                    f"{label} failed: {(errors or lines or ['no output'])[-1].strip()}",
                    hint="Odoo's requirements need build tools and headers, e.g. "
                    "apt-get install libldap2-dev libsasl2-dev libpq-dev",
                )
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        constraints.unlink(missing_ok=True)
        raise
    return venv / "bin" / "python"
