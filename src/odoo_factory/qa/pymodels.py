"""Odoo models as declared in Python source, read with :mod:`ast` (nothing is imported).

Used on the addon being checked, on addons found on an addons path, and by
``scripts/build_catalogue.py`` on Odoo's own sources, so all three agree.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

__all__ = ["FIELD_TYPES", "FieldDef", "ModelDef", "models_in_module"]

FIELD_TYPES = frozenset(
    {
        "Boolean",
        "Integer",
        "Float",
        "Monetary",
        "Char",
        "Text",
        "Html",
        "Date",
        "Datetime",
        "Binary",
        "Image",
        "Selection",
        "Reference",
        "Many2one",
        "One2many",
        "Many2many",
        "Json",
        "Properties",
        "PropertiesDefinition",
        "Many2oneReference",
        "Id",
    }
)
RELATIONAL = frozenset({"Many2one", "One2many", "Many2many"})
MODEL_BASES = frozenset({"Model", "TransientModel", "AbstractModel", "BaseModel"})


@dataclass
class FieldDef:
    name: str
    type: str
    comodel: str | None
    line: int


@dataclass
class ModelDef:
    """One Python class that defines or extends an Odoo model."""

    name: str
    kind: str  # Model | TransientModel | AbstractModel
    line: int
    declares_name: bool  # has its own ``_name`` (a new model, or a copy of its parents)
    inherit: list[str] = field(default_factory=list)
    inherits: dict[str, str] = field(default_factory=dict)
    fields: dict[str, FieldDef] = field(default_factory=dict)
    order: tuple[str, int] | None = None
    rec_name: str | None = None
    auto: bool = True
    depends: list[tuple[str, int, int]] = field(default_factory=list)  # (path, line, col)
    class_node: ast.ClassDef | None = field(default=None, repr=False)

    @property
    def is_new(self) -> bool:
        """True when this class creates the model (rather than extending it)."""
        return self.declares_name and self.name not in self.inherit


def _base_kind(node: ast.ClassDef, local: dict[str, ModelDef]) -> tuple[str, ModelDef | None]:
    """The model kind of a class, and the model class of this file it derives from, if any."""
    for base in node.bases:
        name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", None)
        if name in MODEL_BASES:
            return ("Model" if name == "BaseModel" else str(name)), None
        if isinstance(base, ast.Name) and base.id in local:
            return local[base.id].kind, local[base.id]
    return "", None


def _strings(node: ast.expr) -> list[str] | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.List, ast.Tuple)):
        values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        return [v for v in values if isinstance(v, str)]
    return None


def field_call_type(value: ast.expr) -> str | None:
    """'Char' for ``fields.Char(...)`` or ``Char(...)``, else None."""
    if not isinstance(value, ast.Call):
        return None
    func = value.func
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        name = func.attr if func.value.id == "fields" else None
    elif isinstance(func, ast.Name):
        name = func.id
    else:
        name = None
    return name if name in FIELD_TYPES else None


def _comodel(call: ast.Call, ftype: str) -> str | None:
    if ftype not in RELATIONAL:
        return None
    for keyword in call.keywords:
        if keyword.arg == "comodel_name":
            values = _strings(keyword.value)
            return values[0] if values else None
    if call.args:
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            return first.value
    return None


def _depends_paths(decorator: ast.expr) -> list[tuple[str, int, int]]:
    if not isinstance(decorator, ast.Call):
        return []
    func = decorator.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    if name not in ("depends", "constrains"):
        return []
    found = []
    for arg in decorator.args:
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.append((arg.value, arg.lineno, arg.col_offset))
    return found


def _assignments(node: ast.ClassDef) -> list[tuple[str, ast.expr, int]]:
    """(name, value, line) of ``name = value``, ``a = b = value`` and ``name: T = value``."""
    found = []
    for stmt in node.body:
        if isinstance(stmt, ast.Assign):
            targets: list[ast.expr] = stmt.targets  # _name = _description = 'hr.mixin'
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets = [stmt.target]
        else:
            continue
        for target in targets:
            if isinstance(target, ast.Name) and stmt.value is not None:
                found.append((target.id, stmt.value, stmt.lineno))
    return found


def _model_from_class(node: ast.ClassDef, local: dict[str, ModelDef]) -> ModelDef | None:
    kind, python_parent = _base_kind(node, local)
    if not kind:
        return None
    assignments = _assignments(node)
    attrs = {name: value for name, value, _line in assignments}
    names = _strings(attrs["_name"]) if "_name" in attrs else None
    inherit_node = attrs.get("_inherit")
    if isinstance(inherit_node, ast.Name) and inherit_node.id == "_name" and names:
        inherit = [names[0]]  # _inherit = _name
    else:
        inherit = (_strings(inherit_node) or []) if inherit_node is not None else []
    if names:
        name = names[0]
    elif len(inherit) == 1:
        name = inherit[0]
    else:
        return None
    model = ModelDef(
        name=name, kind=kind, line=node.lineno, declares_name=bool(names), inherit=inherit
    )
    model.class_node = node
    if python_parent is not None:  # fields of a Python base class are inherited by Python
        model.fields.update(python_parent.fields)
    inherits = attrs.get("_inherits")
    if isinstance(inherits, ast.Dict):
        for key, value in zip(inherits.keys, inherits.values, strict=False):
            if isinstance(key, ast.Constant) and isinstance(value, ast.Constant):
                model.inherits[str(key.value)] = str(value.value)
    order = attrs.get("_order")
    if isinstance(order, ast.Constant) and isinstance(order.value, str):
        model.order = (order.value, order.lineno)
    rec_name = attrs.get("_rec_name")
    if isinstance(rec_name, ast.Constant) and isinstance(rec_name.value, str):
        model.rec_name = rec_name.value
    auto = attrs.get("_auto")
    if isinstance(auto, ast.Constant) and auto.value is False:
        model.auto = False
    for name, value, line in assignments:
        ftype = field_call_type(value)
        if ftype is not None and isinstance(value, ast.Call):
            comodel = _comodel(value, ftype)
            model.fields[name] = FieldDef(name, ftype, comodel, line)
            delegate = any(
                k.arg == "delegate" and isinstance(k.value, ast.Constant) and k.value.value is True
                for k in value.keywords
            )
            if delegate and comodel:
                model.inherits[comodel] = name  # same as _inherits = {comodel: name}
    for stmt in node.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in stmt.decorator_list:
                model.depends.extend(_depends_paths(decorator))
    return model


def _set_field(node: ast.stmt, local: dict[str, ModelDef], values: dict[str, ast.expr]) -> None:
    """``setattr(Class, 'global', field)``: a field whose name is a Python keyword."""
    call = node.value if isinstance(node, ast.Expr) else None
    if not (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "setattr"
        and len(call.args) == 3
    ):
        return
    target, name, value = call.args
    if isinstance(value, ast.Name):
        value = values.get(value.id, value)
    ftype = field_call_type(value)
    if (
        isinstance(target, ast.Name)
        and target.id in local
        and isinstance(name, ast.Constant)
        and isinstance(name.value, str)
        and ftype is not None
        and isinstance(value, ast.Call)
    ):
        model = local[target.id]
        model.fields[name.value] = FieldDef(name.value, ftype, _comodel(value, ftype), node.lineno)


def models_in_module(tree: ast.Module) -> list[ModelDef]:
    """Every model class at the top level of a parsed Python file."""
    local: dict[str, ModelDef] = {}
    found: list[ModelDef] = []
    values: dict[str, ast.expr] = {}  # module-level name = value
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            model = _model_from_class(node, local)
            if model is not None:
                local[node.name] = model
                found.append(model)
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            if isinstance(node.targets[0], ast.Name):
                values[node.targets[0].id] = node.value
        else:
            _set_field(node, local, values)
    return found
