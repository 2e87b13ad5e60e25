"""What every generator needs: the spec, the series profile, and the derived defaults
(views, actions, menus, access rights) that the spec leaves implicit."""

from __future__ import annotations

from dataclasses import dataclass, field

from odoo_factory.errors import SpecError
from odoo_factory.profiles import SeriesProfile
from odoo_factory.spec.conditions import ConditionError, condition_to_domain
from odoo_factory.spec.known import KnownModels, known_models
from odoo_factory.spec.models import (
    AccessRight,
    Action,
    Menu,
    ModelSpec,
    ModuleSpec,
    ViewField,
    ViewMode,
    ViewSpec,
)

__all__ = ["BuildContext"]

_CONSTANT_TRUE = ("1", "True", "true")
_LIST_SKIP = ("text", "html", "binary", "image", "one2many", "many2many")


@dataclass
class BuildContext:
    spec: ModuleSpec
    profile: SeriesProfile
    workspace: KnownModels | None = None  # what the dependencies provide, when looked up
    known: KnownModels = field(init=False)
    views: list[ViewSpec] = field(init=False)
    actions: list[Action] = field(init=False)
    menus: list[Menu] = field(init=False)
    access: list[AccessRight] = field(init=False)

    def __post_init__(self) -> None:
        self.known = self.workspace or known_models(self.spec.module.depends, self.profile.series)
        self.views = self._views()
        self.actions = self._actions()
        self.menus = self._menus()
        self.access = self._access()

    # -- names -------------------------------------------------------------------------
    @property
    def module(self) -> str:
        return self.spec.module.name

    def qualify(self, xmlid: str) -> str:
        return xmlid if "." in xmlid else f"{self.module}.{xmlid}"

    def local(self, xmlid: str) -> str:
        """An xml id as written inside this module's own data files."""
        prefix = f"{self.module}."
        return xmlid.removeprefix(prefix)

    def model_xmlid(self, model: str) -> str:
        ref = "model_" + model.replace(".", "_")
        if any(m.name == model and not m.extend for m in self.spec.models):
            return ref
        owner = self.known.owner(model)
        return f"{owner}.{ref}" if owner else ref

    def view_xmlid(self, view: ViewSpec) -> str:
        if view.id:
            return view.id
        suffix = "inherit" if view.type == "inherit" else view.type
        return f"{view.model.replace('.', '_')}_view_{suffix}"

    def action_xmlid(self, action: Action) -> str:
        return action.id or f"{action.model.replace('.', '_')}_action"

    def field_label(self, model: str, name: str) -> str:
        m = self.spec.model(model)
        found = next((f for f in m.fields if f.name == name), None) if m else None
        if found is not None:
            return found.label
        if m and m.workflow and m.workflow.field == name:
            return "Status"
        words = name.removesuffix("_id").removesuffix("_ids").replace("_", " ")
        return words[:1].upper() + words[1:]

    def new_models(self) -> list[ModelSpec]:
        return [m for m in self.spec.models if not m.extend]

    # -- conditions ------------------------------------------------------------------------
    def modifiers(self, values: dict[str, str | None], where: str) -> dict[str, str | None]:
        """Neutral conditions as attributes for the series: inline or one ``attrs``."""
        out: dict[str, str | None] = {}
        dynamic: dict[str, str] = {}
        for key, expr in values.items():
            if expr is None:
                continue
            if expr in _CONSTANT_TRUE:
                if key == "column_invisible" and not self.profile.inline_modifiers:
                    key = "invisible"
                out[key] = "1"
            elif self.profile.inline_modifiers:
                out[key] = expr
            else:
                try:
                    dynamic[key] = condition_to_domain(expr)
                except ConditionError as exc:
                    raise SpecError(
                        f"{where}: condition {expr!r}: {exc} (series {self.profile.series} "
                        "needs attrs domains)",
                        hint=exc.hint,
                    ) from None
        if dynamic:
            out["attrs"] = "{" + ", ".join(f"'{k}': {v}" for k, v in dynamic.items()) + "}"
        return out

    # -- defaults --------------------------------------------------------------------------
    def _views(self) -> list[ViewSpec]:
        views = list(self.spec.views)
        if not self.spec.default_views:
            return views
        have = {(v.model, v.type) for v in views}
        for model in self.new_models():
            if model.kind == "abstract":
                continue
            wanted = ["form"] if model.kind == "transient" else ["form", "list", "search"]
            for kind in wanted:
                if (model.name, kind) not in have:
                    views.append(self._default_view(model, kind))
        return views

    def _default_view(self, model: ModelSpec, kind: str) -> ViewSpec:
        title = model.rec_name or ("name" if any(f.name == "name" for f in model.fields) else None)
        state = model.workflow.field if model.workflow else None
        plain = [f for f in model.fields if f.name not in (title, state)]
        if kind == "form":
            simple = [ViewField(name=f.name) for f in plain if f.type not in ("one2many",)]
            simple = [v for v in simple if not _is_html(model, v.name)]
            if model.check_company and "company_id" not in {v.name for v in simple}:
                simple.append(ViewField(name="company_id"))  # company checks' domains read it
            half = (len(simple) + 1) // 2
            groups = [
                g for g in ({"fields": simple[:half]}, {"fields": simple[half:]}) if g["fields"]
            ]
            pages = [
                {"string": f.label, "fields": [ViewField(name=f.name)]}
                for f in model.fields
                if f.type == "one2many" or f.type == "html"
            ]
            return ViewSpec.model_validate(
                {
                    "model": model.name,
                    "type": "form",
                    "title": title,
                    "groups": groups,
                    "pages": pages,
                }
            )
        if kind == "list":
            cols = [f.name for f in model.fields if f.type not in _LIST_SKIP][:8]
            return ViewSpec(model=model.name, type="list", fields=[ViewField(name=c) for c in cols])
        fields = [f.name for f in model.fields if f.type in ("char", "many2one")][:5]
        group_by = [f.name for f in model.fields if f.type == "many2one"][:3]
        if state:
            group_by.append(state)
        return ViewSpec(
            model=model.name,
            type="search",
            fields=[ViewField(name=c) for c in fields],
            group_by=group_by,
        )

    def _actions(self) -> list[Action]:
        actions = list(self.spec.actions)
        if not self.spec.default_views:
            return actions
        have = {a.model for a in actions}
        for model in self.new_models():
            if model.kind == "regular" and model.name not in have:
                modes: list[ViewMode] = ["list", "form"]
                if any(v.model == model.name and v.type == "kanban" for v in self.views):
                    modes = ["kanban", "list", "form"]
                if any(v.model == model.name and v.type == "activity" for v in self.views):
                    modes.append("activity")
                actions.append(
                    Action(model=model.name, name=_plural(model.label), view_modes=modes)
                )  # type: ignore[arg-type]
        return actions

    def _menus(self) -> list[Menu]:
        if self.spec.menus or not self.spec.default_views:
            return list(self.spec.menus)
        regular = [
            a for a in self.actions if (m := self.spec.model(a.model)) and m.kind == "regular"
        ]
        if not regular:
            return []
        menus = [Menu(id="menu_root", name=self.spec.module.title, sequence=10)]
        for i, action in enumerate(regular):
            menus.append(
                Menu(
                    id=f"{action.model.replace('.', '_')}_menu",
                    name=action.name or _plural(action.model),
                    parent="menu_root",
                    action=self.action_xmlid(action),
                    sequence=10 * (i + 1),
                )
            )
        return menus

    def _access(self) -> list[AccessRight]:
        access = list(self.spec.access)
        covered = {a.model for a in access}
        for model in self.new_models():
            if model.kind != "abstract" and model.name not in covered:
                access.append(AccessRight(model=model.name, group="base.group_user"))
        return access


def _is_html(model: ModelSpec, name: str) -> bool:
    return any(f.name == name and f.type == "html" for f in model.fields)


def _plural(label: str) -> str:
    if label.endswith("s"):
        return label
    if label.endswith("y") and not label.endswith(("ay", "ey", "oy")):
        return label[:-1] + "ies"
    return label + "s"
