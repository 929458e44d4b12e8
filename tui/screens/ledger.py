"""The unit view (台账): pick a unit and see every project and task it leads or joins, overdue
ones first and marked ⚠ (due within 30 days: …). The units are the directory's canonical
names and every unit the data names (aliases resolved, groups expanded: ``portfolio.ledger``);
typing in the box narrows the list (any name or alias, or part of it). ``enter`` on a row
shows the record in its tab; ``escape`` goes back."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from portfolio.i18n import N_, _
from portfolio.ledger import LEDGER_KIND, LedgerItem, unit_ledger, unit_names
from portfolio.text import for_terminal

from ..bindings import translate_bindings
from ..widgets.key_bar import KeyBar
from ..widgets.record_table import RecordTable

LedgerJump = tuple[str, str]  # (kind, code)


class LedgerScreen(Screen["LedgerJump | None"]):
    CSS_PATH = "ledger.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "back", N_("Back"), id="ledger.back"),
        Binding("slash", "focus_units", N_("Find a unit"), id="ledger.find", key_display="/"),
        Binding("question_mark", "app.help", N_("Help"), id="ledger.help", key_display="?"),
    ]

    def __init__(self, repo: object, unit: str | None = None) -> None:
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.names = unit_names(repo)
        self.unit = unit if unit is not None else (self.names[0] if self.names else "")
        self.items: list[LedgerItem] = []

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width < 100, "-narrow")
        yield Static(Text(_("Unit view (台账): everything a unit leads or joins"), style="bold"), id="ledger-title")
        with Horizontal(id="ledger-body"):
            with Vertical(id="units-pane"):
                yield Input(placeholder=_("Find a unit"), id="unit-filter")
                yield OptionList(id="units")
            with Vertical(id="ledger-pane"):
                yield Static("", id="ledger-summary", markup=False)
                yield RecordTable(LEDGER_KIND, id="ledger-table")
        yield KeyBar()

    def on_resize(self) -> None:
        self.set_class(self.size.width < 100, "-narrow")

    def on_mount(self) -> None:
        self.fill_units("")
        self.show_unit(self.unit)
        self.query_one("#ledger-table", RecordTable).focus()

    def fill_units(self, text: str) -> None:
        from portfolio.ledger import _directory

        low = text.strip().lower()
        directory = _directory(self.repo)
        shown = [n for n in self.names if not low or low in n.lower()
                 or any(low in a.lower() for a in getattr(directory.entries.get(n), "aliases", []))]
        units = self.query_one("#units", OptionList)
        units.clear_options()
        units.add_options([Option(Text(for_terminal(n)), id=n) for n in shown])  # names escaped
        if self.unit in shown:
            units.highlighted = shown.index(self.unit)
        elif shown:
            units.highlighted = 0

    def show_unit(self, unit: str) -> None:
        self.unit = unit
        self.items = unit_ledger(self.repo, unit) if unit else []
        overdue = sum(i.overdue for i in self.items)
        lead = sum(i.lead for i in self.items)
        summary = _("{unit}: {n} items ({lead} led), {overdue} overdue").format(
            unit=unit or "—", n=len(self.items), lead=lead, overdue=overdue)
        self.query_one("#ledger-summary", Static).update(Text(for_terminal(summary), style="bold red" if overdue else "bold"))
        self.query_one("#ledger-table", RecordTable).show(self.items)

    @on(Input.Changed, "#unit-filter")
    def unit_filter_changed(self, event: Input.Changed) -> None:
        self.fill_units(event.value)

    @on(Input.Submitted, "#unit-filter")
    def unit_filter_submitted(self) -> None:
        units = self.query_one("#units", OptionList)
        if units.highlighted is not None and units.option_count:
            self.show_unit(str(units.get_option_at_index(units.highlighted).id))
        self.query_one("#ledger-table", RecordTable).focus()

    @on(OptionList.OptionHighlighted, "#units")
    def unit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self.unit:
            self.show_unit(event.option.id)

    @on(OptionList.OptionSelected, "#units")
    def unit_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.show_unit(event.option.id)
        self.query_one("#ledger-table", RecordTable).focus()

    @on(RecordTable.RowSelected, "#ledger-table")
    def row_selected(self, event: RecordTable.RowSelected) -> None:
        item: LedgerItem = event.record
        self.dismiss((item.kind, item.code))

    def action_focus_units(self) -> None:
        self.query_one("#unit-filter", Input).focus()

    def action_back(self) -> None:
        box = self.query_one("#unit-filter", Input)
        if box.has_focus and box.value:
            box.value = ""
            return
        self.dismiss(None)
