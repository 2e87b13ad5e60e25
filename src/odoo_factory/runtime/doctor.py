"""``runtime doctor``: can each runtime run? Python, Odoo's imports, PostgreSQL, tools."""

from __future__ import annotations

import shutil
import subprocess
from typing import Literal

from pydantic import BaseModel

from odoo_factory.db import check_server_version, server_target
from odoo_factory.errors import OdooFactoryError
from odoo_factory.profiles import get_profile
from odoo_factory.runtime.registry import Runtime, RuntimeRegistry, python_version
from odoo_factory.settings import Settings

__all__ = ["Check", "DoctorReport", "doctor"]


class Check(BaseModel):
    name: str
    status: Literal["ok", "warning", "error"]
    detail: str
    hint: str | None = None


class DoctorReport(BaseModel):
    runtime: str
    checks: list[Check]


_CHROMES = ("google-chrome", "chromium", "chromium-browser", "google-chrome-stable")


def _probe(runtime: Runtime, code: str) -> tuple[bool, str]:
    try:
        proc = subprocess.run(
            [str(runtime.python), "-c", code],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=str(runtime.launch_dir),
        )
    except (OSError, subprocess.SubprocessError) as exc:
        return False, str(exc)
    output = (proc.stdout if proc.returncode == 0 else proc.stderr).strip().splitlines()
    return proc.returncode == 0, output[-1] if output else ""


def check_runtime(settings: Settings, runtime: Runtime) -> DoctorReport:
    checks: list[Check] = []
    profile = get_profile(runtime.series)
    try:
        version = python_version(runtime.python)
        ok = profile.accepts_python(version)
        checks.append(
            Check(
                name="python",
                status="ok" if ok else "error",
                detail=f"{'.'.join(map(str, version))} at {runtime.python}",
                hint=None
                if ok
                else f"Odoo {runtime.series} needs Python {profile.python_min}"
                f"–{profile.python_max}",
            )
        )
    except OdooFactoryError as exc:
        checks.append(Check(name="python", status="error", detail=exc.message, hint=exc.hint))
        return DoctorReport(runtime=runtime.name, checks=checks)
    ok, detail = _probe(
        runtime, "import odoo.release, odoo.service.server, odoo.tests; print(odoo.release.version)"
    )
    checks.append(
        Check(
            name="odoo imports",
            status="ok" if ok else "error",
            detail=detail,
            hint=None
            if ok
            else "install the tree's requirements.txt into this "
            "Python, or re-add the runtime with --create-venv",
        )
    )
    ok, detail = _probe(runtime, "import coverage; print(coverage.__version__)")
    checks.append(
        Check(
            name="coverage",
            status="ok" if ok else "warning",
            detail=detail if ok else "not installed",
            hint=f"{runtime.python} -m pip install coverage (for --coverage)",
        )
    )
    # browser steps run in Odoo's HttpCase.browser_js: without both, Odoo skips those tests
    ok, detail = _probe(runtime, "import websocket; print(websocket.__version__)")
    chrome = next((found for name in _CHROMES if (found := shutil.which(name))), None)
    missing = [what for what, there in (("Chrome", chrome), ("websocket-client", ok)) if not there]
    checks.append(
        Check(
            name="browser tests",
            status="warning" if missing else "ok",
            detail=f"{chrome}, websocket-client {detail}"
            if not missing
            else f"not possible, missing: {', '.join(missing)}",
            hint=f"install Chromium and {runtime.python} -m pip install websocket-client; "
            "without them Odoo skips browser steps, which then prove nothing",
        )
    )
    try:
        target = server_target(settings)
        version_num = check_server_version(target, profile)
        checks.append(
            Check(
                name="postgresql",
                status="ok",
                detail=f"{version_num // 10000}.{version_num % 10000} at {target.describe()}",
            )
        )
    except OdooFactoryError as exc:
        checks.append(Check(name="postgresql", status="error", detail=exc.message, hint=exc.hint))
    wkhtml = shutil.which("wkhtmltopdf")
    checks.append(
        Check(
            name="wkhtmltopdf",
            status="ok" if wkhtml else "warning",
            detail=wkhtml or "not found (PDF reports will not render)",
            hint="install wkhtmltopdf 0.12.6 for PDF reports",
        )
    )
    missing_launch = not runtime.launcher.exists()
    checks.append(
        Check(
            name="launch tree",
            status="error" if missing_launch else "ok",
            detail=str(runtime.launch_dir),
            hint="re-add the runtime with 'runtime add --replace'",
        )
    )
    return DoctorReport(runtime=runtime.name, checks=checks)


def doctor(settings: Settings, name: str | None = None) -> list[DoctorReport]:
    registry = RuntimeRegistry(settings)
    runtimes = [registry.get(name)] if name else registry.list()
    return [check_runtime(settings, runtime) for runtime in runtimes]
