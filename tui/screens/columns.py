"""The column picker (``c``): every column of the list's kind, the shown ones first in their
order. ``space`` shows or hides a column, ``ctrl+↑``/``ctrl+↓`` (or ``[``/``]``) move it,
``ctrl+s`` applies, ``ctrl+r`` shows the default columns in the picker (applied with ``ctrl+s``
like any other choice). The choice is kept per user
(``portfolio.settings``) by the screen that opened the picker: it dismisses with the keys to
show, ``()`` for the defaults, or None (cancelled)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Button, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist

from portfolio.i18n import N_, _
from portfolio.records.columns import RecordKind

from ..bindings import translate_bindings


class ColumnChoices(SelectionList[str]):
    """The picker's list: a shown column reads ``[x]``, a hidden one ``[ ]`` (Textual's boxes
    both read ``X`` and differ only by colour, unreadable on a monochrome terminal)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            option = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        if len(segments) < 4:
            return strip
        mark = "[x]" if option.value in self._selected else "[ ]"
        # the box's three cells (left edge, inner, right edge) become the mark, same style
        return Strip([Segment(mark, segments[1].style), *segments[3:]], strip.cell_length)


class ColumnsScreen(ModalScreen["tuple[str, ...] | None"]):
    DEFAULT_CSS = """
    ColumnsScreen { align: center middle; }
    ColumnsScreen #columns-dialog { width: 60; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; background: $surface; padding: 0 1; }
    ColumnsScreen #columns-list { height: 1fr; }
    ColumnsScreen #columns-title { text-style: bold; }
    ColumnsScreen #columns-hint, ColumnsScreen #columns-error { color: $text-muted; }
    ColumnsScreen #columns-error { color: $error; }
    ColumnsScreen #columns-buttons { height: auto; align-horizontal: right; }
    ColumnsScreen #columns-buttons Button { margin-left: 1; min-width: 10; }
    ColumnsScreen #columns-buttons { margin-top: 1; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", N_("Cancel"), id="columns.cancel"),
        Binding("ctrl+s", "apply", N_("Apply"), id="columns.apply"),
        Binding("ctrl+r", "reset", N_("Default columns"), id="columns.reset"),
        Binding("ctrl+up,left_square_bracket", "move(-1)", N_("Move up"), id="columns.up", key_display="^↑ ["),
        Binding("ctrl+down,right_square_bracket", "move(1)", N_("Move down"), id="columns.down",
                key_display="^↓ ]"),
    ]

    def __init__(self, kind: RecordKind[Any], shown: tuple[str, ...]) -> None:
        super().__init__()
        self.kind = kind
        self.order = [*shown, *(k for k in kind.keys if k not in shown)]
        self.selected = set(shown)
        self.reset = False  # the defaults were brought back and not changed since

    def compose(self) -> ComposeResult:
        with Vertical(id="columns-dialog"):
            yield Static(_("Columns"), id="columns-title", markup=False)
            yield Static(_("space: show/hide · ctrl+↑/↓ or [ ]: move · ctrl+s: apply · ctrl+r: defaults"),
                         id="columns-hint", markup=False)
            yield ColumnChoices(id="columns-list")
            yield Static("", id="columns-error", markup=False)
            with Horizontal(id="columns-buttons"):
                yield Button(_("Apply"), id="apply", variant="primary")
                yield Button(_("Defaults"), id="reset")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        translate_bindings(self)
        for button in self.query(Button):
            button.compact = True  # one line each: the buttons stay on screen at 80x24
        self.on_resize()
        self.query_one("#columns-error").display = False
        self.fill(0)
        self.query_one(SelectionList).focus()

    def on_resize(self) -> None:
        """As tall as the columns need, at most the screen: the list scrolls, the buttons stay."""
        needed = len(self.order) + 8  # border, title, hint, error, buttons
        dialog = self.query_one("#columns-dialog")
        dialog.styles.height = "100%" if needed > self.app.size.height else needed

    def fill(self, highlighted: int) -> None:
        options = self.query_one(SelectionList)
        options.clear_options()
        for key in self.order:
            options.add_option((Text(self.kind.column(key).header()), key, key in self.selected))
        options.highlighted = highlighted

    @on(SelectionList.SelectedChanged)
    def toggled(self) -> None:
        selected = set(self.query_one(SelectionList).selected)
        if selected != self.selected:
            self.reset = False
        self.selected = selected

    def action_move(self, step: int) -> None:
        options = self.query_one(SelectionList)
        i = options.highlighted
        if i is None or not 0 <= i + step < len(self.order):
            return
        self.order[i], self.order[i + step] = self.order[i + step], self.order[i]
        self.reset = False
        self.fill(i + step)

    def action_apply(self) -> None:
        chosen = tuple(k for k in self.order if k in self.selected)
        if not chosen:
            error = self.query_one("#columns-error", Static)
            error.update(Text(_("Choose at least one column")))
            error.display = True
            return
        # () keeps following the defaults (fitted to the width) rather than fixing today's set
        self.dismiss(() if self.reset else chosen)

    def action_reset(self) -> None:
        """Show the default columns in the picker; nothing is applied until ``ctrl+s``."""
        defaults = self.kind.default_columns
        self.order = [*defaults, *(k for k in self.kind.keys if k not in defaults)]
        self.selected = set(defaults)
        self.fill(0)
        self.reset = True

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        {"apply": self.action_apply, "reset": self.action_reset, "cancel": self.action_cancel}[
            event.button.id or "cancel"]()
