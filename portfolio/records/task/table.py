"""The task's flat table (``export --kind task`` writes it, ``import --kind task`` reads it
back): its columns, each with the cell it writes in the interface language and how a cell is
read (``io.kind_table``)."""

from __future__ import annotations

from ...io.flat import log_text, parse_log
from ...io.kind_table import (
    UNIT_JOINER,
    Column,
    date_cell,
    number,
    plain,
    status,
    text,
    units,
    whole,
)
from ..fields import status_label

COLUMNS: tuple[Column, ...] = (
    Column("code", lambda t: t.code, text),
    Column("plan", lambda t: t.plan, text),
    Column("plan_code", lambda t: t.plan_code, text),
    Column("year", lambda t: t.year, whole),
    Column("section", lambda t: t.section, text),
    Column("subsection", lambda t: t.subsection, text),
    Column("number", lambda t: t.number, whole),
    Column("name", lambda t: t.name, text),
    Column("content", lambda t: t.content, text),
    Column("lead_units", lambda t: UNIT_JOINER.join(t.lead_units), units),
    Column("cooperating_units", lambda t: UNIT_JOINER.join(t.cooperating_units), units),
    Column("responsible_units", lambda t: UNIT_JOINER.join(t.responsible_units), units),
    Column("deadline_text", lambda t: t.deadline_text, text),
    Column("deadline", lambda t: date_cell(t.deadline), lambda v: v.strip() or None),
    Column("status", lambda t: status_label(t.status), status),
    Column("progress_percent", lambda t: plain(t.progress_percent), number),
    Column("progress_log", lambda t: log_text(t.progress_log), parse_log),
)
