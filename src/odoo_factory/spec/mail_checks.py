"""Cross-reference checks of mail and activities: templates, subtypes and activity types name
known models and fields, the reports templates attach and the templates and activity types
workflow buttons use exist, and test steps name what the spec declares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from odoo_factory.spec.mail import placeholder_paths
from odoo_factory.spec.patterns import did_you_mean

if TYPE_CHECKING:
    from odoo_factory.spec.loader import Loc
    from odoo_factory.spec.models import ModelSpec, ModuleSpec
    from odoo_factory.spec.scenario_checks import ScenarioChecker
    from odoo_factory.spec.scenarios import Step
    from odoo_factory.spec.semantics import _Checker

__all__ = ["check_mail", "check_mail_step", "has_mail"]


def has_mail(model: ModelSpec | None) -> bool:
    """Whether the spec's model has a chatter (mail.thread)."""
    return model is not None and (model.mail or "mail.thread" in model.inherit)


def _tracked(model: ModelSpec, field: str) -> bool:
    if model.workflow and model.workflow.field == field:
        declared = next((f for f in model.fields if f.name == field), None)
        return declared.tracking if declared else model.workflow.tracking
    return any(f.name == field and f.tracking for f in model.fields)


def _local(spec: ModuleSpec, ref: str) -> str | None:
    """The bare id of ``ref`` when it is the addon's own, None for another addon's."""
    own = f"{spec.module.name}."
    if "." in ref and not ref.startswith(own):
        return None
    return ref.removeprefix(own)


def _known(
    fail_at: ScenarioChecker | _Checker,
    spec: ModuleSpec,
    ref: str,
    ids: set[str],
    what: str,
    loc: Loc,
) -> None:
    bare = _local(spec, ref)
    if bare is not None and bare not in ids:
        fail_at.fail(
            loc,
            f"no {what} {ref!r} in this spec",
            did_you_mean(bare, ids)
            or (
                f"declare it under '{what.replace(' ', '_')}s', or name another addon's as "
                "'addon.xmlid'"
            ),
        )


def check_mail(checker: _Checker) -> None:
    spec = checker.spec
    checker.unique(
        [(t.id, ("mail_templates", i, "id")) for i, t in enumerate(spec.mail_templates)]
        + [(s.id, ("message_subtypes", i, "id")) for i, s in enumerate(spec.message_subtypes)]
        + [(a.id, ("activity_types", i, "id")) for i, a in enumerate(spec.activity_types)]
        + [(r.id, ("records", i, "id")) for i, r in enumerate(spec.records)],
        "xml id",
    )
    reports = {r.id: r for r in spec.reports}
    for i, template in enumerate(spec.mail_templates):
        at: Loc = ("mail_templates", i)
        checker.model_exists(template.model, (*at, "model"))
        for key, text in template.texts():
            for path in placeholder_paths(text):
                checker.field_exists(template.model, path.split(".")[0], (*at, key), "placeholder")
        if template.report is not None:
            report = reports.get(template.report)
            if report is None:
                checker.fail(
                    (*at, "report"),
                    f"no report {template.report!r} in this spec",
                    did_you_mean(template.report, reports)
                    or "declare the report under 'reports' and give its id",
                )
            elif report.model != template.model:
                checker.fail(
                    (*at, "report"),
                    f"report {report.id!r} prints {report.model!r} records, the template is "
                    f"sent for {template.model!r}",
                    f"attach a report of {template.model!r}",
                )
    for i, subtype in enumerate(spec.message_subtypes):
        at = ("message_subtypes", i)
        checker.model_exists(subtype.model, (*at, "model"))
        if subtype.field is None:
            continue
        model = spec.model(subtype.model)
        if model is None or model.extend:
            checker.fail(
                (*at, "field"),
                f"'field' posts the subtype from the tracking of {subtype.model!r}, a model "
                "of another addon",
                "give 'field' for a model the spec declares, or leave it out",
            )
            return
        checker.field_exists(subtype.model, subtype.field, (*at, "field"), "subtype")
        if not has_mail(model) or not _tracked(model, subtype.field):
            checker.fail(
                (*at, "field"),
                f"changes of {subtype.field!r} of {subtype.model!r} are not tracked, so no "
                "message carries this subtype",
                "give the model 'mail: true' and the field 'tracking: true' (a workflow's "
                "state is tracked by default)",
            )
        declared = next((f for f in model.fields if f.name == subtype.field), None)
        states = (
            [s for s, _label in model.workflow.states]
            if model.workflow and model.workflow.field == subtype.field
            else [s for s, _label in declared.selection or []]
            if declared is not None and declared.type == "selection"
            else None
        )
        if states and subtype.value is not None and subtype.value not in states:
            checker.fail(
                (*at, "value"),
                f"{subtype.value!r} is not a value of {subtype.field!r}",
                did_you_mean(str(subtype.value), states) or f"use one of {states}",
            )
    for i, kind in enumerate(spec.activity_types):
        if kind.model:
            checker.model_exists(kind.model, ("activity_types", i, "model"))
    _check_tracking(checker)
    _check_buttons(checker)


def _check_tracking(checker: _Checker) -> None:
    """A tracked field of a new model belongs to a model with a chatter: Odoo warns about
    (and ignores) the tracking of any other. Models extended or inheriting others may have
    one from their parents."""
    for i, model in enumerate(checker.spec.models):
        tracked = [j for j, f in enumerate(model.fields) if f.tracking]
        if not tracked or model.mail or model.extend or model.inherit or model.inherits:
            continue
        checker.fail(
            ("models", i, "fields", tracked[0], "tracking"),
            f"{model.name!r} has no chatter, so changes of its fields cannot be tracked",
            "give the model 'mail: true', or remove 'tracking'",
        )


def _check_buttons(checker: _Checker) -> None:
    spec = checker.spec
    templates = {t.id: t for t in spec.mail_templates}
    kinds = {a.id for a in spec.activity_types}
    for i, model in enumerate(spec.models):
        if model.workflow is None:
            continue
        for j, button in enumerate(model.workflow.buttons):
            at: Loc = ("models", i, "workflow", "buttons", j)
            if (button.send or button.activity) and not has_mail(model):
                checker.fail(
                    (*at, "send" if button.send else "activity"),
                    f"{model.name!r} has no chatter to post to",
                    "give the model 'mail: true'",
                )
            if button.send:
                template = templates.get(button.send)
                if template is None:
                    checker.fail(
                        (*at, "send"),
                        f"no mail template {button.send!r} in this spec",
                        did_you_mean(button.send, templates) or "declare it under 'mail_templates'",
                    )
                elif template.model != model.name:
                    checker.fail(
                        (*at, "send"),
                        f"template {template.id!r} is for {template.model!r} records, the "
                        f"button moves {model.name!r} records",
                        f"send a template of {model.name!r}",
                    )
            if button.activity:
                _known(
                    checker,
                    spec,
                    button.activity.type,
                    kinds,
                    "activity type",
                    (*at, "activity", "type"),
                )
                if button.activity.user:
                    checker.field_exists(
                        model.name,
                        button.activity.user.split(".")[0],
                        (*at, "activity", "user"),
                        "activity user",
                    )


def check_mail_step(
    checker: ScenarioChecker, at: Loc, step: Step, variables: dict[str, str | None]
) -> None:
    """A template, message or activity step names what the spec declares and known records."""
    spec = checker.spec
    if step.template is not None:
        t = step.template
        _known(
            checker,
            spec,
            t.id,
            {x.id for x in spec.mail_templates},
            "mail template",
            (*at, "template", "id"),
        )
        model = checker.known(t.record, variables, (*at, "template", "record"))
        declared = next((x for x in spec.mail_templates if x.id == _local(spec, t.id)), None)
        if declared is not None and model is not None and model != declared.model:
            checker.fail(
                (*at, "template", "record"),
                f"template {declared.id!r} is for {declared.model!r} records, {t.record} is a "
                f"{model!r}",
                f"render it for a {declared.model!r} record",
            )
        for k, partner in enumerate(t.partners or []):
            checker.known(partner, variables, (*at, "template", "partners", k))
    elif step.messages is not None:
        m = step.messages
        checker.known(m.record, variables, (*at, "messages", "record"))
        if m.subtype:
            _known(
                checker,
                spec,
                m.subtype,
                {s.id for s in spec.message_subtypes},
                "message subtype",
                (*at, "messages", "subtype"),
            )
    elif step.activities is not None:
        a = step.activities
        checker.known(a.record, variables, (*at, "activities", "record"))
        if a.type:
            _known(
                checker,
                spec,
                a.type,
                {x.id for x in spec.activity_types},
                "activity type",
                (*at, "activities", "type"),
            )
        if a.user:
            checker.known(a.user, variables, (*at, "activities", "user"))
