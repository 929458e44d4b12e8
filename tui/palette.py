"""The command palette in the interface language.

Textual's system commands (Theme, Quit, Keys, Maximize, Screenshot…) come from
``App.get_system_commands`` with English titles and help; ``PortfolioApp`` overrides that
public hook and passes each command through ``translate_system_commands``, which keeps
Textual's choice of commands (Keys or Hide keys, Maximize or Minimize) and its callbacks and
replaces the words by our catalog's. ``Palette`` is the palette screen with a translated
placeholder and "No matches found".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Final

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.widgets.option_list import Option

from portfolio.i18n import N_, _

# Textual 8's system commands: (title, help) -> our msgids for them
SYSTEM_COMMANDS: Final[dict[tuple[str, str], tuple[str, str]]] = {
    ("Theme", "Change the current theme"): (N_("Theme"), N_("Change the colour theme")),
    ("Quit", "Quit the application as soon as possible"): (N_("Quit"), N_("Quit (q)")),
    ("Keys", "Show help for the focused widget and a summary of available keys"): (
        N_("Keys"), N_("Show help for the focused field and a summary of the keys")),
    ("Keys", "Hide the keys and widget help panel"): (N_("Keys"), N_("Hide the keys and help panel")),
    ("Maximize", "Maximize the focused widget"): (N_("Maximize"), N_("Maximize the focused panel")),
    ("Minimize", "Minimize the widget and restore to normal size"): (
        N_("Minimize"), N_("Restore the panel to its normal size")),
    ("Screenshot", "Save an SVG 'screenshot' of the current screen"): (
        N_("Screenshot"), N_("Save an SVG screenshot of the screen")),
}


def translate_system_commands(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """The same commands with translated titles and help (an unknown one — a newer Textual's —
    passes unchanged rather than disappearing)."""
    for command in commands:
        words = SYSTEM_COMMANDS.get((command.title, command.help))
        if words is None:
            yield command
        else:
            yield command._replace(title=_(words[0]), help=_(words[1]))


class Palette(CommandPalette):
    """Textual's command palette, its own words in the interface language."""

    def __init__(self, providers: ProviderSource | None = None, *, placeholder: str | None = None,
                 id: str | None = None) -> None:
        super().__init__(providers, placeholder=placeholder or _("Search for commands…"), id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8.2 writes "No matches found" here and offers no hook for the text; this is
        # its method with the text translated (tests/ui/test_palette.py checks it is shown).
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(_("No matches found"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
