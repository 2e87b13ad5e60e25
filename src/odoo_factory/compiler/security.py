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


def _category_records(ctx: BuildContext) -> tuple[list[E], dict[str, str]]:
    """The categories (and, where the series has them, privileges) the groups need, and the
    xml id each group category is linked through (``category_id`` or ``privilege_id``)."""
    records: list[E] = []
    links: dict[str, str] = {}
    privileges = ctx.profile.group_category_field == "privilege_id"
    for group in ctx.spec.groups:
        if not group.category or group.category in links:
            continue
        existing = group.category_ref
        if existing is None:
            category = f"module_category_{_slug(group.category)}"
            records.append(
                E("record", {"id": category, "model": "ir.module.category"}).add(
                    E("field", {"name": "name"}, text=group.category),
                    E("field", {"name": "sequence"}, text="10"),
                )
            )
            slug, label = _slug(group.category), group.category
        else:
            category = existing
            slug, label = _slug(existing.replace(".", "_")), ctx.spec.module.title
        if not privileges:
            links[group.category] = category
            continue
        privilege = f"privilege_{slug}"
        records.append(
            E("record", {"id": privilege, "model": "res.groups.privilege"}).add(
                E("field", {"name": "name"}, text=label),
                E("field", {"name": "category_id", "ref": category}),
            )
        )
        links[group.category] = privilege
    return records, links


def security_records(ctx: BuildContext) -> list[E]:
    records, links = _category_records(ctx)
    for group in ctx.spec.groups:
        record = E("record", {"id": ctx.local(group.id), "model": "res.groups"})
        record.add(E("field", {"name": "name"}, text=group.name))
        if group.category:
            category = ctx.profile.group_category_field
            record.add(E("field", {"name": category, "ref": links[group.category]}))
        if group.implied:
            record.add(E("field", {"name": "implied_ids", "eval": _refs(ctx, group.implied)}))
        if group.users:
            users = ctx.profile.group_users_field
            record.add(E("field", {"name": users, "eval": _refs(ctx, group.users)}))
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
