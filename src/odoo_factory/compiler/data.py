"""data/ and demo/: sequences, scheduled actions, default and demo records."""

from __future__ import annotations

import datetime
from typing import Any

from odoo_factory.compiler.context import BuildContext
from odoo_factory.compiler.pyfmt import identifier, lit, odoo_expression
from odoo_factory.compiler.xmlgen import E
from odoo_factory.spec.models import DataRecord

__all__ = [
    "cron_records",
    "data_document",
    "data_records",
    "parameter_document",
    "sequence_records",
]


def sequence_records(ctx: BuildContext) -> list[E]:
    """One shared sequence per spec sequence; a per-company one is made for each company
    when it first numbers a record (see the model's ``create``)."""
    records = []
    for seq in ctx.spec.sequences:
        if seq.per_company:
            continue
        record = E("record", {"id": f"seq_{seq.code.replace('.', '_')}", "model": "ir.sequence"})
        record.add(
            E("field", {"name": "name"}, text=seq.name),
            E("field", {"name": "code"}, text=seq.code),
            E("field", {"name": "prefix"}, text=seq.prefix) if seq.prefix else None,
            E("field", {"name": "padding"}, text=str(seq.padding)),
            E("field", {"name": "company_id", "eval": "False"}),
        )
        records.append(record)
    return records


def cron_records(ctx: BuildContext) -> list[E]:
    records = []
    for cron in ctx.spec.crons:
        record = E("record", {"id": ctx.local(cron.id), "model": "ir.cron"})
        record.add(
            E("field", {"name": "name"}, text=cron.name),
            E("field", {"name": "model_id", "ref": ctx.model_xmlid(cron.model)}),
            E("field", {"name": "state"}, text="code"),
            E("field", {"name": "code"}, text=f"model.{identifier(cron.method)}()"),
            E("field", {"name": "user_id", "ref": "base.user_root"}),
            E("field", {"name": "interval_number"}, text=str(cron.interval_number)),
            E("field", {"name": "interval_type"}, text=cron.interval_type),
            E("field", {"name": "active", "eval": str(cron.active)}),
        )
        if ctx.profile.cron_numbercall:
            record.add(
                E("field", {"name": "numbercall"}, text="-1"),
                E("field", {"name": "doall", "eval": "False"}),
            )
        records.append(record)
    return records


def _value(ctx: BuildContext, name: str, value: Any) -> E:
    if isinstance(value, str) and value.startswith("$ref:"):
        return E("field", {"name": name, "ref": value[5:]})
    if isinstance(value, list) and all(isinstance(v, str) and v.startswith("$ref:") for v in value):
        refs = ", ".join(f"ref({lit(v[5:])})" for v in value)
        return E("field", {"name": name, "eval": odoo_expression(f"[(6, 0, [{refs}])]", "domain")})
    if isinstance(value, bool) or value is None:
        return E("field", {"name": name, "eval": str(bool(value))})
    if isinstance(value, (int, float)):
        return E("field", {"name": name, "eval": lit(value)})
    if isinstance(value, datetime.datetime):
        return E("field", {"name": name}, text=value.strftime("%Y-%m-%d %H:%M:%S"))
    return E("field", {"name": name}, text=str(value))


def data_records(ctx: BuildContext, records: list[DataRecord]) -> list[E]:
    return [
        E("record", {"id": ctx.local(rec.id), "model": rec.model}).add(
            *(_value(ctx, name, value) for name, value in rec.values.items())
        )
        for rec in records
    ]


def data_document(ctx: BuildContext, records: list[DataRecord], noupdate: bool) -> E:
    """The ``<odoo>`` root of a data file: ``noupdate="1"`` on it when every record is loaded
    once (kept on upgrade), else consecutive records in ``<data>`` blocks that say so."""
    runs: list[tuple[bool, list[DataRecord]]] = []
    for rec in records:
        once = noupdate if rec.noupdate is None else rec.noupdate
        if runs and runs[-1][0] == once:
            runs[-1][1].append(rec)
        else:
            runs.append((once, [rec]))
    if len(runs) == 1:
        once, only = runs[0]
        return E("odoo", {"noupdate": "1" if once else None}).add(*data_records(ctx, only))
    root = E("odoo")
    for once, run in runs:
        root.add(E("data", {"noupdate": "1" if once else None}).add(*data_records(ctx, run)))
    return root


def parameter_document(ctx: BuildContext) -> E | None:
    """data/ir_config_parameter_data.xml: the system parameters with their defaults, loaded
    once (``noupdate``) unless a parameter says otherwise, so an administrator's value stays."""
    if not ctx.spec.parameters:
        return None
    runs: list[tuple[bool, list[E]]] = []
    for param in ctx.spec.parameters:
        record = E("record", {"id": param.xmlid, "model": "ir.config_parameter"}).add(
            E("field", {"name": "key"}, text=param.key),
            E("field", {"name": "value"}, text=param.text),
        )
        if runs and runs[-1][0] == param.noupdate:
            runs[-1][1].append(record)
        else:
            runs.append((param.noupdate, [record]))
    if len(runs) == 1:
        return E("odoo", {"noupdate": "1" if runs[0][0] else None}).add(*runs[0][1])
    root = E("odoo")
    for once, items in runs:
        root.add(E("data", {"noupdate": "1" if once else None}).add(*items))
    return root
