"""Series rules: the rule table (``rules.yaml``) and one small matcher per rule id."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from odoo_factory.qa.addon_files import AddonSource
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.pymodels import field_call_type
from odoo_factory.qa.xmltree import XmlNode

__all__ = ["SeriesRule", "load_rules", "run_series_rules", "series_key"]

# A hit: (file, line, column, detail for the message)
Hit = tuple[str, int | None, int | None, str]
Matcher = Callable[[AddonSource], Iterator[Hit]]
_MATCHERS: dict[str, Matcher] = {}


def series_key(series: str) -> tuple[int, int]:
    major, _, minor = series.partition(".")
    return int(major), int(minor or 0)


class SeriesRule(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    since: str
    until: str | None
    severity: Severity
    kind: Literal["breaks-install", "silently-wrong"]
    message: str
    hint: str

    def applies_to(self, series: str) -> bool:
        key = series_key(series)
        if key < series_key(self.since):
            return False
        return self.until is None or key < series_key(self.until)


@cache
def load_rules() -> tuple[SeriesRule, ...]:
    text = resources.files("odoo_factory.qa").joinpath("rules.yaml").read_text("utf-8")
    return tuple(SeriesRule(**item) for item in yaml.safe_load(text)["rules"])


def matcher(rule_id: str) -> Callable[[Matcher], Matcher]:
    def register(function: Matcher) -> Matcher:
        _MATCHERS[rule_id] = function
        return function

    return register


def run_series_rules(source: AddonSource, series: str) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for rule in load_rules():
        if not rule.applies_to(series):
            continue
        for file, line, column, detail in _MATCHERS[rule.id](source):
            found.append(
                Diagnostic(
                    source="factory",
                    severity=rule.severity,
                    category="series",
                    rule=rule.id,
                    file=file,
                    line=line,
                    column=column,
                    message=rule.message.replace("{detail}", detail),
                    hint=rule.hint.replace("{detail}", detail),
                )
            )
    return found


# -- helpers over the parsed files -------------------------------------------------------------


def records(source: AddonSource, *models: str) -> Iterator[tuple[str, XmlNode]]:
    for rel, root in source.xml.items():
        for node in root.iter("record"):
            if node.get("model") in models:
                yield rel, node


def view_arch_nodes(source: AddonSource) -> Iterator[tuple[str, XmlNode]]:
    """Every element inside the arch of an ir.ui.view record."""
    for rel, record in records(source, "ir.ui.view"):
        arch = record.field_value("arch")
        if arch is not None:
            for child in arch.children:
                for node in child.iter():
                    yield rel, node


def python_nodes(source: AddonSource) -> Iterator[tuple[str, ast.AST]]:
    for rel, tree in source.python.items():
        for node in ast.walk(tree):
            yield rel, node


def _decorated_with(source: AddonSource, name: str) -> Iterator[Hit]:
    for rel, node in python_nodes(source):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Attribute)
                    and decorator.attr == name
                    and isinstance(decorator.value, ast.Name)
                    and decorator.value.id == "api"
                ):
                    yield rel, decorator.lineno, decorator.col_offset, name


def _method_defined(source: AddonSource, method: str) -> Iterator[Hit]:
    for rel, model in source.models:
        if model.class_node is None:
            continue
        for stmt in model.class_node.body:
            if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == method:
                yield rel, stmt.lineno, stmt.col_offset, method


def _field_keyword(source: AddonSource, keyword: str) -> Iterator[Hit]:
    for rel, node in python_nodes(source):
        if isinstance(node, ast.Call) and field_call_type(node) is not None:
            for kw in node.keywords:
                if kw.arg == keyword:
                    yield rel, kw.value.lineno, kw.value.col_offset, keyword


# -- matchers ----------------------------------------------------------------------------------


@matcher("view-attrs")
def _view_attrs(source: AddonSource) -> Iterator[Hit]:
    for rel, node in view_arch_nodes(source):
        if "attrs" in node.attrib or (node.tag == "attribute" and node.get("name") == "attrs"):
            yield rel, node.line, None, "attrs"


@matcher("view-states")
def _view_states(source: AddonSource) -> Iterator[Hit]:
    for rel, node in view_arch_nodes(source):
        if "states" in node.attrib or (node.tag == "attribute" and node.get("name") == "states"):
            yield rel, node.line, None, "states"


@matcher("search-group-attributes")
def _search_group_attributes(source: AddonSource) -> Iterator[Hit]:
    for rel, record in records(source, "ir.ui.view"):
        arch = record.field_value("arch")
        if arch is None:
            continue
        for root in arch.children:
            if root.tag != "search":
                continue
            for node in root.iter():
                named = [name for name in ("expand", "string") if name in node.attrib]
                if node.tag == "group" and named:
                    yield rel, node.line, None, " and ".join(named)


_TREE_XPATH = re.compile(r"(^|/)tree\b")


@matcher("view-tree-tag")
def _view_tree(source: AddonSource) -> Iterator[Hit]:
    for rel, node in view_arch_nodes(source):
        if node.tag == "tree" or (
            node.tag == "xpath" and _TREE_XPATH.search(node.get("expr") or "")
        ):
            yield rel, node.line, None, "tree"


_TREE_MODE = re.compile(r"\btree\b")
_LIST_MODE = re.compile(r"\blist\b")


def _view_modes(source: AddonSource, pattern: re.Pattern[str]) -> Iterator[Hit]:
    """view_mode values matching ``pattern``, in act_window records and Python dicts."""
    for rel, record in records(source, "ir.actions.act_window", "ir.actions.act_window.view"):
        mode = record.field_value("view_mode")
        if mode is not None and pattern.search(mode.text):
            yield rel, mode.line, None, mode.text.strip()
    for rel, node in python_nodes(source):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=False):
                if (
                    isinstance(key, ast.Constant)
                    and key.value == "view_mode"
                    and isinstance(value, ast.Constant)
                    and isinstance(value.value, str)
                    and pattern.search(value.value)
                ):
                    yield rel, value.lineno, value.col_offset, value.value


@matcher("view-mode-tree")
def _view_mode_tree(source: AddonSource) -> Iterator[Hit]:
    return _view_modes(source, _TREE_MODE)


@matcher("view-mode-list")
def _view_mode_list(source: AddonSource) -> Iterator[Hit]:
    # Only the selection field of act_window.view refuses it: before 18.0 the web client
    # itself maps 'list' to 'tree' in action dicts and in act_window's view_mode.
    for rel, record in records(source, "ir.actions.act_window.view"):
        mode = record.field_value("view_mode")
        if mode is not None and _LIST_MODE.search(mode.text):
            yield rel, mode.line, None, mode.text.strip()


@matcher("view-list-tag")
def _view_list(source: AddonSource) -> Iterator[Hit]:
    for rel, node in view_arch_nodes(source):
        if node.tag == "list":
            yield rel, node.line, None, "list"


@matcher("chatter-tag")
def _chatter(source: AddonSource) -> Iterator[Hit]:
    for rel, node in view_arch_nodes(source):
        if node.tag == "chatter":
            yield rel, node.line, None, "chatter"


@matcher("cron-numbercall-doall")
def _cron_fields(source: AddonSource) -> Iterator[Hit]:
    for rel, record in records(source, "ir.cron"):
        for name in ("numbercall", "doall"):
            value = record.field_value(name)
            if value is not None:
                yield rel, value.line, None, name


@matcher("api-multi")
def _api_multi(source: AddonSource) -> Iterator[Hit]:
    return _decorated_with(source, "multi")


@matcher("api-one")
def _api_one(source: AddonSource) -> Iterator[Hit]:
    return _decorated_with(source, "one")


@matcher("users-groups-id")
def _users_groups_id(source: AddonSource) -> Iterator[Hit]:
    for rel, record in records(source, "res.users", "res.groups"):
        value = record.field_value("groups_id")
        if value is not None:
            yield rel, value.line, None, str(record.get("model"))


@matcher("act-window-shortcut")
def _act_window(source: AddonSource) -> Iterator[Hit]:
    for rel, root in source.xml.items():
        for node in root.iter("act_window"):
            yield rel, node.line, None, "act_window"


@matcher("report-shortcut")
def _report(source: AddonSource) -> Iterator[Hit]:
    for rel, root in source.xml.items():
        if root.tag not in ("odoo", "openerp"):
            continue
        for node in root.iter("report"):
            if node.parent is not None and node.parent.tag in ("odoo", "openerp", "data"):
                yield rel, node.line, None, "report"


@matcher("act-window-view-type")
def _view_type(source: AddonSource) -> Iterator[Hit]:
    for rel, record in records(source, "ir.actions.act_window"):
        value = record.field_value("view_type")
        if value is not None:
            yield rel, value.line, None, "view_type"


@matcher("openerp-import")
def _openerp_import(source: AddonSource) -> Iterator[Hit]:
    for rel, node in python_nodes(source):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "openerp":
            yield rel, node.lineno, node.col_offset, "openerp"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "openerp":
                    yield rel, node.lineno, node.col_offset, "openerp"


@matcher("sql-constraints")
def _sql_constraints(source: AddonSource) -> Iterator[Hit]:
    for rel, model in source.models:
        if model.class_node is None:
            continue
        for stmt in model.class_node.body:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else []
            if any(isinstance(t, ast.Name) and t.id == "_sql_constraints" for t in targets):
                yield rel, stmt.lineno, stmt.col_offset, "_sql_constraints"


@matcher("name-get-override")
def _name_get(source: AddonSource) -> Iterator[Hit]:
    return _method_defined(source, "name_get")


@matcher("fields-view-get")
def _fields_view_get(source: AddonSource) -> Iterator[Hit]:
    return _method_defined(source, "fields_view_get")


_TRUE_VALUES = frozenset({"1", "True", "true"})


@matcher("list-column-invisible")
def _column_invisible(source: AddonSource) -> Iterator[Hit]:
    for rel, node in view_arch_nodes(source):
        parent = node.parent
        if (
            node.tag == "field"
            and parent is not None
            and parent.tag in ("tree", "list")
            and (node.get("invisible") or "").strip() in _TRUE_VALUES
        ):
            yield rel, node.line, None, str(node.get("invisible")).strip()


@matcher("track-visibility")
def _track_visibility(source: AddonSource) -> Iterator[Hit]:
    return _field_keyword(source, "track_visibility")


@matcher("field-states")
def _field_states(source: AddonSource) -> Iterator[Hit]:
    return _field_keyword(source, "states")
