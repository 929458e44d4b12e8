"""A yes/no question in a modal dialog."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from portfolio.i18n import N_, _

from ..bindings import translate_bindings


class ConfirmScreen(ModalScreen[bool]):
    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "answer(False)", N_("Cancel"), id="confirm.cancel"),
        Binding("y", "answer(True)", N_("Yes"), show=False, id="confirm.yes"),
        Binding("n", "answer(False)", N_("No"), show=False, id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str | None = None,
                 no: str | None = None) -> None:
        super().__init__()
        self.question, self.detail = question, detail
        self.yes_label, self.no_label = yes or _("Yes"), no or _("No")

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question, style="bold"), id="question", markup=False)
            if self.detail:
                yield Static(Text(self.detail), id="detail-text", markup=False)
            with Horizontal(id="buttons"):
                yield Button(self.yes_label, id="yes", variant="error")
                yield Button(self.no_label, id="no", variant="primary")

    def on_mount(self) -> None:
        translate_bindings(self)
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
