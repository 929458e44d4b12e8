"""The review screen (r): the review date in force (the plan's latest review date on or before
today; f5 mid-term, f6 final, or any date typed) and the margin, the category × state table,
the overdue and behind list, the per-unit view and the timeline, each project with its
light. The review is computed in a worker with a progress bar; the lists draw only the rows
on screen, so 100,000 projects stay responsive and ``escape`` leaves at once. ``enter`` on a
project jumps to it in the main screen; on a category of the summary, the main screen shows
that category. ``x`` writes the review pack (Word or Excel)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, ProgressBar, Select, Static, TabbedContent, TabPane

from portfolio.i18n import N_, _
from portfolio.records.fields import status_label
from portfolio.records.project.model import Project
from portfolio.records.project.views import header
from portfolio.review.compute import Review, review, review_repo
from portfolio.review.dates import FINAL, MID_TERM, default_review_date, review_date_label
from portfolio.review.figures import UnitDuty
from portfolio.review.lights import LIGHT_COLOURS, Light, light_text
from portfolio.review.states import DEFAULT_MARGIN, STATE_ORDER, ProjectReview, state_label
from portfolio.review.tables import category_table
from portfolio.tables import percent_text
from portfolio.text import outgoing
from portfolio.tracking import Cancelled, tracking

from ..bindings import translate_bindings
from ..tracker import ScreenTracker
from ..widgets.bar_chart import ReviewCharts
from ..widgets.key_bar import KeyBar
from ..widgets.rows_view import Cell, Column, RowsView
from ..widgets.timeline import STATE_COLOURS, Timeline, legend, year_span

# what the screen answers: ("project", code) to show a project, ("query", text) to filter
ReviewJump = tuple[str, str]


@dataclass
class Prepared:
    """Everything the screen shows, computed in the worker."""

    result: Review
    summary: str
    table: tuple[list[str], list[list[str]]]
    table_keys: list[str]  # the category of each summary row ("" for the total)
    late: list[ProjectReview]
    units: list[tuple[str, tuple[UnitDuty, ...]]]  # real units, most projects first
    span: tuple[int, int]


def list_columns(role: bool = False) -> list[Column]:
    """The project lists' columns; the decisive ones (light, state, 序时进度, progress) are
    never dropped, the name shrinks, the others go first when the width is short."""
    states = max(cell_len(state_label(s)) for s in STATE_ORDER)
    lights = max(cell_len(light_text(light)) for light in Light)

    def fit(text: str, width: int = 0) -> int:
        return max(cell_len(text), width)

    columns = [
        Column("code", header("code"), fit(header("code"), 6)),
        Column("light", _("Light"), fit(_("Light"), lights)),
        Column("state", _("Schedule"), fit(_("Schedule"), states)),
        Column("expected", _("Expected %"), fit(_("Expected %"), 6)),
        Column("progress", header("progress_percent"), fit(header("progress_percent"), 6)),
        Column("name", header("name"), 12, flex=True),
        Column("status", header("status"), fit(header("status"), 8), priority=2),
        Column("years", header("years"), 9, priority=3),
        Column("lead", header("lead_unit"), 14, priority=4),
        Column("reported", _("Reported on"), fit(_("Reported on"), 10), priority=5),
    ]
    if role:
        columns.insert(6, Column("role", _("Role"), fit(_("Role"), 4), priority=1))
    return columns


def review_cell(item: ProjectReview, key: str, result: Review | None = None) -> Cell:
    p = item.project
    if key == "code":
        return p.code
    if key == "light":
        text = Text(light_text(item.light))
        if item.light is not None:
            text.stylize(f"#{LIGHT_COLOURS[item.light]}")
        return text
    if key == "state":
        return Text(state_label(item.state), style=STATE_COLOURS[item.state])
    if key == "expected":
        return percent_text(round(item.expected, 1))
    if key == "progress":
        return percent_text(item.progress)
    if key == "name":
        return p.name
    if key == "status":
        return status_label(item.status)
    if key == "years":
        return p.years
    if key == "lead":  # as the units directory names it (鹿寨县), as the documents do
        return result.lead_of(item) if result is not None else p.lead_unit
    if key == "reported":
        return item.reported_on.isoformat() if item.reported_on else ""
    return ""


def duty_cell(duty: UnitDuty, key: str, result: Review | None = None) -> Cell:
    if key == "role":
        return _("lead") if duty.lead else _("joins")
    return review_cell(duty.project, key, result)


class ReviewScreen(Screen["ReviewJump | None"]):
    CSS_PATH = "review.tcss"
    AUTO_FOCUS = "#summary-table"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "back", N_("Back"), id="review.back"),
        Binding("f5", "mid_term", N_("Mid-term review"), id="review.midterm"),
        Binding("f6", "final", N_("Final review"), id="review.final"),
        Binding("t", "tab('timeline')", N_("Timeline"), id="review.timeline"),
        Binding("1", "tab('summary')", show=False, id="review.tab1"),
        Binding("2", "tab('late')", show=False, id="review.tab2"),
        Binding("3", "tab('units')", show=False, id="review.tab3"),
        Binding("4", "tab('timeline')", show=False, id="review.tab4"),
        Binding("5,c", "tab('charts')", N_("Charts"), id="review.charts"),
        Binding("x", "export", N_("Export pack"), id="review.export"),
    ]

    def __init__(self, projects: list[Project], as_of: date | None = None, repo: Any = None) -> None:
        super().__init__()
        self.projects = projects
        self.repo = repo  # its indicators and tasks go into the review (and the exported report)
        self.as_of = as_of or default_review_date()
        self.margin = DEFAULT_MARGIN
        self.result: Review | None = None
        self.units: dict[str, tuple[UnitDuty, ...]] = {}
        self.tracker: ScreenTracker | None = None  # the computation under way (tui/tracker.py)
        self._shown: ScreenTracker | None = None  # the computation whose result is on show

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-bar"):
            yield Label(_("As of"), classes="bar-label")
            yield Input(self.as_of.isoformat(), id="as-of", compact=True, placeholder="2023-12-31")
            yield Static(review_date_label(self.as_of), id="review-in-force", markup=False)
            yield Label(_("Margin (points)"), classes="bar-label")
            yield Input(str(int(self.margin)), id="margin", type="number", compact=True)
            yield Static("", id="review-error", markup=False)
        yield ProgressBar(total=max(1, len(self.projects)), id="review-progress", show_eta=False)
        yield Static(_("Computing the review of {n} projects…").format(n=len(self.projects)),
                     id="review-summary", markup=False)
        with TabbedContent(id="review-tabs"):
            # the keys 1-4 choose the tabs (the tab labels say so)
            with TabPane("1 " + _("Summary"), id="summary"):
                yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
            with TabPane("2 " + _("Overdue and behind"), id="late"):
                yield RowsView(id="late-table")
            with TabPane("3 " + _("Units"), id="units"):
                yield Select([], id="unit", prompt=_("Responsible unit"), compact=True)
                yield RowsView(id="unit-table")
            with TabPane("4 " + _("Timeline"), id="timeline"):
                yield Timeline(id="timeline-view")
                yield Static("", id="timeline-legend", markup=False)
            with TabPane("5 " + _("Charts"), id="charts"):
                yield ReviewCharts(id="charts-view")
        yield KeyBar()

    def on_mount(self) -> None:
        translate_bindings(self)
        self.query_one("#review-error").display = False
        self.compute()

    # -- computing ------------------------------------------------------------------------------------
    def compute(self) -> None:
        """(Re)compute in a worker; a computation under way stops at its next step (its
        tracker is cancelled) and its result is never shown."""
        if self.tracker is not None:
            self.tracker.cancel()
        tracker = self.tracker = ScreenTracker(self.app, self.query_one("#review-progress", ProgressBar))
        self.run_review(tracker)
        # a recomputation that takes a while shows the bar again (at once, the layout would jump
        # for the quick ones)
        self.set_timer(0.5, lambda: self._show_bar(tracker))

    def _show_bar(self, tracker: ScreenTracker) -> None:
        if tracker is self.tracker and not tracker.cancelled and not self.shown_by(tracker):
            self.query_one("#review-progress").display = True

    def shown_by(self, tracker: ScreenTracker) -> bool:
        return self._shown is tracker

    @work(thread=True, exclusive=True, group="review")
    def run_review(self, tracker: ScreenTracker) -> None:
        as_of, margin = self.as_of, self.margin
        try:
            # the same inputs as ``portfolio review -o``: the projects as writers take them, and
            # the three lists (indicators, tasks, unit ledger) of the store
            projects = outgoing(self.projects)
            with tracking(tracker):  # the stages on the bar; escape or a new date stops it
                result = (review(projects, as_of, margin) if self.repo is None
                          else review_repo(self.repo, projects, as_of, margin))
            if tracker.cancelled:
                return
            prepared = prepare(result)
            if tracker.cancelled:
                return
            self.app.call_from_thread(self.show, prepared)
            self._shown = tracker
        except (Cancelled, RuntimeError):  # RuntimeError: the app closed meanwhile
            return

    def show(self, prepared: Prepared) -> None:
        if not self.is_attached:
            return
        result = self.result = prepared.result
        self.query_one("#review-progress").display = False
        self.query_one("#review-in-force", Static).update(review_date_label(result.as_of))
        self.query_one("#review-summary", Static).update(Text(prepared.summary))
        headers, rows = prepared.table
        table = self.query_one("#summary-table", DataTable)
        table.clear(columns=True)
        for h in headers:
            table.add_column(Text(h))
        for row, key in zip(rows, prepared.table_keys, strict=True):
            table.add_row(*[Text(c) for c in row], key=key or "*")
        self.query_one("#late-table", RowsView).set_rows(
            list_columns(), prepared.late, lambda i, k: review_cell(i, k, result), lambda i: i.project.code)
        self.units = dict(prepared.units)
        select = self.query_one("#unit", Select)
        current = select.value
        select.set_options([(f"{u}（{len(d)}）", u) for u, d in prepared.units])
        if isinstance(current, str) and current in self.units:
            select.value = current
        elif prepared.units:
            select.value = prepared.units[0][0]  # the unit with the most projects
        self.show_unit()
        self.query_one(Timeline).show(result.items, result.as_of, prepared.span)
        self.query_one("#timeline-legend", Static).update(legend(result.as_of))
        self.query_one(ReviewCharts).show(result)
        self.refresh_bindings()  # the export key is there now

    @on(Select.Changed, "#unit")
    def show_unit(self) -> None:
        unit = self.query_one("#unit", Select).value
        duties = list(self.units.get(unit, ()) if isinstance(unit, str) else ())
        self.query_one("#unit-table", RowsView).set_rows(list_columns(role=True), duties, lambda d, k: duty_cell(d, k, self.result),
                                                           lambda d: d.project.project.code)

    # -- inputs ------------------------------------------------------------------------------------------
    @on(Input.Changed, "#as-of")
    def as_of_changed(self, event: Input.Changed) -> None:
        try:
            when = date.fromisoformat(event.value.strip())
        except ValueError:
            self.show_error(_("'{value}' is not a date such as 2023-12-31").format(value=event.value))
            return
        self.show_error("")
        if when != self.as_of or self.result is None:
            self.as_of = when
            self.query_one("#review-in-force", Static).update(review_date_label(when))
            self.compute()

    @on(Input.Changed, "#margin")
    def margin_changed(self, event: Input.Changed) -> None:
        try:
            margin = float(event.value)
        except ValueError:
            self.show_error(_("'{value}' is not a number").format(value=event.value))
            return
        self.show_error("")
        if margin != self.margin:
            self.margin = margin
            self.compute()

    def show_error(self, message: str) -> None:
        error = self.query_one("#review-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    # -- actions -------------------------------------------------------------------------------------------
    @on(RowsView.Selected)
    def jump(self, event: RowsView.Selected) -> None:
        if event.key:
            self.dismiss(("project", event.key))

    @on(DataTable.RowSelected, "#summary-table")
    def show_category(self, event: DataTable.RowSelected) -> None:
        key = str(event.row_key.value or "")
        self.dismiss(("query", "" if key == "*" else f"cat:{key}"))

    def action_back(self) -> None:
        if self.tracker is not None:
            self.tracker.cancel()
        self.workers.cancel_group(self, "review")
        self.dismiss(None)

    def action_mid_term(self) -> None:
        self.query_one("#as-of", Input).value = MID_TERM.isoformat()

    def action_final(self) -> None:
        self.query_one("#as-of", Input).value = FINAL.isoformat()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        focus = {"summary": "#summary-table", "late": "#late-table", "units": "#unit-table",
                 "timeline": "#timeline-view", "charts": "#charts-view"}[tab]
        self.query_one(focus).focus()

    def action_export(self) -> None:
        from .review_pack import ReviewPackScreen

        if self.result is None:
            self.notify(_("The review is still being computed"), markup=False)
            return
        self.app.push_screen(ReviewPackScreen(self.result))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "export" and self.result is None:
            return None  # shown greyed out until the review is there
        return True


def rate_beside_completed(headers: list[str], rows: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """The completion rate right after the completed count (category, projects, due,
    completed, rate, …): on screen at 80 columns, beside the numbers it is the rate of."""
    rate = headers.index(_("Completion rate"))
    order = [*range(4), rate, *(i for i in range(4, len(headers)) if i != rate)]
    return [headers[i] for i in order], [[row[i] for i in order] for row in rows]


def prepare(result: Review) -> Prepared:
    """What the screen shows, in the worker: nothing here scales with the screen."""
    table = category_table(result)
    keys = [*table.keys, ""]
    units = sorted(((u.unit, u.projects) for u in result.units if u.projects), key=lambda kv: -len(kv[1]))
    headers, rows = rate_beside_completed(list(table.headers), table.text_rows())
    return Prepared(result, result.summary, (headers, rows), keys, list(result.late),
                    units, year_span(list(result.items)))
