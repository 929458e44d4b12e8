"""A table of records of any kind (``portfolio.records.columns.RecordKind``): projects today, tasks
and indicators later. It draws only the lines on screen (``render_line``), so 100,000 rows
show as fast as 34 (Textual's ``DataTable`` builds every row first: about 12 s for 100,000).

* a row cursor and a column cursor (``←``/``→``, the current column's header underlined;
  the view scrolls sideways to it, ``«``/``»`` at the header's ends say more columns lie
  that way);
* ``s`` sorts by the column under the cursor (again: descending, a third time: the plan's
  order); ``S`` adds it as a further key; ▲/▼ in the headers (numbered with several keys);
  clicking a header sorts as ``s`` does; the sort itself is ``portfolio.sorting``;
* ``space`` marks a row (✓ in the first cell), ``*`` marks every row in view (again: none);
* the words of the filter are highlighted in the cells;
* a column with a ``bar`` draws a small bar: the value filled, a ``|`` at the mark.

Cells are plain text, never parsed as markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView

from portfolio.i18n import N_
from portfolio.records.columns import RecordKind
from portfolio.records.project.row_list import RowProjects, find, idents
from portfolio.sorting import SortKey, cycle, sort_records

from .table_lines import GAP, TableLines, measure_columns, sort_mark

SAMPLE = 500  # rows measured to fit the widths
# cells the flexible column (the name) gives below its minimum when that lets every default
# column fit: English headers and labels are wider than Chinese ones, and at 120 columns the
# English tables lost a column (the tasks' deadline) the Chinese ones show
FLEX_GIVE = 5


class RecordTable(TableLines, ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "record-table--header", "record-table--cursor", "record-table--odd", "record-table--even",
        "record-table--column", "record-table--mark", "record-table--match", "record-table--hint",
    }
    DEFAULT_CSS = """
    RecordTable { background: $surface; }
    RecordTable > .record-table--header { text-style: bold; background: $panel; color: $text; }
    RecordTable > .record-table--column { text-style: bold underline; }
    RecordTable > .record-table--cursor { background: $block-cursor-blurred-background; }
    RecordTable:focus > .record-table--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    RecordTable > .record-table--odd { background: $surface; }
    RecordTable > .record-table--even { background: $surface-lighten-1 10%; }
    RecordTable > .record-table--mark { color: $warning; text-style: bold; }
    RecordTable > .record-table--match { background: $warning 40%; }
    RecordTable > .record-table--hint { color: $accent; text-style: bold; background: $panel; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("enter", "select", N_("Edit"), show=False, id="table.select"),
        Binding("s", "sort", N_("Sort"), show=False, id="table.sort"),
        Binding("S", "sort(True)", N_("Add sort key"), show=False, id="table.sort_add"),
        Binding("space", "mark", N_("Mark"), show=False, id="table.mark"),
        Binding("asterisk", "mark_all", N_("Mark all in view"), show=False, id="table.mark_all",
                key_display="*"),
        Binding("up", "cursor(-1)", N_("Up"), show=False, id="table.up"),
        Binding("down", "cursor(1)", N_("Down"), show=False, id="table.down"),
        Binding("left", "column(-1)", N_("Previous column"), show=False, id="table.left"),
        Binding("right", "column(1)", N_("Next column"), show=False, id="table.right"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="table.pageup"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="table.pagedown"),
        Binding("home", "to(0)", N_("First row"), show=False, id="table.home"),
        Binding("end", "to(-1)", N_("Last row"), show=False, id="table.end"),
    ]

    HELP_TITLE = N_("The table")
    cursor_row: reactive[int] = reactive(0)
    cursor_column: reactive[int] = reactive(0)

    class _RowMessage(Message):
        def __init__(self, table: RecordTable, record: Any) -> None:
            self.table = table
            self.record = record
            super().__init__()

        @property
        def control(self) -> RecordTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to a record (None: the table is empty)."""

    class RowSelected(_RowMessage):
        """``enter`` or a double click on a record."""

    class StateChanged(Message):
        """The sort or the marks changed (the status bar shows them)."""

    def __init__(self, kind: RecordKind[Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kind = kind
        self.records: Sequence[Any] = []  # projects: a ``RowProjects`` (built as drawn)
        self.sort_spec: list[SortKey] = []
        self.chosen_columns: tuple[str, ...] = kind.default_columns  # the user's choice
        self.shown_columns: tuple[str, ...] = kind.default_columns  # after narrow drops
        self.widths: dict[str, int] = {}
        self.marked: set[str] = set()
        self.highlight: re.Pattern[str] | None = None
        self._fitted_width: int | None = None
        self._measured: dict[str, int] | None = None  # the widths but the flexible one's
        self._unsorted: Sequence[Any] = []
        # the rows the widths were measured on: the first ones ever shown, so that the
        # widths do not jump with each filter (nor when a filter leaves nothing)
        self._sample: list[Any] = []
        # the column the cursor should be on once the columns are laid out (f2 rebuilds the
        # table: the cursor stays on its column, found by key since the other language may
        # show other columns)
        self.wanted_column: str | None = None

    # -- columns ----------------------------------------------------------------------------
    def set_columns(self, keys: Sequence[str] | None) -> None:
        self.chosen_columns = self.kind.valid_columns(keys)
        self._fitted_width = None
        self.setup_columns()

    def setup_columns(self, measure: bool = True) -> None:
        """Fit the columns to the width: fixed ones as they are, measured ones to their
        longest text (CJK counts two cells) in the first rows ever shown (so that widths do
        not jump with each filter), the flexible one takes what is left. With the default
        columns, a narrow terminal drops the kind's ``narrow_drops`` one by one until the
        rest fit; columns the user chose all stay and the table scrolls sideways. Without
        ``measure`` (a new width, the same rows and columns) the measured widths are kept."""
        width = self._fit_width()
        keep = self.wanted_column or self.current_column
        if measure or self._measured is None:
            self._measured = measure_columns(self.kind, self.chosen_columns, self.sort_spec, self._sample)
        measured = self._measured

        def needed(keys: tuple[str, ...], give: int = 0) -> int:
            flex = sum(self.kind.column(k).width.min - give for k in keys if k not in measured)
            return sum(measured.get(k, 0) for k in keys) + flex + GAP * len(keys) + 1

        shown = self.chosen_columns
        give = 0
        if shown == self.kind.default_columns:
            if needed(shown) > width >= needed(shown, FLEX_GIVE):
                give = FLEX_GIVE  # the name shrinks a little and every column stays
            for drop in self.kind.narrow_drops:
                if needed(shown, give) <= width:
                    break
                shown = tuple(c for c in shown if c != drop)
            if needed(shown) > width:
                give = FLEX_GIVE  # all dropped and still too wide: the name shrinks, nothing lies off-screen
        self.shown_columns = shown
        widths = {k: measured[k] for k in shown if k in measured}
        flex_keys = [k for k in shown if k not in measured]
        left = width - sum(widths.values()) - GAP * len(shown) - 1
        for key in flex_keys:
            widths[key] = max(self.kind.column(key).width.min - give, left // max(1, len(flex_keys)))
        self.widths = widths
        self._fitted_width = width
        if keep in shown:
            self.cursor_column = shown.index(keep)
            self.wanted_column = None
        else:
            self.cursor_column = min(self.cursor_column, max(0, len(shown) - 1))
        self.virtual_size = Size(self._line_width(), len(self.records) + 1)
        self.refresh()

    def _fit_width(self) -> int:
        """The width the columns fill: the widget's less a vertical scrollbar, whether one is
        shown or not, so that the column set does not change when a filter leaves a few rows
        (the scrollbar goes, two cells more would let another column in, which would then
        need a horizontal scrollbar)."""
        inner = self.size.width - self.styles.gutter.width
        if inner <= 0:
            return 100
        return max(20, inner - self.styles.scrollbar_size_vertical)

    def _line_width(self) -> int:
        return sum(self.widths.get(c, 0) + GAP for c in self.shown_columns) + 1

    def _content_width(self) -> int:
        """The line without the gap after the last column: what must fit for nothing to lie
        off-screen (a gap that does not fit hides no column)."""
        return self._line_width() - (GAP if self.shown_columns else 0)

    @property
    def overflows(self) -> bool:
        """More columns than fit: the view scrolls sideways (False before the first layout)."""
        width = self.scrollable_content_region.width
        return width > 0 and self._content_width() > width

    def headers(self) -> list[str]:
        return [self.kind.column(c).header() for c in self.shown_columns]

    def _header_cell(self, key: str) -> str:
        return self.kind.column(key).header() + sort_mark(self.sort_spec, key)

    @property
    def current_column(self) -> str | None:
        if 0 <= self.cursor_column < len(self.shown_columns):
            return self.shown_columns[self.cursor_column]
        return None

    # -- data -----------------------------------------------------------------------------------
    def show(self, records: Sequence[Any], keep: str | None = None) -> None:
        """Show ``records`` (in the plan's order); keep the cursor on the record whose id is
        ``keep`` when it is still there."""
        self._unsorted = records if isinstance(records, RowProjects) else list(records)  # (read-only)
        self.records = sort_records(records, self.sort_spec, self.kind) if self.sort_spec else self._unsorted
        if not self._sample and self.records:
            self._sample = self.records[:SAMPLE]
            self.setup_columns()  # the widths were fitted to the headers alone
        self.virtual_size = Size(self._line_width(), len(self.records) + 1)
        row = (find(self.records, keep, self.kind.ident) or 0) if keep is not None else 0
        self._move(row, force=True)
        self.refresh()

    def row_cells(self, ident: str) -> list[str]:
        found = find(self.records, ident, self.kind.ident)
        if found is None:
            raise LookupError(ident)
        record = self.records[found]
        return [self.kind.column(c).cell(record) for c in self.shown_columns]

    def select_code(self, ident: str) -> bool:
        found = find(self.records, ident, self.kind.ident)
        if found is not None:
            self._move(found)
        return found is not None

    @property
    def current(self) -> Any:
        if 0 <= self.cursor_row < len(self.records):
            return self.records[self.cursor_row]
        return None

    def restore_scroll(self, top: float) -> None:
        """Scroll back to ``top`` (after new data: the live view), the cursor still in view."""
        self.scroll_to(y=min(top, self.max_scroll_y), animate=False, immediate=True, force=True)
        self._move(self.cursor_row)

    def visible_ids(self) -> list[str]:
        return idents(self.records, self.kind.ident)

    # -- sorting ---------------------------------------------------------------------------------
    def set_sort(self, spec: Sequence[SortKey]) -> None:
        self.sort_spec = list(spec)
        current = self.current
        self.setup_columns()  # the headers' ▲/▼ take room
        self.show(self._unsorted,
                  keep=self.kind.ident(current) if current is not None else None)
        self.post_message(self.StateChanged())

    def sort_by(self, column: str, add: bool = False) -> None:
        if self.kind.column(column).sortable:
            self.set_sort(cycle(self.sort_spec, column, add))

    def action_sort(self, add: bool = False) -> None:
        if self.current_column is not None:
            self.sort_by(self.current_column, add)

    # -- marks ------------------------------------------------------------------------------------
    def action_mark(self) -> None:
        current = self.current
        if current is None:
            return
        ident = self.kind.ident(current)
        self.marked.symmetric_difference_update({ident})
        self._move(self.cursor_row + 1)
        self.refresh()
        self.post_message(self.StateChanged())

    def action_mark_all(self) -> None:
        ids = set(self.visible_ids())
        if ids and ids <= self.marked:
            self.marked -= ids
        else:
            self.marked |= ids
        self.refresh()
        self.post_message(self.StateChanged())

    def set_marked(self, ids: Iterable[str]) -> None:
        self.marked = set(ids)
        self.refresh()
        self.post_message(self.StateChanged())

    def set_highlight(self, words: Sequence[str]) -> None:
        words = [w for w in words if w.strip()]
        self.highlight = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None
        self.refresh()

    # -- cursor --------------------------------------------------------------------------------
    def _move(self, row: int, force: bool = False) -> None:
        row = max(0, min(row, len(self.records) - 1)) if self.records else 0
        changed = row != self.cursor_row
        self.cursor_row = row
        if self.records:
            if self.scrollable_content_region.height < 2:
                # not laid out yet (f2 rebuilds the screen): scrolling now, to a one-line
                # view, would hide the rows above the cursor (a sort looked reordered)
                self.call_after_refresh(self._cursor_in_view)
            else:
                self._cursor_in_view()
        if changed or force:
            self.post_message(self.RowHighlighted(self, self.current))
        self.refresh()

    def _cursor_in_view(self) -> None:
        """Scroll as little as keeps the cursor line in view (line 0 is the header, always shown)."""
        visible = max(1, self.scrollable_content_region.height - 1)
        top, row = int(self.scroll_y), self.cursor_row
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True, force=True)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, immediate=True, force=True)

    def action_cursor(self, delta: int) -> None:
        self._move(self.cursor_row + delta)

    def action_column(self, delta: int) -> None:
        if not self.shown_columns:
            return
        self.cursor_column = max(0, min(self.cursor_column + delta, len(self.shown_columns) - 1))
        # keep the column in view
        left = 1 + sum(self.widths.get(c, 0) + GAP for c in self.shown_columns[:self.cursor_column])
        right = left + self.widths.get(self.shown_columns[self.cursor_column], 0)
        width = self.scrollable_content_region.width
        x = int(self.scroll_x)
        if left - 1 < x:
            self.scroll_to(x=max(0, left - 1), animate=False, immediate=True, force=True)
        elif right + 1 > x + width:
            self.scroll_to(x=right + 1 - width, animate=False, immediate=True, force=True)
        self.refresh()

    def action_page(self, direction: int) -> None:
        self._move(self.cursor_row + direction * max(1, self.scrollable_content_region.height - 2))

    def action_to(self, row: int) -> None:
        self._move(row if row >= 0 else len(self.records) - 1)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.RowSelected(self, self.current))

    # -- mouse -------------------------------------------------------------------------------------
    def _column_at(self, x: int) -> int | None:
        x += int(self.scroll_x)
        edge = 1
        for i, column in enumerate(self.shown_columns):
            edge += self.widths.get(column, 0) + GAP
            if x < edge:
                return i
        return None

    async def _on_click(self, event: events.Click) -> None:
        if event.y == 0:
            index = self._column_at(event.x)
            if index is not None:
                self.cursor_column = index
                self.sort_by(self.shown_columns[index])
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.records):
            self._move(row)
            if event.chain >= 2:
                self.action_select()

    def on_resize(self) -> None:
        if self._fit_width() != self._fitted_width:
            self.setup_columns(measure=False)  # the sample's cells are not built again
        self.post_message(self.StateChanged())  # whether columns are off-screen may change

    def watch_cursor_row(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
