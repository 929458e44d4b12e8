"""The conflict dialog: the same fields were changed here and by someone else since the form
opened. For each such field: its value when the form opened, theirs and mine, each in full
(wrapped, never cut: the part that differs is often at the end); the user keeps one of the two
per field (arrow keys or a click; ``t`` / ``m`` for all of theirs / all of mine) and saves the
choice (``ctrl+s``), or goes back to the form with everything typed kept (``escape``, which
never writes). The side kept reads without colour: ``●`` and a "kept" label on it, ``○`` on
the other.

Dismisses with ``{field: chosen value}`` or None (back to the form)."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Label, RadioButton, RadioSet, Static

from portfolio.errors import FieldConflict
from portfolio.i18n import N_, _
from portfolio.text import one_line

from ..bindings import translate_bindings
from ..values import kind_label, value_text

FULL = 100_000  # a value's characters shown: all of them (wrapped)


class SideButton(RadioButton):
    """One side of a field (theirs or mine): ``●`` / ``○``, the side's name, "✓ kept" on the
    side chosen, and its value wrapped in full below. ``label`` is the value."""

    DEFAULT_CSS = """
    SideButton {
        width: 1fr;
        height: auto;
        text-wrap: wrap;
    }
    """

    def __init__(self, side: str, text: str, **kwargs: Any) -> None:
        super().__init__(Text(text), **kwargs)
        self.side = side
        self.full = text

    def render(self) -> RenderableType:  # type: ignore[override]  # a grid: marker, then head and value
        head = Text(self.side)
        if self.value:
            head.append("  " + _("✓ kept"), style="bold")
        head.stylize(self.get_visual_style("toggle--label").rich_style)
        grid = Table.grid()
        grid.add_column(width=2, no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        grid.add_row(Text("●" if self.value else "○", style="bold" if self.value else ""), head)
        grid.add_row("", Text(self.full))
        return grid

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return Widget.get_content_height(self, container, viewport, width)


class ChoiceSet(RadioSet):
    """One field's choice: ``←`` keeps theirs and ``→`` keeps mine at once (a plain RadioSet
    only moved its highlight there, so the choice was silently theirs); ``↑`` / ``↓`` go to the
    previous / next field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "keep(0)", show=False),
        Binding("right", "keep(1)", show=False),
        Binding("up", "row(-1)", show=False),
        Binding("down", "row(1)", show=False),
    ]

    def action_keep(self, index: int) -> None:
        buttons = list(self.query(RadioButton))
        if 0 <= index < len(buttons):
            buttons[index].value = True
            self._selected = index

    def action_row(self, step: int) -> None:
        rows = list(self.screen.query(ChoiceSet))
        at = rows.index(self) + step
        if 0 <= at < len(rows):
            rows[at].focus()


class ConflictScreen(ModalScreen["dict[str, Any] | None"]):
    CSS_PATH = "conflict.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("ctrl+s", "save", N_("Save the choice"), id="conflict.save"),
        Binding("escape", "back", N_("Back to the form"), id="conflict.back"),
        Binding("t", "all(0)", N_("All theirs"), id="conflict.theirs"),
        Binding("m", "all(1)", N_("All mine"), id="conflict.mine"),
    ]

    def __init__(self, code: str, conflicts: list[FieldConflict], who: str | None = None,
                 kind: str = "project") -> None:
        super().__init__()
        self.code = one_line(code)  # shown escaped, like every value here (``value_text``)
        self.kind = kind
        self.conflicts = conflicts
        self.who = one_line(who) if who else who

    def compose(self) -> ComposeResult:
        theirs = (_("Theirs ({who})").format(who=self.who) if self.who else _("Theirs"))
        with Vertical(id="dialog"):
            yield Static(Text(_("{code} was changed by {who} while you were editing it").format(
                code=self.code, who=self.who or _("someone else")), style="bold"), id="conflict-title",
                markup=False)
            yield Static(Text(_("These fields were changed on both sides. Keep theirs or yours for "
                                "each (←/→ or a click, ↑/↓ between fields; t: all theirs, m: all mine), then save; "
                                "escape goes back to the form with what you typed, writing nothing.")),
                         id="conflict-hint", markup=False)
            with VerticalScroll(id="conflict-rows"):
                for c in self.conflicts:
                    with Vertical(classes="conflict-row", id=f"row-{c.field}"):
                        yield Label(Text(kind_label(self.kind, c.field)), classes="conflict-field")
                        yield Static(Text(_("When the form opened: {value}").format(
                            value=value_text(c.field, c.base, FULL, self.kind))), classes="conflict-base",
                            markup=False)
                        with ChoiceSet(id=f"choice-{c.field}", classes="conflict-choices"):
                            yield SideButton(theirs, value_text(c.field, c.theirs, FULL, self.kind), value=True,
                                             id=f"theirs-{c.field}", classes="conflict-choice")
                            yield SideButton(_("Mine"), value_text(c.field, c.mine, FULL, self.kind),
                                             id=f"mine-{c.field}", classes="conflict-choice")
            with Horizontal(id="conflict-buttons"):
                yield Button(_("Save the choice (ctrl+s)"), id="conflict-save", variant="primary")
                yield Button(_("Back to the form (esc)"), id="conflict-back")

    def on_mount(self) -> None:
        translate_bindings(self)
        for button in self.query(Button):
            button.compact = True
        if self.conflicts:
            self.query_one(f"#choice-{self.conflicts[0].field}", RadioSet).focus()

    def choice(self) -> dict[str, Any]:
        """The value kept for each conflicting field."""
        out: dict[str, Any] = {}
        for c in self.conflicts:
            mine = self.query_one(f"#mine-{c.field}", RadioButton).value
            out[c.field] = c.mine if mine else c.theirs
        return out

    def action_all(self, index: int) -> None:
        for c in self.conflicts:
            button = self.query_one(f"#{'mine' if index else 'theirs'}-{c.field}", RadioButton)
            button.value = True

    def action_save(self) -> None:
        self.dismiss(self.choice())

    def action_back(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#conflict-save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#conflict-back")
    def back_pressed(self) -> None:
        self.action_back()
