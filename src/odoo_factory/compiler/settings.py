"""The Settings screen: fields added to ``res.config.settings`` (company fields edited in place,
system parameters) and the addon's app in the settings view, in the markup of the series."""

from __future__ import annotations

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import call, identifier, lit
from odoo_factory.compiler.xmlgen import E
from odoo_factory.spec.models import FieldSpec, SettingField

__all__ = ["SETTINGS_FILE", "setting_type", "settings_model_file", "settings_view_record"]

SETTINGS_FILE = "res_config_settings"
_LOGO = "/base/static/description/settings.png"


def _company_field(ctx: BuildContext, setting: SettingField) -> FieldSpec | None:
    """The spec's own declaration of the company field a related setting edits."""
    assert setting.related is not None
    name = setting.related.split(".")[1]
    company = next((m for m in ctx.spec.models if m.name == "res.company" and m.extend), None)
    return next((f for f in company.fields if f.name == name), None) if company else None


def setting_type(ctx: BuildContext, setting: SettingField) -> str | None:
    """The field type of ``setting``: its own, or that of the company field it edits."""
    if setting.type or setting.related is None:
        return setting.type
    target = _company_field(ctx, setting)
    return target.type if target else None


def _field_line(ctx: BuildContext, setting: SettingField) -> str:
    kind = setting_type(ctx, setting)
    assert kind is not None, "checked when the spec is validated"
    args: list[str] = []
    if setting.comodel and not setting.related:
        args.append(f"comodel_name={lit(setting.comodel)}")
    if setting.selection and not setting.related:
        args.append("selection=" + lit([tuple(s) for s in setting.selection], 8))
    if setting.string:
        args.append(f"string={lit(setting.string)}")
    if setting.related:
        args.append(f"related={lit(setting.related)}")
        if not setting.readonly:
            args.append("readonly=False")
    else:
        assert setting.config_parameter is not None
        args.append(f"config_parameter={lit(setting.config_parameter)}")
        if setting.readonly:
            args.append("readonly=True")
    if setting.default is not None:
        args.append(f"default={lit(setting.default, 8)}")
    if setting.help:
        args.append(f"help={lit(setting.help)}")
    return "    " + call(f"{identifier(setting.name)} = fields.{kind.capitalize()}", args, 4)


def settings_model_file(ctx: BuildContext) -> str | None:
    """``models/res_config_settings.py``, or None when the spec has no settings."""
    settings = ctx.spec.settings
    if settings is None:
        return None
    lines = [
        "from odoo import fields, models",
        "",
        "",
        "class ResConfigSettings(models.TransientModel):",
        f"    _inherit = {lit('res.config.settings')}",
        "",
        *(_field_line(ctx, s) for s in settings.fields),
    ]
    return "\n".join(lines) + "\n"


def _setting_app(ctx: BuildContext) -> E:
    """17.0+: an ``<app>`` holding a ``<block>`` of ``<setting>`` elements."""
    settings = ctx.spec.settings
    assert settings is not None
    block = E("block", {"title": settings.title, "name": f"{ctx.module}_setting_container"})
    for s in settings.fields:
        boolean = setting_type(ctx, s) == "boolean"
        block.add(
            E(
                "setting",
                {
                    "id": f"{s.name}_setting",
                    "string": None if boolean else s.label,
                    "help": s.help,
                },
            ).add(E("field", {"name": s.name}))
        )
    app = E(
        "app",
        {
            "data-string": settings.title,
            "string": settings.title,
            "name": ctx.module,
            "logo": _LOGO,
        },
    )
    return E("xpath", {"expr": "//form", "position": "inside"}).add(app.add(block))


def _setting_div(ctx: BuildContext) -> E:
    """Before 17.0: a ``div.app_settings_block`` of ``o_setting_box`` panes."""
    settings = ctx.spec.settings
    assert settings is not None
    container = E("div", {"class": "row mt16 o_settings_container"})
    for s in settings.fields:
        boolean = setting_type(ctx, s) == "boolean"
        box = E("div", {"class": "col-12 col-lg-6 o_setting_box", "id": f"{s.name}_setting"})
        if boolean:
            box.add(E("div", {"class": "o_setting_left_pane"}).add(E("field", {"name": s.name})))
        right = E("div", {"class": "o_setting_right_pane"}).add(E("label", {"for": s.name}))
        if s.help:
            right.add(E("div", {"class": "text-muted"}, text=s.help))
        if not boolean:
            right.add(
                E("div", {"class": "content-group"}).add(
                    E("div", {"class": "mt16"}).add(E("field", {"name": s.name}))
                )
            )
        container.add(box.add(right))
    block = E(
        "div",
        {
            "class": "app_settings_block",
            "data-string": settings.title,
            "string": settings.title,
            "data-key": ctx.module,
        },
    ).add(E("h2", text=settings.title), container)
    return E("xpath", {"expr": "//div[hasclass('settings')]", "position": "inside"}).add(block)


def settings_view_record(ctx: BuildContext) -> E | None:
    """The settings view extension, or None when the spec has no settings."""
    if ctx.spec.settings is None:
        return None
    record = E("record", {"id": "res_config_settings_view_form", "model": "ir.ui.view"})
    record.add(
        E("field", {"name": "name"}, text=f"res.config.settings.view.form.inherit.{ctx.module}"),
        E("field", {"name": "model"}, text="res.config.settings"),
        E("field", {"name": "inherit_id", "ref": "base.res_config_settings_view_form"}),
    )
    markup = _setting_app if ctx.profile.settings_markup == "app" else _setting_div
    return record.add(E("field", {"name": "arch", "type": "xml"}).add(markup(ctx)))
