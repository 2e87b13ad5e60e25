"""Checks of an addon's shape: manifest, data files, access rights, dependencies."""

from __future__ import annotations

import re
from collections.abc import Iterator

from odoo_factory.profiles import get_profile
from odoo_factory.qa.addon_files import DATA_DIRS
from odoo_factory.qa.context import CheckContext, model_xmlid
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.series_rules import records, series_key

__all__ = ["check_structure"]

# Licenses Odoo's ir.module.module accepts (odoo/addons/base/models/ir_module.py).
VALID_LICENSES = frozenset(
    {
        "GPL-2",
        "GPL-2 or any later version",
        "GPL-3",
        "GPL-3 or any later version",
        "AGPL-3",
        "LGPL-3",
        "Other OSI approved licence",
        "OEEL-1",
        "OPL-1",
        "Other proprietary",
    }
)
KNOWN_KEYS = frozenset(
    {
        "name",
        "version",
        "summary",
        "description",
        "author",
        "maintainer",
        "maintainers",
        "contributors",
        "website",
        "license",
        "category",
        "depends",
        "data",
        "demo",
        "qweb",
        "test",
        "init_xml",
        "update_xml",
        "demo_xml",
        "installable",
        "auto_install",
        "application",
        "external_dependencies",
        "assets",
        "images",
        "images_preview_theme",
        "price",
        "currency",
        "support",
        "sequence",
        "post_init_hook",
        "pre_init_hook",
        "uninstall_hook",
        "post_load",
        "bootstrap",
        "countries",
        "cloc_exclude",
        "web",
        "live_test_url",
        "development_status",
        "snippet_lists",
        "new_page_templates",
        "configurator_snippets",
        "theme_customizations",
        "icon",
        "pre_load",
        "active",
        "odoo_version",
        "iap_paid_service",
        "excludes",
        "url",
        "auto_install_fuzzy",
    }
)
# TransientModel needs access rules from 14.0 on (before, wizards were open to all users).
TRANSIENT_ACCESS_SINCE = "14.0"
_VERSION = re.compile(r"^\d+(\.\d+)*$")


def _diag(
    rule: str,
    file: str,
    line: int | None,
    message: str,
    hint: str,
    severity: Severity = Severity.ERROR,
    category: str = "structure",
) -> Diagnostic:
    return Diagnostic(
        source="factory",
        severity=severity,
        category=category,
        rule=rule,
        file=file,
        line=line,
        message=message,
        hint=hint,
    )


def _manifest(ctx: CheckContext) -> Iterator[Diagnostic]:
    source = ctx.addon
    m, file = source.manifest, source.manifest_file

    def line(key: str) -> int:
        return source.manifest_line(key)

    if not m.get("name"):
        yield _diag(
            "manifest-name",
            file,
            1,
            "the manifest has no 'name'",
            "add 'name': 'Human readable name'",
            category="manifest",
        )
    for key in sorted(set(m) - KNOWN_KEYS):
        yield _diag(
            "manifest-unknown-key",
            file,
            line(key),
            f"unknown manifest key {key!r}",
            "Odoo ignores it; remove it or fix its spelling",
            Severity.INFO,
            "manifest",
        )
    license_ = m.get("license")
    if license_ is None:
        yield _diag(
            "manifest-license",
            file,
            1,
            "no 'license' in the manifest: Odoo assumes LGPL-3 and logs a warning",
            "add 'license': 'LGPL-3' (or your license)",
            Severity.WARNING,
            "manifest",
        )
    elif license_ not in VALID_LICENSES:
        yield _diag(
            "manifest-license",
            file,
            line("license"),
            f"license {license_!r} is not one Odoo accepts",
            "use one of: " + ", ".join(sorted(VALID_LICENSES)),
            category="manifest",
        )
    yield from _version(ctx, line("version"))
    for key in ("depends", "data", "demo"):
        if key in m and not isinstance(m[key], (list, tuple)):
            yield _diag(
                "manifest-not-a-list",
                file,
                line(key),
                f"'{key}' is not a list",
                f"write '{key}': [...]",
                category="manifest",
            )
    if not m.get("installable", True):
        yield _diag(
            "manifest-not-installable",
            file,
            line("installable"),
            "the addon is marked installable: False; Odoo will not install it",
            "set 'installable': True once it is ported",
            Severity.WARNING,
            "manifest",
        )


def _version(ctx: CheckContext, line: int) -> Iterator[Diagnostic]:
    file, version = ctx.addon.manifest_file, ctx.addon.manifest.get("version")
    if version is None:
        yield _diag(
            "manifest-version",
            file,
            1,
            "no 'version' in the manifest",
            f"add 'version': '{ctx.series}.1.0.0'",
            Severity.WARNING,
            "manifest",
        )
        return
    text = str(version)
    parts = text.split(".")
    if not _VERSION.match(text) or len(parts) not in (2, 3, 5):
        yield _diag(
            "manifest-version",
            file,
            line,
            f"version {text!r} is not x.y.z or SERIES.x.y.z",
            f"write '{ctx.series}.1.0.0'",
            category="manifest",
        )
    elif len(parts) == 5 and ".".join(parts[:2]) != ctx.series:
        policy = get_profile(ctx.series).foreign_version_policy
        effect = {
            "installed": "Odoo installs it anyway",
            "ignored": "Odoo ignores the addon (it will not be found)",
            "refused": "Odoo refuses to load the addon",
        }[policy]
        severity = Severity.WARNING if policy == "installed" else Severity.ERROR
        yield _diag(
            "manifest-version-series",
            file,
            line,
            f"version {text!r} names series {'.'.join(parts[:2])}, not {ctx.series}: {effect}",
            f"write '{ctx.series}.{'.'.join(parts[2:])}'",
            severity,
            "manifest",
        )


def _dependencies(ctx: CheckContext) -> Iterator[Diagnostic]:
    file = ctx.addon.manifest_file
    line = ctx.addon.manifest_line("depends")
    if "depends" not in ctx.addon.manifest:
        yield _diag(
            "manifest-depends",
            file,
            1,
            "no 'depends' in the manifest",
            "add 'depends': ['base'] (and every addon whose models, views or XML ids "
            "this one uses)",
            Severity.WARNING,
            "manifest",
        )
    for dep in ctx.addon.depends:
        if dep == ctx.addon.name:
            yield _diag(
                "dependency-self",
                file,
                line,
                "the addon depends on itself",
                f"remove {dep!r} from depends",
            )
        elif dep in ctx.path_addons:
            continue
        elif not ctx.known_addon(dep):
            yield _diag(
                "dependency-unknown",
                file,
                line,
                f"dependency {dep!r} is not an addon "
                f"of Odoo {ctx.series} and is not on the addons path",
                "fix the name, or pass --addons-path with the folder that holds it",
            )
        elif not ctx.is_core_ce(dep):
            yield _diag(
                "dependency-enterprise",
                file,
                line,
                f"dependency {dep!r} is part of Odoo Enterprise",
                "install on an Enterprise runtime, or drop the dependency for Community",
                Severity.INFO,
            )


def _data_files(ctx: CheckContext) -> Iterator[Diagnostic]:
    source = ctx.addon
    files = set(source.files)
    listed: set[str] = set()
    for key in ("data", "demo"):
        for rel in source.data_files(key):
            listed.add(rel)
            if rel not in files:
                yield _diag(
                    "data-file-missing",
                    source.manifest_file,
                    source.manifest_line(key),
                    f"{rel!r} is listed in '{key}' but does not exist",
                    "create the file or fix the path in the manifest",
                )
    for rel in sorted(files - listed):
        parts = rel.split("/")
        top = parts[0]
        # files deeper down (data/template/...) are usually loaded by code, not the manifest
        if len(parts) == 2 and rel.endswith((".xml", ".csv")) and top in {*DATA_DIRS, "demo"}:
            key = "demo" if top == "demo" else "data"
            yield _diag(
                "data-file-unlisted",
                rel,
                None,
                f"{rel} is not listed in the manifest, so Odoo never loads it",
                f"add {rel!r} to '{key}' in the manifest, or delete the file",
                Severity.WARNING,
            )


def _access_rights(ctx: CheckContext) -> Iterator[Diagnostic]:
    source = ctx.addon
    covered: set[str] = set()
    prefix = source.name + "."
    for rel, data in source.csv.items():
        if rel.rsplit("/", 1)[-1] == "ir.model.access.csv":
            for _line, row in data.rows:
                value = row.get("model_id:id") or row.get("model_id/id") or ""
                covered.add(value.strip().removeprefix(prefix))
    for _rel, record in records(source, "ir.model.access"):
        ref = record.field_value("model_id")
        if ref is not None and ref.get("ref"):
            covered.add(str(ref.get("ref")).strip().removeprefix(prefix))
    transient = series_key(ctx.series) >= series_key(TRANSIENT_ACCESS_SINCE)
    for rel, model in source.models:
        if not model.is_new or model.kind == "AbstractModel" or not model.auto:
            continue
        if model.kind == "TransientModel" and not transient:
            continue
        xmlid = model_xmlid(model.name)
        if xmlid not in covered:
            yield _diag(
                "access-rights-missing",
                rel,
                model.line,
                f"model {model.name!r} has no access rights: only the superuser can use it",
                f"add a line to security/ir.model.access.csv: access_{xmlid[6:]}_user,"
                f"{model.name} user,{xmlid},base.group_user,1,1,1,1 (and list the file "
                "in the manifest's data)",
                category="security",
            )


def check_structure(ctx: CheckContext) -> list[Diagnostic]:
    return [
        *_manifest(ctx),
        *_dependencies(ctx),
        *_data_files(ctx),
        *_access_rights(ctx),
    ]
