"""The compiler's entry point: a spec and a series in, a complete addon folder out.

Everything is generated in memory first, then handed to :mod:`odoo_factory.compiler.writer`,
which writes it beside the target and renames it into place: a failure never leaves a
half-written addon behind, and a rebuild never deletes files the user added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from odoo_factory.compiler.automation import AUTOMATION_FILE, automation_records
from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.controllers import TEMPLATES_FILE, controller_files, templates_file
from odoo_factory.compiler.data import (
    cron_records,
    data_document,
    parameter_document,
    sequence_records,
)
from odoo_factory.compiler.i18n import translation_files
from odoo_factory.compiler.jstests import js_test_files, js_test_manifest, js_test_records
from odoo_factory.compiler.mail import MAIL_FILE, mail_file
from odoo_factory.compiler.manifest import index_html, manifest, readme
from odoo_factory.compiler.precisions import PRECISIONS_FILE, precision_records
from odoo_factory.compiler.pymodels import model_file, model_init
from odoo_factory.compiler.reports import REPORTS_FILE, reports_file
from odoo_factory.compiler.security import access_csv, security_records
from odoo_factory.compiler.settings import (
    SETTINGS_FILE,
    settings_model_file,
    settings_view_record,
)
from odoo_factory.compiler.tests_gen import test_files
from odoo_factory.compiler.views import (
    action_records,
    menu_elements,
    server_action_records,
    view_record,
)
from odoo_factory.compiler.webclient import (
    WEBCLIENT_FILE,
    web_manifest,
    web_records,
    webclient_files,
)
from odoo_factory.compiler.writer import GENERATED_LIST, generated_list, write_addon
from odoo_factory.compiler.xmlgen import E, render_document
from odoo_factory.errors import InputError
from odoo_factory.profiles import get_profile
from odoo_factory.spec.known import KnownModels
from odoo_factory.spec.loader import load_spec_located
from odoo_factory.spec.models import ModuleSpec
from odoo_factory.spec.semantics import check_series
from odoo_factory.spec.workspace import workspace_known

__all__ = ["BuildResult", "build_addon", "render_addon"]


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote: the addon folder and its files (relative, sorted)."""

    addon_path: Path
    module: str
    series: str
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # leftovers of interrupted builds tidied

    def to_dict(self) -> dict[str, object]:
        return {
            "addon_path": str(self.addon_path),
            "module": self.module,
            "series": self.series,
            "files": self.files,
            "notes": self.notes,
        }


def _xml(records: list[E], noupdate: bool = False) -> str:
    root = E("odoo", {"noupdate": "1" if noupdate else None})
    return render_document(root.add(*records))


def render_addon(
    spec: ModuleSpec, series: str, workspace: KnownModels | None = None
) -> dict[str, str]:
    """Every file of the addon as ``{relative path: text}``; nothing touches the disk.

    ``workspace`` is what the dependencies provide when they are not all standard addons
    (see :func:`odoo_factory.spec.workspace.workspace_known`)."""
    ctx = BuildContext(spec, get_profile(series), workspace)
    files: dict[str, str] = {}
    data: list[str] = []
    demo: list[str] = []
    packages: list[str] = []
    regular = [m for m in spec.models if m.kind != "transient"]
    wizards = [m for m in spec.models if m.kind == "transient"]
    settings_code = settings_model_file(ctx)
    for folder, models in (("models", regular), ("wizards", wizards)):
        names = []
        for m in models:
            names.append(m.module_name)
            files[f"{folder}/{m.module_name}.py"] = model_file(ctx, m)
        if folder == "models" and settings_code:
            names.append(SETTINGS_FILE)
            files[f"models/{SETTINGS_FILE}.py"] = settings_code
        if names:
            packages.append(folder)
            files[f"{folder}/__init__.py"] = model_init(names)
    web = controller_files(ctx)
    if web:
        packages.append("controllers")
        files.update(web)
    files["__init__.py"] = model_init(packages) if packages else ""

    security = security_records(ctx)
    if security:
        files["security/security.xml"] = _xml(security)
        data.append("security/security.xml")
    files["security/ir.model.access.csv"] = access_csv(ctx)
    data.append("security/ir.model.access.csv")
    for path, records, noupdate in (
        (PRECISIONS_FILE, precision_records(ctx), True),
        ("data/ir_sequence_data.xml", sequence_records(ctx), True),
        ("data/ir_cron_data.xml", cron_records(ctx), True),
    ):
        if records:
            files[path] = _xml(records, noupdate)
            data.append(path)
    parameters = parameter_document(ctx)
    if parameters is not None:
        files["data/ir_config_parameter_data.xml"] = render_document(parameters)
        data.append("data/ir_config_parameter_data.xml")
    if spec.records:
        path = f"data/{spec.module.name}_data.xml"
        files[path] = render_document(data_document(ctx, spec.records, spec.records_noupdate))
        data.append(path)

    transient = {m.name for m in wizards}
    by_model: dict[str, list[E]] = {}
    # an extension after the views it may extend (the addon's own, generated ones too)
    for view in sorted(ctx.views, key=lambda v: v.type == "inherit"):
        by_model.setdefault(view.model, []).append(view_record(ctx, view))
    for action in ctx.actions:
        by_model.setdefault(action.model, [])
    settings_view = settings_view_record(ctx)
    if settings_view is not None:
        by_model.setdefault("res.config.settings", []).append(settings_view)
    for model in sorted(by_model, key=lambda name: (name not in transient, name)):
        records = by_model[model] + action_records(ctx, model)
        folder = "wizards" if model in transient else "views"
        path = f"{folder}/{model.replace('.', '_')}_views.xml"
        files[path] = _xml(records)
        data.append(path)
    servers = server_action_records(ctx)
    if servers:
        files["views/ir_actions_server.xml"] = _xml(servers)
        data.append("views/ir_actions_server.xml")
    templates = templates_file(ctx)
    if templates:
        files[TEMPLATES_FILE] = templates
        data.append(TEMPLATES_FILE)
    reports = reports_file(ctx)
    if reports:
        files[REPORTS_FILE] = reports
        data.append(REPORTS_FILE)
    mail = mail_file(ctx)
    if mail:
        files[MAIL_FILE] = mail
        data.append(MAIL_FILE)
    menus = menu_elements(ctx)
    if menus:
        files["views/menus.xml"] = _xml(menus)
        data.append("views/menus.xml")
    automations = automation_records(ctx)
    if automations:
        files[AUTOMATION_FILE] = _xml(automations)
        data.append(AUTOMATION_FILE)
    client = web_records(ctx) + js_test_records(ctx)
    if client:
        files[WEBCLIENT_FILE] = _xml(client)
        data.append(WEBCLIENT_FILE)
    files.update(webclient_files(ctx))
    if spec.demo:
        path = f"demo/{spec.module.name}_demo.xml"
        files[path] = render_document(data_document(ctx, spec.demo, spec.demo_noupdate))
        demo.append(path)

    files.update(test_files(ctx))
    files.update(js_test_files(ctx))
    files.update(translation_files(ctx, files))  # reads every other file: keep it last
    files["__manifest__.py"] = manifest(ctx, data, demo, js_test_manifest(ctx, web_manifest(ctx)))
    files["README.rst"] = readme(ctx)
    files["static/description/index.html"] = index_html(ctx)
    return dict(sorted(files.items()))


def _resolve_series(spec: ModuleSpec, series: str | None) -> str:
    chosen = series or spec.module.series
    if chosen is None:
        raise InputError(
            "no target series", hint="pass --odoo SERIES or set module.series in the spec"
        )
    return get_profile(chosen).series


def build_addon(
    spec: str | Path | ModuleSpec,
    series: str | None,
    out_dir: str | Path,
    force: bool = False,
    clean: bool = False,
) -> BuildResult:
    """Compile ``spec`` for ``series`` into ``out_dir/<module name>``, atomically.

    ``force`` replaces a previous build of the addon when it holds only what that build
    wrote; with ``clean`` too, it replaces the folder whatever it holds.
    """
    workspace = None
    if isinstance(spec, ModuleSpec):
        model = spec
        chosen = _resolve_series(model, series)
    else:
        model, locs = load_spec_located(spec)
        chosen = _resolve_series(model, series)
        check_series(model, locs, get_profile(chosen))
        workspace = workspace_known(model, str(spec), chosen)
    files = render_addon(model, chosen, workspace)
    files[GENERATED_LIST] = generated_list(model.module.name, chosen, files)
    out = Path(out_dir)
    notes = write_addon(out, model.module.name, files, force=force, clean=clean)
    return BuildResult(out / model.module.name, model.module.name, chosen, sorted(files), notes)
