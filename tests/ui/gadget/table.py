from __future__ import annotations

from portfolio.io.kind_table import Column, status, text
from portfolio.records.fields import status_label

COLUMNS = (
    Column("code", lambda g: g.code, text),
    Column("name", lambda g: g.name, text),
    Column("unit", lambda g: g.unit, text),
    Column("status", lambda g: status_label(g.status), status),
)
