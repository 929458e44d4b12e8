"""The list pane, one for every record kind: the tab strip, the filter, the kind's tree, the
table, the detail (详情 / 历史), the status line and the key bar. The main screen is this pane
showing projects; the 重点任务 and 指标 tabs are the same pane on the other kinds (built on
first show, ``tui/tabs.py``). What differs by kind is read from ``tui/panes.py``; editing,
undo and redo (``main_actions``) and the power tools (``main_tools``) serve every kind."""

from __future__ import annotations

from collections.abc import Sequence
from operator import is_not
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static, Tree
from textual.widgets.input import Selection as InputSelection
from textual.worker import get_current_worker

from portfolio import settings
from portfolio.errors import QueryError
from portfolio.i18n import N_, _, get_language
from portfolio.records.project.columns import review_date
from portfolio.records.project.row_list import codes_of
from portfolio.saved_filters import FilterNameError
from portfolio.store import Repository

from ..bindings import translate_bindings
from ..panes import Selection, free_words, pane_kind
from ..tabs import TAB_BINDINGS
from ..widgets.detail import RecordDetail
from ..widgets.filter_input import FilterInput
from ..widgets.key_bar import KeyBar
from ..widgets.list_tabs import ListTabs
from ..widgets.record_table import RecordTable
from ..widgets.status_bar import status_line, user_name
from .live import LiveView, Refreshed
from .main_actions import RecordActions
from .main_tools import MainTools

WARM_UP_DELAY = 0.8  # seconds after the first screen, so that it paints first
NARROW_WIDTH = 100  # below this many columns: short category names, a narrower tree
FOLLOW_SECONDS = 1.0  # a pane of tasks or indicators compares its records with the repository's


class ListScreen(MainTools, RecordActions, Screen[None]):
    CSS_PATH = "main.tcss"
    AUTO_FOCUS = "#table"

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
        Binding("r", "report", N_("Report value"), id="list.report"),
        Binding("l", "links", N_("Links"), id="list.links"),
        Binding("c", "columns", N_("Columns"), show=False, id="main.columns"),
        Binding("b", "bulk_edit", N_("Bulk edit"), show=False, id="main.bulk_edit"),
        Binding("ctrl+o", "saved_filters", N_("Saved filters"), show=False, id="main.saved_filters"),
        *TAB_BINDINGS,
        Binding("question_mark", "app.help", N_("Help"), id="main.help", key_display="?"),
        Binding("f2", "app.switch_language", N_("Switch language"), id="app.language"),
        Binding("q", "app.quit", N_("Quit"), id="app.quit"),
    ]
    # what each action needs of the kind (absent: every kind)
    ONLY: ClassVar[dict[str, tuple[str, ...]]] = {
        "review": ("project",), "report": ("indicator",), "links": ("task", "indicator"),
    }
    TYPED: ClassVar[tuple[str, ...]] = ("edit", "add", "delete", "undo", "redo", "history", "export", "review",
                                        "columns", "bulk_edit", "report", "links")

    class Filtered(Message):
        """A filter result computed off the UI thread."""

        def __init__(self, text: str, selection: Selection) -> None:
            self.text = text
            self.selection = selection
            super().__init__()

    def __init__(self, repo: Repository, kind: str = "project") -> None:
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.list_kind = kind  # the tab it is (tui/tabs.py)
        self.view = pane_kind(repo, kind)
        self.live = LiveView(self)
        self.query_text = ""
        # what this pane last read (follow_repository), and all of it (after the filter, before the
        # tree scope)
        self.seen, self.selection = self.view.first_read()
        self.resumed = False
        self.scope: Any = self.view.all_scope
        self.selected_code: str | None = None
        self.pending_code: str | None = None
        self.error_text = ""
        self.language = get_language()
        self.settings = settings.load()
        self.following = False

    @property
    def current_query(self) -> Any:
        return self.selection.query

    @property
    def matches(self) -> Sequence[Any]:
        return self.selection.matches

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # decided before the first layout, so that the first frame is not styled twice
        narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        yield ListTabs(self.list_kind, id="tabs")
        with Horizontal(id="filter-bar"):
            box = FilterInput(value=self.query_text, id="filter", placeholder=self.view.placeholder())
            box.history = self.settings.history()
            yield box
            yield Static("", id="match-count", markup=False)
        yield Static("", id="filter-error", markup=False)
        with Horizontal(id="body"):
            yield self.view.tree(narrow)
            with Vertical(id="right"):
                yield RecordTable(self.view.kind_columns(), id="table")
                yield RecordDetail(id="detail")
        yield Static("", id="status-line", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.set_columns(self.settings.columns(self.list_kind))
        table.set_highlight(free_words(self.current_query))
        if self.settings.warning:
            self.notify(self.settings.warning, severity="warning", markup=False, timeout=10)
            self.settings.warning = None
        self.show_error(self.error_text)
        detail = self.query_one(RecordDetail)
        detail.renderer = self.view.detail
        detail.history_source = lambda code: self.repo.history(code=code, kind=self.list_kind)
        self.refresh_view()
        table.focus()
        self.show_pending()
        if self.list_kind == "project":
            self.set_timer(WARM_UP_DELAY, self.warm_up)
            self.live.start()  # one watcher for the app: its refresh tells every pane
        elif not self.following:  # changes made in another tab, an undo of another kind
            self.following = True
            self.set_interval(FOLLOW_SECONDS, self.follow_repository, name="follow the repository")

    @work(thread=True, exclusive=True, group="warm-up")
    def warm_up(self) -> None:
        """After the first screen, off the UI thread: finish a quick open (the file's bytes
        parsed), build the search rows and pinyin."""
        self.repo.complete_open()
        self.repo.warm_up()

    def on_screen_resume(self) -> None:
        first, self.resumed = not self.resumed, True
        if self.language != get_language():
            self.run_worker(self.retranslate(), exclusive=True, group="retranslate")
        else:
            self.query_one(ListTabs).refresh()
            if not first:  # shown the first time: it has just read the repository (__init__)
                self.follow_repository()
            self.refresh_bindings()  # redo may be ready after an undo in another tab

    def on_resize(self) -> None:
        self.call_after_refresh(self.update_status)  # the status bar fits the new width
        narrow = self.size.width < NARROW_WIDTH
        if self.has_class("-narrow") != narrow:
            self.set_class(narrow, "-narrow")
            tree: Any = self.query_one("#tree")
            tree.short_names = narrow
            tree.refresh_labels()

    async def retranslate(self) -> None:
        """Rebuild every label in the current language, keeping the state (the sort too)."""
        self.language = get_language()
        translate_bindings(self)
        table = self.query_one(RecordTable)
        sort, marked, column = list(table.sort_spec), set(table.marked), table.current_column
        await self.recompose()
        table = self.query_one(RecordTable)
        table.sort_spec, table.marked, table.wanted_column = sort, marked, column
        self.on_mount()
        self.refresh_bindings()
        self.call_after_refresh(table.action_column, 0)  # the column cursor in view

    # -- state -> widgets ----------------------------------------------------------------------
    def visible_records(self) -> Sequence[Any]:
        return self.view.narrow(self.scope, self.matches)

    visible_projects = visible_records

    def refresh_view(self, keep: str | None = None) -> None:
        table = self.query_one(RecordTable)
        visible = self.visible_records()
        keep = keep or self.selected_code or (table.kind.ident(table.current) if table.current else None)
        table.show(visible, keep=keep)
        self.view.show_tree(self.query_one("#tree"), self.selection)
        count = _("{n} of {total}").format(n=len(visible), total=self.view.total())
        scope = self.view.scope_text(self.scope)
        self.query_one("#match-count", Static).update(Text(f"{count} · {scope}" if scope else count))
        self.show_detail()
        self.update_status()

    def show_detail(self) -> None:
        current = self.query_one(RecordTable).current
        self.selected_code = current.code if current is not None else None
        self.query_one(RecordDetail).show(current, free_words(self.current_query))

    def show_error(self, message: str) -> None:
        self.error_text = message
        error = self.query_one("#filter-error", Static)
        error.update(Text(message))
        error.display = bool(message)
        self.query_one("#filter", Input).set_class(bool(message), "-invalid")

    def update_status(self, message: str = "") -> None:
        table = self.query_one(RecordTable)
        self.query_one("#status-line", Static).update(status_line(
            shown=len(table.records), total=self.view.total(), marked=len(table.marked), kind=table.kind,
            spec=table.sort_spec, scope=self.view.scope_text(self.scope), review_date=review_date(),
            db=self.repo.path, user=user_name(self.repo), message=message, overflow=table.overflows,
            width=self.query_one("#status-line").content_region.width))

    @on(RecordTable.StateChanged)
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
            selection = self.view.select(self.view.compile(text))
        except (QueryError, FilterNameError) as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.post_message(self.Filtered(text, selection))

    @on(Filtered)
    def filtered(self, message: Filtered) -> None:
        if message.text != self.query_one("#filter", Input).value:
            return  # a stale result: a newer keystroke is on its way
        self.query_text, self.selection = message.text, message.selection
        self.query_one(RecordTable).set_highlight(free_words(message.selection.query))
        self.show_error("")
        self.refresh_view()

    def reapply_filter(self) -> None:
        """After a change: the same query over the new data (synchronously)."""
        self.seen = self.view.snapshot()
        self.selection = self.view.select(self.current_query)
        self.refresh_view()

    def follow_repository(self) -> None:
        """Show what changed in the repository since this pane last read it (an undo in another
        tab, a change another process wrote that the live view brought in): the repository
        replaces a changed record by a new object, so this compares identities only."""
        fresh = self.view.snapshot()
        if len(fresh) != len(self.seen) or any(map(is_not, fresh, self.seen)):
            self.reapply_filter()

    def apply_refresh(self, result: Refreshed) -> None:
        """Another process wrote: the new data under the same filter, scope, sort, selection
        (by code) and scroll position; the detail and the tree counts follow."""
        if result.selection.query is not self.current_query:
            self.reapply_filter()  # the filter changed while the file was read
        else:
            self.seen = self.view.snapshot()
            self.selection = result.selection
            table = self.query_one(RecordTable)
            top = table.scroll_y
            self.refresh_view()
            table.restore_scroll(top)
        self.update_status(result.message)

    def show_pending(self) -> None:
        """Show the record a jump asked for (``show_tab``)."""
        code, self.pending_code = self.pending_code, None
        if code is not None:
            if self.is_mounted:
                self.jump_to(code)
            else:
                self.pending_code = code

    # -- tree and table events ---------------------------------------------------------------------
    @on(Tree.NodeSelected, "#tree")
    def scope_selected(self, event: Tree.NodeSelected[Any]) -> None:
        self.scope = self.view.scope_of(event.node.data)
        self.selected_code = None
        self.refresh_view()

    @on(RecordTable.RowHighlighted, "#table")
    def row_highlighted(self) -> None:
        self.show_detail()

    @on(RecordTable.RowSelected, "#table")
    def row_selected(self) -> None:
        self.action_edit()

    # -- actions -------------------------------------------------------------------------------------
    def action_focus_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.focus()
        box.selection = InputSelection(0, len(box.value))  # typing replaces the last query

    def action_leave_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus and box.value:
            self.remember_filter()
            box.value = ""
        else:
            self.query_one(RecordTable).focus()

    def offers(self, action: str) -> bool:
        """Whether the action serves this pane's kind (the key bar and the help list it)."""
        only = self.ONLY.get(action)
        return only is None or self.list_kind in only

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.offers(action):
            return False  # not for this kind: not in the key bar
        if action == "redo" and not self.redo_ready:
            return False  # nothing of this window's to redo: not in the key bar
        # asked for every binding at each change of focus or state: widgets found by id (Textual
        # caches those lookups; a query by type walks the screen)
        box = self.query_one_optional("#filter", Input) if self.is_mounted else None
        if box is None:
            return True  # asked before the first compose
        if action in ("edit", "delete", "report", "links") and self.query_one("#table", RecordTable).current is None:
            return None  # shown greyed out
        # typing in the filter: letters are text, the letter bindings are hidden
        return not (box.has_focus and action in self.TYPED)

    def action_history(self) -> None:
        self.query_one(RecordDetail).toggle_history()

    def jump_to(self, code: str) -> None:
        """Show ``code`` in the table, widening the view (tree scope, filter) if it is hidden."""
        if code not in codes_of(self.visible_records()):
            self.scope = self.view.all_scope
            if code not in codes_of(self.matches):
                self.query_one("#filter", Input).value = ""
                self.query_text, self.selection = "", self.view.select(self.view.compile(""))
        self.selected_code = code
        self.refresh_view(keep=code)
        self.query_one(RecordTable).select_code(code)
        self.query_one(RecordTable).focus()


class MainScreen(ListScreen):
    """The first screen: the list pane showing projects."""
