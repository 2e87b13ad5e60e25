"""__manifest__.py, README.rst and static/description/index.html."""

from __future__ import annotations

from html import escape

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import lit

__all__ = ["index_html", "manifest", "readme"]


def manifest(
    ctx: BuildContext, data: list[str], demo: list[str], web: dict[str, object] | None = None
) -> str:
    info = ctx.spec.module
    version = (
        f"{ctx.profile.series}.{info.version}"
        if ctx.profile.manifest_version_prefix
        else info.version
    )
    values: dict[str, object] = {"name": info.title}
    if info.summary:
        values["summary"] = info.summary
    values.update(
        {
            "version": version,
            "category": info.category,
            "author": info.author,
        }
    )
    if info.website:
        values["website"] = info.website
    values.update({"license": info.license, "depends": list(info.depends)})
    if info.external_python:
        values["external_dependencies"] = {"python": list(info.external_python)}
    values["data"] = data
    if demo:
        values["demo"] = demo
    values.update(web or {})
    values["application"] = info.application
    values["installable"] = True
    body = lit(values, 0)
    if not body.startswith("{\n"):
        body = "{\n" + "".join(f"    {lit(k)}: {lit(v, 4)},\n" for k, v in values.items()) + "}"
    return body + "\n"


def readme(ctx: BuildContext) -> str:
    info = ctx.spec.module
    title = info.title
    lines = ["=" * len(title), title, "=" * len(title), ""]
    if info.summary:
        lines += [info.summary, ""]
    if info.description:
        lines += [info.description.strip(), ""]
    models = [m for m in ctx.spec.models]
    if models:
        lines += ["Models", "======", ""]
        lines += [f"* ``{m.name}``: {m.label}" for m in models]
        lines.append("")
    lines += [
        "Usage",
        "=====",
        "",
        f"Install the addon ``{info.name}`` on Odoo {ctx.profile.series}.",
        "",
    ]
    lines += ["Credits", "=======", "", f"* {info.author}", ""]
    return "\n".join(lines)


def index_html(ctx: BuildContext) -> str:
    info = ctx.spec.module
    parts = [
        '<section class="oe_container">',
        '    <div class="oe_row oe_spaced">',
        f'        <h2 class="oe_slogan">{escape(info.title)}</h2>',
    ]
    if info.summary:
        parts.append(f'        <h3 class="oe_slogan">{escape(info.summary)}</h3>')
    if info.description:
        parts.append(f"        <p>{escape(info.description.strip())}</p>")
    parts += ["    </div>", "</section>", ""]
    return "\n".join(parts)
