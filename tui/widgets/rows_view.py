"""A list of many rows that renders only the lines on screen (``render_line``): the review
screen's project lists and timeline at 100,000 projects draw as fast as at 34 (Textual's
``DataTable`` builds every row first, and blocks the screen while it does).

Columns have a priority: when the width is short, the least important ones are dropped
and one flexible column (the name) takes what the others leave, so that the decisive
columns stay visible at 80 columns. Cells are computed for the visible rows only, from a
function of the item; they are plain text (never parsed as markup) or rich ``Text``.
``enter`` (or a double click) posts ``Selected`` with the row's key.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from portfolio.i18n import N_

from ..bindings import translate_bindings

Cell = str | Text
GAP = 2


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int  # the width it asks for (the flexible column: its minimum)
    priority: int = 0  # dropped first when the width is short: the highest number
    flex: bool = False


class RowsView(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "rows-view--header", "rows-view--cursor", "rows-view--odd", "rows-view--even",
    }
    DEFAULT_CSS = """
    RowsView { background: $surface; height: 1fr; }
    RowsView > .rows-view--header { text-style: bold; background: $panel; color: $text; }
    RowsView > .rows-view--cursor { background: $block-cursor-blurred-background; }
    RowsView:focus > .rows-view--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    RowsView > .rows-view--odd { background: $surface; }
    RowsView > .rows-view--even { background: $surface-lighten-1 10%; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("enter", "select", N_("Show in the list"), id="rows.select"),
        Binding("up", "cursor(-1)", show=False, id="rows.up"),
        Binding("down", "cursor(1)", show=False, id="rows.down"),
        Binding("pageup", "page(-1)", show=False, id="rows.pageup"),
        Binding("pagedown", "page(1)", show=False, id="rows.pagedown"),
        Binding("home", "to(0)", show=False, id="rows.home"),
        Binding("end", "to(-1)", show=False, id="rows.end"),
    ]

    cursor_row: reactive[int] = reactive(0)

    class Selected(Message):
        """``enter`` or a double click on a row."""

        def __init__(self, view: RowsView, key: str) -> None:
            self.view = view
            self.key = key
            super().__init__()

        @property
        def control(self) -> RowsView:
            return self.view

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.columns: list[Column] = []
        self.items: Sequence[Any] = ()
        self.cell: Callable[[Any, str], Cell] = lambda _item, _key: ""
        self.key_of: Callable[[Any], str] = lambda _item: ""
        self.header_cells: Callable[[Column, int], Cell] | None = None
        self.shown: list[Column] = []
        self.widths: dict[str, int] = {}

    def on_mount(self) -> None:
        translate_bindings(self)

    # -- data -----------------------------------------------------------------------------------------
    def set_rows(self, columns: Sequence[Column], items: Sequence[Any], cell: Callable[[Any, str], Cell],
                 key_of: Callable[[Any], str], header_cell: Callable[[Column, int], Cell] | None = None) -> None:
        """Show ``items``; ``cell(item, column_key)`` gives a cell, ``key_of(item)`` the key
        that ``Selected`` carries. The cursor goes back to the top."""
        self.columns, self.items, self.cell, self.key_of = list(columns), items, cell, key_of
        self.header_cells = header_cell
        self.fit()
        self.cursor_row = 0
        self.scroll_to(y=0, animate=False, immediate=True, force=True)
        self.refresh()

    def fit(self) -> None:
        """Choose the columns that fit the width (least important dropped first) and give the
        flexible one the rest."""
        width = self.scrollable_content_region.width or self.size.width or 80
        shown = list(self.columns)

        def needed(cols: list[Column]) -> int:
            return sum(c.width + GAP for c in cols) + 1

        while len(shown) > 1 and needed(shown) > width:
            victim = max((c for c in shown if c.priority > 0), key=lambda c: c.priority, default=None)
            if victim is None:
                break
            shown.remove(victim)
        widths = {c.key: c.width for c in shown}
        flex = next((c for c in shown if c.flex), None)
        if flex is not None:
            widths[flex.key] = max(flex.width, width - needed(shown) + flex.width)
        self.shown, self.widths = shown, widths
        self.virtual_size = Size(sum(widths[c.key] + GAP for c in shown) + 1, len(self.items) + 1)

    @property
    def current(self) -> Any | None:
        if 0 <= self.cursor_row < len(self.items):
            return self.items[self.cursor_row]
        return None

    def visible_keys(self) -> list[str]:
        return [c.key for c in self.shown]

    # -- cursor -------------------------------------------------------------------------------------------
    def _move(self, row: int) -> None:
        row = max(0, min(row, len(self.items) - 1)) if self.items else 0
        self.cursor_row = row
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        if row < top:
            self.scroll_to(y=row, animate=False, immediate=True, force=True)
        elif row >= top + visible:
            self.scroll_to(y=row - visible + 1, animate=False, immediate=True, force=True)
        self.refresh()

    def action_cursor(self, delta: int) -> None:
        self._move(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self._move(self.cursor_row + direction * max(1, self.scrollable_content_region.height - 2))

    def action_to(self, row: int) -> None:
        self._move(row if row >= 0 else len(self.items) - 1)

    def action_select(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(self.Selected(self, self.key_of(item)))

    async def _on_click(self, event: events.Click) -> None:
        row = int(self.scroll_y) + event.y - 1
        if event.y >= 1 and 0 <= row < len(self.items):
            self._move(row)
            if event.chain >= 2:
                self.action_select()

    def on_resize(self) -> None:
        self.fit()
        self.refresh()

    def watch_cursor_row(self) -> None:
        self.refresh()

    # -- rendering --------------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = int(self.scroll_x)
        if y == 0:
            style = self.get_component_rich_style("rows-view--header")
            cells: list[Cell] = [self.header_cells(c, self.widths[c.key]) if self.header_cells else c.header
                                 for c in self.shown]
            return self._strip(cells, style, scroll_x, width)
        index = int(self.scroll_y) + y - 1
        base = self.get_component_rich_style("rows-view--even" if index % 2 else "rows-view--odd")
        if index >= len(self.items):
            return Strip.blank(width, base)
        if index == self.cursor_row:
            base = self.get_component_rich_style("rows-view--cursor")
        item = self.items[index]
        return self._strip([self.cell(item, c.key) for c in self.shown], base, scroll_x, width)

    def _strip(self, cells: list[Cell], base: Style, scroll_x: int, width: int) -> Strip:
        segments = [Segment(" ", base)]
        for i, (column, value) in enumerate(zip(self.shown, cells, strict=True)):
            w = self.widths[column.key]
            if isinstance(value, Text):
                text = value.copy()
                text.truncate(w, overflow="ellipsis", pad=True)
                meta = Style.from_meta({"cell": i})
                for seg in text.render(self.app.console, end=""):
                    style = base if seg.style is None else base + seg.style
                    segments.append(Segment(seg.text, style + meta))
            else:
                shown = value if cell_len(value) <= w else set_cell_size(value, w - 1) + "…"
                segments.append(Segment(shown + " " * (w - cell_len(shown)), base + Style.from_meta({"cell": i})))
            segments.append(Segment(" " * GAP, base + Style.from_meta({"pad": i})))
        line = Strip(segments).crop(scroll_x, scroll_x + width)
        return line.extend_cell_length(width, base)
