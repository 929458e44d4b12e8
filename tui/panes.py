"""How the one list pane (``tui/screens/main.py``) reads a record kind: its filter, its tree and
the counts in it, the scope a tree node narrows to, the detail of one record and its edit form.

``PaneKind`` serves every kind from what the kind declares in ``portfolio/records/<kind>`` (the
query keys, the tree, the detail, the form's fields, a new record's first values): a new kind
needs nothing here.
``ProjectPane`` is the same over projects, on the fast path a province-sized file needs (the
query rows and their counts, computed without touching 100,000 models; the category tree)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from rich.console import RenderableType
from textual.widget import Widget

from portfolio import saved_filters
from portfolio.i18n import N_
from portfolio.store import Repository

if TYPE_CHECKING:
    from textual.screen import Screen




@dataclass
class Selection:
    """A filter's result, computed off the UI thread: the compiled query, the matching
    records (in the kind's order) and what the tree shows for them."""

    query: Any
    matches: Sequence[Any]  # projects: a ``RowProjects`` (built as they are read)
    tree: Any  # the kind's own: counts (and shape) for its tree


def free_words(query: Any) -> list[str]:
    """The words of a query worth highlighting: free-text words that are not negated."""
    return [t.value for t in query.terms if t.key is None and not t.negate]


class PaneKind:
    """The pane's view of one kind, generic over ``portfolio.records.<kind>``."""

    all_scope: Any = None  # the tree's root: everything

    def __init__(self, repo: Repository, kind: str) -> None:
        self.repo = repo
        self.name = kind

    def kind_columns(self) -> Any:
        """The kind's columns (``RecordKind``): the table, the column picker, the sort."""
        from portfolio.records.columns import record_kind

        return record_kind(self.name)

    # -- the filter -----------------------------------------------------------------------
    def placeholder(self) -> str:
        """The filter box's example: the kind's ``FILTER_EXAMPLE`` (``records/<kind>/query.py``)."""
        from portfolio.i18n import _
        from portfolio.records import kind_part

        return _(getattr(kind_part(self.name, "query"), "FILTER_EXAMPLE", N_("Filter")))

    def compile(self, text: str) -> Any:
        """The compiled query (raises ``QueryError`` / ``FilterNameError``)."""
        from portfolio.query import parse_kind

        return parse_kind(saved_filters.expand(text), self.name)

    def everything(self) -> Selection:
        return self.select(self.compile(""))

    def first_read(self) -> tuple[list[Any], Selection]:
        """A new pane's read: what it compares later (``snapshot``) and what it shows
        (``everything``)."""
        return self.snapshot(), self.everything()

    def select(self, query: Any) -> Selection:
        """The records matching ``query`` and the tree's counts (thread-safe: reads only)."""
        from portfolio.query import parse_kind

        records = self.repo.records(self.name)
        matches = records if query.empty else query.filter(records)
        nodes = self.nodes(records)
        counts = {n.where: len(parse_kind(n.where, self.name).filter(matches)) for n in walk(nodes)}
        return Selection(query, matches, (nodes, counts))

    def total(self) -> int:
        return len(self.repo.records(self.name))

    def snapshot(self) -> list[Any]:
        """What the pane compares to see whether the repository changed (``follow_repository``):
        the repository replaces a changed record by a new object."""
        return self.repo.records(self.name)

    def codes(self) -> list[str]:
        """Every record's code, in the kind's order."""
        return [r.code for r in self.repo.records(self.name)]

    # -- the tree -------------------------------------------------------------------------
    def nodes(self, records: Sequence[Any]) -> list[Any]:
        from portfolio.records import kind_part

        nodes: list[Any] = kind_part(self.name, "views").tree(records)
        return nodes

    def tree(self, narrow: bool) -> Widget:
        from .tabs import tab_label
        from .widgets.list_tree import ListTree

        tree = ListTree(tab_label(self.name), id="tree")
        tree.short_names = narrow
        return tree

    def show_tree(self, tree: Widget, selection: Selection) -> None:
        from .tabs import tab_label
        from .widgets.list_tree import ListTree

        assert isinstance(tree, ListTree)
        nodes, counts = selection.tree
        tree.show(nodes, counts, len(selection.matches), tab_label(self.name))

    def scope_of(self, data: Any) -> Any:
        """The scope a tree node's data stands for."""
        return data

    def narrow(self, scope: Any, matches: Sequence[Any]) -> Sequence[Any]:
        if scope is None:
            return matches
        from portfolio.query import parse_kind

        return list(parse_kind(scope.where, self.name).filter(matches))

    def scope_text(self, scope: Any) -> str:
        return "" if scope is None else str(scope.label)

    # -- one record -------------------------------------------------------------------------
    def detail(self, record: Any, words: Sequence[str]) -> RenderableType:
        from .widgets.record_detail import record_detail

        projects = {p.code: p for p in self.repo.records("project")} if getattr(record, "links", None) else {}
        return record_detail(self.name, record, projects)

    def form(self, record: Any) -> Screen[Any]:
        """The edit form of ``record`` (as the repository holds it now)."""
        from .screens.form import FormScreen

        kind = self.name
        return FormScreen(self.repo, kind, self.repo.get(record.code, kind) if self.has(record.code) else record)

    def new_form(self, scope: Any, current: Any) -> Screen[Any]:
        """The form of a new record, starting from what the kind declares for the tree's node
        in view and the record under the cursor (``records/<kind>/form.py``: ``new_values``)."""
        from portfolio.records.editing import declared

        from .screens.form import FormScreen

        start = declared(self.name).new_values(self.repo, scope, current)
        return FormScreen(self.repo, self.name, None, start=start)

    def has(self, code: str) -> bool:
        return any(r.code == code for r in self.repo.records(self.name))


class ProjectPane(PaneKind):
    """Projects: the query rows (fast at 100,000) and the category tree."""

    def __init__(self, repo: Repository, kind: str = "project") -> None:
        super().__init__(repo, kind)
        from portfolio.scope import ALL

        self.all_scope = ALL

    def compile(self, text: str) -> Any:
        from portfolio.records.project.query import parse

        return parse(saved_filters.expand(text))

    def everything(self) -> Selection:
        return self._everything(list(self.repo.rows()))  # a copy: the repository patches its own

    def first_read(self) -> tuple[list[Any], Selection]:
        # one copy of the 100,000 rows for both (neither is ever changed in place): every
        # collection of Python's cyclic GC walks each young list of them (~10 ms)
        rows = list(self.repo.rows())
        return rows, self._everything(rows)

    def _everything(self, rows: list[Any]) -> Selection:
        from portfolio.records.project.query import parse
        from portfolio.records.project.row_list import RowProjects
        from portfolio.scope import count_rows, shape

        counts = count_rows(rows)
        return Selection(parse(""), RowProjects(rows), (counts, shape(counts)))

    def select(self, query: Any) -> Selection:
        from portfolio.records.project.row_list import RowProjects
        from portfolio.scope import count_rows, shape

        rows = list(self.repo.search_rows(query))
        counts = count_rows(rows)
        return Selection(query, RowProjects(rows),
                         (counts, shape(counts if query.empty else count_rows(self.repo.rows()))))

    def total(self) -> int:
        return len(self.repo)

    def snapshot(self) -> list[Any]:
        """The query rows (a changed project gets a new row): comparing them builds no project."""
        return list(self.repo.rows())

    def codes(self) -> list[str]:
        from portfolio.records.project.query import CODE

        return [r[CODE] for r in self.repo.rows()]

    def tree(self, narrow: bool) -> Widget:
        from .widgets.category_tree import CategoryTree

        tree = CategoryTree(id="tree")
        tree.short_names = narrow
        return tree

    def show_tree(self, tree: Widget, selection: Selection) -> None:
        from .widgets.category_tree import CategoryTree

        assert isinstance(tree, CategoryTree)
        counts, shape = selection.tree
        tree.show_counts(counts, shape)

    def scope_of(self, data: Any) -> Any:
        return data or self.all_scope

    def narrow(self, scope: Any, matches: Sequence[Any]) -> Sequence[Any]:
        from portfolio.records.project.row_list import RowProjects

        if isinstance(matches, RowProjects):  # the projects are built as they are drawn
            return matches.narrow(scope.category, scope.subcategory)
        return list(scope.narrow(matches))

    def scope_text(self, scope: Any) -> str:
        from .widgets.status_bar import scope_text

        return scope_text(scope)

    def detail(self, record: Any, words: Sequence[str]) -> RenderableType:
        from .widgets.detail import detail_renderable

        return detail_renderable(record, words)

    def has(self, code: str) -> bool:
        return code in self.repo


def walk(nodes: Sequence[Any]) -> list[Any]:
    out: list[Any] = []
    for n in nodes:
        out.append(n)
        out.extend(walk(n.children))
    return out


def pane_kind(repo: Repository, kind: str) -> PaneKind:
    return ProjectPane(repo) if kind == "project" else PaneKind(repo, kind)
