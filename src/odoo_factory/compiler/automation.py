"""data/base_automation_data.xml: the spec's automated actions and their server actions,
written the way the target series stores them.

Up to 16.0 an automation *is* a server action (``_inherits``): its own ``state`` and fields
say what it does, several actions become child actions of a ``multi`` one, and an update is
a list of ``fields_lines``. From 17.0 an automation owns its server actions
(``action_server_ids``), each one update (``update_path``, ``value``). Every written value is
an expression the server action evaluates (``evaluation_type`` equation), built here from
the spec's data: a literal, a record (``env.ref``) or a date relative to the run.
"""

from __future__ import annotations

import ast

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import lit, odoo_expression
from odoo_factory.compiler.xmlgen import E
from odoo_factory.spec.automation import Activity, Automation, AutomationAction, relative_value
from odoo_factory.spec.models import ServerAction

__all__ = [
    "AUTOMATION_FILE",
    "automation_records",
    "declared_server_action",
    "written_expression",
]

AUTOMATION_FILE = "data/base_automation_data.xml"


def _field(name: str, text: str | None = None, **attrs: str) -> E:
    return E("field", {"name": name, **attrs}, text=text)


def written_expression(ctx: BuildContext, value: object) -> str:
    """The Python expression a server action evaluates to write ``value``."""
    if isinstance(value, str) and value.startswith("$ref:"):
        return f"env.ref({ctx.qualify(value[5:])!r}).id"
    relative = relative_value(value)
    if relative is not None:
        base, amount, unit = relative
        now = "datetime.datetime.now()" if base == "now" else "datetime.date.today()"
        if not amount:
            return now
        return f"{now} + dateutil.relativedelta.relativedelta({unit}={amount})"
    return lit(value)


def _field_ref(ctx: BuildContext, model: str, name: str) -> str:
    """The xml id of field ``name`` of ``model`` (ir.model.fields), under the addon that
    declares it: this one for the spec's models, else the model's owner."""
    spec_model = ctx.spec.model(model)
    declared = spec_model is not None and (
        not spec_model.extend or any(f.name == name for f in spec_model.fields)
    )
    ref = f"field_{model.replace('.', '_')}__{name}"
    owner = None if declared else ctx.known.owner(model)
    return f"{owner}.{ref}" if owner else ref


def _domain(ctx: BuildContext, automation: Automation) -> E | None:
    """filter_domain: the spec's domain, and with ``set`` the value the field is set to."""
    terms: list[str] = []
    refs = False
    if automation.set is not None:
        value = automation.set.value
        if isinstance(value, str) and value.startswith("$ref:"):
            refs = True
            shown = f"ref({ctx.qualify(value[5:])!r})"
        else:
            shown = repr(value if value is not None else False)
        terms.append(f"({automation.set.field!r}, '=', {shown})")
    if automation.domain:
        parsed = ast.parse(odoo_expression(automation.domain, "domain"), mode="eval").body
        assert isinstance(parsed, ast.List)
        terms.extend(ast.unparse(term) for term in parsed.elts)
    if not terms:
        return None
    text = "[" + ", ".join(terms) + "]"
    if refs:  # the record's id is known when the data loads
        return _field("filter_domain", eval=f"str({text})")
    return _field("filter_domain", text)


def _trigger_fields(ctx: BuildContext, automation: Automation) -> E:
    refs = ", ".join(f"ref({_field_ref(ctx, automation.model, n)!r})" for n in automation.watched)
    return _field("trigger_field_ids", eval=f"[(6, 0, [{refs}])]")


def _time(ctx: BuildContext, automation: Automation) -> list[E]:
    time = automation.time
    if time is None:
        return []
    elements = [_field("trg_date_id", ref=_field_ref(ctx, automation.model, time.field))]
    if ctx.profile.automation_delay_mode:
        mode = "before" if time.delay < 0 else "after"
        elements.append(_field("trg_date_range", str(abs(time.delay))))
        elements.append(_field("trg_date_range_mode", mode))
    else:
        elements.append(_field("trg_date_range", str(time.delay)))
    elements.append(_field("trg_date_range_type", time.unit))
    return elements


def _activity(ctx: BuildContext, activity: Activity) -> list[E]:
    elements = [_field("activity_type_id", ref=activity.type)]
    if activity.summary:
        elements.append(_field("activity_summary", activity.summary))
    if activity.note:
        elements.append(_field("activity_note", activity.note))
    elements.append(_field("activity_date_deadline_range", str(activity.days)))
    elements.append(_field("activity_date_deadline_range_type", "days"))
    if activity.user:
        elements.append(_field("activity_user_type", "generic"))
        elements.append(_field("activity_user_field_name", activity.user))
    return elements


def _does(ctx: BuildContext, model: str, action: AutomationAction) -> list[E]:
    """The fields of a server action on ``model`` that does ``action`` (one field of a
    write from 17.0)."""
    if action.python is not None:
        return [_field("state", "code"), _field("code", action.python.strip("\n"))]
    if action.activity is not None:
        return [_field("state", "next_activity"), *_activity(ctx, action.activity)]
    if action.send_mail is not None:
        elements = [
            _field("state", ctx.profile.mail_post_state),
            _field("template_id", ref=action.send_mail),
        ]
        if ctx.profile.mail_post_state == "mail_post":
            elements.append(_field("mail_post_method", "comment"))
        return elements
    written = action.write or {}
    if ctx.profile.automation_actions == "linked":
        ((name, value),) = written.items()
        return [
            _field("state", "object_write"),
            _field("update_path", name),
            _field("evaluation_type", "equation"),
            _field("value", written_expression(ctx, value)),
        ]
    lines = ", ".join(
        "(0, 0, {"
        f"'col1': ref({_field_ref(ctx, model, name)!r}), "
        "'evaluation_type': 'equation', "
        f"'value': {written_expression(ctx, value)!r}"
        "})"
        for name, value in written.items()
    )
    return [_field("state", "object_write"), _field("fields_lines", eval=f"[{lines}]")]


def _steps(actions: list[AutomationAction]) -> list[AutomationAction]:
    """The actions one server action each: from 17.0 a write of several fields is one
    server action per field."""
    steps: list[AutomationAction] = []
    for action in actions:
        if action.write and len(action.write) > 1:
            steps.extend(AutomationAction(write={k: v}) for k, v in action.write.items())
        else:
            steps.append(action)
    return steps


def _head(ctx: BuildContext, automation: Automation, record: E) -> None:
    record.add(
        _field("name", automation.name),
        _field("model_id", ref=ctx.model_xmlid(automation.model)),
        _field("trigger", automation.odoo_trigger),
    )
    if automation.watched or ctx.profile.automation_actions == "linked":
        record.add(_trigger_fields(ctx, automation))
    record.add(_domain(ctx, automation))
    if automation.before_domain:
        record.add(_field("filter_pre_domain", odoo_expression(automation.before_domain, "domain")))
    record.add(*_time(ctx, automation))
    record.add(_field("active", eval=str(automation.active)))


def _linked(ctx: BuildContext, automation: Automation) -> list[E]:
    record = E("record", {"id": automation.id, "model": "base.automation"})
    _head(ctx, automation, record)
    records = [record]
    for number, action in enumerate(_steps(automation.actions), start=1):
        server = E(
            "record", {"id": f"{automation.id}_action_{number}", "model": "ir.actions.server"}
        )
        server.add(
            _field("name", f"{automation.name} ({number})"),
            _field("model_id", ref=ctx.model_xmlid(automation.model)),
            _field("base_automation_id", ref=automation.id),
            _field("usage", "base_automation"),
            _field("sequence", str(number)),
            *_does(ctx, automation.model, action),
        )
        records.append(server)
    return records


def _inherits(ctx: BuildContext, automation: Automation) -> list[E]:
    record = E("record", {"id": automation.id, "model": "base.automation"})
    _head(ctx, automation, record)
    if len(automation.actions) == 1:
        return [record.add(*_does(ctx, automation.model, automation.actions[0]))]
    children = []
    for number, action in enumerate(automation.actions, start=1):
        child = E(
            "record", {"id": f"{automation.id}_action_{number}", "model": "ir.actions.server"}
        )
        child.add(
            _field("name", f"{automation.name} ({number})"),
            _field("model_id", ref=ctx.model_xmlid(automation.model)),
            _field("sequence", str(number)),
            *_does(ctx, automation.model, action),
        )
        children.append(child)
    refs = ", ".join(f"ref({c.attrs['id']!r})" for c in children)
    record.add(_field("state", "multi"), _field("child_ids", eval=f"[(6, 0, [{refs}])]"))
    return [*children, record]


def declared_server_action(ctx: BuildContext, server: ServerAction) -> list[E]:
    """A server action of the spec that does ``actions`` (not Python): one action is the
    server action itself, several its children, run in order by a ``multi`` one."""
    steps = _steps(server.actions) if ctx.profile.automation_actions == "linked" else server.actions
    record = E("record", {"id": server.id, "model": "ir.actions.server"})
    record.add(_field("name", server.name), _field("model_id", ref=ctx.model_xmlid(server.model)))
    if server.binding:
        record.add(_field("binding_model_id", ref=ctx.model_xmlid(server.model)))
    if len(steps) == 1:
        return [record.add(*_does(ctx, server.model, steps[0]))]
    children = []
    for number, action in enumerate(steps, start=1):
        child = E("record", {"id": f"{server.id}_step_{number}", "model": "ir.actions.server"})
        child.add(
            _field("name", f"{server.name} ({number})"),
            _field("model_id", ref=ctx.model_xmlid(server.model)),
            _field("sequence", str(number)),
            *_does(ctx, server.model, action),
        )
        children.append(child)
    refs = ", ".join(f"ref({c.attrs['id']!r})" for c in children)
    record.add(_field("state", "multi"), _field("child_ids", eval=f"[(6, 0, [{refs}])]"))
    return [*children, record]


def automation_records(ctx: BuildContext) -> list[E]:
    """The records of every automation of the spec, in loading order."""
    records: list[E] = []
    for automation in ctx.spec.automations:
        if ctx.profile.automation_actions == "linked":
            records.extend(_linked(ctx, automation))
        else:
            records.extend(_inherits(ctx, automation))
    return records
