"""Cross-reference checks of the spec's automated actions and stage boards: base_automation
is a dependency, the model and every field a trigger watches, a domain reads or an action
writes exist, and a test's ``run_automation`` names an on-time automation of the spec."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from odoo_factory.spec.automation import AutomationAction
    from odoo_factory.spec.loader import Loc
    from odoo_factory.spec.semantics import _Checker

__all__ = ["check_automations"]


def _check_progressbars(checker: _Checker) -> None:
    for i, view in enumerate(checker.spec.views):
        bar = view.progressbar
        if bar is None:
            continue
        at: Loc = ("views", i, "progressbar")
        if view.type != "kanban":
            checker.fail(at, "a progress bar belongs to a kanban view", "move it to the kanban")
        checker.field_exists(view.model, bar.field, (*at, "field"), "progress bar")
        if bar.sum:
            checker.field_exists(view.model, bar.sum, (*at, "sum"), "progress bar")


def _check_actions(checker: _Checker, model: str, actions: list[AutomationAction], at: Loc) -> None:
    """What the actions write and plan exists on ``model``."""
    for j, action in enumerate(actions):
        where: Loc = (*at, "actions", j)
        for name in action.write or {}:
            checker.field_exists(model, name, (*where, "write", name), "the action")
        if action.activity is not None:
            checker.field_exists(model, "activity_ids", (*where, "activity"), "an activity")
            if action.activity.user:
                user = action.activity.user
                checker.field_exists(model, user, (*where, "activity", "user"), "activity")
        checker.python(action.python, (*where, "python"))


def _check_runs(checker: _Checker) -> None:
    """A test's run_server_action names a server action of the spec (or another addon's)."""
    spec = checker.spec
    local = {s.id for s in spec.server_actions}
    own = f"{spec.module.name}."
    for i, scenario in enumerate(spec.tests):
        for j, step in enumerate(scenario.steps):
            run = step.run_server_action
            if run is None or ("." in run.id and not run.id.startswith(own)):
                continue
            if run.id.removeprefix(own) not in local:
                checker.fail(
                    ("tests", i, "steps", j, "run_server_action", "id"),
                    f"no server action {run.id!r} in this spec",
                    "name one declared under 'server_actions', or another addon's as 'addon.xmlid'",
                )


def check_automations(checker: _Checker) -> None:
    """Automations name what exists; only a spec that depends on base_automation has them."""
    spec = checker.spec
    _check_progressbars(checker)
    if spec.automations and "base_automation" not in spec.module.depends:
        checker.fail(
            ("automations", 0, "id"),
            "automated actions are records of base_automation, which this addon does not depend on",
            "add base_automation to module.depends",
        )
    checker.unique(
        [(a.id, ("automations", i, "id")) for i, a in enumerate(spec.automations)]
        + [(r.id, ("records", i, "id")) for i, r in enumerate(spec.records)],
        "automation or record id",
    )
    for i, automation in enumerate(spec.automations):
        at: Loc = ("automations", i)
        model = automation.model
        checker.model_exists(model, (*at, "model"))
        for k, name in enumerate(automation.trigger_fields):
            checker.field_exists(model, name, (*at, "trigger_fields", k), "trigger")
        if automation.set is not None:
            checker.field_exists(model, automation.set.field, (*at, "set", "field"), "trigger")
        if automation.time is not None:
            checker.field_exists(model, automation.time.field, (*at, "time", "field"), "trigger")
        checker.condition(model, automation.domain, (*at, "domain"), domain=True)
        checker.condition(model, automation.before_domain, (*at, "before_domain"), domain=True)
        _check_actions(checker, model, automation.actions, at)
    for i, server in enumerate(spec.server_actions):
        _check_actions(checker, server.model, server.actions, ("server_actions", i))
    _check_runs(checker)
    timed = {a.id for a in spec.automations if a.trigger == "on_time"}
    own = f"{spec.module.name}."
    for i, scenario in enumerate(spec.tests):
        for j, step in enumerate(scenario.steps):
            ref = step.run_automation
            if ref is None or ("." in ref and not ref.startswith(own)):
                continue
            if ref.removeprefix(own) not in timed:
                checker.fail(
                    ("tests", i, "steps", j, "run_automation"),
                    f"no on-time automation {ref!r} in this spec",
                    f"name one of {', '.join(sorted(timed))}"
                    if timed
                    else "declare an automation with 'trigger: on_time' under 'automations'",
                )
