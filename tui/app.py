"""Placeholder app (replaced by the full UI)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer

from portfolio.store import Repository
from portfolio.views import LIST_COLUMNS, header, rows


class PortfolioApp(App[int]):
    BINDINGS: ClassVar = [("q", "quit", "Quit")]

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo

    def compose(self) -> ComposeResult:
        table: DataTable[str] = DataTable()
        table.add_columns(*[header(c) for c in LIST_COLUMNS])
        table.add_rows(rows(self.repo.projects(), LIST_COLUMNS))
        yield table
        yield Footer()


def make_app(db: Path) -> PortfolioApp:
    return PortfolioApp(Repository.open(db))
