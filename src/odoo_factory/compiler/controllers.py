"""controllers/ and the QWeb templates file: routes and the pages they render.

Spec values reach the Python through ``lit`` and ``identifier``; a route's ``python`` body is
the only code that comes from the spec. Template bodies are markup, parsed and re-written
with the XML library, so a template file is always well-formed.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import call, identifier, lit
from odoo_factory.spec.values import block
from odoo_factory.spec.web import Controller, Route

__all__ = ["TEMPLATES_FILE", "controller_files", "templates_file"]

TEMPLATES_FILE = "views/templates.xml"
_PARAM = re.compile(r"<(?:[a-z]+(?:\([a-z_.]+\))?):([a-z_][a-z0-9_]*)>")


def _class_name(controller: Controller) -> str:
    return "".join(part.capitalize() for part in controller.name.split("_")) + "Controller"


def _domain(route: Route) -> list[tuple[object, ...] | object]:
    return [tuple(term) if isinstance(term, list) else term for term in route.domain]


def _decorator(ctx: BuildContext, route: Route) -> str:
    if route.override:
        return "    @http.route()"
    kind = ctx.profile.json_route_type if route.type == "json" else "http"
    args = [lit(route.url), f"type={lit(kind)}", f"auth={lit(route.auth)}"]
    if route.methods != ["GET"] and route.type == "http":
        args.append(f"methods={lit(route.methods)}")
    if not route.csrf:
        args.append("csrf=False")
    return "    @" + call("http.route", args, 4)


def _route(ctx: BuildContext, route: Route) -> str:
    params = _PARAM.findall(route.url or "")
    signature = ", ".join(["self", *(f"{identifier(p)}=None" for p in params), "**kwargs"])
    lines = [_decorator(ctx, route), f"    def {identifier(route.method)}({signature}):"]
    body: list[str] = []
    if route.model or (route.python and re.search(r"\benv\b", route.python)):
        body.append("env = request.env")
    if route.model:
        model = f"env[{lit(route.model)}]" + (".sudo()" if route.sudo else "")
        body.append(call("records = " + model + ".search", [lit(_domain(route), 12)], 8))
    if route.python:
        lines += [f"        {line}" for line in body]
        lines.append(block(route.python, 8))
        return "\n".join(lines)
    if route.type == "json":
        body.append(f"return records.read({lit(route.fields or ['display_name'])})")
    else:
        values = ['"kwargs": kwargs']
        if route.model:
            values.insert(0, '"records": records')
        values += [f"{lit(p)}: {identifier(p)}" for p in params]
        template = ctx.qualify(route.template or "")
        mapping = "{" + ", ".join(values) + "}"
        body.append(call("return request.render", [lit(template), mapping], 8))
    lines += [f"        {line}" for line in body]
    return "\n".join(lines)


def _controller(ctx: BuildContext, controller: Controller) -> str:
    head = ["from odoo import http", "from odoo.http import request"]
    base = "http.Controller"
    if controller.extends:
        path, _, cls = controller.extends.rpartition(".")
        head.append(f"from odoo.addons.{path} import {identifier(cls)}")
        base = identifier(cls)
    routes = "\n\n".join(_route(ctx, r) for r in controller.routes)
    uses_request = re.search(r"\brequest\.", routes) is not None
    if not uses_request:
        head.remove("from odoo.http import request")
    return "\n".join(head) + f"\n\n\nclass {_class_name(controller)}({base}):\n" + routes + "\n"


def controller_files(ctx: BuildContext) -> dict[str, str]:
    """``controllers/__init__.py`` and one module per controller; empty without any."""
    controllers = ctx.spec.controllers
    if not controllers:
        return {}
    files = {f"controllers/{c.name}.py": _controller(ctx, c) for c in controllers}
    files["controllers/__init__.py"] = "".join(f"from . import {c.name}\n" for c in controllers)
    return files


def templates_file(ctx: BuildContext) -> str | None:
    """The addon's QWeb templates as one data file; None without templates."""
    if not ctx.spec.templates:
        return None
    root = ET.Element("odoo")
    for template in ctx.spec.templates:
        element = ET.SubElement(
            root, "template", {"id": template.id, "name": template.name or template.id}
        )
        body = ET.fromstring(f"<t>{template.body}</t>")
        element.text = body.text
        element.extend(list(body))
    ET.indent(root, space="    ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"
