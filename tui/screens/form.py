"""The add / edit form of every kind, built from what the kind declares
(``portfolio/records/<kind>/form.py``: its rows of fields, whether it has a progress report, a
new record's first values): every field validated as a whole by the kind's model on ``ctrl+s``,
each error under its field, nothing written until the whole record is valid.

The form keeps its base: the record as it was when the form opened. A save sends the fields
changed since that base (``repo.update(..., base=...)``), so fields someone else changed
meanwhile are kept; the same field changed on both sides opens the three-way conflict dialog,
and the base stays the same until a save succeeds (``form_base``). When the record changes
underneath (the live view), a banner says which fields did, and what was typed stays. The
progress log is read-only here: the repository appends the entry for a change of status,
progress or completed investment, dated with the form's report date. Escape with changes
typed asks before they are dropped. Dismisses with the saved code, "" (nothing differed) or
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
from textual.widgets import Button, Select, Static

from portfolio.errors import InvalidProject, PortfolioError
from portfolio.i18n import N_, _
from portfolio.records.editing import declared, form_rows
from portfolio.records.issues import FieldIssue, describe_errors
from portfolio.store import Repository
from portfolio.store.kinds import get_kind, record_dict
from portfolio.text import one_line, shown

from ..bindings import translate_bindings
from ..widgets.form_fields import ReportPart, field_block, form_footer, read_field, show_issue
from .form_base import FormSaving
from .form_rights import lock_by_rights
from .live import store_lock


class FormScreen(FormSaving, ModalScreen["str | None"]):
    CSS_PATH = "form.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        # not a priority binding: those run ahead of the keys still queued for the focused field
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]

    def __init__(self, repo: Repository, kind: str, record: Any, start: dict[str, Any] | None = None) -> None:
        """``record`` None: a new record, starting from ``start`` (the kind's ``new_values``)."""
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.kind = kind
        self.record = record
        self.base = record  # the version this edit started from: kept until a save succeeds
        self.start = dict(start or {})
        self.rows = form_rows(kind)
        self.fields = [f for row in self.rows for f in row if f.widget != "new"]
        self.has_log = bool(getattr(declared(kind), "LOG", False))
        # what the boxes show: the record (escaped: nothing raw reaches the terminal) or the start
        self.values: dict[str, Any] = record_dict(shown(record)) if record is not None else dict(self.start)
        self.opened: dict[str, Any] | None = None  # the boxes as they opened (escape asks when changed)
        # the value each field others' suggestions follow had when last offered (a category)
        self.followed = {f.depends: self.values.get(f.depends) for f in self.fields if f.depends}

    # -- layout ------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        title = (_("Edit {code}").format(code=one_line(self.record.code)) if self.record is not None
                 else _(declared(self.kind).NEW_TITLE))
        with Vertical(id="form"):
            yield Static(Text(title, style="bold"), id="form-title", markup=False)
            yield Static("", id="form-banner", markup=False)
            with VerticalScroll(id="form-body"):
                for row in self.rows:
                    if len(row) == 1:
                        yield field_block(self, row[0])
                    else:
                        yield Horizontal(*(field_block(self, f) for f in row), classes="row")
                if self.has_log:
                    yield ReportPart(self.record.progress_log if self.record is not None else [],
                                     investment=any(f.name == "completed_investment" for row in self.rows for f in row))
            yield from form_footer()

    def on_mount(self) -> None:
        for widget in self.query("Input, Select, Button"):
            widget.compact = True  # type: ignore[attr-defined]  # one line per field: fits 80x24
        for static in self.query(".field-error"):
            static.display = False
        self.query_one("#form-summary").display = False
        self.query_one("#form-banner").display = False
        lock_by_rights(self)
        self.focus_first()
        self.call_after_refresh(self._remember_opened)

    def _remember_opened(self) -> None:
        self.opened = self.collect()

    def focus_first(self) -> None:
        names = [f.name for f in self.fields if not self.query_one(f"#{f.name}").disabled]
        if names:
            self.query_one(f"#{'name' if 'name' in names else names[0]}").focus()

    # -- events ----------------------------------------------------------------------------------
    @on(Select.Changed)
    def choice_changed(self, event: Select.Changed) -> None:
        """A field others' suggestions follow (a project's category): offer its own."""
        name = event.select.id or ""
        if name not in self.followed or self.followed[name] == event.value:
            return
        self.followed[name] = event.value
        for f in self.fields:
            if f.widget == "suggest" and f.depends == name and f.suggest is not None:
                box = self.query_one(f"#{f.name}", Select)
                keep = box.value
                options = [(s, s) for s in f.suggest(self.repo, str(event.value))]
                box.set_options(options)
                if keep in [v for _label, v in options]:
                    box.value = keep

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    # -- saving ----------------------------------------------------------------------------------
    def collect(self) -> dict[str, Any]:
        data = {f.name: read_field(self, f) for f in self.fields}
        hook = getattr(declared(self.kind), "collected", None)
        return dict(hook(data, self.record)) if hook is not None else data

    def show_errors(self, issues: list[FieldIssue]) -> None:
        names = {f.name for f in self.fields} | ({"progress_log"} if self.has_log else set())
        for static in self.query(".field-error"):
            static.display = False
        by_field: dict[str, list[FieldIssue]] = {}
        for issue in issues:
            name = issue.field.split(".")[0]
            by_field.setdefault(name if name in names else "", []).append(issue)
        summary = self.query_one("#form-summary", Static)
        text = _("{n} problem(s): nothing was saved. Fix the fields marked in red.").format(n=len(issues))
        summary.update(Text(" ".join([text, *(f"{i.label}: {i.message}" for i in by_field.get("", []))])))
        summary.display = True
        first: Any = None
        for name, found in by_field.items():
            if name:
                show_issue(self.query_one(f"#error-{name}", Static), found)
                first = first or self.query_one(f"#field-{name}")
        if first is not None:
            self.query_one("#form-body", VerticalScroll).scroll_to_widget(first, animate=False)

    def action_save(self) -> None:
        data = self.collect()
        report = self.query_one(ReportPart).report() if self.has_log else (None, "")
        if report is None:
            return
        when, note = report
        if self.record is None:
            try:
                with store_lock(self.repo):
                    change = self.repo.add({**self.start, **data}, kind=self.kind, when=when, note=note)
            except InvalidProject as exc:
                self.show_errors(exc.issues)
                return
            except PortfolioError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.done(change.code, written=change.before != change.after)
            return
        # compared with the base as the form showed it (escaped): a field left alone is not a change
        base = record_dict(shown(self.base))
        try:  # validated here too: only the fields typed differently from the base are sent
            typed = record_dict(get_kind(self.kind).model.model_validate({**base, **data}))
        except ValidationError as exc:
            self.show_errors(describe_errors(exc))
            return
        self.write({f: v for f, v in typed.items() if f in data and v != base.get(f)}, self.base, when, note)

    def refill(self, theirs: Any) -> None:
        if self.has_log:
            self.query_one(ReportPart).show_log(theirs.progress_log)

    def action_cancel(self) -> None:
        """Close; with changes typed, ask first (nothing is lost by a stray escape)."""
        from .confirm import ConfirmScreen

        report = self.query_one(ReportPart).typed() if self.has_log else False
        if self.opened is None or (self.collect() == self.opened and not report):
            self.dismiss(None)
            return

        def answered(drop: bool | None) -> None:
            if drop:
                self.dismiss(None)

        self.app.push_screen(ConfirmScreen(_("Drop the changes typed in this form?"),
                                           _("Nothing has been saved yet.")), answered)
