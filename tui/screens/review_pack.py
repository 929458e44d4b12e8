"""The review pack dialog (x on the review screen): Word report or Excel workbook of the
review on show, written in a worker (a pack of 100,000 projects takes a while; the screen
stays responsive and says so)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from portfolio.errors import PortfolioError
from portfolio.i18n import N_, _
from portfolio.review import dates
from portfolio.review.compute import Review
from portfolio.review.dates import review_date_label
from portfolio.tracking import Cancelled, tracking

from ..bindings import translate_bindings
from ..tracker import ScreenTracker

PACK_FORMATS = {"docx": N_("Word report (.docx)"), "xlsx": N_("Excel workbook (.xlsx)")}


def pack_file_name(r: Review, fmt: str) -> str:
    return _("key_project_review_{date}").format(date=r.as_of.isoformat()) + f".{fmt}"


class ReviewPackScreen(ModalScreen["Path | None"]):
    CSS_PATH = "review_pack.tcss"
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", N_("Cancel"), id="pack.cancel"),
        Binding("ctrl+s", "write", N_("Export"), id="pack.run"),
    ]

    def __init__(self, result: Review) -> None:
        super().__init__()
        self.result = result
        self.tracker: ScreenTracker | None = None  # while the pack is written

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(_("Review pack: {review}, {n} projects").format(
                review=review_date_label(self.result.as_of), n=len(self.result.items)), style="bold"),
                id="pack-title", markup=False)
            yield Label(_("Format"))
            yield Select([(_(label), fmt) for fmt, label in PACK_FORMATS.items()], value="docx",
                         allow_blank=False, id="pack-format")
            yield Label(_("File"))
            yield Input(str(Path.cwd() / pack_file_name(self.result, "docx")), id="pack-file")
            yield Label(_("Signature date (落款)"))
            yield Input(dates.today().isoformat(), id="pack-issued", placeholder="2024-01-20")
            yield Static("", id="pack-error", markup=False)
            yield Static("", id="pack-stage", markup=False)
            yield ProgressBar(total=None, id="pack-progress", show_eta=False)
            with Horizontal(id="pack-buttons"):
                yield Button(_("Export (ctrl+s)"), id="pack-run", variant="primary")
                yield Button(_("Cancel (esc)"), id="pack-cancel")

    def on_mount(self) -> None:
        translate_bindings(self)
        self.query_one("#pack-progress").display = False
        self.query_one("#pack-stage").display = False
        self.query_one("#pack-error").display = False

    @on(Select.Changed, "#pack-format")
    def format_changed(self) -> None:
        fmt = str(self.query_one("#pack-format", Select).value)
        box = self.query_one("#pack-file", Input)
        box.value = str(Path(box.value).with_name(pack_file_name(self.result, fmt)))

    @on(Button.Pressed, "#pack-run")
    def run_pressed(self) -> None:
        self.action_write()

    @on(Button.Pressed, "#pack-cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """``escape``: before writing, close; while writing, stop at the next step (the file is
        replaced only at the very end, so nothing is written)."""
        if self.tracker is not None and not self.tracker.cancelled:
            self.tracker.cancel()
            self.query_one("#pack-stage", Static).update(_("Cancelling…"))
            return
        if self.tracker is None:
            self.dismiss(None)

    def action_write(self) -> None:
        text = self.query_one("#pack-file", Input).value.strip()
        if not text:
            self.show_error(_("Enter a file name"))
            return
        try:
            issued = date.fromisoformat(self.query_one("#pack-issued", Input).value.strip())
        except ValueError:
            self.show_error(_("'{value}' is not a date such as 2023-12-31").format(
                value=self.query_one("#pack-issued", Input).value))
            return
        self.query_one("#pack-error").display = False
        self.query_one("#pack-progress").display = True
        self.query_one("#pack-run", Button).disabled = True
        self.tracker = ScreenTracker(self.app, self.query_one("#pack-progress", ProgressBar),
                                     self.query_one("#pack-stage", Static))
        self.write_pack(self.tracker, Path(text).expanduser(), str(self.query_one("#pack-format", Select).value), issued)

    @work(thread=True, exclusive=True, group="pack")
    def write_pack(self, tracker: ScreenTracker, path: Path, fmt: str, issued: date) -> None:
        from portfolio.review.report import write_review

        try:
            with tracking(tracker):
                write_review(self.result, path, fmt, issued=issued)
        except Cancelled:
            self.app.call_from_thread(self.cancelled)
            return
        except (PortfolioError, OSError) as exc:
            self.app.call_from_thread(self.failed, str(exc))
            return
        self.app.call_from_thread(self.done, path)

    def cancelled(self) -> None:
        self.notify(_("Export cancelled: nothing was written"), markup=False)
        self.dismiss(None)

    def failed(self, message: str) -> None:
        self.tracker = None
        self.query_one("#pack-stage").display = False
        self.query_one("#pack-run", Button).disabled = False
        self.query_one("#pack-progress").display = False
        self.show_error(message)

    def show_error(self, message: str) -> None:
        error = self.query_one("#pack-error", Static)
        error.update(Text(message))
        error.display = True

    def done(self, path: Path) -> None:
        self.notify(_("Review pack written to {path}").format(path=path), markup=False)
        self.dismiss(path)
