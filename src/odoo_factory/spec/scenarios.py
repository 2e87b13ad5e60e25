"""Acceptance criteria and the test language that proves them.

A spec lists numbered ``requirements``; each test scenario names the criteria it ``proves``.
A scenario is a list of steps, each doing one thing on a real Odoo (create, write, unlink,
call a method, search, check a view, an access right, a menu, an action, an HTTP route) and
checking what followed (``expect``, ``raises``). Values and expectations are data: the
compiler hands them to the generated tests as literals, never as code, and the tests resolve
record variables (``$loan``), data records (``$ref:xmlid``) and dates (``today + 3 months``)
on the server, with the field types of the series they run on.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from odoo_factory.spec.mail import ActivityCheck, MessageCheck, TemplateCheck
from odoo_factory.spec.patterns import IDENT, MODEL_NAME, REQUIREMENT_ID, VAR_REF, XMLID
from odoo_factory.spec.webclient import BrowserCheck

__all__ = [
    "ERRORS",
    "AccessCheck",
    "ActionCheck",
    "HttpCheck",
    "MenuCheck",
    "ReadGroupCheck",
    "ReportCheck",
    "Requirement",
    "Scenario",
    "ServerActionRun",
    "Step",
    "TestUser",
    "ViewCheck",
    "is_relative_date",
]


ERRORS = (
    "UserError",
    "ValidationError",
    "AccessError",
    "MissingError",
    "IntegrityError",
)
ErrorName = Literal["UserError", "ValidationError", "AccessError", "MissingError", "IntegrityError"]

_RELATIVE = re.compile(
    r"^\s*=?\s*(today|now)\s*(?:([+-])\s*(\d+)\s*"
    r"(years?|months?|weeks?|days?|hours?|h|minutes?|min|m|seconds?|s)\s*)?$"
)


def is_relative_date(value: object) -> bool:
    """``today``, ``now``, ``today + 3 months``, ``now - 2 h`` (and ``=today``)."""
    return isinstance(value, str) and _RELATIVE.match(value) is not None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Requirement(_Strict):
    """One numbered acceptance criterion."""

    id: str = Field(pattern=REQUIREMENT_ID, max_length=40, description="e.g. R1")
    text: str = Field(min_length=1)
    priority: Literal["must", "should", "could"] = "must"


class TestUser(_Strict):
    """A user the scenario creates: internal by default, portal or public when its groups say
    so (``base.group_portal``, ``base.group_public``)."""

    __test__ = False

    name: str = Field(pattern=IDENT, description="Variable name of the user in steps.")
    groups: list[str] = Field(default_factory=list)
    company: str | None = Field(default=None, description="'$var' or '$ref:xmlid'")
    companies: list[str] = Field(default_factory=list, description="Allowed companies.")
    lang: str | None = Field(
        default=None,
        pattern=r"^[a-z]{2,3}(_[A-Z]{2}|_[0-9]{3})?(@[a-z]+)?$",
        description="Language of the user (fr_FR), activated with the addon's translations.",
    )

    @property
    def company_vars(self) -> list[str]:
        """Record variables among its companies: the user is made once steps named them."""
        names = [self.company] if self.company else []
        return [
            c[1:].split(".")[0]
            for c in [*names, *self.companies]
            if c.startswith("$") and not c.startswith(("$ref:", "$$"))
        ]


class ViewCheck(_Strict):
    """The UI contract: what a user sees of a field or button in a model's view."""

    model: str = Field(pattern=MODEL_NAME)
    type: Literal["form", "list", "search", "kanban"] = "form"
    field: str | None = Field(default=None, pattern=IDENT)
    button: str | None = Field(default=None, pattern=IDENT)
    present: bool = True
    required: bool | None = None
    readonly: bool | None = None
    invisible: bool | None = None
    widget: str | None = Field(default=None, pattern=IDENT, description="the field's widget")

    @model_validator(mode="after")
    def _one(self) -> ViewCheck:
        if (self.field is None) == (self.button is None):
            raise ValueError("a view check names one 'field' or one 'button'")
        if self.button and (
            self.required is not None or self.readonly is not None or self.widget is not None
        ):
            raise ValueError("a button has no 'required', 'readonly' or 'widget'")
        return self


class AccessCheck(_Strict):
    """Whether the step's user may read, write, create or unlink (ACLs and record rules)."""

    model: str | None = Field(default=None, pattern=MODEL_NAME)
    record: str | None = Field(default=None, pattern=VAR_REF, description="'$var': one record")
    read: bool | None = None
    write: bool | None = None
    create: bool | None = None
    unlink: bool | None = None

    @model_validator(mode="after")
    def _some(self) -> AccessCheck:
        if (self.model is None) == (self.record is None):
            raise ValueError("an access check names one 'model' or one 'record'")
        if all(v is None for v in (self.read, self.write, self.create, self.unlink)):
            raise ValueError("say at least one of read, write, create, unlink: true/false")
        return self


class MenuCheck(_Strict):
    id: str = Field(pattern=XMLID, description="xml id of the menu")
    visible: bool = True


class ActionCheck(_Strict):
    id: str = Field(pattern=XMLID, description="xml id of a window action")
    model: str | None = Field(default=None, pattern=MODEL_NAME, description="res_model")
    view_modes: list[str] = Field(default_factory=list, description="modes it must offer")
    target: Literal["current", "new", "fullscreen", "main", "inline"] | None = None


class HttpCheck(_Strict):
    """A request to a route of the running server, as anonymous or as a scenario user."""

    url: str = Field(pattern=r"^/[^\s\x00-\x1f]*$", max_length=2000)
    method: Literal["GET", "POST"] = "GET"
    params: dict[str, str | int | float | bool] = Field(default_factory=dict)
    json_: dict[str, Any] | None = Field(
        default=None, alias="json", description="JSON route parameters"
    )
    status: int | None = Field(default=200, ge=100, le=599)
    redirect: str | None = Field(default=None, description="path the response redirects to")
    contains: list[str] = Field(default_factory=list)
    not_contains: list[str] = Field(default_factory=list)
    result: Any = Field(default=None, description="expected JSON result (or a subset)")


class ReportCheck(_Strict):
    """A report rendered to HTML on the server for some records, and what the page says."""

    id: str = Field(
        pattern=XMLID,
        description="a report of the spec, or 'addon.name' of another addon's report",
    )
    records: list[str] = Field(min_length=1, description="'$var' records to print")
    contains: list[str] = Field(default_factory=list, description="text the page shows")
    not_contains: list[str] = Field(default_factory=list, description="text it does not show")

    @model_validator(mode="after")
    def _records(self) -> ReportCheck:
        for item in self.records:
            if not re.match(VAR_REF, item) or not item.startswith("$"):
                raise ValueError(f"'records' lists record variables such as $loan, not {item!r}")
        return self


class ReadGroupCheck(_Strict):
    """Records of ``model`` grouped by ``by`` as a kanban board shows them: the step's result
    is a list of ``{value, count, fold}``, one per group in the board's order."""

    model: str = Field(pattern=MODEL_NAME)
    by: str = Field(pattern=IDENT, description="The field grouped by, e.g. stage_id.")
    domain: list[Any] = Field(default_factory=list)


class ServerActionRun(_Strict):
    """A server action run on records, as the Action menu runs it (active_ids)."""

    id: str = Field(pattern=XMLID, description="a server action of the spec, or addon.xmlid")
    records: list[str] = Field(min_length=1, description="'$var' records it runs on")

    @model_validator(mode="after")
    def _records(self) -> ServerActionRun:
        for item in self.records:
            if not re.match(VAR_REF, item) or not item.startswith("$"):
                raise ValueError(f"'records' lists record variables such as $ticket, not {item!r}")
        return self


_ACTIONS = (
    "create",
    "write",
    "unlink",
    "call",
    "search",
    "exists",
    "not_exists",
    "view",
    "access",
    "menu",
    "action",
    "http",
    "report",
    "read_group",
    "run_automation",
    "run_server_action",
    "browser",
    "template",
    "messages",
    "activities",
)
_CHECKS = (
    "exists",
    "not_exists",
    "view",
    "access",
    "menu",
    "action",
    "report",
    "run_automation",
    "browser",
    "template",
    "messages",
    "activities",
)


class Step(_Strict):
    """One thing done, then checked. At most one action; ``expect`` may follow any of them."""

    create: str | None = Field(default=None, pattern=MODEL_NAME)
    write: str | None = Field(default=None, pattern=VAR_REF, description="record variable")
    unlink: str | None = Field(default=None, pattern=VAR_REF, description="record variable")
    values: dict[str, Any] = Field(default_factory=dict)
    call: str | None = Field(
        default=None,
        pattern=r"^([a-z_][a-z0-9_]*\.)?[a-z_][a-zA-Z0-9_]*$",
        description="'var.method', or 'method' with 'model'",
    )
    model: str | None = Field(default=None, pattern=MODEL_NAME, description="for model calls")
    args: list[Any] = Field(default_factory=list)
    kwargs: dict[str, Any] = Field(default_factory=dict)
    context: dict[str, Any] = Field(default_factory=dict)
    search: str | None = Field(default=None, pattern=MODEL_NAME)
    domain: list[Any] = Field(default_factory=list)
    limit: int | None = Field(default=None, ge=1)
    count: int | None = Field(default=None, ge=0, description="search: how many records")
    contains: list[str] = Field(default_factory=list, description="search: '$var' found")
    not_contains: list[str] = Field(default_factory=list, description="search: '$var' not found")
    exists: str | None = Field(default=None, pattern=VAR_REF)
    not_exists: str | None = Field(default=None, pattern=VAR_REF)
    view: ViewCheck | None = None
    access: AccessCheck | None = None
    menu: MenuCheck | None = None
    action: ActionCheck | None = None
    http: HttpCheck | None = None
    report: ReportCheck | None = None
    read_group: ReadGroupCheck | None = None
    run_automation: str | None = Field(
        default=None, pattern=XMLID, description="an on-time automation, run now"
    )
    run_server_action: ServerActionRun | None = None
    browser: BrowserCheck | None = None
    # mail: a template rendered, the messages and the activities of a record
    template: TemplateCheck | None = None
    messages: MessageCheck | None = None
    activities: ActivityCheck | None = None
    as_: str | None = Field(default=None, alias="as", pattern=IDENT)
    as_user: str | None = Field(default=None, pattern=IDENT, description="a scenario user")
    sudo: bool = False
    expect: dict[str, Any] = Field(default_factory=dict, description="{'var.field': value}")
    raises: ErrorName | None = None
    match: str | None = Field(default=None, description="text the error message contains")

    @property
    def kind(self) -> str | None:
        """The step's action, or None for a step that only checks."""
        return next((name for name in _ACTIONS if getattr(self, name) is not None), None)

    @model_validator(mode="after")
    def _shape(self) -> Step:
        done = [name for name in _ACTIONS if getattr(self, name) is not None]
        if len(done) > 1:
            raise ValueError(
                f"a step does one thing, this one does {' and '.join(done)}: split it in two"
            )
        if not done and not self.expect:
            raise ValueError(f"a step needs one of {', '.join(_ACTIONS)} or expect")
        if self.values and self.create is None and self.write is None:
            raise ValueError("'values' belong to a create or write step")
        if (self.args or self.kwargs) and self.call is None:
            raise ValueError("'args' and 'kwargs' belong to a call step")
        if self.model and self.call is None:
            raise ValueError("'model' belongs to a call step ('search' names its own model)")
        if self.call and "." not in self.call and self.model is None:
            raise ValueError("call 'var.method', or give the model: {model: M, call: method}")
        if self.call and "." in self.call and self.model is not None:
            raise ValueError("call 'method' on 'model', or 'var.method', not both")
        if (self.domain or self.limit or self.count is not None) and self.search is None:
            raise ValueError("'domain', 'limit' and 'count' belong to a search step")
        if (self.contains or self.not_contains) and self.search is None:
            raise ValueError("'contains' and 'not_contains' belong to a search step")
        if self.match is not None and self.raises is None:
            raise ValueError("'match' checks the message of 'raises'")
        if self.raises and self.as_:
            raise ValueError("a step that raises has no result to name with 'as'")
        if self.as_ and self.kind in _CHECKS:
            raise ValueError(f"a {self.kind} step has no result to name with 'as'")
        if self.as_user and self.sudo:
            raise ValueError("a step runs as_user or sudo, not both")
        return self


class Scenario(_Strict):
    """One acceptance test: users, steps, and the criteria it proves."""

    name: str = Field(pattern=IDENT)
    proves: list[str] = Field(default_factory=list, description="requirement ids, e.g. [R1]")
    groups: list[str] = Field(
        default_factory=list, description="Run every step as a new user in these groups."
    )
    users: list[TestUser] = Field(default_factory=list)
    steps: list[Step] = Field(min_length=1)

    @property
    def needs_http(self) -> bool:
        return any(step.http is not None or step.browser is not None for step in self.steps)
