"""Shown while the database loads in a worker."""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from portfolio.i18n import N_, _
from portfolio.store import describe, is_server

from ..bindings import translate_bindings
from ..widgets.key_bar import KeyBar


class LoadingScreen(Screen[None]):
    CSS_PATH = "loading.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("r", "retry", N_("Try again"), id="loading.retry"),
    ]

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
        translate_bindings(self)
        # a slow clock rather than an animation: the loading thread keeps the CPU
        self._started = time.monotonic()
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        if self.error is not None:
            return
        seconds = time.monotonic() - self._started
        self.query_one("#loading-elapsed", Static).update(Text(f"{seconds:.0f} s", style="dim"))

    error: str | None = None

    def failed(self, message: str) -> None:
        """The database could not be opened (a browser tab shows why instead of closing)."""
        self.error = message
        self.query_one("#loading-box").add_class("-failed")
        self.query_one("#loading-text", Static).update(Text(_("Error: {message}").format(message=message),
                                                            style="bold red"))
        self.query_one("#loading-elapsed", Static).update(Text(_("r: try again"), style="dim"))
        self.refresh_bindings()

    def restart(self) -> None:
        self.error = None
        self.query_one("#loading-box").remove_class("-failed")
        self._started = time.monotonic()
        self.query_one("#loading-text", Static).update(Text(_("Loading {path}…").format(path=describe(self.db))))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.error is not None if action == "retry" else True

    def action_retry(self) -> None:
        self.app.retry_load()  # type: ignore[attr-defined]
