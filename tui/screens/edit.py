"""The add / edit form: every field of the model, validated as a whole on save (ctrl+s).

Each error is shown under its field; nothing is written until the whole record is valid;
escape cancels without writing. Dismisses with the saved project's code, or None.

The form keeps its base: the record as it was when the form opened. A save sends the fields
changed since that base (``repo.update(..., base=...)``), so fields someone else changed
meanwhile are kept; the same field changed on both sides opens the conflict dialog, and the
base stays the same until a save succeeds, so no second save can overwrite the other change.
When the project changes underneath (the live view), a banner says which fields did, and
what was typed stays. The progress log is read-only here: the repository appends the entry
for a change of status, progress or completed investment, dated with the form's report date.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from pydantic import ValidationError
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, Select, Static, TextArea

from portfolio.errors import InvalidProject, PortfolioError
from portfolio.i18n import N_, _
from portfolio.progress import report_date_problem
from portfolio.records.fields import ProgressEntry, Status, status_label
from portfolio.records.issues import FieldIssue, describe_errors, field_label
from portfolio.records.project.categories import CATEGORIES, PLAN_END_YEAR, PLAN_START_YEAR, CategoryKey
from portfolio.records.project.model import Project, project_dict
from portfolio.records.project.views import category_label
from portfolio.store import Repository
from portfolio.tables import percent_text, plain_number
from portfolio.text import shown

from ..bindings import translate_bindings
from .form_base import FormSaving
from .live import store_lock

FORM_FIELDS = ("category", "subcategory", "name", "content", "scale", "start_year", "end_year",
               "units", "status", "progress_percent", "planned_investment", "completed_investment",
               "progress_log")


class EditScreen(FormSaving, ModalScreen["str | None"]):
    CSS_PATH = "edit.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        # not a priority binding: those run ahead of the keys still queued for the focused field
        Binding("ctrl+s", "save", N_("Save"), id="form.save"),
        Binding("escape", "cancel", N_("Cancel"), id="form.cancel"),
    ]

    def __init__(self, repo: Repository, project: Project | None,
                 category: CategoryKey | None = None, subcategory: str | None = None) -> None:
        super().__init__()
        self.repo = repo
        self.project = project
        self.base = project  # the version this edit started from: kept until a save succeeds
        self.default_category = project.category if project else (category or CATEGORIES[0].key)
        self.default_subcategory = project.subcategory if project else (subcategory or "")
        self.entries: list[ProgressEntry] = list(project.progress_log) if project else []

    # -- layout ------------------------------------------------------------------------------
    def _field(self, name: str, widget: Any, label: str | None = None) -> ComposeResult:
        with Vertical(classes="field", id=f"field-{name}"):
            yield Label(Text(label or field_label(name)), classes="field-label")
            yield widget
            yield Static("", id=f"error-{name}", classes="field-error", markup=False)

    def compose(self) -> ComposeResult:
        p = shown(self.project) if self.project else None  # escaped: nothing raw reaches the terminal
        title = (_("Edit {code}").format(code=p.code) if p else _("New project"))
        with Vertical(id="form"):
            yield Static(Text(title, style="bold"), id="form-title", markup=False)
            yield Static("", id="form-banner", markup=False)
            with VerticalScroll(id="form-body"):
                with Horizontal(classes="row"):
                    yield from self._field("category", Select(
                        [(category_label(c.key, short=False), c.key.value) for c in CATEGORIES],
                        value=self.default_category.value, allow_blank=False, id="category"))
                    yield from self._field("subcategory", Select(
                        self._sub_options(self.default_category), prompt=_("(choose)"),
                        value=self._sub_value(self.default_category, self.default_subcategory),
                        id="subcategory"))
                yield from self._field("new_subcategory", Input(
                    value="" if self._sub_value(self.default_category, self.default_subcategory)
                    is not Select.NULL else self.default_subcategory,
                    placeholder=_("or type a new subcategory"), id="new_subcategory"),
                    label=_("New subcategory"))
                yield from self._field("name", Input(p.name if p else "", id="name"))
                yield from self._field("content", TextArea(p.content if p else "", id="content",
                                                           soft_wrap=True))
                yield from self._field("scale", TextArea(p.scale if p else "", id="scale", soft_wrap=True))
                with Horizontal(classes="row"):
                    yield from self._field("start_year", Input(
                        str(p.start_year if p else PLAN_START_YEAR), type="integer",
                        id="start_year"))
                    yield from self._field("end_year", Input(
                        str(p.end_year if p else PLAN_END_YEAR), type="integer", id="end_year"))
                yield from self._field("units", TextArea("\n".join(p.units) if p else "", id="units"),
                                       label=_("Responsible units (one per line, lead first)"))
                with Horizontal(classes="row"):
                    yield from self._field("status", Select(
                        [(status_label(s), s.value) for s in Status],
                        value=(p.status if p else Status.NOT_REPORTED).value, allow_blank=False,
                        id="status"))
                    yield from self._field("progress_percent", Input(
                        plain_number(p.progress_percent) if p else "0", type="number",
                        id="progress_percent"))
                with Horizontal(classes="row"):
                    yield from self._field("planned_investment", Input(
                        plain_number(p.planned_investment) if p else "", type="number",
                        id="planned_investment"))
                    yield from self._field("completed_investment", Input(
                        plain_number(p.completed_investment) if p else "", type="number",
                        id="completed_investment"))
                with Vertical(classes="field", id="field-progress_log"):
                    yield Label(Text(field_label("progress_log")), classes="field-label")
                    yield DataTable(id="log-table", cursor_type="row", show_cursor=False)
                    with Horizontal(id="log-new"):
                        yield Input("", id="log-date", placeholder=_("report date (today)"))
                        yield Input("", id="log-note", placeholder=_("Note"))
                    yield Static(Text(_("A change of status, progress or completed investment is "
                                        "recorded in the log with this date and note.")),
                                 id="log-hint", markup=False)
                    yield Static("", id="error-progress_log", classes="field-error", markup=False)
            yield Static("", id="form-summary", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button(_("Save (ctrl+s)"), id="save", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        translate_bindings(self)
        for widget in self.query("Input, Select, Button"):
            widget.compact = True  # type: ignore[attr-defined]  # one line per field: fits 80x24
        for static in self.query(".field-error"):
            static.display = False
        self.query_one("#form-summary").display = False
        self.query_one("#form-banner").display = False
        table = self.query_one("#log-table", DataTable)
        for col in ("date", "percent", "status", "note"):
            table.add_column(Text(field_label(col)), key=col)
        self.show_log()
        self.query_one("#name", Input).focus()

    def _sub_options(self, category: CategoryKey | str) -> list[tuple[str, str]]:
        return [(s, s) for s in self.repo.subcategories(category)]

    def _sub_value(self, category: CategoryKey | str, sub: str) -> Any:
        return sub if sub in self.repo.subcategories(category) else Select.NULL

    def show_log(self) -> None:
        table = self.query_one("#log-table", DataTable)
        table.clear()
        for e in self.entries:
            table.add_row(Text(str(e.date)), Text(percent_text(e.percent)), Text(status_label(e.status)),
                          Text(e.note))
        table.display = bool(self.entries)

    # -- events ----------------------------------------------------------------------------------
    @on(Select.Changed, "#category")
    def category_changed(self, event: Select.Changed) -> None:
        """Offer the subcategories of the chosen category (keeping the choice if it fits)."""
        category = str(event.value)
        if category == getattr(self, "_sub_category", self.default_category.value):
            return
        self._sub_category = category
        subs = self.query_one("#subcategory", Select)
        keep = subs.value
        options = self._sub_options(category)
        subs.set_options(options)
        if keep in [v for _label, v in options]:
            subs.value = keep

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    # -- saving ----------------------------------------------------------------------------------
    def collect(self) -> dict[str, Any]:
        def text(id_: str) -> str:
            return self.query_one(f"#{id_}", Input).value.strip()

        sub_new = text("new_subcategory")
        sub_sel = self.query_one("#subcategory", Select).value
        return {
            "category": self.query_one("#category", Select).value,
            "subcategory": sub_new or ("" if sub_sel is Select.NULL else sub_sel),
            "name": text("name"),
            "content": self.query_one("#content", TextArea).text.strip(),
            "scale": self.query_one("#scale", TextArea).text.strip(),
            "start_year": text("start_year") or None,
            "end_year": text("end_year") or None,
            "units": [u for u in self.query_one("#units", TextArea).text.splitlines()
                      if u.strip()] or [],
            "status": self.query_one("#status", Select).value,
            "progress_percent": text("progress_percent") or 0,
            "planned_investment": text("planned_investment") or None,
            "completed_investment": text("completed_investment") or None,
        }

    def _show_issue(self, widget: Static, issues: list[FieldIssue], labelled: bool = False) -> None:
        widget.update(Text("；".join(
            f"{i.label}: {i.message}" if labelled or "." in i.field else i.message for i in issues)))
        widget.display = True

    def show_errors(self, issues: list[FieldIssue]) -> None:
        by_field: dict[str, list[FieldIssue]] = {}
        for issue in issues:
            field = issue.field.split(".")[0]
            by_field.setdefault(field if field in FORM_FIELDS else "summary", []).append(issue)
        for static in self.query(".field-error"):
            static.display = False
        summary = self.query_one("#form-summary", Static)
        summary.update(Text(_("{n} problem(s): nothing was saved. Fix the fields marked in red.")
                            .format(n=len(issues))))
        summary.display = True
        first: Any = None
        for field, found in by_field.items():
            target = self.query_one(f"#error-{field}", Static) if field != "summary" else summary
            self._show_issue(target, found)
            if first is None and field != "summary":
                first = self.query_one(f"#field-{field}")
        if first is not None:
            self.query_one("#form-body", VerticalScroll).scroll_to_widget(first, animate=False)

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
                self._show_issue(error, issues, labelled=True)
                box.add_class("-invalid")
                error.scroll_visible(animate=False)  # the message sits under the date: 80x24 too
                box.focus()
                return None
        box.remove_class("-invalid")
        error.display = False
        return when, note

    def action_save(self) -> None:
        data = self.collect()
        report = self.report()
        if report is None:
            return
        when, note = report
        if self.project is None:
            try:
                with store_lock(self.repo):
                    change = self.repo.add(data, when=when, note=note)
            except InvalidProject as exc:
                self.show_errors(exc.issues)
                return
            except PortfolioError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
            self.done(change.code, written=change.before != change.after)
            return
        assert self.base is not None
        # compared with the base as the form showed it (escaped): a field left alone is not a change
        base = project_dict(shown(self.base))
        try:  # validated here too: only the fields typed differently from the base are sent
            typed = project_dict(Project.model_validate({**base, **data}))
        except ValidationError as exc:
            self.show_errors(describe_errors(exc))
            return
        changes = {f: v for f, v in typed.items() if f in data and v != base.get(f)}
        self.write(changes, self.base, when, note)

    def focus_first(self) -> None:
        self.query_one("#name", Input).focus()

    def refill(self, theirs: Any) -> None:
        self.entries = list(theirs.progress_log)
        self.show_log()

    def action_cancel(self) -> None:
        self.dismiss(None)
