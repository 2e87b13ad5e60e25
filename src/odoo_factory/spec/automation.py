"""Automated actions (``base.automation``): a trigger on a model's records and the server
actions it runs.

A trigger is one of Odoo's own (``on_create``, ``on_write``, ``on_create_or_write``,
``on_unlink``, ``on_time``), or ``set`` — a field set to a value, which every series runs as
"on create or update of that field, when the record then has that value". An action updates
fields of the record (``write``), plans an activity (``activity``), sends a mail template
(``send_mail``) or runs Python (``python``); several actions run in their order.

Values of ``write`` are data, not code: a literal, ``$ref:xmlid`` for a record, or a date
relative to the day the action runs (``today + 3 days``). The compiler turns each into the
server action's expression for the target series.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from odoo_factory.spec.patterns import IDENT, MODEL_NAME, XMLID
from odoo_factory.spec.values import code_problem, expression_problem

__all__ = ["Activity", "Automation", "AutomationAction", "FieldSet", "TimeTrigger"]


Trigger = Literal["on_create", "on_write", "on_create_or_write", "on_unlink", "on_time"]
# what a relative value of 'write' looks like: today, now, today + 3 days, now - 2 hours
RELATIVE_VALUE = re.compile(r"^\s*(today|now)\s*(?:([+-])\s*(\d{1,5})\s*([a-z]+)\s*)?$")
UNITS = {"day": "days", "week": "weeks", "month": "months", "year": "years", "hour": "hours"}
UNITS.update({"minute": "minutes"})


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def relative_value(value: object) -> tuple[str, int, str] | None:
    """``(today|now, signed amount, relativedelta unit)`` of a relative date, else None.

    Raises ValueError for a unit that is not one."""
    if not isinstance(value, str):
        return None
    match = RELATIVE_VALUE.match(value)
    if match is None:
        return None
    base, sign, amount, unit = match.groups()
    if not sign:
        return base, 0, "days"
    canonical = UNITS.get(unit.removesuffix("s"))
    if canonical is None:
        raise ValueError(
            f"{unit!r} is not a unit of a relative date: use days, weeks, months, years, "
            "hours or minutes, e.g. 'today + 3 days'"
        )
    return base, int(amount) * (-1 if sign == "-" else 1), canonical


class FieldSet(_Strict):
    """The trigger 'a field is set to a value': on create or on update of ``field``, for the
    records that then hold ``value``."""

    field: str = Field(pattern=IDENT)
    value: str | int | bool | None = Field(
        description="The value it is set to: a selection key, '$ref:xmlid' of a record, a "
        "number or a boolean."
    )


class TimeTrigger(_Strict):
    """An on-time trigger: ``delay`` units after (or, negative, before) the date of
    ``field``; the scheduler looks for such records."""

    field: str = Field(pattern=IDENT, description="A date or datetime field of the model.")
    delay: int = Field(default=0, ge=-100_000, le=100_000)
    unit: Literal["minutes", "hour", "day", "month"] = "day"


class Activity(_Strict):
    """An activity planned on the record (a ``next_activity`` server action)."""

    type: str = Field(
        default="mail.mail_activity_data_todo", pattern=XMLID, description="Activity type xml id."
    )
    summary: str | None = Field(default=None, max_length=200)
    note: str | None = None
    days: int = Field(default=0, ge=0, le=10_000, description="Due this many days later.")
    user: str | None = Field(
        default=None,
        pattern=IDENT,
        description="Field of the record holding the responsible user, e.g. user_id.",
    )


class AutomationAction(_Strict):
    """One thing the automation does: exactly one of write, activity, send_mail, python."""

    write: dict[str, Any] | None = Field(
        default=None, description="{field: value}; '$ref:xmlid', 'today + 3 days' allowed."
    )
    activity: Activity | None = None
    send_mail: str | None = Field(
        default=None, pattern=XMLID, description="xml id of a mail template to send."
    )
    python: str | None = Field(default=None, description="Code; `records`, `env` given.")

    @field_validator("python")
    @classmethod
    def _python_compiles(cls, value: str | None) -> str | None:
        problem = code_problem(value, "module") if value is not None else None
        if problem:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _one(self) -> AutomationAction:
        given = [k for k in ("write", "activity", "send_mail", "python") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("an action is one of write, activity, send_mail or python")
        for name, value in (self.write or {}).items():
            if not re.match(IDENT, name):
                raise ValueError(f"{name!r} is not a field name")
            if isinstance(value, (dict, list)):
                raise ValueError(
                    f"{name}: a written value is a literal, '$ref:xmlid' or a relative date "
                    "such as 'today + 3 days'"
                )
            relative_value(value)
        return self

    @property
    def kind(self) -> str:
        return next(k for k in ("write", "activity", "send_mail", "python") if getattr(self, k))


class Automation(_Strict):
    """An automated action: when ``trigger`` (or ``set``) happens to records of ``model``
    matching ``domain``, run ``actions``."""

    id: str = Field(pattern=IDENT, max_length=100)
    name: str = Field(min_length=1, max_length=200)
    model: str = Field(pattern=MODEL_NAME)
    trigger: Trigger | None = None
    set: FieldSet | None = Field(
        default=None, description="Instead of trigger: a field set to a value."
    )
    trigger_fields: list[str] = Field(
        default_factory=list, description="On update: only when one of these fields changes."
    )
    time: TimeTrigger | None = Field(default=None, description="For trigger on_time.")
    domain: str | None = Field(default=None, description="Records it applies to (after).")
    before_domain: str | None = Field(
        default=None, description="On update: records that matched this before the update."
    )
    actions: list[AutomationAction] = Field(min_length=1)
    active: bool = True

    @field_validator("domain", "before_domain")
    @classmethod
    def _domains(cls, value: str | None) -> str | None:
        problem = expression_problem(value, "domain") if value is not None else None
        if problem:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _shape(self) -> Automation:
        if (self.trigger is None) == (self.set is None):
            raise ValueError("give a 'trigger' (on_create, on_create_or_write, ...) or 'set'")
        if self.set is not None and self.trigger_fields:
            raise ValueError("'set' watches its own field: remove 'trigger_fields'")
        if (self.trigger == "on_time") != (self.time is not None):
            raise ValueError(
                "'time' {field, delay, unit} goes with trigger on_time, and only there"
            )
        if self.trigger_fields and self.trigger not in ("on_write", "on_create_or_write"):
            raise ValueError("'trigger_fields' are for on_write and on_create_or_write")
        if self.before_domain and self.trigger not in ("on_write", "on_create_or_write", None):
            raise ValueError("'before_domain' is for updates (on_write, on_create_or_write, set)")
        return self

    @property
    def odoo_trigger(self) -> str:
        return self.trigger or "on_create_or_write"

    @property
    def watched(self) -> list[str]:
        """The trigger fields Odoo watches."""
        return [self.set.field] if self.set is not None else list(self.trigger_fields)
