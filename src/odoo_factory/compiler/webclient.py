"""static/src/: the addon's web client assets, and where the series declares them.

One JavaScript file, one XML template file and an optional SCSS file per component (field
widget, client action, systray item), written in the form of the target series:

- ``legacy_template`` (≤14.0) and ``legacy_manifest`` (15.0): ``odoo.define`` modules; a
  widget extends ``web.AbstractField`` in ``web.field_registry``, a client action extends
  ``web.AbstractAction`` in ``core.action_registry``, a systray item is a ``web.Widget`` pushed
  on ``SystrayMenu.Items``. Templates are rendered with ``core.qweb``. 14.0 declares scripts and
  stylesheets in a template inheriting ``web.assets_backend`` and its templates under the
  manifest's ``qweb`` key; 15.0 uses the manifest's ``assets`` (``web.assets_qweb``).
- ``owl_class`` (16.0) and ``owl_entry`` (17.0+): OWL 2 components in ES modules
  (``@odoo-module``) registered in the ``fields``, ``actions`` and ``systray`` registries, all
  in ``web.assets_backend``. 16.0 registers a field's class and reads ``props.value``; 17.0+
  registers ``{component, supportedTypes, displayName}`` and reads ``record.data``.

Every spec value reaches the JavaScript as a JSON literal; names are checked identifiers. The
templates are parsed and written again with the XML library.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.xmlgen import E
from odoo_factory.spec.webclient import (
    ClientAction,
    Count,
    SystrayItem,
    Widget,
    camel,
    literal_domain,
)

__all__ = ["WEBCLIENT_FILE", "web_manifest", "web_records", "webclient_files"]

WEBCLIENT_FILE = "views/webclient.xml"

_Component = Widget | ClientAction | SystrayItem


def _js(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _kind(component: _Component) -> str:
    if isinstance(component, Widget):
        return "fields"
    return "actions" if isinstance(component, ClientAction) else "systray"


def _key(component: _Component) -> str:
    return component.name if isinstance(component, Widget) else component.id


def _components(ctx: BuildContext) -> list[_Component]:
    spec = ctx.spec
    return [*spec.widgets, *spec.client_actions, *spec.systray]


def _paths(component: _Component) -> dict[str, str]:
    base = f"static/src/{_kind(component)}/{_key(component)}"
    paths = {"js": f"{base}.js", "xml": f"{base}.xml"}
    if component.scss:
        paths["scss"] = f"{base}.scss"
    return paths


def _template_name(ctx: BuildContext, component: _Component) -> str:
    return f"{ctx.module}.{camel(_key(component))}"


def _legacy(ctx: BuildContext) -> bool:
    return ctx.profile.web_client.startswith("legacy")


# -- templates ------------------------------------------------------------------------------
def _root(ctx: BuildContext, component: _Component) -> ET.Element:
    """The element the component renders; the author's markup goes inside it."""
    css = f"o_{ctx.module}_{_key(component)}"
    if isinstance(component, Widget):
        return ET.Element("span", {"class": f"o_field_{component.name} {css}"})
    if isinstance(component, ClientAction):
        return ET.Element("div", {"class": f"o_action {css} h-100 overflow-auto p-3"})
    attrs = {"class": f"o_nav_entry {css}", "role": "button", "title": component.id}
    if component.action and not _legacy(ctx):
        attrs["t-on-click"] = "open"
    return ET.Element("div", attrs)


def _template_file(ctx: BuildContext, component: _Component) -> str:
    templates = ET.Element("templates", {"xml:space": "preserve"})
    attrs = {"t-name": _template_name(ctx, component)}
    if ctx.profile.web_client == "owl_class":
        attrs["owl"] = "1"
    template = ET.SubElement(templates, "t", attrs)
    body = ET.fromstring(f"<t>{component.template}</t>")
    if _legacy(ctx) and not isinstance(component, ClientAction):
        # legacy widgets render their own root element; the template fills it
        holder = template
    else:
        holder = _root(ctx, component)
        template.append(holder)
    holder.text = body.text
    holder.extend(list(body))
    ET.indent(templates, space="    ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(templates, "unicode") + "\n"


# -- JavaScript: legacy (odoo.define) -----------------------------------------------------------
def _legacy_loads(counts: list[Count], indent: str) -> list[str]:
    lines = [f"{indent}var self = this;", f"{indent}this.counts = {{}};"]
    lines.append(f"{indent}var loads = [")
    for count in counts:
        lines += [
            f"{indent}    this._rpc({{",
            f"{indent}        model: {_js(count.model)},",
            f'{indent}        method: "search_count",',
            f"{indent}        args: [{_js(literal_domain(count.domain))}],",
            f"{indent}    }}).then(function (n) {{ self.counts[{_js(count.name)}] = n; }}),",
        ]
    lines.append(f"{indent}];")
    return lines


def _legacy_js(ctx: BuildContext, component: _Component) -> str:
    name = camel(_key(component))
    module = f"{ctx.module}.{_key(component)}"
    template = _js(_template_name(ctx, component))
    head = [
        f"odoo.define({_js(module)}, function (require) {{",
        '"use strict";',
        "",
    ]
    body: list[str] = []
    if isinstance(component, Widget):
        head += [
            'var AbstractField = require("web.AbstractField");',
            'var core = require("web.core");',
            'var fieldRegistry = require("web.field_registry");',
            "",
        ]
        body += [
            f"var {name} = AbstractField.extend({{",
            f"    className: {_js(f'o_field_{component.name} o_{ctx.module}_{component.name}')},",
            f"    supportedFieldTypes: {_js(list(component.types))},",
            "    _render: function () {",
            f"        this.$el.html(core.qweb.render({template}, {{",
            "            value: this.value,",
            "            text: this._formatValue(this.value),",
            "        }));",
            "    },",
            "});",
            "",
            f"fieldRegistry.add({_js(component.name)}, {name});",
        ]
    elif isinstance(component, ClientAction):
        head += [
            'var AbstractAction = require("web.AbstractAction");',
            'var core = require("web.core");',
            "",
        ]
        body += [
            f"var {name} = AbstractAction.extend({{",
            "    willStart: function () {",
            *_legacy_loads(component.counts, " " * 8),
            "        return Promise.all([this._super.apply(this, arguments)].concat(loads));",
            "    },",
            "    start: function () {",
            f"        this.$el.append(core.qweb.render({template}, {{counts: this.counts}}));",
            "        return this._super.apply(this, arguments);",
            "    },",
            "});",
            "",
            f"core.action_registry.add({_js(ctx.module + '.' + component.id)}, {name});",
        ]
    else:
        head += [
            'var core = require("web.core");',
            'var SystrayMenu = require("web.SystrayMenu");',
            'var Widget = require("web.Widget");',
            "",
        ]
        click = []
        if component.action:
            click = [
                '    events: {"click": "_onClick"},',
                "    _onClick: function (ev) {",
                "        ev.preventDefault();",
                f"        this.do_action({_js(_action_ref(ctx, component.action))});",
                "    },",
            ]
        body += [
            f"var {name} = Widget.extend({{",
            f"    className: {_js(f'o_nav_entry o_{ctx.module}_{component.id}')},",
            f"    sequence: {component.sequence},",
            *click,
            "    willStart: function () {",
            *_legacy_loads(component.counts, " " * 8),
            "        return Promise.all([this._super.apply(this, arguments)].concat(loads));",
            "    },",
            "    start: function () {",
            f"        this.$el.html(core.qweb.render({template}, {{counts: this.counts}}));",
            "        return this._super.apply(this, arguments);",
            "    },",
            "});",
            "",
            f"SystrayMenu.Items.push({name});",
        ]
    return "\n".join(head + body + [f"return {name};", "});", ""])


# -- JavaScript: OWL 2 (ES modules) ---------------------------------------------------------------
def _owl_loads(counts: list[Count]) -> list[str]:
    if not counts:
        return []
    lines = ['        this.orm = useService("orm");', "        this.counts = useState({});"]
    lines.append("        onWillStart(async () => {")
    for count in counts:
        domain = _js(literal_domain(count.domain))
        lines.append(
            f"            this.counts[{_js(count.name)}] = await this.orm.searchCount("
            f"{_js(count.model)}, {domain});"
        )
    lines.append("        });")
    return lines


def _owl_js(ctx: BuildContext, component: _Component) -> str:
    name = camel(_key(component))
    entry = ctx.profile.web_client == "owl_entry"
    owl = ["Component"]
    lines: list[str] = []
    imports = ['import { registry } from "@web/core/registry";']
    if isinstance(component, Widget):
        imports.append(
            'import { standardFieldProps } from "@web/views/fields/standard_field_props";'
        )
        value = "this.props.record.data[this.props.name]" if entry else "this.props.value"
        lines += [
            f"export class {name} extends Component {{",
            "    get value() {",
            f"        return {value};",
            "    }",
            "",
            "    get text() {",
            "        const field = this.props.record.fields[this.props.name];",
            '        const format = registry.category("formatters").get(field.type, null);',
            "        if (format) {",
            "            return format(this.value, { selection: field.selection, field });",
            "        }",
            '        return this.value === false || this.value === undefined ? ""',
            "            : String(this.value);",
            "    }",
            "}",
            f"{name}.template = {_js(_template_name(ctx, component))};",
            f"{name}.props = {{ ...standardFieldProps }};",
            "",
        ]
        if entry:
            lines += [
                f"export const {name[0].lower() + name[1:]} = {{",
                f"    component: {name},",
                f"    displayName: {_js(component.label)},",
                f"    supportedTypes: {_js(list(component.types))},",
                "};",
                "",
                f'registry.category("fields").add({_js(component.name)}, '
                f"{name[0].lower() + name[1:]});",
            ]
        else:
            lines += [
                f"{name}.displayName = {_js(component.label)};",
                f"{name}.supportedTypes = {_js(list(component.types))};",
                "",
                f'registry.category("fields").add({_js(component.name)}, {name});',
            ]
    else:
        setup = _owl_loads(component.counts)
        if setup:
            owl += ["onWillStart", "useState"]
        action = isinstance(component, SystrayItem) and component.action
        if setup or action:
            imports.append('import { useService } from "@web/core/utils/hooks";')
        lines.append(f"export class {name} extends Component {{")
        if action:
            setup = ['        this.action = useService("action");', *setup]
        if setup:
            lines += ["    setup() {", *setup, "    }"]
        if isinstance(component, SystrayItem) and component.action:
            lines += [
                "",
                "    open() {",
                f"        this.action.doAction({_js(_action_ref(ctx, component.action))});",
                "    }",
            ]
        lines += ["}", f"{name}.template = {_js(_template_name(ctx, component))};", ""]
        if isinstance(component, ClientAction):
            tag = _js(f"{ctx.module}.{component.id}")
            lines.append(f'registry.category("actions").add({tag}, {name});')
        else:
            key = _js(f"{ctx.module}.{component.id}")
            lines.append(
                f'registry.category("systray").add({key}, {{ Component: {name} }}, '
                f"{{ sequence: {component.sequence} }});"
            )
    head = [
        "/** @odoo-module **/",
        "",
        f'import {{ {", ".join(sorted(owl, key=str.lower))} }} from "@odoo/owl";',
        *sorted(imports),
        "",
    ]
    return "\n".join(head + lines) + "\n"


def _action_ref(ctx: BuildContext, action: str) -> str:
    """The xml id a systray item opens: a client action of the spec, or any action."""
    if "." not in action and any(a.id == action for a in ctx.spec.client_actions):
        return f"{ctx.module}.action_{action}"
    return ctx.qualify(action)


# -- files, records and manifest ------------------------------------------------------------------
def webclient_files(ctx: BuildContext) -> dict[str, str]:
    """Every static file of the components, by addon-relative path."""
    files: dict[str, str] = {}
    for component in _components(ctx):
        paths = _paths(component)
        files[paths["js"]] = (_legacy_js if _legacy(ctx) else _owl_js)(ctx, component)
        files[paths["xml"]] = _template_file(ctx, component)
        if component.scss:
            files[paths["scss"]] = component.scss.strip() + "\n"
    return files


def _bundle_lists(ctx: BuildContext) -> tuple[list[str], list[str]]:
    """(scripts and stylesheets, templates) of the components, addon-relative."""
    code: list[str] = []
    templates: list[str] = []
    for component in _components(ctx):
        paths = _paths(component)
        code.append(paths["js"])
        if "scss" in paths:
            code.append(paths["scss"])
        templates.append(paths["xml"])
    return code, templates


def web_manifest(ctx: BuildContext) -> dict[str, object]:
    """Manifest entries that declare the assets: ``assets`` (15.0+) or ``qweb`` (≤14.0)."""
    if not _components(ctx):
        return {}
    code, templates = _bundle_lists(ctx)
    entries: dict[str, object] = {}
    if "web" not in ctx.spec.module.depends:  # the bundles are web's
        entries["depends"] = [*ctx.spec.module.depends, "web"]
    mode = ctx.profile.web_client
    own = [f"{ctx.module}/{path}" for path in code]
    xml = [f"{ctx.module}/{path}" for path in templates]
    if mode == "legacy_template":
        entries["qweb"] = templates
    elif mode == "legacy_manifest":
        entries["assets"] = {"web.assets_backend": own, "web.assets_qweb": xml}
    else:
        entries["assets"] = {"web.assets_backend": own + xml}
    return entries


def web_records(ctx: BuildContext) -> list[E]:
    """Client actions with their menus, and (≤14.0) the template that adds the scripts and
    stylesheets to ``web.assets_backend``."""
    records: list[E] = []
    if ctx.profile.web_client == "legacy_template" and _components(ctx):
        code, _templates = _bundle_lists(ctx)
        inside = E("xpath", {"expr": ".", "position": "inside"})
        for path in code:
            url = f"/{ctx.module}/{path}"
            if path.endswith(".js"):
                inside.add(E("script", {"type": "text/javascript", "src": url}))
            else:
                inside.add(E("link", {"rel": "stylesheet", "type": "text/scss", "href": url}))
        records.append(
            E(
                "template",
                {
                    "id": "assets_backend",
                    "name": f"{ctx.spec.module.title} assets",
                    "inherit_id": "web.assets_backend",
                },
            ).add(inside)
        )
    root = "menu_root" if any(m.id == "menu_root" for m in ctx.menus) else None
    for action in ctx.spec.client_actions:
        records.append(
            E("record", {"id": action.action_id, "model": "ir.actions.client"}).add(
                E("field", {"name": "name"}, text=action.name),
                E("field", {"name": "tag"}, text=f"{ctx.module}.{action.id}"),
            )
        )
        if action.menu:
            records.append(
                E(
                    "menuitem",
                    {
                        "id": action.menu_id,
                        "name": action.name,
                        "parent": action.parent or root,
                        "action": action.action_id,
                        "sequence": str(action.sequence),
                        "groups": ",".join(ctx.qualify(g) for g in action.groups) or None,
                    },
                )
            )
    return records
