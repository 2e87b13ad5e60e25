"""The MCP tools: thin adapters over the use cases the CLI calls.

Each tool resolves its paths inside the workspace, calls one use case, and returns plain
data. Our errors become tool errors carrying the user-facing message and hint. Tests and
the gate run as jobs: the call waits up to ``wait_seconds`` and returns the result, or a
job id to poll with ``job_result``.

Every tool is registered behind the guard of :mod:`odoo_factory.mcp_server.guard`: its
arguments are checked first, and an unexpected exception becomes a tool error of one line
with a crash log, like a job's (``_work``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import anyio
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field

from odoo_factory.crashlog import unexpected
from odoo_factory.errors import InputError, OdooFactoryError, SpecError
from odoo_factory.mcp_server.guard import guarded, tool_error_text
from odoo_factory.mcp_server.jobs import Job, JobManager, JobState
from odoo_factory.mcp_server.results import (
    Detail,
    check_result,
    error_diagnostic,
    gate_result,
    run_result,
)
from odoo_factory.mcp_server.runlogs import LogQuery, list_runs, read_run_log
from odoo_factory.mcp_server.workspace import Workspace
from odoo_factory.settings import Settings

if TYPE_CHECKING:
    from odoo_factory.gate import GateReport

__all__ = ["FactoryTools", "tool_error_text", "user_errors"]

Series = Annotated[str, Field(description="Odoo series, e.g. '18.0' (12.0 to 19.0).")]
AddonPath = Annotated[
    str,
    Field(
        description="The addon's folder (holds __manifest__.py); absolute or workspace-relative."
    ),
]
DetailArg = Annotated[
    Detail,
    Field(description="'compact': a summary plus the failures; 'full': every detail (large)."),
]
Wait = Annotated[
    float,
    Field(
        ge=0,
        le=240,
        description="Seconds to wait for the result before returning a job id instead "
        "(0 to 240). Poll a job id with job_result.",
    ),
]
AddonsPaths = Annotated[
    list[str] | None,
    Field(description="Folders holding the addon's non-core dependencies, if any."),
]
RuntimeName = Annotated[
    str | None,
    Field(description="Runtime name from list_runtimes; default: the one for the series."),
]
Timeout = Annotated[
    float | None,
    Field(gt=0, description="Seconds before Odoo is killed (default: the server's, 1800)."),
]

_POLL = 0.25  # seconds between two looks at a running job


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn our errors into tool errors with the same text the CLI prints."""
    try:
        yield
    except OdooFactoryError as exc:
        raise ToolError(tool_error_text(exc)) from exc


async def _report(ctx: Context[Any, Any] | None, job: Job, sent: int) -> int:
    """Send the job's new progress messages as progress notifications; the count sent."""
    messages = list(job.progress)
    if ctx is None:
        return len(messages)
    for index in range(sent, len(messages)):
        try:
            await ctx.report_progress(index + 1, None, messages[index])
        except (ValueError, RuntimeError, anyio.ClosedResourceError):
            return len(messages)  # no request to report to, or the client went away
    return len(messages)


def _report_kind(path: Path) -> tuple[Path, Callable[[GateReport], str]]:
    """A gate report file and the renderer its extension asks for."""
    from odoo_factory.gate import html_report, junit_report, markdown_report

    renderers = {".md": markdown_report, ".html": html_report, ".xml": junit_report}
    render = renderers.get(path.suffix.lower())
    if render is None:
        raise InputError(
            f"{path.name}: no report format for {path.suffix or 'a file without extension'}",
            hint="name reports *.md (Markdown), *.html or *.xml (JUnit)",
        )
    return path, render


class FactoryTools:
    """The tools of one server: its settings, workspace and jobs."""

    def __init__(
        self, settings: Settings, workspace: Workspace, jobs: JobManager, guide: str
    ) -> None:
        self.settings = settings
        self.workspace = workspace
        self.jobs = jobs
        self.guide = guide

    def register(self, add: Callable[..., None]) -> None:
        """Register every tool through ``add`` (``MCPServer.add_tool``)."""
        for tool in (
            self.agent_guide,
            self.spec_schema,
            self.validate_spec,
            self.build_addon,
            self.check_addon,
            self.test_addon,
            self.gate_addon,
            self.job_status,
            self.job_result,
            self.cancel_job,
            self.list_runtimes,
            self.list_templates,
            self.list_runs,
            self.get_run_log,
        ):
            add(self._guarded(tool))

    def _crash(self, what: str, exc: BaseException) -> OdooFactoryError:
        return unexpected(what, exc, self.settings.data_dir)

    def _guarded(self, tool: Callable[..., Any]) -> Callable[..., Any]:
        return guarded(tool, lambda exc: self._crash(f"the tool {tool.__name__}", exc))

    def _work(self, what: str, work: Callable[..., Any]) -> Callable[..., Any]:
        """A job's work whose unexpected exceptions are logged and become one line."""

        def run(progress: Callable[[str], None], cancel: threading.Event) -> Any:
            try:
                return work(progress, cancel)
            except OdooFactoryError:
                raise
            except Exception as exc:
                raise self._crash(what, exc) from exc

        return run

    # -- guidance and the spec ---------------------------------------------------------

    def agent_guide(self) -> str:
        """The guide for agents: the build-check-test loop, the spec format in brief, how to
        read diagnostics and what each failure category usually means. Read it first."""
        return self.guide

    def spec_schema(self) -> dict[str, Any]:
        """The JSON Schema of the module specification (the YAML/JSON file build_addon reads)."""
        from odoo_factory.spec import spec_schema

        return spec_schema()

    def validate_spec(
        self,
        path: Annotated[
            str | None, Field(description="Spec file (YAML or JSON) in the workspace.")
        ] = None,
        text: Annotated[
            str | None,
            Field(description="Spec content, instead of a file (at most 1 MiB of UTF-8)."),
        ] = None,
        series: Annotated[
            str | None,
            Field(description="Also check that this series (e.g. '18.0') can express it."),
        ] = None,
    ) -> dict[str, Any]:
        """Validate a module spec: syntax, types, names, cross-references and, with a series,
        what that series can express. Returns ok with a summary, or ok=false with the first
        problem as a diagnostic (file, line, column, message, hint). Give path or text."""
        from odoo_factory.profiles import get_profile
        from odoo_factory.spec.loader import load_spec_located, parse_spec_text
        from odoo_factory.spec.scenario_checks import requirement_warnings
        from odoo_factory.spec.semantics import check_series

        with user_errors():
            if (path is None) == (text is None):
                raise SpecError("give either 'path' or 'text'", hint="one of the two, not both")
            file = self.workspace.resolve(path, "spec file") if path is not None else None
            profile = get_profile(series) if series else None
        try:
            if file is not None:
                spec, locs = load_spec_located(file)
            else:
                spec, locs = parse_spec_text(text or "", "<text>")
            chosen = profile or (get_profile(spec.module.series) if spec.module.series else None)
            if chosen is not None:
                check_series(spec, locs, chosen)
        except OdooFactoryError as exc:
            return {
                "ok": False,
                "file": str(file or "<text>"),
                "diagnostics": [error_diagnostic(exc)],
            }
        return {
            "ok": True,
            "file": str(file or "<text>"),
            "module": spec.module.name,
            "series": chosen.series if chosen else None,
            "models": [m.name for m in spec.models],
            "views": len(spec.views),
            "tests": len(spec.tests),
            "requirements": len(spec.requirements),
            "warnings": [
                w.as_dict(str(file or "<text>")) for w in requirement_warnings(spec, locs)
            ],
            "diagnostics": [],
        }

    def build_addon(
        self,
        spec: Annotated[str, Field(description="Spec file (YAML or JSON) in the workspace.")],
        series: Annotated[
            str | None, Field(description="Target series, e.g. '18.0' (default: module.series).")
        ] = None,
        out: Annotated[
            str | None,
            Field(description="Folder that receives the addon folder (default: the workspace)."),
        ] = None,
        force: Annotated[
            bool,
            Field(
                description="Replace an addon folder an earlier build wrote; refused, naming "
                "them, when it holds files added or changed since."
            ),
        ] = False,
        clean: Annotated[
            bool,
            Field(
                description="With force: replace the folder whatever it holds (added or "
                "changed files are deleted)."
            ),
        ] = False,
    ) -> dict[str, Any]:
        """Compile a spec into a complete addon for one Odoo series. Returns the addon folder
        and the files written (relative to it). Refuses to overwrite unless force=true."""
        from odoo_factory.compiler import build_addon

        with user_errors():
            spec_file = self.workspace.resolve(spec, "spec file")
            out_dir = (
                self.workspace.resolve(out, "output folder") if out else self.workspace.default
            )
            if clean and not force:
                raise InputError("clean only works with force", hint="pass force=true too")
            result = build_addon(spec_file, series, out_dir, force=force, clean=clean)
        return {"ok": True, **result.to_dict()}

    # -- checks, tests, gate -------------------------------------------------------------

    def check_addon(
        self,
        addon: AddonPath,
        series: Series,
        addons_path: AddonsPaths = None,
        pylint: Annotated[
            bool, Field(description="Run pylint-odoo too (adds 5 to 30 seconds).")
        ] = True,
        detail: DetailArg = "compact",
    ) -> dict[str, Any]:
        """Static checks of an addon for a series, no Odoo needed: series rules, field and
        XML id references, manifest and access rights, pylint-odoo. ok=false when a
        diagnostic has severity error; each diagnostic has a location and a fix hint."""
        from odoo_factory.qa import check_addon

        with user_errors():
            folder = self.workspace.resolve(addon, "addon folder")
            paths = self.workspace.resolve_all(addons_path or [], "addons path")
            report = check_addon(folder, series, addons_path=paths, run_pylint_step=pylint)
        return check_result(report, detail)

    async def test_addon(
        self,
        addon: AddonPath,
        series: Series,
        runtime: RuntimeName = None,
        with_demo: Annotated[bool, Field(description="Install with demo data.")] = False,
        coverage: Annotated[bool, Field(description="Measure the addon's coverage.")] = False,
        timeout: Timeout = None,
        wait_seconds: Wait = 20.0,
        detail: DetailArg = "compact",
        ctx: Context[Any, Any] | None = None,
    ) -> dict[str, Any]:
        """Install the addon on a fresh clone of a template database of a real Odoo and run
        its tests. Returns status (passed, failed, install_failed, not_installed, no_tests,
        timeout), the load failure with its category and location, the failed tests, and a
        run_id for get_run_log. Takes 10 s to several minutes: when it outlasts
        wait_seconds, returns a job_id to poll with job_result."""
        from odoo_factory.runtime import TestOptions, run_addon_tests

        with user_errors():
            folder = self.workspace.resolve(addon, "addon folder")

        def work(progress: Callable[[str], None], cancel: threading.Event) -> Any:
            options = TestOptions(
                series=series,
                runtime=runtime,
                with_demo=with_demo,
                coverage=coverage,
                timeout=timeout,
                progress=progress,
                cancel=cancel,
            )
            return run_addon_tests(self.settings, folder, options)

        job = self.jobs.start("test", str(folder), self._work("the test job", work))
        return await self._outcome(job, wait_seconds, detail, ctx)

    async def gate_addon(
        self,
        addon: AddonPath,
        series: Series,
        runtime: RuntimeName = None,
        with_demo: Annotated[bool, Field(description="Install with demo data.")] = False,
        static_only: Annotated[
            bool, Field(description="Only the static checks (verdict: incomplete).")
        ] = False,
        config: Annotated[
            str | None,
            Field(description="pyproject.toml or odoo-factory.toml with gate thresholds."),
        ] = None,
        addons_path: AddonsPaths = None,
        timeout: Timeout = None,
        reports: Annotated[
            list[str] | None,
            Field(
                description="Report files to write in the workspace, the format chosen by the "
                "extension: .md (Markdown), .html, .xml (JUnit)."
            ),
        ] = None,
        wait_seconds: Wait = 20.0,
        detail: DetailArg = "compact",
        ctx: Context[Any, Any] | None = None,
    ) -> dict[str, Any]:
        """The delivery gate: static checks and pylint, install and tests with coverage on a
        real Odoo, a score out of 100 and a verdict (green, red, incomplete). Compact
        results list the criteria not passed and the findings counted against them. Takes
        1 to several minutes: returns a job_id when it outlasts wait_seconds."""
        from odoo_factory.gate import GateOptions, run_gate, write_report

        with user_errors():
            folder = self.workspace.resolve(addon, "addon folder")
            paths = self.workspace.resolve_all(addons_path or [], "addons path")
            config_file = self.workspace.resolve(config, "gate configuration") if config else None
            files = self.workspace.resolve_all(reports or [], "report file")
            outputs = [_report_kind(file) for file in files]

        def work(progress: Callable[[str], None], cancel: threading.Event) -> Any:
            options = GateOptions(
                series=series,
                runtime=runtime,
                with_demo=with_demo,
                static_only=static_only,
                config_file=config_file,
                addons_path=paths,
                timeout=timeout,
                cancel=cancel,
            )
            report = run_gate(self.settings, folder, options, progress=progress)
            for path, render in outputs:
                write_report(render(report), path)
            return report

        job = self.jobs.start("gate", str(folder), self._work("the gate job", work))
        return await self._outcome(job, wait_seconds, detail, ctx)

    # -- jobs ------------------------------------------------------------------------------

    def job_status(
        self,
        job_id: Annotated[
            str | None, Field(description="A job id; omit to list every job.")
        ] = None,
    ) -> dict[str, Any]:
        """State of a job (running, done, failed, cancelled), seconds elapsed and its last
        progress messages; without job_id, every job the server knows."""
        if job_id is None:
            return {"jobs": [job.status() for job in self.jobs.list()]}
        with user_errors():
            return self.jobs.get(job_id).status()

    async def job_result(
        self,
        job_id: Annotated[str, Field(description="The job id test_addon or gate_addon returned.")],
        wait_seconds: Wait = 20.0,
        detail: DetailArg = "compact",
        ctx: Context[Any, Any] | None = None,
    ) -> dict[str, Any]:
        """The result of a test or gate job, waiting up to wait_seconds for it to finish;
        while it still runs, returns its state and progress (call again)."""
        with user_errors():
            job = self.jobs.get(job_id)
        return await self._outcome(job, wait_seconds, detail, ctx)

    def cancel_job(
        self, job_id: Annotated[str, Field(description="The job to stop.")]
    ) -> dict[str, Any]:
        """Stop a running test or gate job: Odoo is stopped and its database dropped."""
        with user_errors():
            job = self.jobs.get(job_id)
        if job.state is JobState.RUNNING:
            job.cancel.set()
            job.done.wait(30.0)
        return job.status()

    async def _outcome(
        self, job: Job, wait: float, detail: Detail, ctx: Context[Any, Any] | None
    ) -> dict[str, Any]:
        deadline = time.monotonic() + wait
        sent = await _report(ctx, job, 0)
        while not job.done.is_set() and time.monotonic() < deadline:
            await anyio.sleep(min(_POLL, max(deadline - time.monotonic(), 0.0)))
            sent = await _report(ctx, job, sent)
        if not job.done.is_set():
            return {
                **job.status(),
                "next": f"call job_result with job_id '{job.id}' to wait for the result, "
                "or cancel_job to stop it",
            }
        if job.state is JobState.FAILED and job.error is not None:
            raise ToolError(tool_error_text(job.error))
        if job.state is JobState.CANCELLED or job.result is None:
            return job.status()
        render = run_result if job.kind == "test" else gate_result
        return {"job_id": job.id, "state": job.state.value, **render(job.result, detail)}

    # -- runtimes, templates, logs ------------------------------------------------------

    def list_runtimes(self) -> list[dict[str, Any]]:
        """The Odoo runtimes this server can run: name, series, version, edition, paths."""
        from odoo_factory.runtime import RuntimeRegistry

        with user_errors():
            runtimes = RuntimeRegistry(self.settings).list()
        return [
            rt.model_dump(
                mode="json",
                include={"name", "series", "version", "edition", "path", "python"},
            )
            for rt in runtimes
        ]

    def list_templates(self) -> list[dict[str, Any]]:
        """Template databases (cloned for every run): runtime, series, modules, demo, size."""
        from odoo_factory.db import server_target
        from odoo_factory.runtime.templates import list_templates

        with user_errors():
            templates = list_templates(server_target(self.settings))
        return [tpl.model_dump(mode="json") for tpl in templates]

    def list_runs(
        self,
        limit: Annotated[int, Field(ge=1, le=100, description="How many, newest first.")] = 20,
    ) -> list[dict[str, Any]]:
        """Past runs that kept an Odoo log, newest first: run_id, log file, size in bytes."""
        return list_runs(self.settings, limit)

    def get_run_log(
        self,
        run_id: Annotated[
            str | None,
            Field(description="run_id from a test or gate result; omit for the latest run."),
        ] = None,
        level: Annotated[
            str, Field(description="Lowest level: DEBUG, INFO, WARNING, ERROR or CRITICAL.")
        ] = "INFO",
        grep: Annotated[
            str | None,
            Field(description="Keep records matching this regular expression (case-insensitive)."),
        ] = None,
        tail: Annotated[
            int, Field(ge=1, le=5000, description="Keep the last N matching records.")
        ] = 200,
        max_chars: Annotated[
            int, Field(ge=1000, le=200_000, description="Upper bound of the text returned.")
        ] = 20_000,
    ) -> dict[str, Any]:
        """A past run's Odoo log: whole records (with their tracebacks) at `level` or above,
        filtered by grep, the last `tail` of them, cut to max_chars (oldest dropped first).
        Each record starts with its line number in the log file."""
        with user_errors():
            return read_run_log(
                self.settings,
                run_id,
                LogQuery(level=level, grep=grep, tail=tail, max_chars=max_chars),
            )
