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


def indicator_paragraph(lists: ListsReview) -> str:
    from ..records.indicator.model import indicator_state_label

    counts = lists.indicator_counts()
    parts = _("; ").join(f"{indicator_state_label(s)} {n}" for s, n in counts.items() if n)
    return _("Of the plan's {n} indicators as of {date}: {parts}.").format(
        n=len(lists.indicators), date=format_date(lists.as_of, "long"), parts=parts)


def add_indicator_section(doc: Any, lists: ListsReview, heading: Callable[[str], None]) -> None:
    """主要指标完成情况 in the official report (``io.official_docx.OfficialDocument``)."""
    if not lists.indicators:
        return
    heading(_("Indicators"))
    doc.paragraph(indicator_paragraph(lists))
    doc.table(*indicator_table(lists), nowrap=(0,))


def add_task_section(doc: Any, lists: ListsReview, heading: Callable[[str], None]) -> None:
    """主要任务进展: completion by plan and by deadline."""
    if not lists.tasks:
        return
    heading(_("Key tasks by plan and deadline"))
    total = len(lists.tasks)
    done = sum(1 for t in lists.tasks if t.state.value == "done")
    overdue = sum(1 for t in lists.tasks if t.state.value == "overdue")
    doc.paragraph(_("{n} key tasks of the annual work plans: {done} done, {overdue} overdue as of {date}.").format(
        n=total, done=done, overdue=overdue, date=format_date(lists.as_of, "long")))
    doc.table(*task_table(lists), numeric=range(1, 7))


def add_ledger_section(doc: Any, lists: ListsReview, heading: Callable[[str], None]) -> None:
    """The per-unit ledger over projects and tasks."""
    if not lists.ledger:
        return
    heading(_("Ledger by unit (projects and tasks)"))
    doc.table(*ledger_table(lists), numeric=range(1, 5))
