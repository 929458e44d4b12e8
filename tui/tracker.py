"""The UI's side of ``portfolio.tracking``: a worker's stages on a progress bar, and ``escape``.

A long action (export, review pack) runs in a thread worker inside ``tracking(tracker)``; the
tracker shows the stage's name in a label and done / total on a ``ProgressBar`` (through
``call_from_thread``, at most about ten times a second), and once ``cancel()`` was called the
worker's next step raises ``Cancelled``: the output is written by temp file and rename at the
very end, so a cancelled action leaves nothing behind.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from textual.app import App
from textual.widgets import ProgressBar, Static

from portfolio.i18n import _
from portfolio.tracking import Cancelled

UPDATE_EVERY = 0.1  # seconds between two redraws of the bar


class ScreenTracker:
    def __init__(self, app: App[Any], bar: ProgressBar, label: Static | None = None) -> None:
        self._app = app
        self._bar = bar
        self._label = label
        self._cancel = threading.Event()
        self._done = 0
        self._total: int | None = None
        self._shown = 0.0

    # -- the worker's side ------------------------------------------------------------------------
    def stage(self, label: str, total: int | None = None) -> None:
        self._check()
        self._done, self._total = 0, total
        self._app.call_from_thread(self._show_stage, _(label), total)

    def advance(self, n: int = 1) -> None:
        self._check()
        self._done += n
        now = time.monotonic()
        if now - self._shown >= UPDATE_EVERY:
            self._shown = now
            self._app.call_from_thread(self._bar.update, progress=self._done)

    def _check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    # -- the screen's side ------------------------------------------------------------------------
    def cancel(self) -> None:
        """Stop the work at its next step (called from the UI thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _show_stage(self, text: str, total: int | None) -> None:
        self._bar.update(total=total, progress=0)
        if self._label is not None:
            self._label.update(text)
            self._label.display = True
