"""The edit form of a task or an indicator: the fields a planner edits, validated as a whole by
the kind's model on ``ctrl+s`` (each error under its field, nothing written until the record
is valid), saved through the repository with ``base=`` the version the form opened on, so
that another process's changes to other fields are merged and the same field changed on both
sides opens the three-way conflict dialog (``form_base``); a banner says when someone else
changes the record while the form is open. Dismisses with the code, "" (nothing differed) or
None (cancelled)."""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from portfolio.i18n import N_, _
from portfolio.records.fields import Status, status_label
from portfolio.records.indicator import model as ind
from portfolio.records.issues import FieldIssue, describe_errors
from portfolio.records.task import model as tk
from portfolio.records.views import field_label
from portfolio.store import Repository
from portfolio.store.kinds import record_dict
from portfolio.text import one_line, shown

from ..bindings import translate_bindings
from .form_base import FormSaving

UNIT_SEPARATOR = "、"
# (field, widget): "input", "text" (several lines), "units" (names separated by 、), "select"
TASK_FORM: tuple[tuple[str, str], ...] = (
    ("name", "input"), ("content", "text"), ("section", "input"), ("subsection", "input"),
    ("lead_units", "units"), ("cooperating_units", "units"), ("responsible_units", "units"),
    ("deadline_text", "input"), ("deadline", "input"), ("status", "select"), ("progress_percent", "input"),
)
INDICATOR_FORM: tuple[tuple[str, str], ...] = (
    ("category", "select"), ("number", "input"), ("name", "input"), ("sub_name", "input"), ("unit", "input"),
    ("baseline_2020", "input"), ("target_2025", "input"), ("attribute", "select"), ("direction", "select"),
    ("note", "input"),
)
FORMS = {"task": TASK_FORM, "indicator": INDICATOR_FORM}


def _options(kind: str, name: str) -> list[tuple[str, str]]:
    if name == "status":
        return [(status_label(s), s.value) for s in Status]
    if name == "category":
        return [(ind.category_text(zh), zh) for zh, _en in ind.CATEGORIES]
    if name == "attribute":
        return [(ind.attribute_text(zh), zh) for zh, _en in ind.ATTRIBUTES]
    if name == "direction":
        return [(_("(none)"), ""), *((_(label), key) for key, label in ind.DIRECTION_LABELS.items())]
    raise KeyError(name)


def _shown(record: Any, name: str) -> str:
    value = getattr(record, name)
    if value is None:
        return ""
    if isinstance(value, list):
        return UNIT_SEPARATOR.join(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value.value if isinstance(value, Status) else value)


class RecordFormScreen(FormSaving, ModalScreen["str | None"]):
    CSS_PATH = "record_form.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]

    def __init__(self, repo: Repository, kind: str, record: Any) -> None:
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.kind = kind
        self.record = record
        self.base = record  # the version this edit started from: kept until a save succeeds
        self.fields = FORMS[kind]

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(_("Edit {code}").format(code=one_line(self.record.code)), style="bold"), id="form-title")
            yield Static("", id="form-banner", markup=False)
            with VerticalScroll(id="form-body"):
                for name, widget in self.fields:
                    with Vertical(classes="field", id=f"field-{name}"):
                        yield Label(Text(field_label(self.kind, name)), classes="field-label")
                        yield self._widget(name, widget)
                        yield Static("", id=f"error-{name}", classes="field-error", markup=False)
            yield Static("", id="form-summary", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def _widget(self, name: str, widget: str) -> Any:
        value = _shown(shown(self.record), name)  # escaped: nothing raw reaches the terminal
        if widget == "text":
            return TextArea(value, id=name, soft_wrap=True)
        if widget == "select":
            return Select(_options(self.kind, name), value=value, allow_blank=False, id=name)
        return Input(value, id=name)

    def on_mount(self) -> None:
        for static in self.query(".field-error"):
            static.display = False
        self.query_one("#form-summary", Static).display = False
        self.query_one("#form-banner", Static).display = False
        self.focus_first()

    def focus_first(self) -> None:
        self.query_one(f"#{self.fields[0][0]}").focus()

    # -- saving ----------------------------------------------------------------------------------
    def collect(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, widget in self.fields:
            if widget == "text":
                out[name] = self.query_one(f"#{name}", TextArea).text.strip()
            elif widget == "select":
                out[name] = self.query_one(f"#{name}", Select).value
            else:
                text = self.query_one(f"#{name}", Input).value.strip()
                if widget == "units":
                    out[name] = text  # the model splits it as the importer does
                elif name in ("deadline", "direction"):
                    out[name] = text or None
                else:
                    out[name] = text
        if self.kind == "indicator" and out.get("direction") == "":
            out["direction"] = None
        if self.kind == "task" and out["deadline"] == _shown(self.record, "deadline"):
            del out["deadline"]  # the date follows the text (the model); a date typed is set by hand
        if self.kind == "task":
            out = tk.by_hand(out)
        return out

    def show_errors(self, issues: list[FieldIssue]) -> None:
        names = {n for n, _w in self.fields}
        for static in self.query(".field-error"):
            static.display = False
        by_field: dict[str, list[str]] = {}
        for issue in issues:
            name = issue.field.split(".")[0]
            by_field.setdefault(name if name in names else "", []).append(
                issue.message if name in names else f"{issue.label}: {issue.message}")
        summary = self.query_one("#form-summary", Static)
        text = _("{n} problem(s): nothing was saved. Fix the fields marked in red.").format(n=len(issues))
        summary.update(Text(" ".join([text, *by_field.get("", [])])))
        summary.display = True
        first = None
        for name, messages in by_field.items():
            if not name:
                continue
            error = self.query_one(f"#error-{name}", Static)
            error.update(Text("；".join(messages)))
            error.display = True
            first = first or self.query_one(f"#field-{name}")
        if first is not None:
            self.query_one("#form-body", VerticalScroll).scroll_to_widget(first, animate=False)

    def action_save(self) -> None:
        data = self.collect()
        model = ind.Indicator if self.kind == "indicator" else tk.Task
        base = record_dict(shown(self.base))  # as the form showed it: a field left alone is no change
        try:  # validated here too: only the fields typed differently from the base are sent
            typed = record_dict(model.model_validate({**base, **data}))
        except ValidationError as exc:
            self.show_errors(describe_errors(exc))
            return
        self.write({f: v for f, v in typed.items() if f in data and v != base.get(f)}, self.base)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
