"""Shown while the database loads in a worker."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, LoadingIndicator, Static

from portfolio.i18n import _


class LoadingScreen(Screen[None]):
    CSS_PATH = "loading.tcss"

    def __init__(self, db: Path) -> None:
        super().__init__()
        self.db = db

    def compose(self) -> ComposeResult:
        size = self.db.stat().st_size / 1e6 if self.db.exists() else 0
        with Vertical(id="loading-box"):
            yield Static(Text(_("Loading {path} ({size} MB)…").format(path=self.db, size=f"{size:.1f}")),
                         id="loading-text", markup=False)
            yield LoadingIndicator()
        yield Footer()
