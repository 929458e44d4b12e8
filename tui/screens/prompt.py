"""A one-line question in a modal dialog: a name to save a filter under, and the like. The
answer is checked by ``check`` (which raises ``PortfolioError`` with a one-line message shown
under the box); the dialog closes with the checked answer, or None on escape."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from portfolio.errors import PortfolioError
from portfolio.i18n import N_

from ..bindings import translate_bindings


class PromptScreen(ModalScreen["str | None"]):
    DEFAULT_CSS = """
    PromptScreen { align: center middle; }
    PromptScreen #prompt-dialog { width: 64; max-width: 100%; height: auto; border: thick $accent;
        background: $surface; padding: 0 1; }
    PromptScreen #prompt-question { text-style: bold; }
    PromptScreen #prompt-detail { color: $text-muted; }
    PromptScreen #prompt-error { color: $error; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", N_("Cancel"), id="prompt.cancel"),
    ]

    def __init__(self, question: str, detail: str = "", value: str = "",
                 check: Callable[[str], str] | None = None) -> None:
        super().__init__()
        self.question, self.detail, self.value = question, detail, value
        self.check = check

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-dialog"):
            yield Static(Text(self.question), id="prompt-question", markup=False)
            if self.detail:
                yield Static(Text(self.detail), id="prompt-detail", markup=False)
            yield Input(self.value, id="prompt-input")
            yield Static("", id="prompt-error", markup=False)

    def on_mount(self) -> None:
        translate_bindings(self)
        self.query_one("#prompt-error").display = False
        self.query_one("#prompt-input").focus()

    @on(Input.Submitted, "#prompt-input")
    def submitted(self, event: Input.Submitted) -> None:
        answer = event.value
        if self.check is not None:
            try:
                answer = self.check(answer)
            except PortfolioError as exc:
                error = self.query_one("#prompt-error", Static)
                error.update(Text(str(exc)))
                error.display = True
                return
        self.dismiss(answer)

    def action_cancel(self) -> None:
        self.dismiss(None)
