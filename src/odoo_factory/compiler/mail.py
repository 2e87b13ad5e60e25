"""Mail and activities: data/mail_data.xml (message subtypes, activity types, mail
templates), the model methods that post templates and choose the subtype of a tracked
change, what a workflow button sends or schedules, and the activity view.

Template texts are the spec's markup with ``{{ object.path }}`` placeholders, written for
the series: ``${object.path or ''}`` for the jinja-like engine (up to 14.0), or
``{{ object.path or '' }}`` in the one-line fields and ``<t t-out="object.path or ''"/>``
in the QWeb body (15.0 on). The paths were checked to be field names only.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import call, dotted, identifier, lit
from odoo_factory.compiler.xmlgen import E
from odoo_factory.spec.mail import ActivityType, MailTemplate, MessageSubtype, split_placeholders
from odoo_factory.spec.models import ModelSpec, Step, ViewSpec, WorkflowButton

__all__ = [
    "MAIL_FILE",
    "activity_view",
    "button_lines",
    "mail_file",
    "mail_methods",
    "mail_step_call",
]

MAIL_FILE = "data/mail_data.xml"
SEND_METHOD = "_send_template"


def _field(record: ET.Element, name: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(record, "field", {"name": name, **attrs})
    if text is not None:
        element.text = text
    return element


# -- template texts ---------------------------------------------------------------------------
def _inline(ctx: BuildContext, text: str) -> str:
    """A one-line text with its placeholders in the series' syntax."""
    out = []
    for piece, is_path in split_placeholders(text):
        if not is_path:
            out.append(piece)
        elif ctx.profile.mail_template_engine == "mako":
            out.append("${" + dotted(piece) + " or ''}")
        else:
            out.append("{{ " + dotted(piece) + " or '' }}")
    return "".join(out)


def _qweb_pieces(text: str | None) -> tuple[str, list[tuple[ET.Element, str]]]:
    """Leading text, then ``(t-out element, text after it)`` for each placeholder."""
    if not text:
        return text or "", []
    lead = ""
    items: list[tuple[ET.Element, str]] = []
    for piece, is_path in split_placeholders(text):
        if is_path:
            items.append((ET.Element("t", {"t-out": f"{dotted(piece)} or ''"}), ""))
        elif items:
            items[-1] = (items[-1][0], items[-1][1] + piece)
        else:
            lead += piece
    return lead, items


def _qweb(element: ET.Element) -> None:
    """Placeholders in the text and tails under ``element`` become t-out elements."""
    children = list(element)
    for child in children:
        _qweb(child)
    lead, items = _qweb_pieces(element.text)
    element.text = lead
    for position, (node, tail) in enumerate(items):
        node.tail = tail
        element.insert(position, node)
    for child in children:
        tail, items = _qweb_pieces(child.tail)
        child.tail = tail
        at = list(element).index(child) + 1
        for offset, (node, after) in enumerate(items):
            node.tail = after
            element.insert(at + offset, node)


def _mako(ctx: BuildContext, element: ET.Element) -> None:
    for node in element.iter():
        if node.text:
            node.text = _inline(ctx, node.text)
        if node is not element and node.tail:
            node.tail = _inline(ctx, node.tail)


def _body(ctx: BuildContext, holder: ET.Element, template: MailTemplate) -> None:
    """The body markup in ``holder``, as the spec wrote it (not re-indented)."""
    body = ET.fromstring(f"<t>{template.body.rstrip()}</t>")
    if ctx.profile.mail_template_engine == "mako":
        _mako(ctx, body)
    else:
        _qweb(body)
    holder.text = body.text
    holder.extend(list(body))


def _template(ctx: BuildContext, root: ET.Element, template: MailTemplate) -> ET.Element:
    record = ET.SubElement(root, "record", {"id": template.id, "model": "mail.template"})
    _field(record, "name", template.name)
    _field(record, "model_id", ref=ctx.model_xmlid(template.model))
    _field(record, "subject", _inline(ctx, template.subject.strip()))
    for key in ("email_from", "email_to", "email_cc", "partner_to", "lang"):
        value = getattr(template, key)
        if value:
            _field(record, key, _inline(ctx, value.strip()))
    if template.report:
        action = f"action_{template.report}"
        if ctx.profile.mail_template_reports == "report_template_ids":
            _field(record, "report_template_ids", eval=f"[(4, ref({action!r}))]")
        else:
            _field(record, "report_template", ref=action)
    _field(record, "auto_delete", eval=str(template.auto_delete))
    return _field(record, "body_html", type="html")


def _subtype(ctx: BuildContext, root: ET.Element, subtype: MessageSubtype) -> None:
    record = ET.SubElement(root, "record", {"id": subtype.id, "model": "mail.message.subtype"})
    _field(record, "name", subtype.name)
    _field(record, "res_model", subtype.model)
    if subtype.description:
        _field(record, "description", subtype.description)
    _field(record, "default", eval=str(subtype.default))
    _field(record, "internal", eval=str(subtype.internal))
    _field(record, "hidden", eval=str(subtype.hidden))
    _field(record, "sequence", str(subtype.sequence))


def _activity_type(ctx: BuildContext, root: ET.Element, kind: ActivityType) -> None:
    record = ET.SubElement(root, "record", {"id": kind.id, "model": "mail.activity.type"})
    _field(record, "name", kind.name)
    if kind.summary:
        _field(record, "summary", kind.summary)
    if kind.model:
        if ctx.profile.activity_type_model_field == "res_model":
            _field(record, "res_model", kind.model)
        else:
            _field(record, "res_model_id", ref=ctx.model_xmlid(kind.model))
    _field(record, "delay_count", str(kind.delay))
    _field(record, "delay_unit", kind.delay_unit)
    if kind.icon:
        _field(record, "icon", kind.icon)
    if kind.decoration:
        _field(record, "decoration_type", kind.decoration)


def mail_file(ctx: BuildContext) -> str | None:
    """Subtypes, activity types and templates, loaded once (noupdate); None without."""
    spec = ctx.spec
    if not (spec.mail_templates or spec.message_subtypes or spec.activity_types):
        return None
    root = ET.Element("odoo", {"noupdate": "1"})
    for subtype in spec.message_subtypes:
        _subtype(ctx, root, subtype)
    for kind in spec.activity_types:
        _activity_type(ctx, root, kind)
    bodies = [(_template(ctx, root, template), template) for template in spec.mail_templates]
    ET.indent(root, space="    ")
    for holder, template in bodies:
        _body(ctx, holder, template)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


# -- model methods -----------------------------------------------------------------------------
def _sends(ctx: BuildContext, model: ModelSpec) -> bool:
    """Whether the model posts templates: one of the spec's templates is for it."""
    return (model.mail or "mail.thread" in model.inherit) and any(
        t.model == model.name for t in ctx.spec.mail_templates
    )


def mail_methods(ctx: BuildContext, model: ModelSpec) -> list[tuple[str, str, str]]:
    """``(name, arguments, body)`` of the mail methods of ``model``."""
    methods: list[tuple[str, str, str]] = []
    if _sends(ctx, model):
        if ctx.profile.mail_post_template == "message_post_with_source":
            post = call(
                "rec.message_post_with_source",
                ["template", 'message_type="comment"', 'subtype_xmlid="mail.mt_comment"'],
                12,
            )
        else:
            post = 'rec.message_post_with_template(template.id, message_type="comment")'
        body = (
            '        """Post a mail template (xml id; a bare one is this addon\'s) on each\n'
            "        record's chatter and send it to the recipients it names.\n"
            '        """\n'
            '        if "." not in template_xmlid:\n'
            f"            template_xmlid = {lit(ctx.module + '.')} + template_xmlid\n"
            "        template = self.env.ref(template_xmlid)\n"
            "        for rec in self:\n"
            f"            {post}\n"
            "        return True"
        )
        methods.append((SEND_METHOD, "self, template_xmlid", body))
    tracked = [s for s in ctx.spec.message_subtypes if s.model == model.name and s.field]
    if tracked:
        lines = ["        self.ensure_one()"]
        for subtype in tracked:
            assert subtype.field is not None
            test = f"{lit(subtype.field)} in init_values"
            if subtype.value is not None:
                test += f" and self.{identifier(subtype.field)} == {lit(subtype.value)}"
            lines.append(f"        if {test}:")
            lines.append(f"            return self.env.ref({lit(ctx.qualify(subtype.id))})")
        lines.append("        return super()._track_subtype(init_values)")
        methods.append(("_track_subtype", "self, init_values", "\n".join(lines)))
    return methods


def button_lines(ctx: BuildContext, button: WorkflowButton) -> list[str]:
    """What a workflow button sends and schedules for each record ``rec`` it moved."""
    lines: list[str] = []
    if button.send:
        lines.append(f"            rec.{SEND_METHOD}({lit(ctx.qualify(button.send))})")
    plan = button.activity
    if plan is not None:
        args = [lit(ctx.qualify(plan.type))]
        user = f"rec.{dotted(plan.user)}.id or self.env.uid" if plan.user else "self.env.uid"
        args.append(f"user_id={user}")
        if plan.summary:
            args.append(f"summary={lit(plan.summary)}")
        if plan.note:
            args.append(f"note={lit(plan.note)}")
        lines.append("            " + call("rec.activity_schedule", args, 12))
    return lines


# -- the activity view -------------------------------------------------------------------------
def activity_view(ctx: BuildContext, view: ViewSpec) -> E:
    """An activity view: each record's title and fields in its box."""
    m = ctx.spec.model(view.model)
    names = [f.name for f in view.fields] or [view.title or "display_name"]
    box = E("div")
    for i, name in enumerate(names):
        box.add(E("field", {"name": name, "display": "full", "muted": "1" if i else None}))
    template = E("div", {"t-name": "activity-box"}).add(box)
    label = m.label if m else view.model
    return E("activity", {"string": label}).add(E("templates").add(template))


# -- test steps --------------------------------------------------------------------------------
def mail_step_call(ctx: BuildContext, step: Step, indent: int) -> tuple[str, list[str]]:
    """The runner method and arguments of a template, messages or activities step."""
    args: list[str] = []
    if step.template is not None:
        t = step.template
        args += [lit(ctx.qualify(t.id)), lit(t.record.lstrip("$"))]
        for key in ("subject", "body", "not_body"):
            if getattr(t, key):
                args.append(f"{key}={lit(getattr(t, key), indent)}")
        if t.partners is not None:
            args.append(f"partners={lit(t.partners)}")
        return "self.step_template", args
    if step.messages is not None:
        m = step.messages
        args.append(lit(m.record.lstrip("$")))
        if m.subtype:
            args.append(f"subtype={lit(ctx.qualify(m.subtype))}")
        for key in ("message_type", "subject", "attachments", "count"):
            if getattr(m, key) is not None:
                args.append(f"{key}={lit(getattr(m, key))}")
        for key in ("body", "tracked"):
            if getattr(m, key):
                args.append(f"{key}={lit(getattr(m, key), indent)}")
        return "self.step_messages", args
    a = step.activities
    assert a is not None
    args.append(lit(a.record.lstrip("$")))
    if a.type:
        args.append(f"activity_type={lit(ctx.qualify(a.type))}")
    if a.user:
        args.append(f"assignee={lit(a.user.lstrip('$'))}")
    if a.summary is not None:
        args.append(f"summary={lit(a.summary)}")
    if a.count is not None:
        args.append(f"count={lit(a.count)}")
    return "self.step_activities", args
