"""The task and indicator tabs: one screen per kind, laid out as the main screen (the tab
strip, the filter, a tree, the table, the detail, the status bar, the key bar).

* tree: tasks by plan -> section -> subsection; indicators by category (counts follow the
  filter; selecting a node narrows the table);
* filter: the query language with the kind's keys (``portfolio.query``); an unknown key
  lists that kind's keys under the filter;
* table: the generic ``RecordTable`` over the kind's columns (``records/<kind>/columns.py``):
  sorting, the column picker (``c``), marks;
* ``e`` / ``enter`` edits the record (``record_form``), ``r`` reports an indicator's value
  for a year (``report_value``), ``l`` links the record to key projects and boxes
  (``link_dialog``), ``u`` opens the unit view, ``ctrl+z`` undoes.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Static, Tree
from textual.widgets.input import Selection
from textual.widgets.tree import TreeNode

from portfolio import settings
from portfolio.errors import ConflictError, PortfolioError, QueryError
from portfolio.i18n import N_, _, get_language
from portfolio.query import RecordQuery, parse_kind
from portfolio.records.columns import record_kind
from portfolio.records.indicator.views import indicator_tree
from portfolio.records.project.columns import review_date
from portfolio.records.task.views import task_tree
from portfolio.records.views import Node
from portfolio.scope import ALL
from portfolio.store import Change, Repository

from ..bindings import translate_bindings
from ..tabs import TAB_BINDINGS, tab_label
from ..widgets.filter_input import FilterInput
from ..widgets.key_bar import KeyBar
from ..widgets.list_tabs import ListTabs
from ..widgets.record_detail import record_detail
from ..widgets.record_table import RecordTable
from ..widgets.status_bar import status_line, user_name

NARROW_WIDTH = 100
WATCH_SECONDS = 1.0
PLACEHOLDERS = {
    "task": N_("Filter: 污水 lead:市生态环境局 due:<=2024-06-30 due:overdue plan:LJQ status:completed"),
    "indicator": N_("Filter: 水质 attr:约束性 cat:生态保护 state:off_path"),
}


class ListTree(Tree[Node | None]):
    """The kind's tree; labels carry the counts of the records matching the filter."""

    def show(self, nodes: list[Node], counts: dict[str, int], total: int, root: str) -> None:
        shape = [(n.where, [(c.where, [g.where for g in c.children]) for c in n.children]) for n in nodes]
        if getattr(self, "_shape", None) != shape:
            self._shape = shape
            self.clear()
            for node in nodes:
                self._add(self.root, node)
            self.root.expand()
        self.root.set_label(Text(f"{root} ({total})"))
        self._relabel(self.root, counts)

    def _add(self, parent: TreeNode[Node | None], node: Node) -> None:
        child = parent.add(node.label, data=node, expand=False)
        if not node.children:
            child.allow_expand = False
        for sub in node.children:
            self._add(child, sub)

    def _relabel(self, parent: TreeNode[Node | None], counts: dict[str, int]) -> None:
        for child in parent.children:
            if child.data is not None:
                label = short_plan(child.data.label) if parent is self.root else child.data.label
                child.set_label(Text(f"{label} ({counts.get(child.data.where, 0)})"))
            self._relabel(child, counts)


def short_plan(title: str) -> str:
    """A plan's title as the tree shows it: 柳江区2024年度水污染防治工作计划 -> 柳江区2024水污染防治."""
    for suffix in ("工作计划", "工作方案", "实施方案", "计划", "方案"):
        if title.endswith(suffix) and len(title) > len(suffix) + 4:
            title = title[: -len(suffix)]
            break
    return title.replace("年度", "", 1)


def _walk(nodes: list[Node]) -> list[Node]:
    out: list[Node] = []
    for n in nodes:
        out.append(n)
        out.extend(_walk(n.children))
    return out


class RecordListScreen(Screen[None]):
    CSS_PATH = "lists.tcss"
    AUTO_FOCUS = "#table"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("slash", "focus_filter", N_("Filter"), id="list.filter", key_display="/"),
        Binding("escape", "leave_filter", N_("Clear filter"), show=False, id="list.escape"),
        Binding("e", "edit", N_("Edit"), id="list.edit"),
        Binding("r", "report", N_("Report value"), id="list.report"),
        Binding("l", "links", N_("Links"), id="list.links"),
        Binding("ctrl+z", "undo", N_("Undo"), id="list.undo"),
        Binding("c", "columns", N_("Columns"), show=False, id="list.columns"),
        *TAB_BINDINGS,
        Binding("question_mark", "app.help", N_("Help"), id="list.help", key_display="?"),
        Binding("f2", "app.switch_language", N_("Switch language"), id="app.language"),
        Binding("q", "app.quit", N_("Quit"), id="app.quit"),
    ]

    def __init__(self, repo: Repository, kind: str) -> None:
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.list_kind = kind
        self.kind = record_kind(kind)
        self.records: list[Any] = list(repo.records(kind))  # a copy: the repository patches its own
        self.current_query: RecordQuery | None = None
        self.matches: list[Any] = self.records
        self.scope: Node | None = None
        self.scope_query: RecordQuery | None = None
        self.query_text = ""
        self.error_text = ""
        self.pending_code: str | None = None
        self.language = get_language()
        self.settings = settings.load()
        self._watching = False

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        narrow = self.app.size.width < NARROW_WIDTH
        self.set_class(narrow, "-narrow")
        yield ListTabs(self.list_kind, id="tabs")
        with Horizontal(id="filter-bar"):
            box = FilterInput(value=self.query_text, id="filter", placeholder=_(PLACEHOLDERS[self.list_kind]))
            box.history = self.settings.history()
            yield box
            yield Static("", id="match-count", markup=False)
        yield Static("", id="filter-error", markup=False)
        with Horizontal(id="body"):
            yield ListTree(Text(tab_label(self.list_kind)), data=None, id="tree")
            with Vertical(id="right"):
                yield RecordTable(self.kind, id="table")
                with VerticalScroll(id="detail"):
                    yield Static("", id="detail-body")
        yield Static("", id="status-line", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.set_columns(self.settings.columns(self.list_kind))
        self.show_error(self.error_text)
        self.refresh_view()
        table.focus()
        self.show_pending()
        if not self._watching:
            self._watching = True
            self.set_interval(WATCH_SECONDS, self.follow_repository, name="follow the repository")

    def on_screen_resume(self) -> None:
        if self.language != get_language():
            self.run_worker(self.retranslate(), exclusive=True, group="retranslate")
        else:
            self.query_one(ListTabs).refresh()
            self.follow_repository()

    def follow_repository(self) -> None:
        """Show what changed in the repository since this tab last read it (an undo in another
        tab, a change another process wrote and the live view brought in): the repository
        replaces a changed record by a new object, so this compares identities only."""
        fresh = self.repo.records(self.list_kind)
        if len(fresh) != len(self.records) or any(a is not b for a, b in zip(fresh, self.records, strict=True)):
            current = self.query_one(RecordTable).current
            self.reload_records(keep=current.code if current is not None else None)

    async def retranslate(self) -> None:
        self.language = get_language()
        translate_bindings(self)
        await self.recompose()
        self.on_mount()
        self.refresh_bindings()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "-narrow")

    # -- state -> widgets ------------------------------------------------------------------------
    def visible_records(self) -> list[Any]:
        if self.scope_query is None:
            return self.matches
        return self.scope_query.filter(self.matches)

    def tree_nodes(self) -> list[Node]:
        return task_tree(self.records) if self.list_kind == "task" else indicator_tree(self.records)

    def refresh_view(self, keep: str | None = None) -> None:
        table = self.query_one(RecordTable)
        visible = self.visible_records()
        current = table.current
        table.show(visible, keep=keep or (current.code if current is not None else None))
        nodes = self.tree_nodes()
        counts = {n.where: len(parse_kind(n.where, self.list_kind).filter(self.matches)) for n in _walk(nodes)}
        self.query_one(ListTree).show(nodes, counts, len(self.matches), tab_label(self.list_kind))
        count = _("{n} of {total}").format(n=len(visible), total=len(self.records))
        scope = self.scope.label if self.scope is not None else ""
        self.query_one("#match-count", Static).update(Text(f"{count} · {scope}" if scope else count))
        self.show_detail()
        self.update_status()

    def show_detail(self) -> None:
        record = self.query_one(RecordTable).current
        projects = {p.code: p for p in self.repo.records("project")} if getattr(record, "links", None) else {}
        self.query_one("#detail-body", Static).update(record_detail(self.list_kind, record, projects))

    def show_error(self, message: str) -> None:
        self.error_text = message
        error = self.query_one("#filter-error", Static)
        error.update(Text(message))
        error.display = bool(message)
        self.query_one("#filter", Input).set_class(bool(message), "-invalid")

    def update_status(self, message: str = "") -> None:
        table = self.query_one(RecordTable)
        self.query_one("#status-line", Static).update(status_line(
            shown=len(table.records), total=len(self.records), marked=len(table.marked), kind=table.kind,
            spec=table.sort_spec, scope=ALL, review_date=review_date(), db=self.repo.path,
            user=user_name(self.repo), message=message, overflow=table.overflows))

    def show_pending(self) -> None:
        """Show the record a jump asked for, widening the view (tree, filter) if it is hidden."""
        code, self.pending_code = self.pending_code, None
        if code is None or not self.is_mounted:
            self.pending_code = code
            return
        if code not in {r.code for r in self.visible_records()}:
            self.scope, self.scope_query = None, None
            if code not in {r.code for r in self.matches}:
                self.query_one("#filter", Input).value = ""
                self.query_text, self.current_query, self.matches = "", None, self.records
        self.refresh_view(keep=code)
        table = self.query_one(RecordTable)
        table.select_code(code)
        table.focus()

    @on(RecordTable.StateChanged)
    def table_state_changed(self) -> None:
        self.update_status()

    # -- the filter ------------------------------------------------------------------------------
    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        try:
            query = parse_kind(event.value, self.list_kind)
        except QueryError as exc:
            self.show_error(str(exc))
            return
        assert isinstance(query, RecordQuery)
        self.query_text, self.current_query = event.value, query
        self.matches = self.records if query.empty else query.filter(self.records)
        words = [t.value for t in query.terms if t.key is None and not t.negate]
        self.query_one(RecordTable).set_highlight(words)
        self.show_error("")
        self.refresh_view()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.query_one(RecordTable).focus()

    def reload_records(self, keep: str | None = None) -> None:
        """After a change: the same filter over the new records."""
        self.records = list(self.repo.records(self.list_kind))
        self.matches = self.records if self.current_query is None or self.current_query.empty else self.current_query.filter(self.records)
        self.refresh_view(keep=keep)

    # -- tree and table events ------------------------------------------------------------------
    @on(Tree.NodeSelected, "#tree")
    def scope_selected(self, event: Tree.NodeSelected[Node | None]) -> None:
        self.scope = event.node.data
        query = parse_kind(self.scope.where, self.list_kind) if self.scope is not None else None
        self.scope_query = query if isinstance(query, RecordQuery) else None
        self.refresh_view()

    @on(RecordTable.RowHighlighted, "#table")
    def row_highlighted(self) -> None:
        self.show_detail()

    @on(RecordTable.RowSelected, "#table")
    def row_selected(self) -> None:
        self.action_edit()

    # -- actions ------------------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "report" and self.list_kind != "indicator":
            return False  # not shown
        if not self.is_mounted or not self.query("#filter"):
            return True  # asked before the first compose
        if action in ("edit", "report", "links") and self.query_one(RecordTable).current is None:
            return None
        typing = self.query_one("#filter", Input).has_focus
        return not (typing and action in ("edit", "report", "links", "undo", "columns"))

    def action_focus_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.focus()
        box.selection = Selection(0, len(box.value))

    def action_leave_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_focus and box.value:
            box.value = ""
        else:
            self.query_one(RecordTable).focus()

    def action_columns(self) -> None:
        from .columns import ColumnsScreen

        table = self.query_one(RecordTable)

        def chosen(keys: tuple[str, ...] | None) -> None:
            if keys is None:
                return
            table.set_columns(keys or None)
            try:
                self.settings = settings.set_columns(self.list_kind, list(keys) if keys else None)
            except OSError as exc:
                self.notify(_("Cannot keep the {what}: {error}").format(what=_("columns"), error=exc.strerror or exc),
                            severity="warning", markup=False)
            self.update_status()

        self.app.push_screen(ColumnsScreen(table.kind, table.chosen_columns), chosen)

    def action_edit(self) -> None:
        from .record_form import RecordFormScreen

        record = self.query_one(RecordTable).current
        if record is None:
            return
        self.app.push_screen(RecordFormScreen(self.repo, self.list_kind, record), self.saved)

    def action_report(self) -> None:
        from .report_value import ReportValueScreen

        record = self.query_one(RecordTable).current
        if record is None or self.list_kind != "indicator":
            return
        self.app.push_screen(ReportValueScreen(self.repo, record), self.saved)

    def action_links(self) -> None:
        from .link_dialog import LinkDialog

        record = self.query_one(RecordTable).current
        if record is not None:
            self.app.push_screen(LinkDialog(self.repo, self.list_kind, record), self.saved)

    def saved(self, result: str | ConflictError | None) -> None:
        if isinstance(result, ConflictError):
            self.conflict(result)
        elif result:
            self.reload_records(keep=result)
            self.update_status(_("Saved: {codes}").format(codes=result))

    def action_undo(self) -> None:
        try:
            changes: list[Change] = self.repo.undo(scope="session")
        except PortfolioError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if not changes:
            self.notify(_("Nothing to undo"))
            return
        codes = ", ".join(c.code for c in changes)
        self.reload_records(keep=changes[0].code if changes[0].kind == self.list_kind else None)
        message = _("Undone: {codes}").format(codes=codes)
        self.update_status(message)
        self.notify(message, markup=False)

    def conflict(self, exc: ConflictError) -> None:
        from .confirm import ConfirmScreen

        def answered(reload: bool | None) -> None:
            if reload:
                try:
                    self.repo.reload()
                except PortfolioError as error:
                    self.notify(str(error), title=_("Cannot reload"), severity="error", markup=False)
                    return
                self.reload_records()
                self.notify(_("Reloaded from {path}").format(path=self.repo.path), markup=False)

        self.app.push_screen(ConfirmScreen(str(exc), _("Reload the newer version now?"),
                                           yes=_("Reload"), no=_("Keep mine")), answered)
