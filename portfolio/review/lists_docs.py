"""The three lists in the review's documents: sheets of the XLSX pack (indicators, tasks by plan
and by deadline, the unit ledger) and sections of the Word report, written through the document
writers' own helpers (``io.xlsx_print.SheetWriter``; the report's table writer). The figures are
the review's (``compute.Review``); the tables are ``tables``'."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..i18n import _, format_date
from ..io.xlsx_print import NUMBER_FORMATS, SheetWriter
from .compute import Review
from .report import indicator_table
from .tables import (
    AMOUNT,
    COUNT,
    RATE,
    Table,
    deadline_table,
    indicator_count_table,
    ledger_table,
    task_table,
)

FORMATS = {COUNT: NUMBER_FORMATS["count"], RATE: NUMBER_FORMATS["rate"], AMOUNT: NUMBER_FORMATS["amount"]}


def fit_amounts(widths: list[float], t: Table) -> list[float]:
    """``widths`` widened so that each amount column holds its longest number as the sheet
    formats it (#,##0.00: 127,200.00), never ### on screen or paper."""
    out = list(widths)
    rows = [*t.rows, *([t.total] if t.total is not None else [])]
    for i, kind in enumerate(t.kinds):
        if kind != AMOUNT or i >= len(out):
            continue
        longest = max((len(f"{row[i]:,.2f}") for row in rows if isinstance(row[i], int | float)), default=0)
        out[i] = max(out[i], longest + 2.0)
    return out


def sheet_values(t: Table, row: Sequence[Any]) -> tuple[list[Any], list[str | None]]:
    """A table row as typed cells (a rate as a fraction) and their number formats."""
    values = [v / 100 if k == RATE and v is not None else v for v, k in zip(row, t.kinds, strict=True)]
    return values, [FORMATS.get(k) for k in t.kinds]


def write_table(sheet: SheetWriter, t: Table, *, repeat: bool = True) -> int:
    """The table's header (repeated atop every printed page unless ``repeat`` is false), rows
    and 合计 (bold), then its note; the header row's number."""
    first = sheet.header(list(t.headers), repeat=repeat)
    for row in t.rows:
        sheet.row(*sheet_values(t, row))
    if t.total is not None:
        values, formats = sheet_values(t, t.total)
        sheet.row(values, formats, bold=True)
    if t.note:
        sheet.paragraph(_("Note: ") + t.note)
    return first


def add_lists_sheets(wb: Any, r: Review, sheet_name: Callable[[str, set[str]], str], used: set[str]) -> None:
    """Three sheets after the projects' summary: indicators, key tasks, unit ledger."""
    lists = r.lists
    if lists is None:
        return
    when = format_date(lists.as_of, "long")
    if lists.indicators:
        headers, rows = indicator_table(r)
        sheet = SheetWriter(wb, sheet_name(_("Indicators"), used), [6, 40, 8, 12, 18, 8, 14, 12], freeze="C3")
        sheet.title(_("Indicators as of {date}").format(date=when))
        sheet.header(headers)
        for row in rows:
            sheet.row(row)
        sheet.blank()
        write_table(sheet, indicator_count_table(r))
    if lists.tasks:
        sheet = SheetWriter(wb, sheet_name(_("Key tasks"), used), [40, 8, 8, 8, 10, 8, 10], freeze="B3")
        sheet.title(_("Key tasks by plan as of {date}").format(date=when))
        write_table(sheet, task_table(r))
        sheet.blank()
        write_table(sheet, deadline_table(r))
    sheet = SheetWriter(wb, sheet_name(_("Unit ledger"), used), [30, 9, 9, 9, 9, 60], freeze="B3")
    sheet.title(_("Ledger by unit as of {date}").format(date=when))
    write_table(sheet, ledger_table(r))


def indicator_paragraph(r: Review) -> str:
    from ..records.indicator.model import indicator_state_label

    assert r.lists is not None
    counts = r.lists.indicator_counts
    parts = _("; ").join(f"{indicator_state_label(s)} {n}" for s, n in counts.items() if n)
    return _("Of the plan's {n} indicators as of {date}: {parts}.").format(
        n=len(r.lists.indicators), date=format_date(r.lists.as_of, "long"), parts=parts)


def add_indicator_section(doc: Any, r: Review, heading: Callable[[str], None]) -> None:
    """主要指标完成情况 in the official report (``io.official_docx.OfficialDocument``)."""
    if r.lists is None or not r.lists.indicators:
        return
    heading(_("Indicators"))
    doc.paragraph(indicator_paragraph(r))
    doc.table(*indicator_table(r), nowrap=(0,))


def add_task_section(doc: Any, r: Review, heading: Callable[[str], None],
                     table: Callable[[Any, Table], None]) -> None:
    """主要任务进展: completion by plan (合计 last) and by deadline."""
    lists = r.lists
    if lists is None or not lists.tasks:
        return
    heading(_("Key tasks by plan and deadline"))
    totals = lists.task_totals
    doc.paragraph(_("{n} key tasks of the annual work plans issued by {date}: {done} done, {overdue} overdue.").format(
        n=totals.total, done=totals.done, overdue=totals.overdue, date=format_date(lists.as_of, "long")))
    table(doc, task_table(r))
    table(doc, deadline_table(r))


def add_ledger_section(doc: Any, r: Review, heading: Callable[[str], None],
                       table: Callable[..., None]) -> None:
    """The per-unit ledger over projects and tasks: a long unit name wraps (its column does not
    take the width the overdue codes need to stay whole)."""
    if r.lists is None or not r.units:
        return
    heading(_("Ledger by unit (projects and tasks)"))
    from dataclasses import replace

    t = ledger_table(r)
    # one overdue code a line: a line breaker would break a code between its letters or at its
    # hyphen (LZS2022W-|01) where "、" gives it no place to break
    t = replace(t, rows=tuple((*row[:-1], str(row[-1]).replace("、", "\n")) for row in t.rows))
    table(doc, t, nowrap=(len(t.headers) - 1,))
