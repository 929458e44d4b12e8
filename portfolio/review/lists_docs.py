"""The three lists in the review's documents: sheets of the XLSX pack (indicators, tasks by plan
and deadline, the unit ledger) and sections of the Word report, written through the document
writers' own helpers (``io.xlsx_print.SheetWriter``; the report's table writer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..i18n import _, format_date
from ..io.xlsx_print import NUMBER_FORMATS, SheetWriter
from .lists import ListsReview, indicator_table, ledger_table, task_table

COUNT = NUMBER_FORMATS["count"]
RATE = NUMBER_FORMATS["rate"]


def add_lists_sheets(wb: Any, lists: ListsReview, sheet_name: Callable[[str, set[str]], str],
                     used: set[str]) -> None:
    """Three sheets after the projects' summary: indicators, key tasks, unit ledger."""
    when = format_date(lists.as_of, "long")
    if lists.indicators:
        headers, rows = indicator_table(lists)
        sheet = SheetWriter(wb, sheet_name(_("Indicators"), used), [6, 40, 8, 12, 18, 8, 14, 12], freeze="C3")
        sheet.title(_("Indicators as of {date}").format(date=when))
        sheet.header(headers)
        for row in rows:
            sheet.row(row)
    if lists.tasks:
        sheet = SheetWriter(wb, sheet_name(_("Key tasks"), used), [40, 8, 8, 8, 10, 8, 10], freeze="B3")
        sheet.title(_("Key tasks by plan and deadline as of {date}").format(date=when))
        headers, _rows = task_table(lists)
        sheet.header(headers)
        for plan, deadlines in lists.by_plan():
            for i, f in enumerate([plan, *deadlines]):
                sheet.row([f.label if i == 0 else "  " + f.label, f.total, f.done, f.overdue, f.due_soon, f.open,
                           f.rate / 100], [None, COUNT, COUNT, COUNT, COUNT, COUNT, RATE], bold=i == 0)
    if lists.ledger:
        headers, _rows = ledger_table(lists)
        sheet = SheetWriter(wb, sheet_name(_("Unit ledger"), used), [30, 9, 9, 9, 9, 60], freeze="B3")
        sheet.title(_("Ledger by unit as of {date}").format(date=when))
        sheet.header(headers)
        for ln in lists.ledger:
            sheet.row([ln.unit, len(ln.projects_lead), len(ln.projects_join), len(ln.tasks_lead),
                       len(ln.tasks_join), "、".join(ln.overdue)], [None, COUNT, COUNT, COUNT, COUNT, None])


def add_lists_sections(document: Any, lists: ListsReview,
                       table: Callable[[Any, list[str], list[list[str]]], None]) -> None:
    """The report's sections on indicators (主要指标完成情况), tasks and the unit ledger."""
    if lists.indicators:
        document.add_heading(_("Indicators"), level=1)
        counts = lists.indicator_counts()
        from ..records.indicator import indicator_state_label

        document.add_paragraph(_("; ").join(f"{indicator_state_label(s)} {n}" for s, n in counts.items() if n))
        table(document, *indicator_table(lists))
    if lists.tasks:
        document.add_heading(_("Key tasks by plan and deadline"), level=1)
        table(document, *task_table(lists))
    if lists.ledger:
        document.add_heading(_("Ledger by unit (projects and tasks)"), level=1)
        table(document, *ledger_table(lists))
