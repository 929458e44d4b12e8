from __future__ import annotations

from portfolio.records.columns import Column, RecordKind, Width, register
from portfolio.records.fields import status_label

from .model import FIELD_LABELS, Gadget

GADGET_KIND: RecordKind[Gadget] = register(RecordKind(
    name="gadget",
    columns=(Column("code", FIELD_LABELS["code"], lambda g: g.code, width=Width(max=6)),
             Column("name", FIELD_LABELS["name"], lambda g: g.name, width=Width(min=10, flex=True)),
             Column("unit", FIELD_LABELS["unit"], lambda g: g.unit, width=Width(max=14)),
             Column("status", FIELD_LABELS["status"], lambda g: status_label(g.status), width=Width(max=10))),
    default_columns=("code", "name", "unit", "status"),
    plan_order=lambda g: (len(g.code), g.code),
    ident=lambda g: g.code,
))
