"""The main screen: filter bar, category tree, project table, detail, status line."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, Tree
from textual.widgets.input import Selection
from textual.worker import get_current_worker

from portfolio import saved_filters, settings
from portfolio.errors import QueryError
from portfolio.i18n import N_, _
from portfolio.records.project.columns import review_date
from portfolio.records.project.model import Project
from portfolio.records.project.query import P, Query, parse
from portfolio.saved_filters import FilterNameError
from portfolio.scope import ALL, Scope, ScopeCounts, count, count_rows, shape
from portfolio.store import Repository

from ..bindings import translate_bindings
from ..tabs import TAB_BINDINGS
from ..widgets.category_tree import CategoryTree
from ..widgets.detail import ProjectDetail
from ..widgets.filter_input import FilterInput
from ..widgets.key_bar import KeyBar
from ..widgets.list_tabs import ListTabs
from ..widgets.project_table import ProjectTable
from ..widgets.status_bar import scope_text, status_line, user_name
from .live import LiveView, Refreshed
from .main_actions import ProjectActions
from .main_tools import MainTools, highlight_words

WARM_UP_DELAY = 0.8  # seconds after the first screen, so that it paints first
NARROW_WIDTH = 100  # below this many columns: short category names, a narrower tree


class MainScreen(MainTools, ProjectActions, Screen[None]):
    CSS_PATH = "main.tcss"
    AUTO_FOCUS = "#table"
    list_kind = "project"  # the tab it is (tui/tabs.py)

    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("slash", "focus_filter", N_("Filter"), id="main.filter", key_display="/"),
        Binding("escape", "leave_filter", N_("Clear filter"), show=False, id="main.escape"),
        Binding("e", "edit", N_("Edit"), id="main.edit"),
        Binding("a", "add", N_("Add"), id="main.add"),
        Binding("d", "delete", N_("Delete"), id="main.delete"),
        Binding("ctrl+z", "undo", N_("Undo"), id="main.undo"),
        Binding("ctrl+y", "redo", N_("Redo"), id="main.redo"),
        Binding("h", "history", N_("History"), show=False, id="main.history"),
        Binding("x", "export", N_("Export"), id="main.export"),
        Binding("r", "review", N_("Review"), id="main.review"),
        Binding("c", "columns", N_("Columns"), show=False, id="main.columns"),
        Binding("b", "bulk_edit", N_("Bulk edit"), show=False, id="main.bulk_edit"),
        Binding("ctrl+o", "saved_filters", N_("Saved filters"), show=False, id="main.saved_filters"),
        *TAB_BINDINGS,
        Binding("question_mark", "app.help", N_("Help"), id="main.help", key_display="?"),
        Binding("f2", "app.switch_language", N_("Switch language"), id="app.language"),
        Binding("q", "app.quit", N_("Quit"), id="app.quit"),
    ]

    class Filtered(Message):
        """A filter result computed off the UI thread."""

        def __init__(self, text: str, query: Query, matches: list[Project], counts: ScopeCounts) -> None:
            self.text = text
            self.query = query
            self.matches = matches
            self.counts = counts
            super().__init__()

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.live = LiveView(self)
        self.query_text = ""
        self.current_query: Query = parse("")
        self.matches: list[Project] = repo.projects()  # after the filter, before the tree scope
        self.counts: ScopeCounts = count(self.matches)
        self.shape = shape(self.counts)  # the tree's subcategories, from all projects
        self.scope: Scope = ALL
        self.selected_code: str | None = None
        self.error_text = ""
        self.settings = settings.load()

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # decided before the first layout, so that the first frame is not styled twice
        narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        tree = CategoryTree(id="tree")
        tree.short_names = narrow
        yield ListTabs("project", id="tabs")
        with Horizontal(id="filter-bar"):
            box = FilterInput(value=self.query_text, id="filter",
                              placeholder=_("Filter: 锂电池 ldc cat:碧水 end:<=2023 unit:鹿寨县 -status:completed"))
            box.history = self.settings.history()
            yield box
            yield Static("", id="match-count", markup=False)
        yield Static("", id="filter-error", markup=False)
        with Horizontal(id="body"):
            yield tree
            with Vertical(id="right"):
                yield ProjectTable(id="table")
                yield ProjectDetail(id="detail")
        yield Static("", id="status-line", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(ProjectTable)
        table.set_columns(self.settings.columns(table.kind.name))
        table.set_highlight(highlight_words(self.current_query))
        if self.settings.warning:
            self.notify(self.settings.warning, severity="warning", markup=False, timeout=10)
            self.settings.warning = None
        self.show_error("")
        self.refresh_view()
        self.query_one(ProjectTable).focus()
        self.set_timer(WARM_UP_DELAY, self.warm_up)
        self.query_one(ProjectDetail).history_source = lambda code: self.repo.history(code=code)
        if not self.live.started:
            self.live.start()

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """After the first screen: build the search rows and pinyin, off the UI thread."""
        self.repo.warm_up()

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_status)  # the status bar fits the new width
        narrow = self.size.width < NARROW_WIDTH
        if self.has_class("-narrow") != narrow:
            self.set_class(narrow, "-narrow")
        tree = self.query_one(CategoryTree)
        if tree.short_names != narrow:
            tree.short_names = narrow
            tree.show_counts(self.counts, self.shape)

    async def retranslate(self) -> None:
        """Rebuild every label in the current language, keeping the state."""
        translate_bindings(self)
        await self.recompose()
        self.on_mount()
        self.refresh_bindings()

    # -- state -> widgets ----------------------------------------------------------------------
    def visible_projects(self) -> list[Project]:
        return self.scope.narrow(self.matches)

    def refresh_view(self) -> None:
        table = self.query_one(ProjectTable)
        visible = self.visible_projects()
        keep = self.selected_code or (table.current.code if table.current else None)
        table.show(visible, keep=keep)
        self.query_one(CategoryTree).show_counts(self.counts, self.shape)
        count = _("{n} of {total}").format(n=len(visible), total=len(self.repo))
        scope = scope_text(self.scope)
        self.query_one("#match-count", Static).update(Text(f"{count} · {scope}" if scope else count))
        self.show_detail()
        self.update_status()

    def show_detail(self) -> None:
        current = self.query_one(ProjectTable).current
        self.selected_code = current.code if current else None
        self.query_one(ProjectDetail).show(current, highlight_words(self.current_query))

    def show_error(self, message: str) -> None:
        self.error_text = message
        error = self.query_one("#filter-error", Static)
        error.update(Text(message))
        error.display = bool(message)
        self.query_one("#filter", Input).set_class(bool(message), "-invalid")

    def update_status(self, message: str = "") -> None:
        table = self.query_one(ProjectTable)
        self.query_one("#status-line", Static).update(status_line(
            shown=len(table.records), total=len(self.repo), marked=len(table.marked), kind=table.kind,
            spec=table.sort_spec, scope=self.scope, review_date=review_date(), db=self.repo.path,
            user=user_name(self.repo), message=message, overflow=table.overflows,
            width=self.query_one("#status-line").content_region.width))

    @on(ProjectTable.StateChanged)
    def table_state_changed(self) -> None:
        self.update_status()

    # -- the filter -----------------------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.run_filter(event.value)

    @work(exclusive=True, thread=True, group="filter")
    def run_filter(self, text: str) -> None:
        """Parse and filter off the UI thread; a newer keystroke cancels this one."""
        try:
            query = parse(saved_filters.expand(text))
        except (QueryError, FilterNameError) as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        rows = self.repo.search_rows(query)
        matches = [r[P] for r in rows]
        counts = count_rows(rows)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Filtered(text, query, matches, counts))

    def on_main_screen_filtered(self, message: Filtered) -> None:
        if message.text != self.query_one("#filter", Input).value:
            return  # a stale result: a newer keystroke is on its way
        self.query_text, self.current_query = message.text, message.query
        self.matches, self.counts = message.matches, message.counts
        self.query_one(ProjectTable).set_highlight(highlight_words(message.query))
        self.show_error("")
        self.refresh_view()

    def reapply_filter(self) -> None:
        """After a change: the same query over the new data (synchronously)."""
        rows = self.repo.search_rows(self.current_query)
        self.matches = [r[P] for r in rows]
        self.counts = count_rows(rows)
        self.shape = shape(count_rows(self.repo.rows()) if not self.current_query.empty else self.counts)
        self.refresh_view()

    def apply_refresh(self, result: Refreshed) -> None:
        """Another process wrote: the new data under the same filter, scope, sort, selection
        (by code) and scroll position; the detail and the tree counts follow."""
        if result.query is not self.current_query:
            self.reapply_filter()  # the filter changed while the file was read
        else:
            self.matches, self.counts, self.shape = result.matches, result.counts, result.shape
            table = self.query_one(ProjectTable)
            top = table.scroll_y
            self.refresh_view()
            table.restore_scroll(top)
        self.update_status(result.message)

    # -- tree and table events ---------------------------------------------------------------------
    @on(Tree.NodeSelected, "#tree")
    def scope_selected(self, event: Tree.NodeSelected[Scope]) -> None:
        self.scope = event.node.data or ALL
        self.selected_code = None
        self.refresh_view()

    @on(ProjectTable.RowHighlighted, "#table")
    def row_highlighted(self, event: ProjectTable.RowHighlighted) -> None:
        self.show_detail()

    @on(ProjectTable.RowSelected, "#table")
    def row_selected(self, event: ProjectTable.RowSelected) -> None:
        self.action_edit()

    # -- actions -------------------------------------------------------------------------------------
    def action_focus_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.focus()
        box.selection = Selection(0, len(box.value))  # typing replaces the last query

    def action_leave_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus and box.value:
            self.remember_filter()
            box.value = ""
        else:
            self.query_one(ProjectTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("edit", "delete") and self.query_one(ProjectTable).current is None:
            return None  # shown greyed out
        if action == "redo" and not self.redo_ready:
            return False  # nothing of this window's to redo: not in the key bar
        # typing in the filter: letters are text, the letter bindings are hidden
        typing = self.query_one("#filter", Input).has_focus
        return not (typing and action in ("edit", "add", "delete", "undo", "redo", "history", "export",
                                          "review", "columns", "bulk_edit"))

    def action_history(self) -> None:
        self.query_one(ProjectDetail).toggle_history()

    def jump_to(self, code: str) -> None:
        """Show ``code`` in the table, widening the view (tree scope, filter) if it is hidden."""
        if code not in {p.code for p in self.visible_projects()}:
            self.scope = ALL
            if code not in {p.code for p in self.matches}:
                self.query_one("#filter", Input).value = ""
                self.query_text, self.current_query = "", parse("")
                self.matches = self.repo.projects()
                self.counts = count(self.matches)
        self.selected_code = code
        self.refresh_view()
        self.query_one(ProjectTable).select_code(code)
        self.query_one(ProjectTable).focus()
