"""The saved filters picker (``ctrl+o``): each name with its query; ``enter`` recalls one
into the filter box (as ``@name``), ``delete`` removes it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from portfolio import saved_filters
from portfolio.i18n import N_, _
from portfolio.text import one_line

from ..bindings import translate_bindings


class SavedFiltersScreen(ModalScreen["str | None"]):
    DEFAULT_CSS = """
    SavedFiltersScreen { align: center middle; }
    SavedFiltersScreen #saved-dialog { width: 80; max-width: 100%; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1; }
    SavedFiltersScreen #saved-title { text-style: bold; }
    SavedFiltersScreen #saved-hint { color: $text-muted; }
    SavedFiltersScreen OptionList { height: auto; max-height: 20; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", N_("Cancel"), id="saved.cancel"),
        Binding("delete", "delete", N_("Delete the saved filter"), id="saved.delete"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="saved-dialog"):
            yield Static(_("Saved filters"), id="saved-title", markup=False)
            yield Static(_("enter: recall · delete: remove · esc: close"), id="saved-hint", markup=False)
            yield OptionList(id="saved-list")

    def on_mount(self) -> None:
        translate_bindings(self)
        self.fill()
        self.query_one(OptionList).focus()

    def fill(self) -> None:
        options = self.query_one(OptionList)
        options.clear_options()
        filters = saved_filters.saved()
        if not filters:
            options.add_option(Option(Text(_("No saved filters yet: ctrl+s in the filter box saves one")),
                                      disabled=True))
            return
        for name in sorted(filters):
            # names and queries edited by hand in the settings file are shown escaped
            label = Text.assemble(("@" + one_line(name), "bold"), "  ", (one_line(filters[name]), "dim"))
            options.add_option(Option(label, id=name))
        options.highlighted = 0

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id)

    def action_delete(self) -> None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return
        name = options.get_option_at_index(options.highlighted).id
        if name:
            saved_filters.delete(name)
            self.notify(_("Deleted the saved filter @{name}").format(name=name), markup=False)
            self.fill()

    def action_cancel(self) -> None:
        self.dismiss(None)
