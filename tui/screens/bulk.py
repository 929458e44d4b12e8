"""Bulk edit (``b``): one change for every marked record of the pane's kind (the fields the kind
declares, ``records/<kind>/form.py``), with a preview of each change (code, field, before →
after) before one save. The dialog dismisses with the planned changes
(``{code: {field: value}}``); the list pane writes them with ``repo.update_many`` — one undo
step, one journal entry per record."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Select, Static

from portfolio.bulk import BulkError, BulkPlan, plan_bulk
from portfolio.i18n import N_, _
from portfolio.records.editing import bulk_fields, counted, word
from portfolio.rights import checker_of

from ..bindings import translate_bindings


class BulkEditScreen(ModalScreen[dict[str, dict[str, Any]] | None]):
    DEFAULT_CSS = """
    BulkEditScreen { align: center middle; }
    BulkEditScreen #bulk-dialog { width: 100; max-width: 100%; height: 90%; border: thick $accent;
        background: $surface; padding: 0 1; }
    BulkEditScreen #bulk-title { text-style: bold; }
    BulkEditScreen #bulk-row { height: auto; }
    BulkEditScreen #bulk-field { width: 30; }
    BulkEditScreen #bulk-value { width: 1fr; }
    BulkEditScreen #bulk-error { color: $error; }
    BulkEditScreen #bulk-summary { color: $text-muted; }
    BulkEditScreen #bulk-preview { height: 1fr; }
    BulkEditScreen #bulk-buttons { height: auto; align-horizontal: right; }
    BulkEditScreen #bulk-buttons Button { margin-left: 1; }
    """
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", N_("Cancel"), id="bulk.cancel"),
        Binding("ctrl+s", "apply", N_("Apply to all"), id="bulk.apply"),
    ]

    def __init__(self, records: list[Any], *, marked: bool = True, kind: str = "project") -> None:
        super().__init__()
        self.records = records
        self.kind = kind
        self.fields = bulk_fields(kind)
        self.marked = marked  # False: nothing is marked, the change is for the current record
        self.plan: BulkPlan | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="bulk-dialog"):
            n = len(self.records)
            title = (_("Change {n} marked {records}").format(n=n, records=counted(self.kind, n)) if self.marked
                     else _("Change the current {record} {code}").format(record=word(self.kind),
                                                                          code=self.records[0].code))
            yield Static(Text(title), id="bulk-title")
            first = next(iter(self.fields.values()))
            with Horizontal(id="bulk-row"):
                yield Select([(_(f.label), key) for key, f in self.fields.items()], value=first.key,
                             allow_blank=False, id="bulk-field")
                yield Input(placeholder=first.hint_text(), id="bulk-value")
            yield Static("", id="bulk-error", markup=False)
            yield Static("", id="bulk-summary", markup=False)
            yield DataTable(id="bulk-preview", cursor_type="row", zebra_stripes=True)
            with Horizontal(id="bulk-buttons"):
                yield Button(_("Apply to all (ctrl+s)"), id="apply", variant="primary", disabled=True)
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        translate_bindings(self)
        table = self.query_one(DataTable)
        for label in (_("Code"), _("Field"), _("Before"), _("After")):
            table.add_column(Text(label))
        self.query_one("#bulk-value").focus()
        self.preview()

    @on(Select.Changed, "#bulk-field")
    def field_changed(self) -> None:
        key = str(self.query_one("#bulk-field", Select).value)
        self.query_one("#bulk-value", Input).placeholder = self.fields[key].hint_text()
        self.preview()

    @on(Input.Changed, "#bulk-value")
    def value_changed(self) -> None:
        self.preview()

    @on(Input.Submitted, "#bulk-value")
    def submitted(self) -> None:
        self.action_apply()

    def preview(self) -> None:
        key = str(self.query_one("#bulk-field", Select).value)
        text = self.query_one("#bulk-value", Input).value
        table = self.query_one(DataTable)
        table.clear()
        error = self.query_one("#bulk-error", Static)
        self.plan = None
        if not text.strip():
            error.update("")
            self.query_one("#bulk-summary", Static).update(Text(_("Type the new value: the changes show here")))
            self.query_one("#apply", Button).disabled = True
            return
        try:
            plan = plan_bulk(self.records, key, text, self.kind, rights=checker_of(self.app.repo))  # type: ignore[attr-defined]
        except BulkError as exc:
            error.update(Text(str(exc)))
            self.query_one("#apply", Button).disabled = True
            return
        error.update("")
        self.plan = plan
        for row in plan.preview:
            table.add_row(Text(row.code), Text(row.field), Text(row.before), Text(f"→ {row.after}"))
        for code, reason in plan.refused:
            table.add_row(Text(code), Text(_("refused"), style="red"), Text(reason), Text(""))
        n = len(plan.changes)
        self.query_one("#bulk-summary", Static).update(Text(
            _("{n} {records} will change, {same} unchanged, {refused} refused").format(
                n=n, records=counted(self.kind, n), same=plan.unchanged, refused=len(plan.refused))))
        self.query_one("#apply", Button).disabled = not plan.changes

    def action_apply(self) -> None:
        if self.plan is not None and self.plan.changes:
            self.dismiss(self.plan.changes)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "apply":
            self.action_apply()
        else:
            self.action_cancel()
