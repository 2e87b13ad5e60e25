"""views/*.xml: form, list, search, kanban, calendar, pivot, graph and xpath extensions,
plus window actions, server actions and menus."""

from __future__ import annotations

import ast
import json

from odoo_factory.compiler.automation import declared_server_action
from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import identifier, lit, odoo_expression
from odoo_factory.compiler.xmlgen import E
from odoo_factory.spec.conditions import condition_names, domain_names
from odoo_factory.spec.models import ModelSpec, ViewField, ViewSpec
from odoo_factory.spec.semantics import fields_of
from odoo_factory.spec.values import render
from odoo_factory.spec.view_parts import ViewButton, ViewElement

__all__ = ["action_records", "menu_elements", "server_action_records", "view_record"]


def _condition(expr: str | None) -> str | None:
    return None if expr is None else odoo_expression(expr, "condition")


def _field(ctx: BuildContext, f: ViewField, where: str, in_list: bool = False) -> E:
    attrs: dict[str, str | None] = {"name": f.name, "string": f.string, "widget": f.widget}
    attrs["options"] = odoo_expression(f.options, "dict") if f.options else None
    if f.filter_domain:
        attrs["filter_domain"] = odoo_expression(f.filter_domain, "domain")
    if in_list:
        if f.sum:
            attrs["sum"] = f.sum
        if f.optional and ctx.profile.list_optional_columns:
            attrs["optional"] = f.optional
    attrs.update(
        ctx.modifiers(
            {
                "invisible": _condition(f.invisible),
                "readonly": _condition(f.readonly),
                "required": _condition(f.required),
                "column_invisible": _condition(f.column_invisible),
            },
            where,
        )
    )
    element = E("field", attrs)
    if f.columns:
        sub = E(ctx.profile.list_view_tag, {"editable": "bottom"})
        sub.add(*(_field(ctx, c, where, in_list=True) for c in f.columns))
        element.add(sub)
    return element


def _model(ctx: BuildContext, name: str) -> ModelSpec | None:
    return ctx.spec.model(name)


def _is_x2many(ctx: BuildContext, model: str, field: str) -> bool:
    m = _model(ctx, model)
    return bool(
        m and any(f.name == field and f.type in ("one2many", "many2many", "html") for f in m.fields)
    )


def _button(ctx: BuildContext, button: ViewButton, where: str) -> E:
    """A form-header or list-row button; an action button names its action by xml id."""
    name = button.name
    if button.type == "action":
        name = f"%({ctx.qualify(button.name)})d"
    attrs: dict[str, str | None] = {
        "name": name,
        "string": button.string,
        "type": button.type,
        "icon": button.icon,
        "class": "btn-primary" if button.primary else None,
        "confirm": button.confirm,
        "groups": ",".join(ctx.qualify(g) for g in button.groups) or None,
    }
    attrs.update(ctx.modifiers({"invisible": _condition(button.invisible)}, where))
    return E("button", attrs)


def _header(ctx: BuildContext, view: ViewSpec) -> E | None:
    m = _model(ctx, view.model)
    if not view.header:
        return None
    if m is None or m.workflow is None:
        if not view.buttons:
            return None
        where = f"form view of {view.model}"
        return E("header").add(*(_button(ctx, b, where) for b in view.buttons))
    wf = m.workflow
    header = E("header")
    header.add(*(_button(ctx, b, f"form view of {view.model}") for b in view.buttons))
    for button in wf.buttons:
        allowed = tuple(button.from_)
        condition = odoo_expression(
            f"{identifier(wf.field)} not in {lit(allowed)}"
            if len(allowed) > 1
            else f"{identifier(wf.field)} != {lit(allowed[0])}"
        )
        attrs: dict[str, str | None] = {
            "name": button.name,
            "string": button.string,
            "type": "object",
            "class": "btn-primary" if button.primary else None,
            "groups": ",".join(ctx.qualify(g) for g in button.groups) or None,
        }
        attrs.update(ctx.modifiers({"invisible": condition}, f"button {button.name}"))
        header.add(E("button", attrs))
    visible = wf.statusbar_visible or [s[0] for s in wf.states]
    header.add(
        E(
            "field",
            {"name": wf.field, "widget": "statusbar", "statusbar_visible": ",".join(visible)},
        )
    )
    return header


def _chatter(ctx: BuildContext, view: ViewSpec) -> E | None:
    m = _model(ctx, view.model)
    if not view.chatter or m is None or not (m.mail or "mail.thread" in m.inherit):
        return None
    if ctx.profile.chatter_markup == "tag":
        return E("chatter")
    widgets = ctx.profile.chatter_widgets
    return E("div", {"class": "oe_chatter"}).add(
        E(
            "field",
            {"name": "message_follower_ids", "widget": "mail_followers" if widgets else None},
        ),
        E("field", {"name": "activity_ids", "widget": "mail_activity" if widgets else None}),
        E("field", {"name": "message_ids", "widget": "mail_thread" if widgets else None}),
    )


def _form(ctx: BuildContext, view: ViewSpec) -> E:
    m = _model(ctx, view.model)
    form = E("form", {"string": m.label if m else None})
    form.add(_header(ctx, view))
    sheet = E("sheet")
    where = f"form view of {view.model}"
    if view.stat_buttons:
        box = E("div", {"class": "oe_button_box", "name": "button_box"})
        for stat in view.stat_buttons:
            button = E(
                "button",
                {"name": stat.name, "type": "object", "class": "oe_stat_button", "icon": stat.icon},
            )
            if stat.count:
                button.add(
                    E("field", {"name": stat.count, "widget": "statinfo", "string": stat.string})
                )
            else:
                button.attrs["string"] = stat.string
            box.add(button)
        sheet.add(box)
    if view.title:
        sheet.add(
            E("div", {"class": "oe_title"}).add(E("h1").add(E("field", {"name": view.title})))
        )
    if view.groups:
        outer = E("group")
        for group in view.groups:
            outer.add(
                E("group", {"string": group.string}).add(
                    *(_field(ctx, f, where) for f in group.fields)
                )
            )
        sheet.add(outer)
    if view.pages:
        notebook = E("notebook")
        for i, page in enumerate(view.pages):
            element = E("page", {"string": page.string or f"Page {i + 1}", "name": f"page_{i + 1}"})
            plain = [f for f in page.fields if not _is_x2many(ctx, view.model, f.name)]
            wide = [f for f in page.fields if _is_x2many(ctx, view.model, f.name)]
            if plain:
                element.add(E("group").add(*(_field(ctx, f, where) for f in plain)))
            element.add(*(_field(ctx, f, where) for f in wide))
            notebook.add(element)
        sheet.add(notebook)
    if m is not None and m.kind == "transient":
        form.add(*sheet.children)
        footer = E("footer")
        for method in m.methods:
            label = method.button_label
            if label is not None:
                footer.add(
                    E(
                        "button",
                        {
                            "name": method.name,
                            "string": label,
                            "type": "object",
                            "class": "btn-primary",
                        },
                    )
                )
        footer.add(E("button", {"string": "Cancel", "special": "cancel", "class": "btn-secondary"}))
        return form.add(footer)
    form.add(sheet)
    form.add(_chatter(ctx, view))
    return form


def _list(ctx: BuildContext, view: ViewSpec) -> E:
    attrs: dict[str, str | None] = {"editable": view.editable}
    for key, expr in view.decorations.items():
        attrs[f"decoration-{key}"] = odoo_expression(expr)
    element = E(ctx.profile.list_view_tag, attrs)
    if view.handle:
        element.add(E("field", {"name": view.handle, "widget": "handle"}))
    where = f"list view of {view.model}"
    element.add(
        *(_field(ctx, f, where, in_list=True) for f in view.fields if f.name != view.handle)
    )
    element.add(*(_button(ctx, b, where) for b in view.buttons))
    return element


def _search(ctx: BuildContext, view: ViewSpec) -> E:
    search = E("search")
    for f in view.fields:
        search.add(E("field", {"name": f.name, "string": f.string}))
    if view.filters:
        search.add(E("separator"))
    for flt in view.filters:
        domain = odoo_expression(flt.domain, "domain")
        search.add(E("filter", {"name": flt.name, "string": flt.string, "domain": domain}))
    if view.group_by:
        attributes: dict[str, str | None] = {}
        if ctx.profile.search_group_attributes:
            attributes = {"expand": "0", "string": "Group By"}
        group = E("group", attributes)
        for name in view.group_by:
            group.add(
                E(
                    "filter",
                    {
                        "name": f"group_by_{name}",
                        "string": ctx.field_label(view.model, name),
                        "context": odoo_expression(lit({"group_by": name}), "dict"),
                    },
                )
            )
        search.add(group)
    return search


def _flag(value: bool | None) -> str | None:
    return None if value is None else ("1" if value else "0")


def _kanban(ctx: BuildContext, view: ViewSpec) -> E:
    attrs: dict[str, str | None] = {
        "default_group_by": view.default_group_by,
        "records_draggable": _flag(view.records_draggable),
        "quick_create": _flag(view.quick_create),
    }
    if view.color and ctx.profile.kanban_highlight_color:
        attrs["highlight_color"] = view.color
    kanban = E("kanban", attrs)
    if view.progressbar is not None:
        bar = view.progressbar
        kanban.add(
            E(
                "progressbar",
                {"field": bar.field, "colors": json.dumps(bar.colors), "sum_field": bar.sum},
            )
        )
    fields = view.fields or [ViewField(name="display_name")]
    where = f"kanban view of {view.model}"
    template = E("t", {"t-name": ctx.profile.kanban_card_template})
    if ctx.profile.kanban_card_template == "card":
        first = _field(ctx, fields[0], where)
        first.attrs["class"] = "fw-bold"
        template.add(first, *(_field(ctx, f, where) for f in fields[1:]))
    else:
        names = [f.name for f in fields]
        if view.color and view.color not in names:
            names.append(view.color)
        kanban.add(*(E("field", {"name": n}) for n in names))
        card = E("div", {"class": "oe_kanban_global_click"})
        if view.color:
            card.attrs["t-attf-class"] = (
                f"oe_kanban_color_#{{kanban_getcolor(record.{identifier(view.color)}.raw_value)}}"
            )
        card.add(E("strong").add(_field(ctx, fields[0], where)))
        card.add(*(E("div").add(_field(ctx, f, where)) for f in fields[1:]))
        template.add(card)
    return kanban.add(E("templates").add(template))


def _calendar(ctx: BuildContext, view: ViewSpec) -> E:
    calendar = E(
        "calendar",
        {
            "date_start": view.date_start,
            "date_stop": view.date_stop,
            "color": view.color,
            "mode": "month",
        },
    )
    return calendar.add(*(E("field", {"name": f.name}) for f in view.fields))


def _pivot_like(tag: str, view: ViewSpec) -> E:
    element = E(tag)
    element.add(*(E("field", {"name": r, "type": "row"}) for r in view.rows))
    element.add(*(E("field", {"name": m, "type": "measure"}) for m in view.measures))
    return element


def _element(ctx: BuildContext, spec: ViewElement, where: str) -> E:
    """Any element an inherited view inserts, with its conditions for the series."""
    attrs: dict[str, str | None] = dict(spec.attrs)
    for key in ("filter_domain", "domain", "context"):
        value = getattr(spec, key)
        if value is not None:
            attrs[key] = odoo_expression(value, "dict" if key == "context" else "domain")
    attrs.update(
        ctx.modifiers(
            {
                "invisible": _condition(spec.invisible),
                "readonly": _condition(spec.readonly),
                "required": _condition(spec.required),
                "column_invisible": _condition(spec.column_invisible),
            },
            where,
        )
    )
    element = E(spec.tag, attrs, text=spec.text if not spec.children else None)
    element.add(*(_element(ctx, child, where) for child in spec.children))
    return element


def _inherit(ctx: BuildContext, view: ViewSpec) -> list[E]:
    result = []
    for xp in view.xpaths:
        element = E("xpath", {"expr": xp.expr, "position": xp.position})
        for key, value in xp.attributes.items():
            element.add(E("attribute", {"name": key}, text=value))
        in_list = "tree" in xp.expr or "list" in xp.expr
        where = f"view {view.id or view.model}"
        element.add(*(_field(ctx, f, where, in_list=in_list) for f in xp.fields))
        element.add(*(_element(ctx, child, where) for child in xp.elements))
        if xp.move:
            element.add(E("xpath", {"expr": xp.move, "position": "move"}))
        result.append(element)
    return result


_MODIFIERS = ("invisible", "readonly", "required", "column_invisible")


def _read_by_modifiers(element: E, found: list[str]) -> None:
    """Field names the conditions of ``element`` and its children read, outside embedded
    sub-views (their fields belong to another model)."""
    for key in _MODIFIERS:
        value = element.attrs.get(key)
        if value and value not in ("1", "0", "True", "False"):
            found.extend(n for n in condition_names(value) if n not in found)
    attrs = element.attrs.get("attrs")
    if attrs:
        for domain in ast.literal_eval(attrs).values():
            found.extend(n for n in domain_names(repr(domain)) if n not in found)
    for child in element.children:
        if element.tag != "field":
            _read_by_modifiers(child, found)


def _shown(element: E, names: set[str]) -> None:
    for child in element.children:
        if child.tag == "field" and child.attrs.get("name"):
            names.add(str(child.attrs["name"]))
        if child.tag != "field":
            _shown(child, names)


def _complete(ctx: BuildContext, view: ViewSpec, root: E) -> None:
    """Odoo (17.0 on) refuses a view whose conditions read a field it does not hold: add
    each such field of the model, invisible, where the view keeps its hidden fields."""
    read: list[str] = []
    _read_by_modifiers(root, read)
    shown: set[str] = set()
    _shown(root, shown)
    known = fields_of(ctx.spec, ctx.known, view.model) or set()
    missing = [n for n in read if n not in shown and n in known]
    if not missing:
        return
    if root.tag == "form":
        holder = next((c for c in root.children if c.tag == "sheet"), root)
        hidden = {"invisible": "1"}
    else:
        holder = root
        key = "column_invisible" if ctx.profile.inline_modifiers else "invisible"
        hidden = {key: "1"}
    holder.add(*(E("field", {"name": n, **hidden}) for n in missing))


def view_record(ctx: BuildContext, view: ViewSpec) -> E:
    xmlid = ctx.view_xmlid(view)
    kind = ctx.profile.list_view_tag if view.type == "list" else view.type
    record = E("record", {"id": xmlid, "model": "ir.ui.view"})
    record.add(
        E(
            "field",
            {"name": "name"},
            text=f"{view.model}.{kind}" + (f".{ctx.module}" if view.type == "inherit" else ""),
        )
    )
    record.add(E("field", {"name": "model"}, text=view.model))
    arch = E("field", {"name": "arch", "type": "xml"})
    if view.type == "inherit":
        assert view.inherit_id is not None
        record.add(E("field", {"name": "inherit_id", "ref": view.inherit_id}))
        arch.add(*_inherit(ctx, view))
    else:
        builders = {
            "form": _form,
            "list": _list,
            "search": _search,
            "kanban": _kanban,
            "calendar": _calendar,
        }
        if view.type in builders:
            root = builders[view.type](ctx, view)
            if view.type in ("form", "list"):
                _complete(ctx, view, root)
            arch.add(root)
        else:
            arch.add(_pivot_like(view.type, view))
    return record.add(arch)


def action_records(ctx: BuildContext, model: str) -> list[E]:
    records = []
    for action in ctx.actions:
        if action.model != model:
            continue
        m = ctx.spec.model(model)
        wizard = m is not None and m.kind == "transient"
        chosen = action.view_modes if action.modes_given or not wizard else ["form"]
        modes = [ctx.profile.list_view_mode if v == "list" else v for v in chosen]
        record = E("record", {"id": ctx.action_xmlid(action), "model": "ir.actions.act_window"})
        record.add(E("field", {"name": "name"}, text=action.name or (m.label if m else model)))
        record.add(E("field", {"name": "res_model"}, text=model))
        record.add(E("field", {"name": "view_mode"}, text=",".join(modes)))
        target = action.target or ("new" if wizard else None)
        if target:
            record.add(E("field", {"name": "target"}, text=target))
        if action.binding_model:
            binding = ctx.model_xmlid(action.binding_model)
            record.add(E("field", {"name": "binding_model_id", "ref": binding}))
            if action.binding_view_types and ctx.profile.action_binding_view_types:
                kinds = ",".join(action.binding_view_types)
                record.add(E("field", {"name": "binding_view_types"}, text=kinds))
        if action.domain:
            domain = odoo_expression(action.domain, "domain")
            record.add(E("field", {"name": "domain"}, text=domain))
        context = _context(action.context, action.default_filter)
        if context:
            record.add(E("field", {"name": "context"}, text=context))
        help_text = action.help or f"Create the first record of {action.name or model}."
        record.add(
            E("field", {"name": "help", "type": "html"}).add(
                E("p", {"class": "o_view_nocontent_smiling_face"}, text=help_text)
            )
        )
        records.append(record)
    return records


def _context(context: str | None, default_filter: str | None) -> str | None:
    """The action's context, with the default filter's key first when there is one."""
    if not default_filter:
        return odoo_expression(context, "dict") if context else None
    tree = ast.parse(odoo_expression(context or "{}", "dict"), mode="eval").body
    assert isinstance(tree, ast.Dict)
    tree.keys.insert(0, ast.Constant(f"search_default_{default_filter}"))
    tree.values.insert(0, ast.Constant(1))
    return render(tree)


def server_action_records(ctx: BuildContext) -> list[E]:
    records = []
    for server in ctx.spec.server_actions:
        if server.python is None:  # writes, activities, mails
            records.extend(declared_server_action(ctx, server))
            continue
        record = E("record", {"id": server.id, "model": "ir.actions.server"})
        record.add(E("field", {"name": "name"}, text=server.name))
        record.add(E("field", {"name": "model_id", "ref": ctx.model_xmlid(server.model)}))
        if server.binding:
            record.add(
                E("field", {"name": "binding_model_id", "ref": ctx.model_xmlid(server.model)})
            )
        record.add(E("field", {"name": "state"}, text="code"))
        record.add(E("field", {"name": "code"}, text=server.python.strip("\n")))
        records.append(record)
    return records


def menu_elements(ctx: BuildContext) -> list[E]:
    items = []
    for menu in ctx.menus:
        items.append(
            E(
                "menuitem",
                {
                    "id": menu.id,
                    "name": menu.name,
                    "parent": menu.parent,
                    "action": menu.action,
                    "sequence": str(menu.sequence),
                    "groups": ",".join(ctx.qualify(g) for g in menu.groups) or None,
                },
            )
        )
    return items
