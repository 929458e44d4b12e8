"""The projects in view: code, name, category, years, lead unit, status, progress."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable

from portfolio.i18n import N_
from portfolio.models import Project
from portfolio.store import plan_order
from portfolio.views import CELLS, LIST_COLUMNS, header

# sort keys by column (numbers sort as numbers, the plan's order for codes)
SORT_KEYS: dict[str, Any] = {
    "code": plan_order,
    "years": lambda p: (p.start_year, p.end_year),
    "progress_percent": lambda p: p.progress_percent,
    "status": lambda p: p.status.value,
    "category": plan_order,
}

MAX_WIDTHS = {"code": 6, "category": 8, "years": 9, "lead_unit": 14, "status": 12,
              "progress_percent": 6}

NARROW_DROPS = ("category", "lead_unit")

STATUS_STYLES = {
    "completed": "green",
    "in_progress": "cyan",
    "not_started": "yellow",
    "suspended": "magenta",
    "cancelled": "dim",
    "not_reported": "",
}


class ProjectTable(DataTable[Text]):
    """Cells are ``Text`` (never parsed as markup). Click a header to sort; again to reverse."""

    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("enter", "select_cursor", N_("Edit"), show=False, id="table.select"),
    ]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self.projects: list[Project] = []
        self.sort_column: str | None = None
        self.sort_reverse = False
        self.shown_columns: tuple[str, ...] = LIST_COLUMNS

    def setup_columns(self) -> None:
        """(Re)build the columns, fitted to the width: the name takes what the others leave."""
        self.clear(columns=True)
        self.shown_columns = self._columns_for_width()
        widths = self._column_widths()
        for column in self.shown_columns:
            self.add_column(Text(header(column)), key=column, width=widths[column])
        self._fitted_width = self.size.width

    def _columns_for_width(self) -> tuple[str, ...]:
        """Narrow terminals drop the columns the tree and the detail already show."""
        width = self.size.width or 100
        drop = NARROW_DROPS if width < 75 else (("category",) if width < 95 else ())
        return tuple(c for c in LIST_COLUMNS if c not in drop)

    def _column_widths(self) -> dict[str, int]:
        sample = self.projects[:500]
        widths: dict[str, int] = {}
        for column in self.shown_columns:
            if column == "name":
                continue
            longest = max((cell_len(CELLS[column](p)) for p in sample), default=0)
            widths[column] = min(max(longest, cell_len(header(column))), MAX_WIDTHS.get(column, 20))
        available = (self.size.width or 100) - 2 * len(self.shown_columns) - 2
        widths["name"] = max(12, available - sum(widths.values()))
        return widths

    def on_resize(self) -> None:
        if self.size.width != getattr(self, "_fitted_width", None):
            current = self.current
            self.setup_columns()
            self.show(self.projects, keep=current.code if current else None)

    def show(self, projects: Sequence[Project], keep: str | None = None) -> None:
        """Show ``projects``; keep the cursor on ``keep`` (a code) when it is still there."""
        self.projects = self._sorted(projects)
        self.clear()
        columns = self.shown_columns
        status_at = columns.index("status")
        for p in self.projects:
            cells = [Text(CELLS[c](p), no_wrap=True, overflow="ellipsis") for c in columns]
            cells[status_at].stylize(STATUS_STYLES.get(p.status.value, ""))
            self.add_row(*cells, key=p.code)
        if keep is not None:
            self.select_code(keep)

    def select_code(self, code: str) -> bool:
        for i, p in enumerate(self.projects):
            if p.code == code:
                self.move_cursor(row=i, animate=False)
                return True
        return False

    @property
    def current(self) -> Project | None:
        if not self.projects or self.cursor_row < 0 or self.cursor_row >= len(self.projects):
            return None
        return self.projects[self.cursor_row]

    def sort_by(self, column: str) -> None:
        if self.sort_column == column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column, self.sort_reverse = column, False
        current = self.current
        self.show(self.projects, keep=current.code if current else None)

    def _sorted(self, projects: Sequence[Project]) -> list[Project]:
        if self.sort_column is None:
            return sorted(projects, key=plan_order)
        key = SORT_KEYS.get(self.sort_column) or (lambda p, c=self.sort_column: CELLS[c](p))
        return sorted(projects, key=key, reverse=self.sort_reverse)
