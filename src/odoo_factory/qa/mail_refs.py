"""A mail template's model exists, and the reports it attaches are report actions of the addon
for that model.

Odoo loads a ``mail.template`` whose ``model_id`` names a missing model only to fail when it
is sent (the ``model_…`` id is made by the model's registration, so the generic XML id check
cannot see it), and a report reference that names no report action fails the install:

- ``mail-template-model-unknown``: ``model_id`` (or ``model``) names a model that neither a
  dependency nor the addon defines;
- ``mail-template-report-unknown``: ``report_template`` / ``report_template_ids`` name an id
  of the addon that is no ``ir.actions.report`` record of its data;
- ``mail-template-report-model``: the attached report prints records of another model than
  the template's (a warning: Odoo prints it for the template's record ids).
"""

from __future__ import annotations

import re

from odoo_factory.qa.context import CheckContext, model_xmlid
from odoo_factory.qa.diagnostics import Diagnostic, Severity
from odoo_factory.qa.xmltree import XmlNode

__all__ = ["check_mail_references"]

_REF = re.compile(r"ref\(\s*['\"]([^'\"]+)['\"]\s*\)")


def _diag(ctx: CheckContext, rule: str, rel: str, line: int, message: str, hint: str) -> Diagnostic:
    severity = Severity.ERROR if ctx.complete else Severity.INFO
    if rule == "mail-template-report-model":
        severity = Severity.WARNING
    return Diagnostic(
        source="factory",
        severity=severity,
        category="reference",
        rule=rule,
        file=rel,
        line=line,
        message=message,
        hint=hint,
    )


def _reports(ctx: CheckContext) -> dict[str, str | None]:
    """Report actions the addon's data defines: bare id -> model printed."""
    found: dict[str, str | None] = {}
    for key in ("data", "demo"):
        for rel in ctx.addon.data_files(key):
            root = ctx.addon.xml.get(rel)
            for node in root.iter() if root is not None else ():
                if node.tag == "record" and node.get("model") == "ir.actions.report":
                    model = node.field_value("model")
                    found[str(node.get("id", ""))] = model.text.strip() if model else None
                elif node.tag == "report" and node.get("id"):
                    found[str(node.get("id"))] = node.get("model")
    return found


def _models(ctx: CheckContext) -> dict[str, str]:
    """ir.model xml id (bare) -> model name, of every model the addon can see."""
    names = set(ctx.dependency_models)
    names.update(m.name for _rel, m in ctx.addon.models if m.is_new)
    return {model_xmlid(name): name for name in names}


def _template_model(
    ctx: CheckContext, rel: str, record: XmlNode, models: dict[str, str]
) -> tuple[str | None, list[Diagnostic]]:
    """The template's model, and a finding when it does not exist."""
    link = record.field_value("model_id")
    text = record.field_value("model")
    if link is not None and link.get("ref"):
        ref = str(link.get("ref"))
        bare = ref.rpartition(".")[2]
        if bare in models:
            return models[bare], []
        name = bare.removeprefix("model_")
        return None, [
            _diag(
                ctx,
                "mail-template-model-unknown",
                rel,
                link.line,
                f"mail template {record.get('id')!r} is for model {ref!r}, which no dependency "
                f"and no class of the addon defines in {ctx.series}",
                f"declare the model, or add the addon that defines it ({name!r}) to depends",
            )
        ]
    if text is not None and text.text.strip():
        name = text.text.strip()
        if model_xmlid(name) in models:
            return name, []
        return None, [
            _diag(
                ctx,
                "mail-template-model-unknown",
                rel,
                text.line,
                f"mail template {record.get('id')!r} is for model {name!r}, which does not "
                f"exist in {ctx.series} for this addon's dependencies",
                "fix the model name, or add the addon that defines it to depends",
            )
        ]
    return None, []


def check_mail_references(ctx: CheckContext) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    models = _models(ctx)
    reports = _reports(ctx)
    own = f"{ctx.addon.name}."
    for key in ("data", "demo"):
        for rel in ctx.addon.data_files(key):
            root = ctx.addon.xml.get(rel)
            for record in root.iter("record") if root is not None else ():
                if record.get("model") != "mail.template":
                    continue
                model, problems = _template_model(ctx, rel, record, models)
                found.extend(problems)
                for name in ("report_template", "report_template_ids"):
                    link = record.field_value(name)
                    if link is None:
                        continue
                    refs = [str(link.get("ref"))] if link.get("ref") else []
                    refs += _REF.findall(str(link.get("eval") or ""))
                    for ref in refs:
                        if "." in ref and not ref.startswith(own):
                            continue  # another addon's: the XML id check looks at it
                        bare = ref.removeprefix(own)
                        if bare not in reports:
                            found.append(
                                _diag(
                                    ctx,
                                    "mail-template-report-unknown",
                                    rel,
                                    link.line,
                                    f"mail template {record.get('id')!r} attaches report "
                                    f"{ref!r}, which is no report action of the addon",
                                    "name the xml id of an ir.actions.report record of the "
                                    "addon (a spec's report is action_<report id>)",
                                )
                            )
                        elif model and reports[bare] and reports[bare] != model:
                            found.append(
                                _diag(
                                    ctx,
                                    "mail-template-report-model",
                                    rel,
                                    link.line,
                                    f"mail template {record.get('id')!r} is for {model!r} but "
                                    f"attaches report {ref!r} of {reports[bare]!r}",
                                    f"attach a report of {model!r}",
                                )
                            )
    return found
