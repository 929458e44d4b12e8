"""Shown while the database loads in a worker."""

from __future__ import annotations

import time
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from portfolio.i18n import _
from portfolio.store import describe, is_server

from ..widgets.key_bar import KeyBar


class LoadingScreen(Screen[None]):
    CSS_PATH = "loading.tcss"

    def __init__(self, db: Path) -> None:
        super().__init__()
        self.db = db

    def compose(self) -> ComposeResult:
        with Vertical(id="loading-box"):
            if is_server(self.db):
                text = _("Loading {path}…").format(path=describe(self.db))
            else:
                size = self.db.stat().st_size / 1e6 if self.db.exists() else 0
                text = _("Loading {path} ({size} MB)…").format(path=self.db, size=f"{size:.1f}")
            yield Static(Text(text), id="loading-text", markup=False)
            yield Static("", id="loading-elapsed", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        # a slow clock rather than an animation: the loading thread keeps the CPU
        self._started = time.monotonic()
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        seconds = time.monotonic() - self._started
        self.query_one("#loading-elapsed", Static).update(Text(f"{seconds:.0f} s", style="dim"))
