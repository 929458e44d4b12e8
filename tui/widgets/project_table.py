"""The projects in view: a ``RecordTable`` over the project columns
(``portfolio.records.project.columns``). Everything generic (sorting, columns, marks, highlights,
sideways scrolling) lives in ``record_table``."""

from __future__ import annotations

from typing import Any

from portfolio.records.columns import record_kind
from portfolio.records.project.model import Project

from .record_table import RecordTable


class ProjectTable(RecordTable):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(record_kind("project"), **kwargs)

    @property
    def projects(self) -> list[Project]:
        return self.records

    @property
    def current(self) -> Project | None:
        record: Project | None = super().current
        return record

    def restore_scroll(self, top: float) -> None:
        """Scroll back to ``top`` (after new data: the live view), the cursor still in view."""
        self.scroll_to(y=min(top, self.max_scroll_y), animate=False, immediate=True, force=True)
        self._move(self.cursor_row)
