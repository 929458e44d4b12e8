"""The filter box: ``/`` in it selects the query (typing starts a new one), ``↑``/``↓`` walk
the filter history (kept per user in the settings), ``ctrl+s`` asks to save the query under
a name (``SaveRequested``)."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input
from textual.widgets.input import Selection

from portfolio.i18n import N_


class FilterInput(Input):
    HELP_TITLE = N_("The filter box")
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("up", "history(-1)", N_("Earlier filter"), show=False, id="filter.history_back"),
        Binding("down", "history(1)", N_("Later filter"), show=False, id="filter.history_forward"),
        Binding("ctrl+s", "save", N_("Save the filter under a name"), id="filter.save"),
    ]

    class SaveRequested(Message):
        def __init__(self, query: str) -> None:
            self.query = query
            super().__init__()

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.history: list[str] = []
        self._position: int | None = None  # index into history while walking it
        self._draft = ""

    async def _on_key(self, event: events.Key) -> None:
        # handled by the box itself, so that the key keeps its place among those typed before it
        if event.key == "slash":
            event.stop()
            event.prevent_default()
            self.selection = Selection(0, len(self.value))
            return
        if event.is_printable:
            self._position = None  # typing leaves the history walk
        await super()._on_key(event)

    def remember(self, query: str) -> None:
        query = query.strip()
        if query:
            self.history = [h for h in self.history if h != query] + [query]
        self._position = None

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        if self._position is None:
            if step > 0:
                return
            self._draft = self.value
            position = len(self.history) - 1
            if self.history[position] == self.value and position > 0:
                position -= 1
        else:
            position = self._position + step
        if position >= len(self.history):
            self._position = None
            self.value = self._draft
        else:
            self._position = max(0, position)
            self.value = self.history[self._position]
        self.cursor_position = len(self.value)

    def action_save(self) -> None:
        self.post_message(self.SaveRequested(self.value))
