"""The boxes of the one edit form (``tui/screens/form.py``), one kind of box per kind of field a
record kind declares (``portfolio.records.editing.FormField``): how each is drawn with its
label and error line, and how what was typed is read back; and the progress report part (the
read-only log, the report's date and note) of kinds with a progress log."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea

from portfolio.i18n import _
from portfolio.progress import report_date_problem
from portfolio.records.editing import FormField
from portfolio.records.fields import ProgressEntry, Status, status_label
from portfolio.records.issues import FieldIssue, describe_errors
from portfolio.records.issues import field_label as shared_label
from portfolio.records.views import field_label
from portfolio.tables import percent_text, plain_number

if TYPE_CHECKING:
    from ..screens.form import FormScreen

UNIT_SEPARATOR = "、"


def form_footer() -> ComposeResult:
    """The summary line (hidden until a save is refused) and the save / cancel buttons every
    form ends with."""
    yield Static("", id="form-summary", markup=False)
    yield Horizontal(Button(_("Save (ctrl+s)"), id="save", variant="primary"),
                     Button(_("Cancel (esc)"), id="cancel"), id="form-buttons")


def box_text(f: FormField, value: Any) -> str:
    """A stored value as its box shows it."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ("\n" if f.widget == "lines" else UNIT_SEPARATOR).join(str(v) for v in value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float | int):
        return plain_number(value)
    return str(getattr(value, "value", value))


def _box(form: FormScreen, f: FormField) -> Widget:
    value = form.values.get(f.name)
    if f.widget == "select":
        assert f.options is not None
        options = f.options(form.repo)
        chosen = box_text(f, value)
        known = [v for _label, v in options]
        return Select(options, value=chosen if chosen in known else known[0], allow_blank=False, id=f.name)
    if f.widget == "suggest":
        assert f.suggest is not None and f.depends is not None
        options = [(s, s) for s in f.suggest(form.repo, box_text(f, form.values.get(f.depends)))]
        chosen = box_text(f, value)
        return Select(options, prompt=_("(choose)"), value=chosen if chosen in dict(options) else Select.NULL,
                      id=f.name)
    if f.widget == "new":  # the value of a ``suggest`` field not among its suggestions
        assert f.placeholder is not None
        return Input(_new_value(form, f), placeholder=_(f.placeholder), id=f"new_{f.name}")
    if f.widget in ("text", "lines"):
        return TextArea(box_text(f, value), id=f.name, soft_wrap=True)
    placeholder = _(f.placeholder) if f.placeholder else ""
    kind: Literal["integer", "number", "text"] = (
        "integer" if f.widget == "integer" else "number" if f.widget == "number" else "text")
    return Input(box_text(f, value), type=kind, placeholder=placeholder, id=f.name)


def _new_value(form: FormScreen, f: FormField) -> str:
    suggest = next(s for s in form.fields if s.name == f.name)
    assert suggest.suggest is not None and suggest.depends is not None
    value = box_text(f, form.values.get(f.name))
    return "" if value in suggest.suggest(form.repo, box_text(f, form.values.get(suggest.depends))) else value


def field_block(form: FormScreen, f: FormField) -> Vertical:
    """The field's label, its box and its error line."""
    name = f"new_{f.name}" if f.widget == "new" else f.name
    label = _(f.label) if f.label else field_label(form.kind, f.name)
    return Vertical(Label(Text(label), classes="field-label"), _box(form, f),
                    Static("", id=f"error-{name}", classes="field-error", markup=False),
                    classes="field", id=f"field-{name}")


def read_field(form: FormScreen, f: FormField) -> Any:
    """What was typed in the field's box, as the model reads it (an empty box: ``f.empty``)."""
    if f.widget == "select":
        value = form.query_one(f"#{f.name}", Select).value
        return f.empty if value in ("", Select.NULL) else value
    if f.widget == "suggest":
        typed = form.query_one(f"#new_{f.name}", Input).value.strip()
        chosen = form.query_one(f"#{f.name}", Select).value
        return typed or ("" if chosen is Select.NULL else chosen)
    if f.widget == "lines":
        return [u for u in form.query_one(f"#{f.name}", TextArea).text.splitlines() if u.strip()]
    if f.widget == "text":
        return form.query_one(f"#{f.name}", TextArea).text.strip()
    text = form.query_one(f"#{f.name}", Input).value.strip()
    return text or f.empty  # units: the model splits the names as the importer does


def show_issue(widget: Static, issues: list[FieldIssue], labelled: bool = False) -> None:
    widget.update(Text("；".join(
        f"{i.label}: {i.message}" if labelled or "." in i.field else i.message for i in issues)))
    widget.display = True


class ReportPart(Vertical):
    """The progress log (read-only) and the date and note of the report a save makes."""

    def __init__(self, entries: list[ProgressEntry], investment: bool = True) -> None:
        super().__init__(classes="field", id="field-progress_log")
        self.entries = list(entries)
        self.investment = investment  # the kind has a completed investment (projects; tasks do not)

    def compose(self) -> ComposeResult:
        yield Label(Text(shared_label("progress_log")), classes="field-label")
        yield DataTable(id="log-table", cursor_type="row", show_cursor=False)
        with Horizontal(id="log-new"):
            yield Input("", id="log-date", placeholder=_("report date (today)"))
            yield Input("", id="log-note", placeholder=_("Note"))
        hint = (_("A change of status, progress or completed investment is recorded in the log with this date "
                  "and note.") if self.investment
                else _("A change of status or progress is recorded in the log with this date and note."))
        yield Static(Text(hint), id="log-hint", markup=False)
        yield Static("", id="error-progress_log", classes="field-error", markup=False)

    def on_mount(self) -> None:
        table = self.query_one("#log-table", DataTable)
        for col in ("date", "percent", "status", "note"):
            table.add_column(Text(shared_label(col)), key=col)
        self.show_log(self.entries)

    def show_log(self, entries: list[ProgressEntry]) -> None:
        self.entries = list(entries)
        table = self.query_one("#log-table", DataTable)
        table.clear()
        for e in self.entries:
            table.add_row(Text(str(e.date)), Text(percent_text(e.percent)), Text(status_label(e.status)),
                          Text(e.note))
        table.display = bool(self.entries)

    def typed(self) -> bool:
        return bool(self.query_one("#log-date", Input).value.strip() or self.query_one("#log-note", Input).value.strip())

    def report(self) -> tuple[date | None, str] | None:
        """The report date and note for the progress log; None (the error shown next to the
        date, in view) when the date is not one."""
        box = self.query_one("#log-date", Input)
        text = box.value.strip()
        note = self.query_one("#log-note", Input).value.strip()
        error = self.query_one("#error-progress_log", Static)
        if not text:
            when = None
        else:
            try:  # the model's own rules for a log date, then the range a report may be dated in
                when = ProgressEntry.model_validate(
                    {"date": text, "percent": 0, "status": Status.IN_PROGRESS.value}).date
                problem = report_date_problem(when)
                if problem is not None:
                    raise ValueError(problem)
            except (ValidationError, ValueError) as exc:
                issues = [i for i in describe_errors(exc) if i.field == "date"] if isinstance(
                    exc, ValidationError) else [FieldIssue("date", str(exc))]
                show_issue(error, issues, labelled=True)
                box.add_class("-invalid")
                error.scroll_visible(animate=False)  # the message sits under the date: 80x24 too
                box.focus()
                return None
        box.remove_class("-invalid")
        error.display = False
        return when, note
