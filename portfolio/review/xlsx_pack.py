"""The review pack as a print-ready workbook: a summary sheet with native charts (completion rate
and schedule states by category), the overdue and behind projects, the responsibility matrix,
one titled sheet per unit (its 台账) and the full list. Counts, rates and amounts are typed
numbers with number formats; the traffic light is a filled cell. Streaming (write-only) sheets,
so the pack stays O(n) at 100,000 projects."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from ..i18n import _, format_date, format_number
from ..io.workbook import streaming, workbook_bytes
from ..io.xlsx_print import NUMBER_FORMATS, SheetWriter
from ..records.fields import status_label
from ..records.project.views import header
from ..tracking import SAVING, WRITING, advance, between_steps, stage
from .compute import Review
from .figures import UnitDuty
from .lights import LIGHT_COLOURS, Light, light_text
from .states import STATE_ORDER, ProjectReview, ScheduleState, state_label
from .tables import category_table, investment_table, unit_table

RATE = NUMBER_FORMATS["rate"]
AMOUNT = NUMBER_FORMATS["amount"]
COUNT = NUMBER_FORMATS["count"]
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
PROJECT_WIDTHS = (8, 36, 11, 24, 10, 18, 9, 8, 9)
UNIT_PROJECT_WIDTHS = (8, 7, 36, 11, 24, 10, 18, 9, 8, 9)


def sheet_name(text: str, used: set[str]) -> str:
    base = _BAD_SHEET_CHARS.sub("_", text)[:28] or "_"
    name, n = base, 2
    while name.lower() in used:
        name = f"{base[:26]}~{n}"
        n += 1
    used.add(name.lower())
    return name


def light_cell(light: Light | None) -> tuple[str, str | None]:
    """The light as text readable without colour (symbol and label) and its fill colour."""
    return light_text(light), None if light is None else LIGHT_COLOURS[Light(light)]


def _as_of(r: Review) -> str:
    return format_date(r.as_of, "long")


def project_headers() -> list[str]:
    return [header("code"), header("name"), header("years"), header("lead_unit"), header("status"),
            _("Schedule"), _("Expected %"), header("progress_percent"), _("Light")]


def _project_values(r: Review, item: ProjectReview) -> tuple[list[Any], list[str | None], list[str | None]]:
    p = item.project
    schedule = state_label(item.state) + (_(" (never reported)") if item.never_reported else "")
    text, fill = light_cell(item.light)
    values: list[Any] = [p.code, p.name, p.years, r.lead_of(item), status_label(item.status), schedule,
                         round(item.expected / 100, 4), item.progress / 100, text]
    formats: list[str | None] = [None, None, None, None, None, None, RATE, RATE, None]
    fills: list[str | None] = [*[None] * 8, fill]
    return values, formats, fills


def _projects_sheet(wb: Workbook, r: Review, name: str, title: str, items: Sequence[ProjectReview]) -> None:
    sheet = SheetWriter(wb, name, PROJECT_WIDTHS, freeze="C3")
    sheet.title(title)
    sheet.header(project_headers())
    for item in items:
        sheet.row(*_project_values(r, item))
        advance()


def _summary_sheet(wb: Workbook, r: Review, name: str) -> None:
    from .lists_docs import fit_amounts, write_table

    table, investment = category_table(r), investment_table(r)
    # 应对气候变化工程 on one line; the amounts of the investment table (its 合计) never ###
    widths = fit_amounts([19, 8, 8, *[9] * len(STATE_ORDER), 10], investment)
    sheet = SheetWriter(wb, name, widths)
    sheet.title(_("Key project review as of {date}").format(date=_as_of(r)))
    sheet.paragraph(r.summary)
    sheet.blank()
    # two short tables, then the charts: no header row repeated alone above the charts' page
    header_row = write_table(sheet, table, repeat=False)
    sheet.blank()
    write_table(sheet, investment, repeat=False)
    if not table.rows:
        return
    first, last = header_row + 1, header_row + len(table.rows)
    labels = Reference(sheet.ws, min_col=1, min_row=first, max_row=last)
    rate_col = len(table.headers)
    rate = BarChart()
    rate.type = "col"
    rate.title = _("Completion rate by category")
    rate.y_axis.numFmt = "0%"
    rate.y_axis.scaling.min = 0
    rate.legend = None
    rate.add_data(Reference(sheet.ws, min_col=rate_col, min_row=header_row, max_row=last), titles_from_data=True)
    rate.set_categories(labels)
    rate.height, rate.width = 6.0, 12.5
    states = BarChart()
    states.type = "bar"
    states.grouping = "stacked"
    states.overlap = 100
    states.title = _("Schedule states by category")
    states.add_data(Reference(sheet.ws, min_col=4, max_col=3 + len(STATE_ORDER), min_row=header_row, max_row=last),
                    titles_from_data=True)
    states.set_categories(labels)
    states.height, states.width = 6.0, 12.5
    anchor = last + len(r.categories) + 10  # below the investment table
    from openpyxl.worksheet.pagebreak import Break

    sheet.ws.row_breaks.append(Break(id=anchor - 1))  # the charts on a page of their own, never cut
    sheet.ws.add_chart(rate, f"A{anchor}")
    sheet.ws.add_chart(states, f"H{anchor}")  # A..G is ~13.5 cm wide


def _units_sheet(wb: Workbook, r: Review, name: str) -> None:
    from .lists_docs import write_table

    sheet = SheetWriter(wb, name, [30, 8, 8, 8, *[9] * len(STATE_ORDER), 10], freeze="B3")
    sheet.title(_("Responsible units as of {date}").format(date=_as_of(r)))
    write_table(sheet, unit_table(r))


def _unit_sheet(wb: Workbook, r: Review, name: str, unit: str, duties: Sequence[UnitDuty]) -> None:
    sheet = SheetWriter(wb, name, UNIT_PROJECT_WIDTHS, freeze="D3")
    sheet.title(_("{unit}: key projects as of {date}").format(unit=unit, date=_as_of(r)))
    headers = project_headers()
    headers.insert(1, _("Role"))
    sheet.header(headers)
    for d in duties:
        advance()
        values, formats, fills = _project_values(r, d.project)
        values.insert(1, _("lead") if d.lead else _("joins"))
        formats.insert(1, None)
        fills.insert(1, None)
        sheet.row(values, formats, fills)


@between_steps
def xlsx_report(r: Review) -> bytes:
    # the rows of the project sheets: the overdue and behind list, each unit's, all projects
    stage(WRITING, len(r.late) + sum(len(u.projects) for u in r.units) + len(r.items))
    with streaming() as wb:
        used: set[str] = set()
        _summary_sheet(wb, r, sheet_name(_("Summary"), used))
        if r.lists is not None:  # the indicators, the key tasks, the unit ledger
            from .lists_docs import add_lists_sheets

            add_lists_sheets(wb, r, sheet_name, used)
        _projects_sheet(wb, r, sheet_name(_("Overdue and behind"), used),
                        _("Overdue and behind-schedule projects as of {date}").format(date=_as_of(r)), r.late)
        _units_sheet(wb, r, sheet_name(_("Units"), used))
        for u in r.units:
            if u.projects:
                _unit_sheet(wb, r, sheet_name(u.unit, used), u.unit, u.projects)
        _projects_sheet(wb, r, sheet_name(_("All projects"), used),
                        _("All key projects as of {date} ({n})").format(date=_as_of(r),
                                                                        n=format_number(len(r.items))),
                        r.items)
        stage(SAVING)
        return workbook_bytes(wb)


__all__ = ["ScheduleState", "light_cell", "sheet_name", "xlsx_report"]
