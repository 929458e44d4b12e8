"""The Textual application: the main screen over one repository, language switching,
and the command palette."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding

from portfolio.i18n import N_, _, get_language, resolve_language, set_language
from portfolio.store import Repository

from .bindings import translate_bindings
from .commands import PortfolioCommands
from .screens.main import MainScreen


class PortfolioApp(App[int]):
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {PortfolioCommands}
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("ctrl+p", "command_palette", N_("Commands"), id="app.palette", show=False),
    ]

    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self.repo = repo
        self.title = "portfolio"

    def on_mount(self) -> None:
        translate_bindings(self)
        self.sub_title = _("Key projects of the 14th Five-Year ecological environment plan")
        self.push_screen(MainScreen(self.repo))

    async def action_switch_language(self) -> None:
        set_language("en" if get_language() == "zh_CN" else "zh_CN")
        translate_bindings(self)
        self.sub_title = _("Key projects of the 14th Five-Year ecological environment plan")
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                await screen.retranslate()
        self.notify(_("Language: English") if get_language() == "en" else _("Language: Chinese"))


def make_app(db: Path, lang: str | None = None) -> PortfolioApp:
    """Build the app on the database at ``db`` (the tests use this factory too)."""
    if lang is not None:
        set_language(resolve_language(lang))
    return PortfolioApp(Repository.open(db))
