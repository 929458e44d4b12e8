"""A Gantt-like timeline: one bar per project across the years, coloured by schedule state,
with a marker at the as-of date. A ``RowsView``: only the rows on screen are drawn (100,000
projects scroll as 34 do), a cursor moves over them and ``enter`` selects the project.
Fits 80 columns: the name column shrinks first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from rich.text import Text

from portfolio.i18n import _
from portfolio.review.states import ProjectReview, ScheduleState, state_label

from .rows_view import GAP, Cell, Column, RowsView

STATE_COLOURS: dict[ScheduleState, str] = {
    ScheduleState.COMPLETED: "green",
    ScheduleState.OVERDUE: "red",
    ScheduleState.BEHIND: "dark_orange",
    ScheduleState.ON_TRACK: "dodger_blue2",
    ScheduleState.NOT_REPORTED: "grey50",
    ScheduleState.NOT_STARTED_YET: "grey35",
    ScheduleState.SUSPENDED: "magenta",
    ScheduleState.CANCELLED: "grey23",
}
FIRST_YEAR, LAST_YEAR = 2021, 2025  # the plan's period: always shown


def year_span(items: Sequence[ProjectReview]) -> tuple[int, int]:
    first, last = FIRST_YEAR, LAST_YEAR
    for i in items:
        p = i.project
        if p.start_year < first:
            first = p.start_year
        if p.end_year > last:
            last = p.end_year
    return first, last


def legend(as_of: date) -> Text:
    out = Text(no_wrap=False)
    for state, colour in STATE_COLOURS.items():
        out.append("█ ", style=colour)
        out.append(state_label(state) + "  ")
    out.append("│ ", style="bold yellow")
    out.append(_("as of {date}").format(date=as_of.isoformat()))
    return out


class Timeline(RowsView):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.as_of = date.today()
        self.first_year, self.last_year = FIRST_YEAR, LAST_YEAR
        self.per_year = 2

    def show(self, items: Sequence[ProjectReview], as_of: date, span: tuple[int, int] | None = None) -> None:
        self.as_of = as_of
        self.first_year, self.last_year = span or year_span(items)
        self.set_rows(self._columns(), items, self._cell, lambda i: i.project.code, self._header)

    def _columns(self) -> list[Column]:
        width = self.scrollable_content_region.width or self.size.width or 80
        years = self.last_year - self.first_year + 1
        label = max(12, min(40, width // 3))
        self.per_year = max(2, (width - label - 2 * GAP - 1) // years)
        return [Column("project", _("Project"), label, flex=True),
                Column("bar", "", years * self.per_year)]

    def on_resize(self) -> None:
        self.columns = self._columns()
        super().on_resize()

    def _marker(self) -> int | None:
        if date(self.first_year, 1, 1) <= self.as_of <= date(self.last_year, 12, 31):
            offset = (self.as_of - date(self.first_year, 1, 1)).days / 365.25
            years = self.last_year - self.first_year + 1
            return min(years * self.per_year - 1, int(offset * self.per_year))
        return None

    def _header(self, column: Column, width: int) -> Cell:
        if column.key != "bar":
            return column.header
        out = Text(style="bold")
        for y in range(self.first_year, self.last_year + 1):
            out.append(str(y).center(self.per_year)[:self.per_year])
        return out

    def _cell(self, item: ProjectReview, key: str) -> Cell:
        p = item.project
        if key == "project":
            return f"{p.code} {p.name}"
        per_year = self.per_year
        years = self.last_year - self.first_year + 1
        start = (p.start_year - self.first_year) * per_year
        end = (p.end_year - self.first_year + 1) * per_year
        marker = self._marker()
        colour = STATE_COLOURS[item.state]
        out = Text()
        for col in range(years * per_year):
            if col == marker:
                out.append("│", style="bold yellow")
            elif start <= col < end:
                out.append("█", style=colour)
            elif col % per_year == 0:
                out.append("·", style="grey30")
            else:
                out.append(" ")
        return out
