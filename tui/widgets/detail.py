"""The detail pane of every list: the record under the cursor (详情: the kind's own detail) and its
history (历史: the journal's entries for it, newest first). The project's detail is here too:
content, scale, units (lead marked), years, status, log."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static, TabbedContent, TabPane

from portfolio.errors import PortfolioError
from portfolio.i18n import _, format_stamp
from portfolio.records.fields import status_label
from portfolio.records.project.model import Project
from portfolio.records.project.views import category_label, header, lead_marked
from portfolio.records.values import change_text
from portfolio.store.journal import JournalEntry
from portfolio.tables import money_text, percent_text
from portfolio.text import one_line, shown

from ..values import action_label, kind_label, value_text

HIGHLIGHT = "on dark_goldenrod"


def detail_renderable(p: Project | None, words: Sequence[str] = ()) -> RenderableType:
    if p is None:
        return Text(_("No project selected"), style="dim")
    p = shown(p)  # texts edited by hand in the file are shown escaped, never sent raw
    title = Text.assemble((p.code, "bold reverse"), " ", (p.name, "bold"))
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    rows: list[tuple[str, Text]] = [
        (header("category"), Text(f"{category_label(p.category, short=False)} › {p.subcategory}")),
        (header("years"), Text(p.years)),
        (header("status"), Text(f"{status_label(p.status)} · {percent_text(p.progress_percent)}")),
    ]
    if p.planned_investment is not None or p.completed_investment is not None:
        rows.append((header("planned_investment"), Text(money_text(p.planned_investment))))
        rows.append((header("completed_investment"), Text(money_text(p.completed_investment))))
    for label, value in rows:
        facts.add_row(Text(label), value)
    units = Text()
    for i, u in enumerate(p.units):
        if i:
            units.append("\n")
        units.append(lead_marked(u) if i == 0 else u, style="bold" if i == 0 else "")
    facts.add_row(Text(header("units")), units)
    parts: list[RenderableType] = [title, facts, Text(""), Text(header("content"), style="bold underline"),
                                   Text(p.content or "—")]
    if p.scale:
        parts += [Text(""), Text(header("scale"), style="bold underline"), Text(p.scale)]
    if p.progress_log:
        log = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        for col in ("date", "percent", "status", "note"):
            log.add_column(Text(header(col)))
        for e in p.progress_log:
            log.add_row(Text(str(e.date)), Text(percent_text(e.percent)), Text(status_label(e.status)),
                        Text(e.note))
        parts += [Text(""), Text(header("progress_log"), style="bold underline"), log]
    if words:
        for part in parts:
            if isinstance(part, Text):
                part.highlight_words(words, HIGHLIGHT, case_sensitive=False)
        units.highlight_words(words, HIGHLIGHT, case_sensitive=False)
    return Group(*parts)


def history_renderable(entries: list[JournalEntry]) -> RenderableType:
    """The entries newest first: time, author, action, each field before → after."""
    if not entries:
        return Text(_("No recorded changes yet"), style="dim")
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold", expand=True)
    table.add_column(Text(_("Time")), no_wrap=True)
    table.add_column(Text(_("Author")), no_wrap=True)
    table.add_column(Text(_("Action")), no_wrap=True)
    table.add_column(Text(_("Changes")), ratio=1)
    for e in sorted(entries, key=lambda e: e.seq, reverse=True):
        lines = Text()
        for f, before, after in e.fields():
            if e.action in ("add", "delete") and f not in ("name", "status", "progress_percent"):
                continue  # a whole record: its name and state are enough here
            if lines:
                lines.append("\n")
            lines.append(f"{kind_label(e.kind, f)} ", style="bold")
            if f in ("progress_log", "values"):  # the entries themselves, as ``portfolio log`` shows them
                lines.append(one_line(change_text(f, before, after)))
                continue
            lines.append(value_text(f, before, 30, e.kind), style="dim")
            lines.append(" → ")
            lines.append(value_text(f, after, 30, e.kind))
        if e.note:
            lines.append(("\n" if lines else "") + _("Note: {note}").format(note=e.note), style="italic")
        table.add_row(Text(format_stamp(e.time)), Text(e.author), Text(action_label(e.action)),
                      lines)
    return table


class RecordDetail(Vertical):
    """Two tabs: the record's details, and its history (the journal's entries for it,
    newest first, read in a worker when the tab is shown)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown: Any = None
        self._words: tuple[str, ...] = ()
        self.history_source: Callable[[str], list[JournalEntry]] | None = None
        self.renderer: Callable[[Any, Sequence[str]], RenderableType] = detail_renderable
        self._history_of: Any = None  # the version whose history is on show

    def compose(self) -> ComposeResult:
        with TabbedContent(id="detail-tabs"):
            with TabPane(_("Details"), id="tab-details"), VerticalScroll(id="detail-scroll"):
                yield Static(Text(_("Nothing selected"), style="dim"), id="detail-body", markup=False)
            with TabPane(_("History"), id="tab-history"), VerticalScroll(id="history-scroll"):
                yield Static("", id="history-body", markup=False)

    def show(self, project: Any, words: Sequence[str] = ()) -> None:
        words = tuple(words)
        if project is not None and project is self._shown and words == self._words:
            return  # already on show (a change replaces the project with a new object)
        same = project is not None and self._shown is not None and project.code == self._shown.code
        self._shown, self._words = project, words
        body = self.renderer(project, words) if project is not None else Text(_("Nothing selected"), style="dim")
        self.query_one("#detail-body", Static).update(body)
        if not same:  # a new version of the same project keeps the scroll position
            self.query_one("#detail-scroll", VerticalScroll).scroll_home(animate=False)
        if self.history_visible:
            self.load_history()

    @property
    def history_visible(self) -> bool:
        return self.query_one(TabbedContent).active == "tab-history"

    def toggle_history(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-details" if tabs.active == "tab-history" else "tab-history"

    @on(TabbedContent.TabActivated)
    def tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-history":
            self.load_history()

    def load_history(self) -> None:
        project = self._shown
        if project is self._history_of and project is not None:
            return
        self._history_of = project
        body = self.query_one("#history-body", Static)
        if project is None or self.history_source is None:
            body.update(Text(_("Nothing selected"), style="dim"))
            return
        body.update(Text(_("Loading…"), style="dim"))
        self.run_worker(partial(self._read_history, project), thread=True, exclusive=True,
                        group="history", name="history")

    def _read_history(self, project: Any) -> None:
        assert self.history_source is not None
        try:
            entries = self.history_source(project.code)
        except PortfolioError as exc:
            self.app.call_from_thread(self._show_history, project, Text(str(exc), style="red"))
            return
        self.app.call_from_thread(self._show_history, project, history_renderable(entries))

    def _show_history(self, project: Any, renderable: RenderableType) -> None:
        if project is self._shown:
            self.query_one("#history-body", Static).update(renderable)
