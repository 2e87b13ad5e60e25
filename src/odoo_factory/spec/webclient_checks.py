"""Cross-reference checks of the spec's web client assets: unique names, the models and fields
their counts read, the actions a systray item and a browser step open, and the field types a
view gives one of the spec's widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING

from odoo_factory.spec.patterns import did_you_mean
from odoo_factory.spec.webclient import literal_domain

if TYPE_CHECKING:
    from odoo_factory.spec.loader import Loc
    from odoo_factory.spec.models import ModuleSpec, ViewField
    from odoo_factory.spec.semantics import _Checker
    from odoo_factory.spec.webclient import Count

__all__ = ["check_webclient"]


def _counts(checker: _Checker, counts: list[Count], at: Loc) -> None:
    for k, count in enumerate(counts):
        checker.model_exists(count.model, (*at, "counts", k, "model"))
        for term in literal_domain(count.domain):
            if isinstance(term, list):
                checker.field_exists(
                    count.model, term[0].split(".")[0], (*at, "counts", k, "domain"), "count"
                )


def _view_fields(spec: ModuleSpec) -> list[tuple[str, ViewField, Loc]]:
    found: list[tuple[str, ViewField, Loc]] = []
    for i, view in enumerate(spec.views):
        for j, f in enumerate(view.fields):
            found.append((view.model, f, ("views", i, "fields", j)))
        for key, blocks in (("groups", view.groups), ("pages", view.pages)):
            for j, block in enumerate(blocks):
                for k, f in enumerate(block.fields):
                    found.append((view.model, f, ("views", i, key, j, "fields", k)))
        for j, xp in enumerate(view.xpaths):
            for k, f in enumerate(xp.fields):
                found.append((view.model, f, ("views", i, "xpaths", j, "fields", k)))
    return found


def _field_type(spec: ModuleSpec, model: str, name: str) -> str | None:
    for m in spec.models:
        if m.name == model:
            for f in m.fields:
                if f.name == name:
                    return f.type
    return None


def check_webclient(checker: _Checker) -> None:
    """Widget, client action and systray names are unique; counts read known models and
    fields; a systray item opens a client action of the spec (or a dotted xml id); a view
    gives a widget of the spec only to fields of its types; a browser step opens an action of
    the spec."""
    spec = checker.spec
    checker.unique([(w.name, ("widgets", i, "name")) for i, w in enumerate(spec.widgets)], "widget")
    checker.unique(
        [(a.id, ("client_actions", i, "id")) for i, a in enumerate(spec.client_actions)],
        "client action",
    )
    checker.unique(
        [(s.id, ("systray", i, "id")) for i, s in enumerate(spec.systray)], "systray item"
    )
    local = {a.id for a in spec.client_actions}
    groups = {g.id for g in spec.groups}
    for i, action in enumerate(spec.client_actions):
        _counts(checker, action.counts, ("client_actions", i))
        for k, group in enumerate(action.groups):
            if "." not in group and group not in groups:
                checker.fail(
                    ("client_actions", i, "groups", k),
                    f"no group {group!r} in this spec",
                    did_you_mean(group, groups)
                    or "declare it under 'groups' or write 'addon.group'",
                )
    for i, item in enumerate(spec.systray):
        _counts(checker, item.counts, ("systray", i))
        if item.action and "." not in item.action and item.action not in local:
            checker.fail(
                ("systray", i, "action"),
                f"no client action {item.action!r} in this spec",
                did_you_mean(item.action, local)
                or "name a client action declared under 'client_actions', or an 'addon.xmlid'",
            )
    widgets = {w.name: w for w in spec.widgets}
    for model, view_field, at in _view_fields(spec):
        widget = widgets.get(view_field.widget or "")
        kind = _field_type(spec, model, view_field.name)
        if widget is not None and kind is not None and kind not in widget.types:
            checker.fail(
                (*at, "widget"),
                f"widget {widget.name!r} displays {', '.join(widget.types)} fields, "
                f"{view_field.name!r} is a {kind} field",
                f"add {kind!r} to the widget's types or use another widget",
            )
    actions = {f"action_{a}" for a in local} | _actions(spec)
    own = f"{spec.module.name}."
    for i, scenario in enumerate(spec.tests):
        for j, step in enumerate(scenario.steps):
            if step.browser is None or step.browser.action is None:
                continue
            ref = step.browser.action
            if "." in ref and not ref.startswith(own):
                continue
            bare = ref.removeprefix(own)
            if bare not in actions:
                checker.fail(
                    ("tests", i, "steps", j, "browser", "action"),
                    f"no action {ref!r} in this spec",
                    did_you_mean(bare, actions)
                    or "a client action 'x' is opened as 'action_x'; another addon's as "
                    "'addon.xmlid'",
                )


def _actions(spec: ModuleSpec) -> set[str]:
    """xml ids of the spec's window actions, explicit or generated from a new model."""
    ids = {a.id or f"{a.model.replace('.', '_')}_action" for a in spec.actions}
    if spec.default_views:
        ids |= {
            f"{m.name.replace('.', '_')}_action"
            for m in spec.models
            if m.kind == "regular" and not m.extend
        }
    return ids
