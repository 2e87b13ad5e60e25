"""Series profiles: the per-series facts that generators, checks and runners read.

The facts are data (``series.yaml`` beside this module, each with its source); code asks a
profile for a flag instead of comparing version numbers.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from odoo_factory.errors import InputError

__all__ = ["SeriesProfile", "get_profile", "known_series"]


class SeriesProfile(BaseModel):
    """What Odoo Factory knows about one Odoo series."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    series: str
    python_min: str
    python_max: str
    postgres_min: float
    test_summary_logger: str
    foreign_version_policy: Literal["installed", "ignored", "refused"]
    demo_default: bool
    # compiler facts (see series.yaml)
    list_view_tag: Literal["tree", "list"]
    list_view_mode: Literal["tree", "list"]
    inline_modifiers: bool
    api_multi: bool
    cron_numbercall: bool
    sql_constraint_style: Literal["sql_constraints", "constraint_class"]
    user_groups_field: Literal["groups_id", "group_ids"]
    group_category_field: Literal["category_id", "privilege_id"]
    chatter_markup: Literal["div", "tag"]
    chatter_widgets: bool
    kanban_card_template: Literal["kanban-box", "card"]
    image_field: bool
    tracking_attribute: Literal["tracking", "track_visibility"]
    current_company_expr: str
    with_user: bool
    view_load_method: Literal["fields_view_get", "get_view"]
    company_rule_domain: str
    list_optional_columns: bool
    check_company: bool
    api_ondelete: bool
    named_digits: bool
    translation_arguments: bool
    env_translation: bool
    search_group_attributes: bool
    display_name_method: Literal["name_get", "_compute_display_name"]
    test_base_module: str
    manifest_version_prefix: bool
    json_route_type: Literal["json", "jsonrpc"]
    kanban_highlight_color: bool
    group_users_field: Literal["users", "user_ids"]
    action_binding_view_types: bool
    settings_markup: Literal["app", "div"]
    with_company: bool
    company_dependent_storage: Literal["property", "jsonb"]
    po_code_comment: bool
    po_python_format: bool
    group_expand_order: bool
    automation_actions: Literal["inherits", "linked"]
    automation_delay_mode: bool
    mail_post_state: Literal["email", "mail_post"]
    web_client: Literal["legacy_template", "legacy_manifest", "owl_class", "owl_entry"]
    mail_template_engine: Literal["mako", "qweb"]
    mail_template_reports: Literal["report_template", "report_template_ids"]
    mail_post_template: Literal["message_post_with_template", "message_post_with_source"]
    activity_type_model_field: Literal["res_model_id", "res_model"]

    @property
    def major(self) -> int:
        return int(self.series.split(".")[0])

    @property
    def python_range(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        return _version_tuple(self.python_min), _version_tuple(self.python_max)

    def accepts_python(self, version: tuple[int, ...]) -> bool:
        low, high = self.python_range
        return low <= tuple(version[:2]) <= high


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


@cache
def _load() -> dict[str, SeriesProfile]:
    raw = yaml.safe_load(
        resources.files("odoo_factory.profiles").joinpath("series.yaml").read_text("utf-8")
    )
    return {
        series: SeriesProfile(series=series, **facts) for series, facts in raw["series"].items()
    }


def known_series() -> list[str]:
    return list(_load())


def get_profile(series: str) -> SeriesProfile:
    """The profile of ``series`` ('17.0'); '17' is accepted too."""
    key = series if "." in series else f"{series}.0"
    try:
        return _load()[key]
    except KeyError:
        raise InputError(
            f"unknown Odoo series {series!r}",
            hint=f"use one of: {', '.join(known_series())}",
        ) from None
