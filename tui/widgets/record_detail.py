"""The detail of the task or indicator under the cursor: every field as in the plan, then an
indicator's reported values (with its state as of the review date in force) or a task's
progress log (with its due state today)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from portfolio.i18n import _
from portfolio.records.fields import status_label
from portfolio.records.indicator import model as ind
from portfolio.records.indicator.views import latest_text
from portfolio.records.project.columns import review_date
from portfolio.records.task import model as tk
from portfolio.records.views import header
from portfolio.tables import percent_text
from portfolio.text import shown

INDICATOR_FIELDS = ("category", "number", "name", "sub_name", "unit", "baseline_2020", "target_2025", "attribute",
                    "direction")
TASK_FIELDS = ("plan", "section", "subsection", "number", "lead_units", "cooperating_units", "responsible_units",
               "deadline_text", "deadline", "status", "progress_percent")


def _facts(rows: list[tuple[str, Text]]) -> Table:
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    for label, value in rows:
        facts.add_row(Text(label), value)
    return facts


def _values(i: ind.Indicator) -> Table:
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
    for col in ("year", "value", "date", "judgement", "source", "note"):
        table.add_column(Text(header("indicator", col)))
    for v in sorted(i.values, key=lambda v: (v.year, v.date)):
        table.add_row(Text(str(v.year)), Text(v.value), Text(str(v.date)),
                      Text(_(ind.JUDGEMENT_LABELS[v.judgement]) if v.judgement else ""), Text(v.source), Text(v.note))
    return table


def indicator_detail(i: ind.Indicator) -> RenderableType:
    from portfolio.records.indicator.columns import STATE_COLOURS, indicator_state
    from portfolio.records.indicator.views import INDICATOR_CELLS

    as_of = review_date()
    state = indicator_state(i, as_of)
    rows = [(header("indicator", n), Text(INDICATOR_CELLS[n](i))) for n in INDICATOR_FIELDS]
    rows.append((header("indicator", "latest"), Text(latest_text(i, as_of))))
    rows.append((_("State as of {date}").format(date=as_of.isoformat()),
                 Text(ind.indicator_state_label(state), style=STATE_COLOURS[state] or "")))
    if i.note:
        rows.append((header("indicator", "note"), Text(i.note)))
    parts: list[RenderableType] = [Text.assemble((i.code, "bold reverse"), " ", (i.title, "bold")), _facts(rows)]
    if i.values:
        parts += [Text(""), Text(header("indicator", "values"), style="bold underline"), _values(i)]
    else:
        parts += [Text(""), Text(_("No value reported yet: r reports one"), style="dim")]
    return Group(*parts)


def task_detail(t: tk.Task) -> RenderableType:
    from portfolio.records.task.columns import DUE_COLOURS, task_due
    from portfolio.records.task.views import TASK_CELLS, deadline_cell

    due = task_due(t)
    rows = [(header("task", n), Text(deadline_cell(t) if n == "deadline" else TASK_CELLS[n](t)))
            for n in TASK_FIELDS]
    rows.append((header("task", "due"), Text(tk.due_label(due), style=DUE_COLOURS[due] or "")))
    parts: list[RenderableType] = [Text.assemble((t.code, "bold reverse"), " ", (t.title, "bold")), _facts(rows),
                                   Text(""), Text(header("task", "content"), style="bold underline"),
                                   Text(t.content or "—")]
    if t.progress_log:
        from portfolio.records.issues import field_label

        log = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        for col in ("date", "percent", "status", "note"):
            log.add_column(Text(field_label(col)))
        for e in t.progress_log:
            log.add_row(Text(str(e.date)), Text(percent_text(e.percent)), Text(status_label(e.status)), Text(e.note))
        parts += [Text(""), Text(header("task", "progress_log"), style="bold underline"), log]
    return Group(*parts)


def links_part(record: Any, projects: dict[str, Any]) -> list[RenderableType]:
    """The record's links (key projects and boxes), with what they name: l edits them."""
    from portfolio.links import link_title

    links = list(getattr(record, "links", []) or [])
    if not links:
        return []
    unknown = _("(unknown)")
    rows = [(link, Text(link_title(link, projects) or unknown)) for link in links]
    return [Text(""), Text(header(kind_of(record), "links"), style="bold underline"), _facts(rows)]


def kind_of(record: Any) -> str:
    return "indicator" if isinstance(record, ind.Indicator) else "task"


def record_detail(kind: str, record: Any, projects: dict[str, Any] | None = None) -> RenderableType:
    if record is None:
        return Text(_("Nothing selected"), style="dim")
    record = shown(record)  # texts edited by hand in the file are shown escaped, never sent raw
    if kind in ("indicator", "task"):
        detail = indicator_detail(record) if kind == "indicator" else task_detail(record)
    else:  # a kind without a detail of its own here: its text detail (records/<kind>/views.py)
        from portfolio.records.views import detail_text

        detail = Text(detail_text(kind, record))
    links = links_part(record, projects or {})
    return Group(detail, *links) if links else detail
