"""Report an indicator's value for a year (year, value, source, note and, for a qualitative target,
met / not met): the same core function as ``portfolio report``
(``portfolio.records.indicator.report.report_value``, checking through ``check_value``), so the value is
validated and stored the same way (a year reported again replaces its value; dated 31 December of the year).
Errors show under their fields; nothing is written until the value is valid."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from portfolio.errors import ConflictError, PortfolioError
from portfolio.i18n import N_, _
from portfolio.records.indicator.model import JUDGEMENT_LABELS, TARGET_YEAR, Indicator
from portfolio.records.indicator.report import InvalidValue, report_value
from portfolio.records.project.columns import review_date
from portfolio.records.views import field_label
from portfolio.store import Repository

from ..bindings import translate_bindings
from ..widgets.form_fields import form_footer

FIELDS = ("year", "value", "source", "note")


class ReportValueScreen(ModalScreen["str | ConflictError | None"]):
    CSS_PATH = "report_value.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("ctrl+s", "save", N_("Save"), id="report.save"),
        Binding("escape", "cancel", N_("Cancel"), id="report.cancel"),
    ]

    def __init__(self, repo: Repository, indicator: Indicator) -> None:
        super().__init__()
        translate_bindings(self)
        self.repo = repo
        self.indicator = indicator
        # a target without a number is judged by hand (met / not met); a numeric one by its number
        self.qualitative = indicator.target.number is None

    def compose(self) -> ComposeResult:
        i = self.indicator
        year = min(review_date().year, TARGET_YEAR)
        with Vertical(id="form"):
            yield Static(Text(_("Report a value: {code} {name}").format(code=i.code, name=i.title), style="bold"),
                         id="form-title")
            with VerticalScroll(id="form-body"):
                yield Static(Text(_("2020 baseline {baseline} · 2025 target {target} {unit}").format(
                    baseline=i.baseline_2020 or "—", target=i.target_2025 or "—", unit=i.unit)), id="report-context")
                for name, value in (("year", str(year)), ("value", ""), ("source", ""), ("note", "")):
                    with Vertical(classes="field", id=f"field-{name}"):
                        yield Label(Text(field_label("indicator", name)), classes="field-label")
                        yield Input(value, id=name)
                        yield Static("", id=f"error-{name}", classes="field-error", markup=False)
                if self.qualitative:  # judged by hand, like ``--met`` / ``--not-met``
                    with Vertical(classes="field", id="field-judgement"):
                        yield Label(Text(field_label("indicator", "judgement")), classes="field-label")
                        yield Select([(_(label), key) for key, label in JUDGEMENT_LABELS.items()],
                                     prompt=_("not judged"), id="judgement")
                        yield Static("", id="error-judgement", classes="field-error", markup=False)
            yield from form_footer()

    def on_mount(self) -> None:
        for static in self.query(".field-error"):
            static.display = False
        self.query_one("#form-summary", Static).display = False
        self.query_one("#value", Input).focus()

    def action_save(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value.strip() for name in FIELDS}
        for static in self.query(".field-error"):
            static.display = False
        judgement = self.query_one("#judgement", Select).value if self.qualitative else None
        try:
            change = report_value(self.repo, self.indicator.code, values["year"], values["value"],
                                  source=values["source"], note=values["note"],
                                  judgement=judgement if isinstance(judgement, str) else None, base=self.indicator)
        except InvalidValue as exc:
            shown = False
            for name, message in exc.issues.items():
                if self.query(f"#error-{name}"):
                    error = self.query_one(f"#error-{name}", Static)
                    error.update(Text(message))
                    error.display = shown = True
            if not shown:
                self.query_one("#form-summary", Static).update(Text(str(exc)))
                self.query_one("#form-summary", Static).display = True
            return
        except ConflictError as exc:
            self.dismiss(exc)
            return
        except PortfolioError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(_("Reported {value} for {year}: {code}").format(
            value=values["value"], year=values["year"], code=change.code), markup=False)
        self.dismiss(change.code)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()
