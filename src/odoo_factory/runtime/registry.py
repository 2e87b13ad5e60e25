"""Registered Odoo runtimes: a source tree and the Python that runs it.

A runtime knows how to build the command line that runs Odoo (``command``); a runtime of
another kind (a Docker image, say) only has to provide the same few members.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from filelock import FileLock
from pydantic import BaseModel, Field

from odoo_factory.errors import InputError, RuntimeNotFoundError
from odoo_factory.profiles import SeriesProfile, get_profile
from odoo_factory.runtime.addons import find_addons
from odoo_factory.runtime.source import OdooSource, excluded_for_community, inspect_source
from odoo_factory.settings import Settings

__all__ = ["Runtime", "RuntimeRegistry", "add_runtime", "python_version"]

_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")


class Runtime(BaseModel):
    """An Odoo server Odoo Factory can run: source tree + interpreter + addons paths."""

    name: str
    kind: Literal["source"] = "source"
    path: Path
    series: str
    version: str
    edition: Literal["community", "enterprise"]
    python: Path
    launch_dir: Path = Field(description="The view of the tree Odoo is started from.")
    addons_paths: list[Path] = Field(description="Effective addons paths, in order.")
    extra_addons_paths: list[Path] = Field(default_factory=list)
    community_only: bool = True
    excluded_addons: list[str] = Field(default_factory=list)
    added_at: str = ""

    @property
    def launcher(self) -> Path:
        return self.launch_dir / "odoo-run.py"

    def command(self, args: list[str], python_args: list[str] | None = None) -> list[str]:
        """The argv that runs Odoo with ``args`` (``python_args`` go before the script)."""
        return [str(self.python), *(python_args or []), str(self.launcher), *args]

    def addons_path_arg(self, extra: list[Path] | None = None) -> str:
        paths = [*(extra or []), *self.addons_paths]
        unique = list(dict.fromkeys(str(path) for path in paths))
        return "--addons-path=" + ",".join(unique)


class RuntimeRegistry:
    """The runtimes file (``runtimes.json`` in the data folder), read and written under a lock."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.file = settings.runtimes_file

    def _lock(self) -> FileLock:
        self.file.parent.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.file) + ".lock", timeout=30)

    def _read(self) -> dict[str, Runtime]:
        if not self.file.exists():
            return {}
        raw = json.loads(self.file.read_text(encoding="utf-8"))
        return {item["name"]: Runtime.model_validate(item) for item in raw.get("runtimes", [])}

    def _write(self, runtimes: dict[str, Runtime]) -> None:
        data = {"runtimes": [rt.model_dump(mode="json") for rt in runtimes.values()]}
        tmp = self.file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.file)

    def list(self) -> list[Runtime]:
        return list(self._read().values())

    def get(self, name: str) -> Runtime:
        runtimes = self._read()
        if name not in runtimes:
            known = ", ".join(runtimes) or "none"
            raise RuntimeNotFoundError(
                f"no runtime named {name!r} (registered: {known})",
                hint="register one with 'odoo-factory runtime add PATH'",
            )
        return runtimes[name]

    def for_series(self, series: str, name: str | None = None) -> Runtime:
        """The runtime to run ``series`` on: the one named, else the only/first of that series."""
        if name is not None:
            runtime = self.get(name)
            if runtime.series != series:
                raise InputError(
                    f"runtime {name!r} is Odoo {runtime.series}, not {series}",
                    hint=f"pass --odoo {runtime.series}, or a runtime of {series}",
                )
            return runtime
        matching = [rt for rt in self._read().values() if rt.series == series]
        if not matching:
            raise RuntimeNotFoundError(
                f"no Odoo {series} runtime is registered",
                hint=f"register a {series} tree: odoo-factory runtime add PATH --create-venv",
            )
        return matching[0]

    def add(self, runtime: Runtime, replace: bool = False) -> None:
        with self._lock():
            runtimes = self._read()
            if runtime.name in runtimes and not replace:
                raise InputError(
                    f"a runtime named {runtime.name!r} exists already",
                    hint="choose another --name, or remove it first",
                )
            runtimes[runtime.name] = runtime
            self._write(runtimes)

    def remove(self, name: str) -> Runtime:
        with self._lock():
            runtimes = self._read()
            if name not in runtimes:
                raise RuntimeNotFoundError(f"no runtime named {name!r}")
            runtime = runtimes.pop(name)
            self._write(runtimes)
        shutil.rmtree(self.settings.runtimes_dir / name, ignore_errors=True)
        return runtime


def python_version(python: Path) -> tuple[int, int, int]:
    try:
        out = subprocess.run(
            [str(python), "-c", "import sys; print('.'.join(map(str, sys.version_info[:3])))"],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise InputError(
            f"{python} is not a working Python interpreter",
            hint="pass --python with a python executable",
            file=python,
        ) from exc
    major, minor, micro = (int(part) for part in out.strip().split("."))
    return major, minor, micro


LAUNCHER = """\
# Starts Odoo from the tree beside this file (written by odoo-factory).
import os
import sys

os.environ["TZ"] = "UTC"
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import odoo.cli  # noqa: E402

getattr(odoo.cli, "main", None) and odoo.cli.main() or odoo.cli.command.main()
"""


def build_shadow_tree(target: Path, source_root: Path, addons: dict[str, Path]) -> None:
    """A view of the Odoo tree at ``source_root`` whose ``odoo/addons`` holds only ``addons``.

    Odoo always puts the ``addons`` folder beside its own package on the addons path, so
    leaving an addon out means showing Odoo a package folder that does not hold it. Every
    other entry links to the real tree; nothing is copied.
    """
    if target.exists():
        shutil.rmtree(target)
    package = target / "odoo"
    (package / "addons").mkdir(parents=True)
    real_package = source_root / "odoo"
    for entry in real_package.iterdir():
        if entry.name != "addons":
            (package / entry.name).symlink_to(entry)
    for entry in (real_package / "addons").iterdir():
        if entry.is_file():
            (package / "addons" / entry.name).symlink_to(entry)
    for name, path in sorted(addons.items()):
        (package / "addons" / name).symlink_to(path, target_is_directory=True)
    (target / "odoo-run.py").write_text(LAUNCHER, encoding="utf-8")


def add_runtime(
    settings: Settings,
    path: Path,
    *,
    name: str | None = None,
    python: Path | None = None,
    create_venv: bool = False,
    extra_addons_paths: tuple[Path, ...] = (),
    community_only: bool = True,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> Runtime:
    """Register the Odoo tree at ``path``; builds a virtualenv with ``create_venv``."""
    source = inspect_source(path, extra_addons_paths)
    profile = get_profile(source.series)
    name = name or f"odoo-{source.series}"
    if not _NAME_RE.match(name):
        raise InputError(
            f"invalid runtime name {name!r}", hint="use letters, digits, '.', '_' and '-'"
        )
    registry = RuntimeRegistry(settings)
    if not replace and name in {rt.name for rt in registry.list()}:
        raise InputError(
            f"a runtime named {name!r} exists already",
            hint="choose another --name, or 'odoo-factory runtime remove' it first",
        )

    core_folders = [p for p in source.addons_paths if p not in extra_addons_paths]
    core_addons = find_addons(core_folders)
    excluded = excluded_for_community(core_addons) if community_only else set()
    runtime_dir = settings.runtimes_dir / name
    existed = runtime_dir.exists()
    try:
        launch_dir = runtime_dir / "tree"
        build_shadow_tree(
            launch_dir,
            source.root,
            {n: addon.path for n, addon in core_addons.items() if n not in excluded},
        )
        runtime = _finish_runtime(settings, name, source, profile, python, create_venv, progress)
        runtime = runtime.model_copy(
            update={
                "launch_dir": launch_dir,
                "addons_paths": [launch_dir / "odoo" / "addons", *extra_addons_paths],
                "extra_addons_paths": list(extra_addons_paths),
                "community_only": community_only,
                "excluded_addons": sorted(excluded),
            }
        )
        registry.add(runtime, replace=replace)
    except BaseException:
        if not existed:
            shutil.rmtree(runtime_dir, ignore_errors=True)
        raise
    return runtime


def _finish_runtime(
    settings: Settings,
    name: str,
    source: OdooSource,
    profile: SeriesProfile,
    python: Path | None,
    create_venv: bool,
    progress: Callable[[str], None] | None,
) -> Runtime:
    from odoo_factory.runtime.venv import create_runtime_venv, default_python

    if create_venv:
        interpreter = create_runtime_venv(settings, name, source, profile, progress=progress)
    else:
        interpreter = python or default_python(source)
    interpreter = Path(interpreter)
    version = python_version(interpreter)
    if not profile.accepts_python(version):
        raise InputError(
            f"Python {'.'.join(map(str, version))} at {interpreter} cannot run Odoo "
            f"{source.series} (it needs {profile.python_min} to {profile.python_max})",
            hint="pass --python with a suitable interpreter, or --create-venv",
        )
    return Runtime(
        name=name,
        path=source.root,
        series=source.series,
        version=source.version,
        edition="enterprise" if source.edition == "enterprise" else "community",
        python=interpreter,
        launch_dir=source.root,
        addons_paths=list(source.addons_paths),
        added_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
