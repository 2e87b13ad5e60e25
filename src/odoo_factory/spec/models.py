"""The module specification: typed models of the YAML/JSON format.

Short for simple things, explicit for complex ones: a field can be ``{name: title, type: char}``,
a view field can be the bare name ``title``. Conditions (``invisible``, ``readonly``,
``required``) are Python expressions over the record's fields, such as
``state != 'draft'``; the compiler renders them the way the target series wants.
Cross-references (models, fields, groups) are checked by :mod:`odoo_factory.spec.semantics`.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from odoo_factory.spec.automation import Automation, AutomationAction
from odoo_factory.spec.i18n import Translations
from odoo_factory.spec.jstests import JsTest
from odoo_factory.spec.mail import ActivityPlan, ActivityType, MailTemplate, MessageSubtype
from odoo_factory.spec.parameters import ConfigParameter
from odoo_factory.spec.patterns import DOTTED, IDENT, MODEL_NAME, PATH, PERMS, XMLID
from odoo_factory.spec.python_parts import (
    decorator_problem,
    dynamic_default,
    import_problem,
    message_template,
    parse_decorator,
)
from odoo_factory.spec.reports import Report
from odoo_factory.spec.scenarios import Requirement, Scenario, Step
from odoo_factory.spec.stages import ProgressBar
from odoo_factory.spec.values import (
    CodePlace,
    ExpressionKind,
    NameRole,
    code_problem,
    expression,
    expression_problem,
    name_problem,
    signature_problem,
    text_problem,
    value_problem,
)
from odoo_factory.spec.view_parts import ViewButton, ViewElement
from odoo_factory.spec.web import Controller, Template
from odoo_factory.spec.webclient import ClientAction, SystrayItem, Widget

__all__ = [
    "AccessRight",
    "Action",
    "Compute",
    "Constraint",
    "Cron",
    "DataRecord",
    "DecimalPrecision",
    "FieldSpec",
    "Group",
    "Menu",
    "Method",
    "ModelSpec",
    "ModuleInfo",
    "ModuleSpec",
    "Onchange",
    "Page",
    "RecordRule",
    "Requirement",
    "Scenario",
    "Sequence",
    "ServerAction",
    "SettingField",
    "Settings",
    "StatButton",
    "Step",
    "ViewField",
    "ViewGroup",
    "ViewSpec",
    "WorkflowButton",
    "WorkflowSpec",
    "XPath",
]

# what Odoo accepts as a model's _order (odoo.models.regex_order)
_ORDER = re.compile(
    r'^(\s*([a-z0-9:_]+|"[a-z0-9:_]+")(\.id)?(\s+(desc|asc))?(\s+nulls\s+(first|last))?\s*(,|$))+'
    r"(?<!,)$",
    re.IGNORECASE,
)

Ident = Annotated[str, Field(pattern=IDENT)]
ModelName = Annotated[str, Field(pattern=MODEL_NAME)]
XmlId = Annotated[str, Field(pattern=XMLID)]
Dotted = Annotated[str, Field(pattern=DOTTED)]

FieldType = Literal[
    "char",
    "text",
    "html",
    "integer",
    "float",
    "monetary",
    "boolean",
    "date",
    "datetime",
    "selection",
    "binary",
    "image",
    "many2one",
    "one2many",
    "many2many",
]
ViewMode = Literal["list", "form", "kanban", "calendar", "pivot", "graph", "activity"]
FIELD_TYPES: tuple[str, ...] = FieldType.__args__  # type: ignore[attr-defined]
RELATIONAL = ("many2one", "one2many", "many2many")


def _refuse(problem: str | None) -> None:
    if problem:
        raise ValueError(problem)


Problem = Callable[[Any], "str | None"]


def _checked(*fields: str, problem: Problem) -> Any:
    """A validator of ``fields`` that refuses a value ``problem`` finds fault with."""

    def check(cls: type[BaseModel], value: Any) -> Any:
        if value is not None:
            _refuse(problem(value))
        return value

    return field_validator(*fields)(check)


def _name_for(role: NameRole) -> Problem:
    return lambda value: name_problem(value, role)


def _code_in(place: CodePlace) -> Problem:
    return lambda value: code_problem(value, place)


def _expression_of(kind: ExpressionKind) -> Problem:
    return lambda value: expression_problem(value, kind)


def _each(problem: Problem) -> Problem:
    """``problem`` of the first item (or mapping value) that has one."""

    def first(values: Any) -> str | None:
        items = values.values() if isinstance(values, dict) else values
        return next((found for item in items if (found := problem(item))), None)

    return first


def _literal_domain(text: str) -> bool:
    """Whether ``text`` is a domain of literals only (no field or context names)."""
    try:
        ast.literal_eval(expression(text, "domain"))
    except ValueError:
        return False
    return True


def _controller_names(controllers: list[Any]) -> str | None:
    """Controller names become modules (``from . import name``), route methods ``def``s."""
    for controller in controllers:
        problem = name_problem(controller.name, "module") or next(
            (p for route in controller.routes if (p := name_problem(route.method, "method"))),
            None,
        )
        if problem:
            return f"controller {controller.name!r}: {problem}"
    return None


def _texts(value: Any) -> None:
    """Refuse a character no generated file can hold, in a value or a key at any depth."""
    if isinstance(value, str):
        _refuse(text_problem(value))
    elif isinstance(value, (list, tuple)):
        for item in value:
            _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            _texts(key)
            _texts(item)
    elif isinstance(value, BaseModel) and not isinstance(value, _Strict):
        _texts(value.model_dump())  # parts of the spec defined in modules of their own


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @field_validator("*", mode="after")
    @classmethod
    def _printable(cls, value: Any) -> Any:
        _texts(value)
        return value


class ModuleInfo(_Strict):
    """Metadata of the addon; becomes ``__manifest__.py`` and README.rst."""

    name: str = Field(pattern=IDENT, max_length=64, description="Technical name (folder name).")
    title: str = Field(description="Human title shown in the Apps list.")
    summary: str = ""
    description: str = ""
    category: str = "Uncategorized"
    author: str = "Odoo Factory"
    website: str = ""
    license: Literal["LGPL-3", "AGPL-3", "GPL-3", "OPL-1", "OEEL-1", "Other proprietary"] = "LGPL-3"
    version: str = Field(default="1.0.0", pattern=r"^\d+\.\d+\.\d+$")
    depends: list[str] = Field(default_factory=lambda: ["base"])
    series: str | None = Field(default=None, pattern=r"^1[2-9]\.0$")
    external_python: list[str] = Field(default_factory=list)
    application: bool = False

    @field_validator("depends")
    @classmethod
    def _depends_are_names(cls, value: list[str]) -> list[str]:
        for name in value:
            if not name or "/" in name or "\\" in name or not name.replace("_", "a").isalnum():
                raise ValueError(f"{name!r} is not an addon name")
        return value

    _name_is_a_module = _checked("name", problem=_name_for("module"))


class Compute(_Strict):
    """How a computed field gets its value: exactly one of the declarative forms or python."""

    count: str | None = Field(
        default=None, pattern=IDENT, description="one2many/many2many field to count."
    )
    sum: str | None = Field(
        default=None, pattern=PATH, description="'line_ids.amount': sum over a x2many."
    )
    max: str | None = Field(
        default=None, pattern=PATH, description="'line_ids.date': max over a x2many."
    )
    expression: str | None = Field(default=None, description="Python expression over rec.")
    python: str | None = Field(default=None, description="Body run once per record `rec`.")
    depends: list[Dotted] = Field(default_factory=list)
    store: bool = False

    _paths_are_names = _checked(
        "count", "sum", "max", problem=lambda value: _each(_name_for("python"))(value.split("."))
    )

    _expression_compiles = _checked("expression", problem=_code_in("expression"))

    _python_compiles = _checked("python", problem=_code_in("loop"))

    @model_validator(mode="after")
    def _exactly_one(self) -> Compute:
        given = [k for k in ("count", "sum", "max", "expression", "python") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of count, sum, max, expression, python")
        return self


class DecimalPrecision(_Strict):
    """A decimal precision (``decimal.precision``) the addon creates, named by float fields."""

    name: str = Field(min_length=1, max_length=64)
    digits: int = Field(ge=0, le=12, description="Digits after the decimal point.")


class FieldSpec(_Strict):
    name: str = Field(pattern=IDENT)
    type: FieldType
    string: str | None = None
    required: bool = False
    readonly: bool | None = None
    default: Any = Field(
        default=None,
        description="A literal, or =today, =now, =user, =company, =currency, a relative date "
        "(=today + 3 months, =now - 2 hours) or a context value (=context.key).",
    )
    help: str | None = None
    index: bool = False
    copy_: bool | None = Field(default=None, alias="copy")
    tracking: bool = False
    groups: list[XmlId] = Field(default_factory=list)
    domain: str | None = None
    context: str | None = None
    ondelete: Literal["cascade", "restrict", "set null"] | None = None
    related: str | None = Field(default=None, pattern=DOTTED)
    store: bool | None = None
    digits: tuple[int, int] | DecimalPrecision | str | None = Field(
        default=None,
        description="[precision, scale], a decimal precision name, or {name, digits} to "
        "create one.",
    )
    check_company: bool = False
    translate: bool = False
    company_dependent: bool = Field(
        default=False, description="One value per company (ir.property up to 17.0, jsonb 18.0+)."
    )
    selection: list[tuple[str, str]] | None = None
    comodel: str | None = Field(default=None, pattern=MODEL_NAME)
    inverse_name: str | None = Field(default=None, pattern=IDENT)
    relation: str | None = Field(default=None, pattern=IDENT)
    currency_field: str | None = Field(default=None, pattern=IDENT)
    compute: Compute | None = None
    inverse: str | None = Field(default=None, description="Body run per record `rec`.")
    group_expand: bool = Field(
        default=False, description="many2one: grouped, every record of comodel is a group."
    )

    _name_is_free = _checked("name", problem=_name_for("field"))

    @field_validator("default")
    @classmethod
    def _default_is_literal(cls, value: Any) -> Any:
        _refuse(value_problem(value))
        dynamic_default(value)  # a value that starts like a dynamic one must be one
        return value

    @field_validator("digits")
    @classmethod
    def _digits_name_is_text(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            raise ValueError("a decimal precision name is not empty, e.g. 'Product Price'")
        return value

    _domain_is_allowed = _checked("domain", problem=_expression_of("domain"))

    _context_is_allowed = _checked("context", problem=_expression_of("dict"))

    _inverse_compiles = _checked("inverse", problem=_code_in("loop"))

    @model_validator(mode="after")
    def _shape(self) -> FieldSpec:
        if self.type in RELATIONAL and not self.comodel:
            raise ValueError(f"a {self.type} field needs 'comodel' (the model it points to)")
        if self.type == "one2many" and not self.inverse_name:
            raise ValueError("a one2many field needs 'inverse_name' (the many2one on comodel)")
        if self.type == "selection" and not self.selection and not self.related:
            raise ValueError("a selection field needs 'selection': [[value, label], ...]")
        if self.type not in RELATIONAL and self.comodel:
            raise ValueError(f"'comodel' is only for relational fields, not {self.type}")
        if self.inverse and not self.compute:
            raise ValueError("'inverse' needs 'compute'")
        if self.digits is not None and self.type != "float":
            raise ValueError(f"'digits' is for float fields, not {self.type}")
        if self.check_company and self.type not in RELATIONAL:
            raise ValueError("'check_company' is for relational fields")
        if self.company_dependent:
            _company_dependent_shape(self)
        if self.domain and self.type == "one2many" and not _literal_domain(self.domain):
            raise ValueError(
                "the server applies a one2many's domain and cannot read field names in it: "
                "compare fields with literal values, e.g. [('state', '=', 'done')]"
            )
        dynamic = dynamic_default(self.default)
        if self.group_expand and self.type != "many2one":
            raise ValueError("'group_expand' is for many2one fields (a stage_id, say)")
        if dynamic and dynamic.kind == "first" and self.type != "many2one":
            raise ValueError("'=first' (the comodel's first record) is for many2one fields")
        if dynamic and dynamic.unit:
            wanted = "date" if dynamic.kind == "today" else "datetime"
            if self.type != wanted:
                raise ValueError(
                    f"a relative default from '={dynamic.kind}' is for a {wanted} field, not "
                    f"{self.type}"
                    + ("; use '=now …' for a datetime" if self.type == "datetime" else "")
                )
        return self

    @property
    def precision(self) -> str | None:
        """The decimal precision name of ``digits``, when it names one."""
        if isinstance(self.digits, DecimalPrecision):
            return self.digits.name
        return self.digits if isinstance(self.digits, str) else None

    @property
    def label(self) -> str:
        return self.string or _humanize(self.name)


class Constraint(_Strict):
    name: str = Field(pattern=IDENT)
    type: Literal["unique", "check", "python"]
    fields: list[Ident] = Field(default_factory=list)
    sql: str | None = Field(default=None, description="SQL condition for a check constraint.")
    condition: str | None = Field(default=None, description="Python condition on `rec`.")
    message: str = Field(description="Error shown; {rec.field} shows a value of the record.")

    _condition_compiles = _checked("condition", problem=_code_in("expression"))

    @model_validator(mode="after")
    def _shape(self) -> Constraint:
        if self.type in ("unique", "python") and not self.fields:
            raise ValueError(f"a {self.type} constraint needs 'fields'")
        if "{rec." in self.message and self.type != "python":
            raise ValueError(
                "a SQL constraint's message is fixed text: only a python constraint's message "
                "shows record values ({rec.field})"
            )
        message_template(self.message)  # placeholders are {rec.path}; braces are doubled
        if self.type == "check" and not self.sql:
            raise ValueError("a check constraint needs 'sql'")
        if self.type == "python" and not self.condition:
            raise ValueError("a python constraint needs 'condition'")
        return self


class Onchange(_Strict):
    fields: list[Ident] = Field(min_length=1)
    python: str = Field(description="Body of the onchange method, `self` is the record.")

    _python_compiles = _checked("python", problem=_code_in("body"))


class Method(_Strict):
    name: str = Field(pattern=IDENT)
    args: list[str] = Field(default_factory=list, description="Arguments after self.")
    decorator: Literal["model", "model_create_multi", "none"] = "none"
    decorators: list[str] = Field(
        default_factory=list,
        description="api decorators: api.depends('a.b'), api.constrains('a'), "
        "api.onchange('a'), api.ondelete(at_uninstall=False), api.model, "
        "api.model_create_multi.",
    )
    button: bool | str | None = Field(
        default=None,
        description="Wizard footer button: true (label from the name), a label, or false.",
    )
    python: str

    _name_is_a_method = _checked("name", problem=_name_for("method"))

    _decorators_are_api = _checked("decorators", problem=_each(decorator_problem))

    @model_validator(mode="after")
    def _one_way_to_decorate(self) -> Method:
        if self.decorator != "none" and self.decorators:
            raise ValueError(
                f"give 'decorators' or 'decorator', not both: add 'api.{self.decorator}' to "
                "'decorators'"
            )
        names = [parse_decorator(d).name for d in self.decorators]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"api.{name} is given twice; merge its arguments")
        if {"model", "model_create_multi"} <= set(names):
            raise ValueError("api.model and api.model_create_multi exclude each other")
        if self.button and not self.callable_as_button:
            raise ValueError(
                "a button calls the method on the records with no argument: remove the "
                "required arguments and api.model"
            )
        if isinstance(self.button, str) and not self.button.strip():
            raise ValueError("a button label is not empty; write 'button: true' for a label")
        return self

    @property
    def api_names(self) -> set[str]:
        """The api decorators of the method (from ``decorator`` or ``decorators``)."""
        if self.decorator != "none":
            return {self.decorator}
        return {parse_decorator(d).name for d in self.decorators}

    @property
    def callable_as_button(self) -> bool:
        """Whether a button can call it: on records, with no argument."""
        required = any(not a.strip().startswith("*") and "=" not in a for a in self.args)
        return not required and not self.api_names & {"model", "model_create_multi"}

    @property
    def button_label(self) -> str | None:
        """The label of the wizard footer button the method makes, None when it makes none."""
        if self.button is False:
            return None
        if isinstance(self.button, str):
            return self.button
        if self.button or (self.name.startswith("action_") and self.callable_as_button):
            words = self.name.removeprefix("action_").replace("_", " ")
            return words[:1].upper() + words[1:]
        return None

    @field_validator("args")
    @classmethod
    def _args_are_a_signature(cls, value: list[str]) -> list[str]:
        _refuse(signature_problem(value))
        return value

    @field_validator("python")
    @classmethod
    def _python_compiles(cls, value: str, info: ValidationInfo) -> str:
        _refuse(code_problem(value, "body", info.data.get("args", [])))
        return value


class WorkflowButton(_Strict):
    name: str = Field(pattern=IDENT, description="Method name, e.g. action_confirm.")
    string: str
    from_: list[str] = Field(alias="from", min_length=1)
    to: str
    guard: str | None = Field(default=None, description="Python condition on `rec`.")
    guard_message: str | None = None
    python: str | None = Field(default=None, description="Side effect run per record `rec`.")
    primary: bool = False
    groups: list[XmlId] = Field(default_factory=list)
    send: str | None = Field(default=None, pattern=IDENT, description="Mail template sent.")
    activity: ActivityPlan | None = Field(default=None, description="Activity scheduled.")

    _name_is_a_method = _checked("name", problem=_name_for("method"))

    _guard_compiles = _checked("guard", problem=_code_in("expression"))

    _python_compiles = _checked("python", problem=_code_in("loop"))


class WorkflowSpec(_Strict):
    field: str = Field(default="state", pattern=IDENT)
    states: list[tuple[str, str]] = Field(min_length=2)
    default: str | None = None
    tracking: bool = True
    statusbar_visible: list[str] = Field(default_factory=list)
    buttons: list[WorkflowButton] = Field(default_factory=list)

    _field_is_free = _checked("field", problem=_name_for("field"))


class ModelSpec(_Strict):
    name: str = Field(pattern=MODEL_NAME)
    description: str | None = None
    kind: Literal["regular", "transient", "abstract"] = "regular"
    extend: bool = Field(default=False, description="Add to an existing model (_inherit).")
    inherit: list[ModelName] = Field(default_factory=list, description="Mixins or parents.")
    inherits: dict[ModelName, Ident] = Field(
        default_factory=dict, description="{parent: fk field}."
    )
    mail: bool = Field(default=False, description="mail.thread + mail.activity.mixin.")
    order: str | None = None
    rec_name: str | None = Field(default=None, pattern=IDENT)
    multi_company: bool = False
    parent_store: bool = Field(
        default=False, description="A tree: _parent_store, parent_path, fast child_of."
    )
    parent_name: str = Field(default="parent_id", pattern=IDENT, description="_parent_name.")
    imports: list[str] = Field(
        default_factory=list, description="Module-level imports of the model's file."
    )
    fields: list[FieldSpec] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list)
    onchanges: list[Onchange] = Field(default_factory=list)
    methods: list[Method] = Field(default_factory=list)
    workflow: WorkflowSpec | None = None

    _imports_are_imports = _checked("imports", problem=_each(import_problem))

    _parent_is_a_field = _checked("parent_name", problem=_name_for("field"))

    @field_validator("name")
    @classmethod
    def _name_makes_a_class(cls, value: str) -> str:
        if len(value) > 63:
            raise ValueError(f"{value!r} is longer than the 63 characters of a table name")
        _refuse(name_problem(value.replace(".", "_"), "module"))
        cls_name = "".join(part.capitalize() for part in value.replace("_", ".").split("."))
        if not cls_name.isidentifier() or cls_name in ("None", "True", "False"):
            raise ValueError(
                f"{value!r} does not make a Python class name; start each part with a letter"
            )
        return value

    _links_are_fields = _checked("inherits", problem=_each(_name_for("field")))

    @field_validator("order")
    @classmethod
    def _order_is_sql_order(cls, value: str | None) -> str | None:
        if value is not None and not _ORDER.fullmatch(value):
            raise ValueError(
                f"{value!r} is not an order: write field names with asc/desc, like 'date desc, id'"
            )
        return value

    @model_validator(mode="after")
    def _members_are_distinct(self) -> ModelSpec:
        fields = {f.name for f in self.fields} | set(self.inherits.values())
        if self.workflow:
            fields.add(self.workflow.field)
        methods = [m.name for m in self.methods]
        if self.workflow:
            methods += [b.name for b in self.workflow.buttons]
        for name in methods:
            if name in fields:
                raise ValueError(f"{name!r} names both a field and a method; rename one")
        if self.kind != "transient" and any(m.button for m in self.methods):
            raise ValueError(
                "'button' makes a wizard footer button: it is for methods of transient models"
            )
        if self.parent_store:
            if self.extend or self.kind != "regular":
                raise ValueError("'parent_store' is for new regular models")
            parent = next((f for f in self.fields if f.name == self.parent_name), None)
            if parent is not None and (parent.type != "many2one" or parent.comodel != self.name):
                raise ValueError(
                    f"the parent field {self.parent_name!r} of a tree is a many2one to "
                    f"{self.name!r}"
                )
            if any(f.name == "parent_path" for f in self.fields):
                raise ValueError("'parent_store' adds 'parent_path'; do not declare it")
        return self

    @property
    def check_company(self) -> bool:
        """Whether Odoo checks the companies of related records (_check_company_auto)."""
        return (self.multi_company and not self.extend) or any(f.check_company for f in self.fields)

    @property
    def class_name(self) -> str:
        return "".join(part.capitalize() for part in self.name.replace("_", ".").split("."))

    @property
    def module_name(self) -> str:
        return self.name.replace(".", "_")

    @property
    def label(self) -> str:
        return self.description or _humanize(self.name.split(".")[-1])


class ViewField(_Strict):
    name: str = Field(pattern=IDENT)
    string: str | None = None
    widget: str | None = None
    options: str | None = None
    invisible: str | None = None
    readonly: str | None = None
    required: str | None = None
    column_invisible: str | None = None
    filter_domain: str | None = Field(default=None, description="Search view: its domain.")
    optional: Literal["show", "hide"] | None = None
    sum: str | None = None
    columns: list[ViewField] = Field(default_factory=list, description="Embedded list.")

    _condition_is_allowed = _checked(
        "invisible", "readonly", "required", "column_invisible", problem=_expression_of("condition")
    )

    _options_are_a_mapping = _checked("options", problem=_expression_of("dict"))

    _filter_domain_is_allowed = _checked("filter_domain", problem=_expression_of("domain"))

    _column_refs = field_validator("columns", mode="before")(
        lambda cls, v: [_field_ref(x) for x in v] if isinstance(v, list) else v
    )


def _field_ref(value: Any) -> Any:
    return {"name": value} if isinstance(value, str) else value


class ViewGroup(_Strict):
    string: str | None = None
    fields: list[ViewField] = Field(default_factory=list)

    _refs = field_validator("fields", mode="before")(
        lambda cls, v: [_field_ref(x) for x in v] if isinstance(v, list) else v
    )


class Page(ViewGroup):
    pass


class StatButton(_Strict):
    name: str = Field(pattern=IDENT, description="Method returning an action.")
    string: str
    icon: str = "fa-list"
    count: str | None = Field(default=None, pattern=IDENT, description="Integer field shown.")

    _name_is_a_method = _checked("name", problem=_name_for("method"))


class XPath(_Strict):
    expr: str
    position: Literal["after", "before", "inside", "replace", "attributes"] = "after"
    fields: list[ViewField] = Field(default_factory=list)
    attributes: dict[str, str] = Field(default_factory=dict)
    elements: list[ViewElement] = Field(default_factory=list, description="Any elements.")
    move: str | None = Field(default=None, description="XPath of an element moved here.")

    _refs = field_validator("fields", mode="before")(
        lambda cls, v: [_field_ref(x) for x in v] if isinstance(v, list) else v
    )


class SearchFilter(_Strict):
    name: str = Field(pattern=IDENT)
    string: str
    domain: str

    _domain_is_allowed = _checked("domain", problem=_expression_of("domain"))


class ViewSpec(_Strict):
    id: str | None = Field(default=None, pattern=XMLID)
    model: str = Field(pattern=MODEL_NAME)
    type: Literal[
        "form", "list", "search", "kanban", "calendar", "pivot", "graph", "activity", "inherit"
    ]
    # form
    title: str | None = Field(default=None, pattern=IDENT, description="Field shown as <h1>.")
    header: bool = True
    stat_buttons: list[StatButton] = Field(default_factory=list)
    groups: list[ViewGroup] = Field(default_factory=list)
    pages: list[Page] = Field(default_factory=list)
    chatter: bool = True
    # list / kanban / search / calendar / pivot / graph
    fields: list[ViewField] = Field(default_factory=list)
    editable: Literal["top", "bottom"] | None = None
    decorations: dict[Literal["danger", "warning", "success", "info", "muted", "bf"], str] = Field(
        default_factory=dict
    )
    handle: str | None = Field(default=None, pattern=IDENT)
    filters: list[SearchFilter] = Field(default_factory=list)
    group_by: list[Ident] = Field(default_factory=list)
    date_start: str | None = Field(default=None, pattern=IDENT)
    date_stop: str | None = Field(default=None, pattern=IDENT)
    color: str | None = Field(default=None, pattern=IDENT)
    # kanban
    default_group_by: str | None = Field(default=None, pattern=IDENT)
    records_draggable: bool | None = None
    quick_create: bool | None = None
    progressbar: ProgressBar | None = Field(default=None, description="Kanban column bars.")
    measures: list[Ident] = Field(default_factory=list)
    rows: list[Ident] = Field(default_factory=list)
    # inherit
    inherit_id: str | None = Field(default=None, pattern=XMLID)
    xpaths: list[XPath] = Field(default_factory=list)
    # form header / list rows
    buttons: list[ViewButton] = Field(default_factory=list)

    _refs = field_validator("fields", mode="before")(
        lambda cls, v: [_field_ref(x) for x in v] if isinstance(v, list) else v
    )

    _conditions_are_allowed = _checked("decorations", problem=_each(_expression_of("condition")))

    @model_validator(mode="after")
    def _shape(self) -> ViewSpec:
        if self.type == "inherit" and (not self.inherit_id or not self.xpaths):
            raise ValueError("an inherit view needs 'inherit_id' and 'xpaths'")
        if self.type == "calendar" and not self.date_start:
            raise ValueError("a calendar view needs 'date_start'")
        return self


def _default_modes() -> list[ViewMode]:
    return ["list", "form"]


class Action(_Strict):
    id: str | None = Field(default=None, pattern=XMLID)
    model: str = Field(pattern=MODEL_NAME)
    name: str | None = None
    view_modes: list[ViewMode] = Field(
        default_factory=_default_modes, description="[form] for a wizard (transient model)."
    )
    domain: str | None = None
    context: str | None = None
    default_filter: str | None = Field(default=None, pattern=IDENT)
    help: str | None = None
    target: Literal["current", "new", "fullscreen", "main", "inline"] | None = Field(
        default=None, description="Where it opens; 'new' (a dialog) for a wizard."
    )
    binding_model: str | None = Field(
        default=None, pattern=MODEL_NAME, description="Offer it in this model's Action menu."
    )
    binding_view_types: list[Literal["list", "form"]] = Field(
        default_factory=list, description="Views whose Action menu offers it; both if empty."
    )

    _domain_is_allowed = _checked("domain", problem=_expression_of("domain"))

    _context_is_allowed = _checked("context", problem=_expression_of("dict"))

    @model_validator(mode="after")
    def _binding_shape(self) -> Action:
        if self.binding_view_types and not self.binding_model:
            raise ValueError(
                "'binding_view_types' needs 'binding_model' (the model it is offered on)"
            )
        if len(set(self.binding_view_types)) != len(self.binding_view_types):
            raise ValueError("'binding_view_types' names a view type twice")
        return self

    @property
    def modes_given(self) -> bool:
        """Whether the spec chose the view modes (else they follow the model's kind)."""
        return "view_modes" in self.model_fields_set


class ServerAction(_Strict):
    id: str = Field(pattern=XMLID)
    name: str
    model: str = Field(pattern=MODEL_NAME)
    python: str | None = Field(
        default=None, description="Server action code; `records`, `env` are available."
    )
    actions: list[AutomationAction] = Field(
        default_factory=list, description="Instead of python: writes, activities, mails."
    )
    binding: bool = True

    _python_compiles = _checked("python", problem=_code_in("module"))

    @model_validator(mode="after")
    def _python_or_actions(self) -> ServerAction:
        if (self.python is None) == (not self.actions):
            raise ValueError("a server action runs 'python' or does 'actions', one of them")
        return self


class Menu(_Strict):
    id: str = Field(pattern=XMLID)
    name: str
    parent: str | None = Field(default=None, pattern=XMLID)
    action: str | None = Field(default=None, pattern=XMLID)
    sequence: int = 10
    groups: list[XmlId] = Field(default_factory=list)


# an existing category's xml id: 'base.module_category_services'
CATEGORY_XMLID = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-zA-Z0-9_]*$")


class Group(_Strict):
    id: str = Field(pattern=XMLID)
    name: str
    category: str | None = Field(
        default=None,
        description="A category name (created), or the xml id of an existing category.",
    )
    implied: list[XmlId] = Field(default_factory=list, description="Groups it implies (added).")
    users: list[XmlId] = Field(default_factory=list, description="Users added to it (xml ids).")

    @property
    def category_ref(self) -> str | None:
        """The xml id of an existing category, when ``category`` names one."""
        if self.category and CATEGORY_XMLID.match(self.category):
            return self.category
        return None


class AccessRight(_Strict):
    model: str = Field(pattern=MODEL_NAME)
    group: str | None = Field(default=None, pattern=XMLID)
    perms: str = Field(default="rwcu", pattern=PERMS)


class RecordRule(_Strict):
    id: str = Field(pattern=XMLID)
    name: str
    model: str = Field(pattern=MODEL_NAME)
    domain: str
    groups: list[XmlId] = Field(default_factory=list)
    perms: str = Field(default="rwcu", pattern=PERMS)

    _domain_is_allowed = _checked("domain", problem=_expression_of("domain"))


class Sequence(_Strict):
    code: str = Field(pattern=DOTTED)
    name: str
    prefix: str = ""
    padding: int = Field(default=5, ge=1, le=12)
    field: str | None = Field(
        default=None, pattern=PATH, description="'model.field' filled on create."
    )
    per_company: bool = Field(
        default=False, description="One sequence per company; a record numbers in its company's."
    )


class Cron(_Strict):
    id: str = Field(pattern=XMLID)
    name: str
    model: str = Field(pattern=MODEL_NAME)
    method: str = Field(pattern=IDENT, description="Method of the model called with no args.")
    interval_number: int = Field(default=1, ge=1)
    interval_type: Literal["minutes", "hours", "days", "weeks", "months"] = "days"
    active: bool = True

    _method_is_a_name = _checked("method", problem=_name_for("method"))


class DataRecord(_Strict):
    id: str = Field(pattern=XMLID)
    model: str = Field(pattern=MODEL_NAME)
    values: dict[Ident, Any] = Field(description="Field values; '$ref:xmlid' points to a record.")
    noupdate: bool | None = Field(
        default=None, description="Loaded once, kept on upgrade; else as its block says."
    )

    @field_validator("values")
    @classmethod
    def _values_are_data(cls, value: dict[str, Any]) -> dict[str, Any]:
        for name, item in value.items():
            if isinstance(item, dict) or (
                isinstance(item, list)
                and not all(isinstance(v, str) and v.startswith("$ref:") for v in item)
            ):
                raise ValueError(
                    f"{name}: a record value is a literal, '$ref:xmlid', or a list of "
                    "'$ref:xmlid' for a many2many"
                )
            problem = value_problem(item, refs=True)
            if problem:
                raise ValueError(f"{name}: {problem}")
        return value


SettingType = Literal[
    "char",
    "text",
    "integer",
    "float",
    "monetary",
    "boolean",
    "date",
    "datetime",
    "selection",
    "many2one",
    "many2many",
]
# what res.config.settings stores in ir.config_parameter (odoo/addons/base/models/res_config.py)
CONFIG_PARAMETER_TYPES = ("char", "integer", "float", "boolean", "selection", "many2one")


class SettingField(_Strict):
    """A field of res.config.settings: a company field or a system parameter."""

    name: str = Field(pattern=IDENT)
    type: SettingType | None = Field(
        default=None, description="Taken from the company field when the spec declares it."
    )
    string: str | None = None
    help: str | None = None
    related: str | None = Field(
        default=None, pattern=PATH, description="'company_id.<field>': edits the company."
    )
    config_parameter: str | None = Field(
        default=None,
        pattern=r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$",
        description="'module.key': stored as a system parameter.",
    )
    readonly: bool = False
    default: Any = None
    comodel: str | None = Field(default=None, pattern=MODEL_NAME)
    selection: list[tuple[str, str]] | None = None

    _name_is_free = _checked("name", problem=_name_for("field"))

    @field_validator("default")
    @classmethod
    def _default_is_literal(cls, value: Any) -> Any:
        _refuse(value_problem(value))
        return value

    @model_validator(mode="after")
    def _shape(self) -> SettingField:
        if (self.related is None) == (self.config_parameter is None):
            raise ValueError(
                "a setting is either 'related: company_id.<field>' or "
                "'config_parameter: module.key'"
            )
        if self.related and not self.related.startswith("company_id."):
            raise ValueError(
                f"'related' of a setting starts with 'company_id.', not {self.related!r}"
            )
        if self.related and self.default is not None:
            raise ValueError("a related setting takes its value from the company: no 'default'")
        if self.config_parameter:
            if self.type is None:
                raise ValueError("a config_parameter setting needs 'type'")
            if self.type not in CONFIG_PARAMETER_TYPES:
                raise ValueError(
                    f"a {self.type} setting cannot be a config_parameter; use one of "
                    f"{', '.join(CONFIG_PARAMETER_TYPES)}, or a company field with 'related'"
                )
        if self.type in ("many2one", "many2many") and not self.comodel and not self.related:
            raise ValueError(f"a {self.type} setting needs 'comodel'")
        if self.type == "selection" and not self.selection and not self.related:
            raise ValueError("a selection setting needs 'selection': [[value, label], ...]")
        return self

    @property
    def label(self) -> str:
        return self.string or _humanize(self.name)


class Settings(_Strict):
    """A block of the Settings screen with fields of res.config.settings."""

    title: str = Field(min_length=1, description="Title of the addon's app and its block.")
    fields: list[SettingField] = Field(min_length=1)


class ModuleSpec(_Strict):
    """A whole module specification (the top level of a spec file)."""

    spec_version: Literal[1] = 1
    module: ModuleInfo
    models: list[ModelSpec] = Field(default_factory=list)
    views: list[ViewSpec] = Field(default_factory=list)
    default_views: bool = Field(default=True, description="Generate missing views and menus.")
    actions: list[Action] = Field(default_factory=list)
    server_actions: list[ServerAction] = Field(default_factory=list)
    menus: list[Menu] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    access: list[AccessRight] = Field(default_factory=list)
    rules: list[RecordRule] = Field(default_factory=list)
    sequences: list[Sequence] = Field(default_factory=list)
    crons: list[Cron] = Field(default_factory=list)
    records: list[DataRecord] = Field(default_factory=list)
    demo: list[DataRecord] = Field(default_factory=list)
    controllers: list[Controller] = Field(
        default_factory=list, description="HTTP controllers and their routes."
    )
    templates: list[Template] = Field(default_factory=list, description="QWeb templates.")
    requirements: list[Requirement] = Field(
        default_factory=list, description="Numbered acceptance criteria the tests prove."
    )
    tests: list[Scenario] = Field(default_factory=list)
    records_noupdate: bool = Field(
        default=False, description="Every record loaded once, kept on upgrade (noupdate)."
    )
    demo_noupdate: bool = Field(default=False, description="The same for demo records.")
    settings: Settings | None = Field(
        default=None, description="Fields added to res.config.settings and its view."
    )
    reports: list[Report] = Field(
        default_factory=list, description="Printed reports (QWeb) in a model's Print menu."
    )
    translations: Translations | None = None
    parameters: list[ConfigParameter] = Field(
        default_factory=list, description="System parameters created with a default value."
    )
    automations: list[Automation] = Field(
        default_factory=list, description="Automated actions (base.automation)."
    )
    widgets: list[Widget] = Field(default_factory=list, description="Web client field widgets.")
    client_actions: list[ClientAction] = Field(
        default_factory=list, description="Client actions (web client screens) with a menu."
    )
    systray: list[SystrayItem] = Field(default_factory=list, description="Systray items.")
    js_tests: list[JsTest] = Field(
        default_factory=list, description="JavaScript unit tests of the web client components."
    )
    mail_templates: list[MailTemplate] = Field(default_factory=list, description="Mail templates.")
    message_subtypes: list[MessageSubtype] = Field(
        default_factory=list, description="Chatter message subtypes, posted on tracked changes."
    )
    activity_types: list[ActivityType] = Field(default_factory=list, description="Activity types.")

    _controllers_make_python = _checked("controllers", problem=_controller_names)

    @model_validator(mode="after")
    def _models_have_their_own_files(self) -> ModuleSpec:
        files: dict[str, str] = {}
        for model in self.models:
            other = files.setdefault(model.module_name, model.name)
            if other != model.name:
                raise ValueError(
                    f"models {other!r} and {model.name!r} would share the file "
                    f"{model.module_name}.py; rename one"
                )
        return self

    def model(self, name: str) -> ModelSpec | None:
        return next((m for m in self.models if m.name == name), None)


# odoo/fields.py COMPANY_DEPENDENT_FIELDS (18.0); ir.property value types before
COMPANY_DEPENDENT_TYPES = (
    "char", "float", "boolean", "integer", "text", "many2one", "date", "datetime", "selection",
    "html",
)  # fmt: skip


def _company_dependent_shape(f: FieldSpec) -> None:
    """What a company-dependent field cannot be: Odoo keeps one value per company apart
    from the record (ir.property, or a jsonb column keyed by company from 18.0)."""
    if f.type not in COMPANY_DEPENDENT_TYPES:
        raise ValueError(
            f"a {f.type} field cannot be company_dependent; use one of "
            + ", ".join(COMPANY_DEPENDENT_TYPES)
        )
    for flag, why in (
        ("required", "a company without a value has none"),
        ("translate", "the value is per company, not per language"),
        ("related", "the value is its own per company"),
        ("compute", "the value is what each company sets"),
    ):
        if getattr(f, flag):
            raise ValueError(f"a company_dependent field cannot be {flag}: {why}")
    if f.store:
        raise ValueError("a company_dependent field has no 'store': Odoo decides where it lives")


def _humanize(name: str) -> str:
    words = name.removesuffix("_ids").removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]
