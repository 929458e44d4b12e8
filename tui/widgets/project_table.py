"""The projects in view: code, name, category, years, lead unit, status, progress.

A ``ScrollView`` that renders only the lines on screen (``render_line``), so that 100,000
projects show as fast as 34 (Textual's ``DataTable`` builds every row first: about 12 s for
100,000). Cells are plain text, never parsed as markup. Click a header to sort (again to
reverse); ``enter`` or a double click selects the row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from portfolio.i18n import N_
from portfolio.models import Project
from portfolio.review.lights import LIGHT_COLOURS, Light
from portfolio.review.states import project_light
from portfolio.store.file import plan_order
from portfolio.views import CELLS, LIST_COLUMNS, header


def light_sort_key(p: Project) -> int:
    """Red first, then yellow, green, none."""
    light = project_light(p)
    return len(LIGHT_ORDER) if light is None else LIGHT_ORDER[light]


LIGHT_ORDER = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}
LIGHT_STYLES = {light: Style(color=f"#{LIGHT_COLOURS[light]}") for light in Light}

# sort keys by column (numbers sort as numbers, the plan's order for codes)
SORT_KEYS: dict[str, Any] = {
    "code": plan_order,
    "years": lambda p: (p.start_year, p.end_year),
    "progress_percent": lambda p: p.progress_percent,
    "status": lambda p: p.status.value,
    "category": plan_order,
    "light": light_sort_key,
}
MAX_WIDTHS = {"code": 6, "category": 8, "years": 9, "lead_unit": 14, "status": 12, "progress_percent": 6,
              "light": 8}
FIXED_WIDTHS = {"years": 9, "progress_percent": 5}  # "2021-2025", "37.5%": no need to measure
NARROW_DROPS = ("category", "lead_unit")
STATUS_STYLES = {
    "completed": Style(color="green"),
    "in_progress": Style(color="cyan"),
    "not_started": Style(color="yellow"),
    "suspended": Style(color="magenta"),
    "cancelled": Style(dim=True),
}
GAP = 2  # cells between columns


class ProjectTable(ScrollView, can_focus=True):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "project-table--header", "project-table--cursor", "project-table--odd", "project-table--even",
    }
    DEFAULT_CSS = """
    ProjectTable { background: $surface; }
    ProjectTable > .project-table--header { text-style: bold; background: $panel; color: $text; }
    ProjectTable > .project-table--cursor { background: $block-cursor-blurred-background; }
    ProjectTable:focus > .project-table--cursor { background: $block-cursor-background;
        color: $block-cursor-foreground; text-style: bold; }
    ProjectTable > .project-table--odd { background: $surface; }
    ProjectTable > .project-table--even { background: $surface-lighten-1 10%; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("enter", "select", N_("Edit"), show=False, id="table.select"),
        Binding("up", "cursor(-1)", show=False, id="table.up"),
        Binding("down", "cursor(1)", show=False, id="table.down"),
        Binding("pageup", "page(-1)", show=False, id="table.pageup"),
        Binding("pagedown", "page(1)", show=False, id="table.pagedown"),
        Binding("home", "to(0)", show=False, id="table.home"),
        Binding("end", "to(-1)", show=False, id="table.end"),
    ]

    cursor_row: reactive[int] = reactive(0)

    class _RowMessage(Message):
        def __init__(self, table: ProjectTable, project: Project | None) -> None:
            self.table = table
            self.project = project
            super().__init__()

        @property
        def control(self) -> ProjectTable:
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to a project (None: the table is empty)."""

    class RowSelected(_RowMessage):
        """``enter`` or a double click on a project."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.projects: list[Project] = []
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.shown_columns: tuple[str, ...] = LIST_COLUMNS
        self.widths: dict[str, int] = {}
        self._fitted_width: int | None = None
        # the rows the widths were measured on: the first ones ever shown, so that the
        # widths do not jump with each filter (nor when a filter leaves nothing)
        self._sample: list[Project] = []

    # -- data -----------------------------------------------------------------------------------
    def setup_columns(self) -> None:
        """Fit the columns to the width: the name takes what the others leave; narrow
        terminals drop the columns the tree and the detail already show."""
        width = self._fit_width()
        drop = NARROW_DROPS if width < 73 else (("category",) if width < 93 else ())
        self.shown_columns = tuple(c for c in LIST_COLUMNS if c not in drop)
        sample = self._sample
        widths: dict[str, int] = {}
        for column in self.shown_columns:
            if column == "name":
                continue
            if column in FIXED_WIDTHS:
                widths[column] = max(FIXED_WIDTHS[column], cell_len(header(column)))
                continue
            longest = max((cell_len(CELLS[column](p)) for p in sample), default=0)
            widths[column] = min(max(longest, cell_len(header(column))), MAX_WIDTHS.get(column, 20))
        available = width - GAP * len(self.shown_columns) - 1
        widths["name"] = max(12, available - sum(widths.values()))
        self.widths = widths
        self._fitted_width = width
        self.virtual_size = Size(self._line_width(), len(self.projects) + 1)
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

    def show(self, projects: Sequence[Project], keep: str | None = None) -> None:
        """Show ``projects``; keep the cursor on ``keep`` (a code) when it is still there."""
        self.projects = self._sorted(projects)
        if not self._sample and self.projects:
            self._sample = self.projects[:500]
            self.setup_columns()  # the widths were fitted to the headers alone
        self.virtual_size = Size(self._line_width(), len(self.projects) + 1)
        row = 0
        if keep is not None:
            row = next((i for i, p in enumerate(self.projects) if p.code == keep), 0)
        self._move(row, force=True)
        self.refresh()

    def headers(self) -> list[str]:
        return [header(c) for c in self.shown_columns]

    def row_cells(self, code: str) -> list[str]:
        p = next(p for p in self.projects if p.code == code)
        return [CELLS[c](p) for c in self.shown_columns]

    def select_code(self, code: str) -> bool:
        for i, p in enumerate(self.projects):
            if p.code == code:
                self._move(i)
                return True
        return False

    @property
    def current(self) -> Project | None:
        if 0 <= self.cursor_row < len(self.projects):
            return self.projects[self.cursor_row]
        return None

    def sort_by(self, column: str) -> None:
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        current = self.current
        self.show(self.projects, keep=current.code if current else None)

    def _sorted(self, projects: Sequence[Project]) -> list[Project]:
        if self.sort_column is None:
            return list(projects)  # already in the plan's order
        key = SORT_KEYS.get(self.sort_column) or (lambda p, c=self.sort_column: CELLS[c](p))
        return sorted(projects, key=key, reverse=self.sort_reverse)

    # -- cursor --------------------------------------------------------------------------------
    def _move(self, row: int, force: bool = False) -> None:
        row = max(0, min(row, len(self.projects) - 1)) if self.projects else 0
        changed = row != self.cursor_row
        self.cursor_row = row
        if self.projects:
            # keep the cursor line in view (line 0 is the header, always shown)
            visible = max(1, self.scrollable_content_region.height - 1)
            top = int(self.scroll_y)
            if row < top:
                self.scroll_to(y=row, animate=False, immediate=True, force=True)
            elif row >= top + visible:
                self.scroll_to(y=row - visible + 1, animate=False, immediate=True, force=True)
        if changed or force:
            self.post_message(self.RowHighlighted(self, self.current))
        self.refresh()

    def restore_scroll(self, top: float) -> None:
        """Scroll back to ``top`` (after new data), the cursor still in view."""
        self.scroll_to(y=min(top, self.max_scroll_y), animate=False, immediate=True, force=True)
        self._move(self.cursor_row)

    def action_cursor(self, delta: int) -> None:
        self._move(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        self._move(self.cursor_row + direction * max(1, self.scrollable_content_region.height - 2))

    def action_to(self, row: int) -> None:
        self._move(row if row >= 0 else len(self.projects) - 1)

    def action_select(self) -> None:
        if self.current is not None:
            self.post_message(self.RowSelected(self, self.current))

    # -- mouse -------------------------------------------------------------------------------------
    def _column_at(self, x: int) -> str | None:
        x += int(self.scroll_x)
        edge = 1
        for column in self.shown_columns:
            edge += self.widths.get(column, 0) + GAP
            if x < edge:
                return column
        return None

    async def _on_click(self, event: events.Click) -> None:
        if event.y == 0:
            column = self._column_at(event.x)
            if column is not None:
                self.sort_by(column)
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.projects):
            self._move(row)
            if event.chain >= 2:
                self.action_select()

    def on_resize(self) -> None:
        if self._fit_width() != self._fitted_width:
            self.setup_columns()

    # -- rendering ------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x = int(self.scroll_x)
        if y == 0:
            style = self.get_component_rich_style("project-table--header")
            cells = [header(c) for c in self.shown_columns]
            return self._strip(cells, [style] * len(cells), style, scroll_x, width)
        index = int(self.scroll_y) + y - 1
        base = self.get_component_rich_style(
            "project-table--even" if index % 2 else "project-table--odd")
        if index >= len(self.projects):
            return Strip.blank(width, base)
        p = self.projects[index]
        if index == self.cursor_row:
            base = self.get_component_rich_style("project-table--cursor")
        cells = [CELLS[c](p) for c in self.shown_columns]
        styles = [base] * len(cells)
        if "status" in self.shown_columns and index != self.cursor_row:
            i = self.shown_columns.index("status")
            styles[i] = base + STATUS_STYLES.get(p.status.value, Style())
        if "light" in self.shown_columns and index != self.cursor_row:
            light = project_light(p)
            if light is not None:
                i = self.shown_columns.index("light")
                styles[i] = base + LIGHT_STYLES[light]
        return self._strip(cells, styles, base, scroll_x, width)

    def _strip(self, cells: list[str], styles: list[Style], base: Style, scroll_x: int, width: int) -> Strip:
        segments = [Segment(" ", base)]
        for i, (column, text, style) in enumerate(zip(self.shown_columns, cells, styles, strict=True)):
            w = self.widths.get(column, 10)
            shown = text if cell_len(text) <= w else set_cell_size(text, w - 1) + "…"
            # each cell and its padding are separate segments with distinct (invisible) meta, so
            # that SVG screenshots place every column at its own x even with CJK glyph widths
            segments.append(Segment(shown, style + Style.from_meta({"cell": i})))
            pad = w - cell_len(shown) + GAP
            segments.append(Segment(" " * pad, base + Style.from_meta({"pad": i})))
        line = Strip(segments).crop(scroll_x, scroll_x + width)
        return line.extend_cell_length(width, base)

    def watch_cursor_row(self) -> None:
        self.refresh()
