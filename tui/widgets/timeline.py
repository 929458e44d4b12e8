"""A Gantt-like timeline: one bar per project across the years, coloured by schedule state,
with a marker at the as-of date. Fits 80 columns: the name column shrinks first."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.cells import set_cell_size
from rich.text import Text
from textual.widgets import Static

from portfolio.i18n import _
from portfolio.review.states import ProjectReview, ScheduleState, state_label

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
MAX_ROWS = 2000


def timeline_text(items: Sequence[ProjectReview], as_of: date, width: int,
                  first_year: int = 2021, last_year: int = 2025) -> Text:
    if items:
        first_year = min(first_year, *(i.project.start_year for i in items))
        last_year = max(last_year, *(i.project.end_year for i in items))
    years = last_year - first_year + 1
    label_width = max(12, min(40, width // 3))
    per_year = max(2, (width - label_width - 1) // years)
    out = Text(no_wrap=True, overflow="crop")
    # header: the years
    out.append(" " * label_width)
    for y in range(first_year, last_year + 1):
        out.append(str(y).center(per_year)[:per_year], style="bold")
    out.append("\n")
    marker_col = None
    if date(first_year, 1, 1) <= as_of <= date(last_year, 12, 31):
        offset = (as_of - date(first_year, 1, 1)).days / 365.25
        marker_col = min(years * per_year - 1, int(offset * per_year))
    for item in items[:MAX_ROWS]:
        p = item.project
        label = set_cell_size(f"{p.code} {p.name}", label_width - 1) + " "
        out.append(label)
        start = (p.start_year - first_year) * per_year
        end = (p.end_year - first_year + 1) * per_year
        colour = STATE_COLOURS[item.state]
        for col in range(years * per_year):
            if col == marker_col:
                out.append("│", style="bold yellow")
            elif start <= col < end:
                out.append("█", style=colour)
            elif col % per_year == 0:
                out.append("·", style="grey30")
            else:
                out.append(" ")
        out.append("\n")
    if len(items) > MAX_ROWS:
        out.append(_("… {n} more projects; narrow the filter to see them").format(n=len(items) - MAX_ROWS),
                   style="dim")
        out.append("\n")
    out.append("\n")
    for state, colour in STATE_COLOURS.items():
        out.append("█ ", style=colour)
        out.append(state_label(state) + "  ")
    out.append("│ ", style="bold yellow")
    out.append(_("as of {date}").format(date=as_of.isoformat()))
    return out


class Timeline(Static):
    def __init__(self, **kwargs: object) -> None:
        super().__init__("", markup=False, **kwargs)  # type: ignore[arg-type]
        self.items: Sequence[ProjectReview] = ()
        self.as_of = date.today()

    def show(self, items: Sequence[ProjectReview], as_of: date) -> None:
        self.items, self.as_of = items, as_of
        self.update(timeline_text(items, as_of, self.size.width or 80))

    def on_resize(self) -> None:
        self.update(timeline_text(self.items, self.as_of, self.size.width or 80))
