"""How a ``RecordTable`` draws its lines (``render_line``): only the lines on screen, each cell
and its padding as separate segments, the filter's words highlighted, a bar column as a small
bar, the header with the sort marks and «/» where columns lie off-screen."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from portfolio.records.columns import Column, RecordKind
from portfolio.sorting import SortKey
from portfolio.text import for_terminal

GAP = 2  # cells between columns
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹"

if TYPE_CHECKING:
    from textual.scroll_view import ScrollView

    _Base = ScrollView
else:
    _Base = object


def sort_mark(spec: Sequence[SortKey], key: str) -> str:
    for i, (k, descending) in enumerate(spec):
        if k == key:
            arrow = "▼" if descending else "▲"
            return arrow + (SUPERSCRIPTS[i] if len(spec) > 1 and i < len(SUPERSCRIPTS) else "")
    return ""


def measure_columns(kind: RecordKind[Any], chosen: Sequence[str], spec: Sequence[SortKey],
                    sample: Sequence[Any]) -> dict[str, int]:
    """The width of each chosen column but the flexible ones: a fixed width, or the longest text
    (CJK counts two cells) of the column in ``sample``, within the column's bounds."""
    measured: dict[str, int] = {}
    for column in kind.columns:
        if column.key not in chosen or column.width.flex:
            continue
        head = cell_len(column.header()) + cell_len(sort_mark(spec, column.key))
        rule = column.width
        if rule.fixed is not None:
            measured[column.key] = max(rule.fixed, head)
            continue
        longest = max((cell_len(column.cell(r)) for r in sample), default=0)
        # a header and a state's labels are never cut (CJK labels count two cells each)
        labels = max((cell_len(t) for t in column.label_texts()), default=0)
        measured[column.key] = max(min(longest, rule.max), head, labels, rule.min)
    return measured


class TableLines(_Base):
    """Mixed into ``RecordTable``: its state is the table's."""

    records: Sequence[Any]
    kind: RecordKind[Any]
    shown_columns: tuple[str, ...]
    widths: dict[str, int]
    marked: set[str]
    highlight: re.Pattern[str] | None
    cursor_row: int
    cursor_column: int

    def _header_cell(self, key: str) -> str:
        raise NotImplementedError

    def _content_width(self) -> int:
        raise NotImplementedError

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = int(self.scroll_x)
        if y == 0:
            return self._header_strip(scroll_x, width)
        index = int(self.scroll_y) + y - 1
        base = self.get_component_rich_style("record-table--even" if index % 2 else "record-table--odd")
        if index >= len(self.records):
            return Strip.blank(width, base)
        record = self.records[index]
        cursor = index == self.cursor_row
        if cursor:
            base = self.get_component_rich_style("record-table--cursor")
        marked = self.kind.ident(record) in self.marked
        lead = Segment("✓" if marked else " ", base + self.get_component_rich_style("record-table--mark")
                       if marked else base)
        segments = [lead]
        for i, key in enumerate(self.shown_columns):
            column = self.kind.column(key)
            w = self.widths.get(key, 10)
            meta = Style.from_meta({"cell": i})
            if column.bar is not None:
                segments.extend(self._bar(column, record, w, base, cursor))
            else:
                colour = column.style(record) if column.style is not None and not cursor else None
                style = base + Style.parse(colour) if colour else base
                segments.extend(self._cell(column.cell(record), w, style + meta, column.right))
            segments.append(Segment(" " * GAP, base + Style.from_meta({"pad": i})))
        line = Strip(segments).crop(scroll_x, scroll_x + width)
        return line.extend_cell_length(width, base)

    def _cell(self, text: str, w: int, style: Style, right: bool) -> list[Segment]:
        text = for_terminal(text)  # a control character stored in the data is shown, never sent
        shown = text if cell_len(text) <= w else set_cell_size(text, w - 1).rstrip() + "…"
        pad = " " * (w - cell_len(shown))
        # each cell and its padding are separate segments with distinct (invisible) meta, so
        # that SVG screenshots place every column at its own x even with CJK glyph widths
        pattern = self.highlight
        if pattern is None or not pattern.search(shown):
            body = [Segment(shown, style)]
        else:
            match_style = style + self.get_component_rich_style("record-table--match")
            body, at = [], 0
            for m in pattern.finditer(shown):
                if m.start() == m.end():
                    continue
                if m.start() > at:
                    body.append(Segment(shown[at:m.start()], style))
                body.append(Segment(m.group(), match_style))
                at = m.end()
            if at < len(shown):
                body.append(Segment(shown[at:], style))
        padding = Segment(pad, style) if pad else None
        if padding is None:
            return body
        return [padding, *body] if right else [*body, padding]

    def _bar(self, column: Column[Any], record: Any, w: int, base: Style, cursor: bool) -> list[Segment]:
        value = column.bar(record) if column.bar is not None else None
        if value is None:
            return [Segment(" " * w, base)]
        done, mark = value
        filled = max(0, min(w, round(w * done / 100)))
        at = None if mark is None else max(0, min(w - 1, int(w * mark / 100 - 0.001)))
        colour = (column.style(record) if column.style is not None else None) or "grey50"
        full = Style(bgcolor=colour, color="white", bold=True)
        empty = Style(bgcolor="grey23", color="white", bold=True) if not cursor else base
        cells = []
        for i in range(w):
            style = full if i < filled else empty
            cells.append(Segment("|" if i == at else " ", style))
        return cells

    def _header_strip(self, scroll_x: int, width: int) -> Strip:
        style = self.get_component_rich_style("record-table--header")
        current = style + self.get_component_rich_style("record-table--column")
        segments = [Segment(" ", style)]
        for i, key in enumerate(self.shown_columns):
            w = self.widths.get(key, 10)
            text = self._header_cell(key)
            shown = text if cell_len(text) <= w else set_cell_size(text, w - 1).rstrip() + "…"
            cell_style = current if i == self.cursor_column and self.has_focus else style
            segments.append(Segment(shown, cell_style + Style.from_meta({"cell": i})))
            segments.append(Segment(" " * (w - cell_len(shown) + GAP), style + Style.from_meta({"pad": i})))
        line = Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width, style)
        if self._content_width() > width:  # columns off-screen: say which way
            hint = self.get_component_rich_style("record-table--hint")
            more_left, more_right = scroll_x > 0, scroll_x + width < self._content_width()
            line = Strip([
                Segment("«" if more_left else " ", hint if more_left else style),
                *line.crop(1, width - 1),
                Segment("»" if more_right else " ", hint if more_right else style),
            ])
        return line
