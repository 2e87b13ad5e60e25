"""Mail and activities: mail templates, message subtypes, activity types, what a workflow
button sends or schedules, and the test steps that look at the chatter.

A template's texts are written once, with ``{{ object.path }}`` placeholders, whatever the
series: the compiler writes them as ``${…}`` (the jinja-like engine up to 14.0) or as
``{{ … }}`` in the one-line fields and ``t-out`` elements in the body (QWeb, 15.0 on).
A placeholder is a path of field names from ``object`` (the record) and nothing else, so
no spec text becomes template code; text that a series would read as code (``${``, ``<%``,
a line starting with ``%``, a ``t-`` attribute) is refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from odoo_factory.spec.patterns import DOTTED, IDENT, MODEL_NAME, RECORD_VAR, XMLID

__all__ = [
    "ActivityCheck",
    "ActivityPlan",
    "ActivityType",
    "MailTemplate",
    "MessageCheck",
    "MessageSubtype",
    "TemplateCheck",
    "placeholder_paths",
    "split_placeholders",
]

# a record variable of a scenario, always with its '$': '$ticket'

MessageType = Literal["comment", "notification", "email", "auto_comment", "user_notification"]
_PLACEHOLDER = re.compile(r"\{\{\s*(.*?)\s*\}\}", re.DOTALL)
_PATH = re.compile(r"^object(\.[a-z_][a-z0-9_]*)*$")
_CODE = re.compile(r"\$\{|<%|%>|^\s*%", re.MULTILINE)


def split_placeholders(text: str) -> list[tuple[str, bool]]:
    """``text`` cut into ``(piece, is_path)``: literal text and ``object…`` paths."""
    parts: list[tuple[str, bool]] = []
    last = 0
    for match in _PLACEHOLDER.finditer(text):
        if match.start() > last:
            parts.append((text[last : match.start()], False))
        parts.append((match.group(1), True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts


def _text_problem(text: str) -> str | None:
    """Why ``text`` cannot be a template text, or None."""
    found = _CODE.search(text)
    if found:
        return (
            f"{found.group().strip()!r} is template code in some series; write values as "
            "{{ object.field }} and no other template syntax"
        )
    for piece, is_path in split_placeholders(text):
        if is_path and not _PATH.match(piece):
            return (
                f"placeholder {{{{ {piece} }}}} is not a path of fields from the record: write "
                "{{ object.field }} or {{ object.partner_id.name }}"
            )
        if not is_path and ("{{" in piece or "}}" in piece):
            return "an unpaired '{{' or '}}': a placeholder is {{ object.field }}"
    return None


def placeholder_paths(text: str | None) -> list[str]:
    """The field paths (without ``object.``) that the placeholders of ``text`` read."""
    if not text:
        return []
    return [
        piece.removeprefix("object").lstrip(".")
        for piece, is_path in split_placeholders(text)
        if is_path and piece != "object"
    ]


def _body_problem(body: str) -> str | None:
    try:
        root = ET.fromstring(f"<t>{body}</t>")
    except ET.ParseError as exc:
        return f"the body is not well-formed XML: {exc}"
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.startswith("t-"):
                return f"attribute {name!r} is QWeb code; write values as {{{{ object.field }}}}"
            if "{{" in value or "}}" in value or _CODE.search(value):
                return (
                    f"attribute {name}={value!r}: placeholders go in the text of the body, "
                    "not in attributes"
                )
    return _text_problem(body)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _template_text(value: str | None) -> str | None:
    if value is not None:
        problem = _text_problem(value)
        if problem:
            raise ValueError(problem)
    return value


class MailTemplate(_Strict):
    """A ``mail.template`` of ``model``: its subject, body and recipients, with the record's
    values in ``{{ object.path }}`` placeholders, and a report of the spec attached."""

    id: str = Field(pattern=IDENT, max_length=100, description="xml id of the template")
    name: str = Field(min_length=1, max_length=200, description="Name in the templates list.")
    model: str = Field(pattern=MODEL_NAME, description="Model whose records it is sent for.")
    subject: str = Field(min_length=1, max_length=1000)
    body: str = Field(min_length=1, max_length=200_000, description="HTML of the mail.")
    email_from: str | None = Field(default=None, max_length=1000)
    email_to: str | None = Field(default=None, max_length=1000, description="Addresses.")
    partner_to: str | None = Field(
        default=None, max_length=1000, description="Partner ids, e.g. {{ object.partner_id.id }}"
    )
    email_cc: str | None = Field(default=None, max_length=1000)
    lang: str | None = Field(
        default=None, max_length=200, description="e.g. {{ object.partner_id.lang }}"
    )
    report: str | None = Field(
        default=None, pattern=IDENT, description="id of a report of the spec to attach"
    )
    auto_delete: bool = Field(default=True, description="Delete the sent mail (not the message).")

    _texts = field_validator("subject", "email_from", "email_to", "partner_to", "email_cc", "lang")(
        lambda cls, value: _template_text(value)
    )

    @field_validator("body")
    @classmethod
    def _body(cls, value: str) -> str:
        problem = _body_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @field_validator("subject")
    @classmethod
    def _one_line(cls, value: str) -> str:
        if "\n" in value.strip():
            raise ValueError("a subject is one line")
        return value

    def texts(self) -> list[tuple[str, str]]:
        """``(key, text)`` of every text with placeholders."""
        keys = ("subject", "body", "email_from", "email_to", "partner_to", "email_cc", "lang")
        return [(key, getattr(self, key)) for key in keys if getattr(self, key)]


class MessageSubtype(_Strict):
    """A ``mail.message.subtype`` of ``model``; with ``field``, the chatter message a change
    of that tracked field posts carries it (``_track_subtype``), with ``value`` only when the
    field changes to that value."""

    id: str = Field(pattern=IDENT, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    model: str = Field(pattern=MODEL_NAME)
    description: str | None = Field(default=None, description="Text of the message posted.")
    default: bool = Field(default=True, description="Followers get it by default.")
    internal: bool = Field(default=False, description="Only employees see it.")
    hidden: bool = Field(default=False, description="Not offered in the follow options.")
    sequence: int = Field(default=10, ge=0)
    field: str | None = Field(default=None, pattern=IDENT, description="Tracked field.")
    value: str | int | bool | None = Field(default=None, description="Value changed to.")

    @model_validator(mode="after")
    def _value_needs_field(self) -> MessageSubtype:
        if self.value is not None and self.field is None:
            raise ValueError("'value' is the value 'field' changes to: give 'field'")
        return self


class ActivityType(_Strict):
    """A ``mail.activity.type``: its name, default summary, the model it is for and the
    delay that sets the deadline of an activity scheduled with it."""

    id: str = Field(pattern=IDENT, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    summary: str | None = Field(default=None, description="Default summary of its activities.")
    model: str | None = Field(default=None, pattern=MODEL_NAME, description="None: all models.")
    delay: int = Field(default=0, ge=0, le=10_000, description="Deadline after scheduling.")
    delay_unit: Literal["days", "weeks", "months"] = "days"
    icon: str | None = Field(default=None, pattern=r"^fa-[a-z0-9-]+$")
    decoration: Literal["warning", "danger"] | None = None


class ActivityPlan(_Strict):
    """An activity a workflow button schedules on each record it moves."""

    type: str = Field(pattern=XMLID, description="an activity type (xml id)")
    user: str | None = Field(
        default=None,
        pattern=DOTTED,
        description="many2one to res.users of the record; the current user when empty",
    )
    summary: str | None = None
    note: str | None = None


class TemplateCheck(_Strict):
    """A template rendered for a record, and the text its subject and body must show."""

    id: str = Field(pattern=XMLID, description="a template of the spec, or addon.xmlid")
    record: str = Field(pattern=RECORD_VAR, description="'$var': the record")
    subject: list[str] = Field(default_factory=list, description="text the subject holds")
    body: list[str] = Field(default_factory=list, description="text the body holds")
    not_body: list[str] = Field(default_factory=list, description="text it does not hold")
    partners: list[str] | None = Field(
        default=None, description="'$var' partners partner_to names (exactly these)"
    )


class MessageCheck(_Strict):
    """Messages of a record's chatter: those matching the filters must exist (``count``:
    exactly that many)."""

    record: str = Field(pattern=RECORD_VAR)
    subtype: str | None = Field(default=None, pattern=XMLID, description="xml id")
    message_type: MessageType | None = None
    subject: str | None = Field(default=None, description="text the subject holds")
    body: list[str] = Field(default_factory=list, description="text the body holds")
    tracked: list[str] = Field(default_factory=list, description="fields whose change it tracks")
    attachments: int | None = Field(default=None, ge=0, description="attachments it carries")
    count: int | None = Field(default=None, ge=0)


class ActivityCheck(_Strict):
    """Activities of a record: those matching the filters must exist (``count``: exactly)."""

    record: str = Field(pattern=RECORD_VAR)
    type: str | None = Field(default=None, pattern=XMLID)
    user: str | None = Field(default=None, pattern=RECORD_VAR, description="'$var' user")
    summary: str | None = Field(default=None, description="text the summary holds")
    count: int | None = Field(default=None, ge=0)
