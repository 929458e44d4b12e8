"""The review screen (r): as-of date and margin, the category × state table, the overdue and
behind list, the per-unit view and the timeline. Selecting a project jumps to it in the
main screen (the screen dismisses with its code)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Input, Label, Select, Static, TabbedContent, TabPane

from portfolio.i18n import N_, _
from portfolio.models import Project
from portfolio.review.dates import default_review_date
from portfolio.review.report import project_table, summary_table
from portfolio.review.states import DEFAULT_MARGIN, ProjectReview, Review, review

from ..bindings import translate_bindings
from ..widgets.key_bar import KeyBar
from ..widgets.timeline import STATE_COLOURS, Timeline


class ReviewScreen(Screen["str | None"]):
    CSS_PATH = "review.tcss"
    AUTO_FOCUS = "#summary-table"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "back", N_("Back"), id="review.back"),
        Binding("f5", "mid_term", N_("Mid-term (2023-12-31)"), id="review.midterm"),
        Binding("f6", "final", N_("Final (2025-12-31)"), id="review.final"),
        Binding("t", "tab('timeline')", N_("Timeline"), id="review.timeline"),
    ]

    def __init__(self, projects: list[Project], as_of: date | None = None) -> None:
        super().__init__()
        self.projects = projects
        self.as_of = as_of or default_review_date()
        self.margin = DEFAULT_MARGIN
        self.result: Review | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-bar"):
            yield Label(_("As of"), classes="bar-label")
            yield Input(self.as_of.isoformat(), id="as-of", compact=True, placeholder="2023-12-31")
            yield Label(_("Margin (points)"), classes="bar-label")
            yield Input(str(int(self.margin)), id="margin", type="number", compact=True)
            yield Static("", id="review-error", markup=False)
        yield Static("", id="review-summary", markup=False)
        with TabbedContent(id="tabs"):
            with TabPane(_("Summary"), id="summary"):
                yield DataTable(id="summary-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Overdue and behind"), id="late"):
                yield DataTable(id="late-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Units"), id="units"):
                yield Select([], id="unit", prompt=_("Responsible unit"), compact=True)
                yield DataTable(id="unit-table", cursor_type="row", zebra_stripes=True)
            with TabPane(_("Timeline"), id="timeline"), VerticalScroll(can_focus=True):
                yield Timeline(id="timeline-view")
        yield KeyBar()

    def on_mount(self) -> None:
        translate_bindings(self)
        self.query_one("#review-error").display = False
        self.compute()

    # -- computing --------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="review")
    def compute(self) -> None:
        result = review(self.projects, self.as_of, self.margin)
        self.app.call_from_thread(self.show, result)

    def show(self, result: Review) -> None:
        self.result = result
        self.query_one("#review-summary", Static).update(Text(result.summary()))
        headers, rows = summary_table(result)
        self._fill("#summary-table", headers, rows)
        late = result.overdue + result.behind
        self._fill("#late-table", *project_table(late), keys=[i.project.code for i in late], states=late)
        units = result.units()
        select = self.query_one("#unit", Select)
        current = select.value
        select.set_options([(f"{u}（{len(d)}）", u) for u, d in sorted(units.items(), key=lambda kv: -len(kv[1]))])
        if isinstance(current, str) and current in units:
            select.value = current
        self.show_unit()
        self.query_one(Timeline).show(result.items, result.as_of)

    def _fill(self, selector: str, headers: list[str], rows: list[list[str]], keys: list[str] | None = None,
              states: list[ProjectReview] | None = None) -> None:
        table = self.query_one(selector, DataTable)
        table.clear(columns=True)
        for h in headers:
            table.add_column(Text(h))
        for i, row in enumerate(rows):
            cells = [Text(c) for c in row]
            if states is not None:
                cells[5].stylize(STATE_COLOURS[states[i].state])
            table.add_row(*cells, key=keys[i] if keys else None)

    @on(Select.Changed, "#unit")
    def show_unit(self) -> None:
        if self.result is None:
            return
        unit = self.query_one("#unit", Select).value
        duties = self.result.units().get(unit, []) if isinstance(unit, str) else []
        headers, rows = project_table([d.project for d in duties])
        headers.insert(1, _("Role"))
        for row, d in zip(rows, duties, strict=True):
            row.insert(1, _("lead") if d.lead else _("joins"))
        self._fill("#unit-table", headers, rows, keys=[d.project.project.code for d in duties])

    # -- inputs -------------------------------------------------------------------------------------
    @on(Input.Changed, "#as-of")
    def as_of_changed(self, event: Input.Changed) -> None:
        try:
            when = date.fromisoformat(event.value.strip())
        except ValueError:
            self.show_error(_("'{value}' is not a date such as 2023-12-31").format(value=event.value))
            return
        self.show_error("")
        self.as_of = when
        self.compute()

    @on(Input.Changed, "#margin")
    def margin_changed(self, event: Input.Changed) -> None:
        try:
            margin = float(event.value)
        except ValueError:
            self.show_error(_("'{value}' is not a number").format(value=event.value))
            return
        self.show_error("")
        self.margin = margin
        self.compute()

    def show_error(self, message: str) -> None:
        error = self.query_one("#review-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    # -- actions ------------------------------------------------------------------------------------
    @on(DataTable.RowSelected, "#late-table, #unit-table")
    def jump(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.dismiss(str(event.row_key.value))

    def action_back(self) -> None:
        self.dismiss(None)

    def action_mid_term(self) -> None:
        self.query_one("#as-of", Input).value = "2023-12-31"

    def action_final(self) -> None:
        self.query_one("#as-of", Input).value = "2025-12-31"

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        if tab == "timeline":
            self.query_one("#timeline VerticalScroll").focus()
