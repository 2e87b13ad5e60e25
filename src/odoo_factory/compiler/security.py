"""security/: groups and their categories, ir.model.access.csv, record rules."""

from __future__ import annotations

import re

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import lit, odoo_expression
from odoo_factory.compiler.xmlgen import E

__all__ = ["access_csv", "security_records"]

_PERMS = (("r", "perm_read"), ("w", "perm_write"), ("c", "perm_create"), ("u", "perm_unlink"))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "category"


def _refs(ctx: BuildContext, ids: list[str]) -> str:
    links = ", ".join(f"(4, ref({lit(ctx.local(i))}))" for i in ids)
    return odoo_expression(f"[{links}]", "domain")


def security_records(ctx: BuildContext) -> list[E]:
    records: list[E] = []
    categories: dict[str, str] = {}
    for group in ctx.spec.groups:
        if group.category and group.category not in categories:
            xmlid = f"module_category_{_slug(group.category)}"
            categories[group.category] = xmlid
            records.append(
                E("record", {"id": xmlid, "model": "ir.module.category"}).add(
                    E("field", {"name": "name"}, text=group.category),
                    E("field", {"name": "sequence"}, text="10"),
                )
            )
            if ctx.profile.group_category_field == "privilege_id":
                records.append(
                    E(
                        "record",
                        {
                            "id": f"privilege_{_slug(group.category)}",
                            "model": "res.groups.privilege",
                        },
                    ).add(
                        E("field", {"name": "name"}, text=group.category),
                        E("field", {"name": "category_id", "ref": xmlid}),
                    )
                )
    for group in ctx.spec.groups:
        record = E("record", {"id": ctx.local(group.id), "model": "res.groups"})
        record.add(E("field", {"name": "name"}, text=group.name))
        if group.category:
            if ctx.profile.group_category_field == "privilege_id":
                record.add(
                    E(
                        "field",
                        {"name": "privilege_id", "ref": f"privilege_{_slug(group.category)}"},
                    )
                )
            else:
                record.add(E("field", {"name": "category_id", "ref": categories[group.category]}))
        if group.implied:
            record.add(E("field", {"name": "implied_ids", "eval": _refs(ctx, group.implied)}))
        records.append(record)
    for rule in ctx.spec.rules:
        records.append(
            _rule(ctx, rule.id, rule.name, rule.model, rule.domain, rule.groups, rule.perms)
        )
    for model in ctx.new_models():
        if model.multi_company and model.kind != "abstract":
            records.append(
                _rule(
                    ctx,
                    f"{model.module_name}_company_rule",
                    f"{model.label}: multi-company",
                    model.name,
                    ctx.profile.company_rule_domain,
                    [],
                    "rwcu",
                )
            )
    return records


def _rule(
    ctx: BuildContext, xmlid: str, name: str, model: str, domain: str, groups: list[str], perms: str
) -> E:
    record = E("record", {"id": ctx.local(xmlid), "model": "ir.rule"})
    record.add(E("field", {"name": "name"}, text=name))
    record.add(E("field", {"name": "model_id", "ref": ctx.model_xmlid(model)}))
    record.add(E("field", {"name": "domain_force"}, text=odoo_expression(domain, "domain")))
    if groups:
        record.add(E("field", {"name": "groups", "eval": _refs(ctx, groups)}))
    for letter, field in _PERMS:
        record.add(E("field", {"name": field, "eval": str(letter in perms)}))
    return record


def access_csv(ctx: BuildContext) -> str:
    lines = ["id,name,model_id:id,group_id:id,perm_read,perm_write,perm_create,perm_unlink"]
    seen: set[str] = set()
    for access in ctx.access:
        group = access.group or ""
        suffix = _slug(group.split(".")[-1]) if group else "all"
        xmlid = f"access_{access.model.replace('.', '_')}_{suffix}"
        while xmlid in seen:
            xmlid += "_"
        seen.add(xmlid)
        flags = ",".join("1" if letter in access.perms else "0" for letter, _ in _PERMS)
        group_ref = ctx.local(group) if group else ""
        lines.append(
            f"{xmlid},{access.model} {suffix},{ctx.model_xmlid(access.model)},{group_ref},{flags}"
        )
    return "\n".join(lines) + "\n"
