"""The export dialog (x): format, layout, columns and file name for the records in view. On the
project tab, the project exports (flat or the plan's appendix, the columns chosen); on the task
and indicator tabs, the same writer as ``portfolio export --kind task|indicator`` (one row per
record, every column). The export runs in a worker thread with a progress bar; the screen never
freezes."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, SelectionList, Static

from portfolio import settings
from portfolio.errors import PortfolioError
from portfolio.i18n import N_, _
from portfolio.io.export import FORMATS, LAYOUTS, default_file_name, export_projects
from portfolio.io.export_kinds import default_kind_file_name, export_records
from portfolio.io.flat import FLAT_FIELDS, flat_header
from portfolio.tracking import Cancelled, tracking

from ..bindings import translate_bindings
from ..tracker import ScreenTracker

FORMAT_LABELS = {"xlsx": "Excel (.xlsx)", "csv": "CSV (.csv)", "md": "Markdown (.md)", "html": "HTML (.html)",
                 "json": "JSON (.json)", "txt": N_("Text (.txt)")}
LAYOUT_LABELS = {"flat": N_("Flat: one row per project, every field"),
                 "appendix": N_("Appendix: the plan's own table")}
TITLES = {"project": N_("Export {n} projects in view"), "task": N_("Export {n} tasks in view"),
          "indicator": N_("Export {n} indicators in view")}
DONE = {"project": N_("Exported {n} projects to {path}"), "task": N_("Exported {n} tasks to {path}"),
        "indicator": N_("Exported {n} indicators to {path}")}


class ExportScreen(ModalScreen["Path | None"]):
    CSS_PATH = "export.tcss"
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (32, "-tall")]  # type: ignore[misc]  # 80x24 fits
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("escape", "cancel", N_("Cancel"), id="export.cancel"),
        Binding("ctrl+s", "export", N_("Export"), id="export.run"),
    ]

    def __init__(self, records: list[Any], kind: str = "project") -> None:
        super().__init__()
        self.kind = kind
        self.projects = records  # the records in view, of ``kind``
        # the last format and folder (per user), if still usable
        fmt, folder = settings.load().export_choice()
        self.fmt = fmt if fmt in FORMATS else "xlsx"
        self.folder = Path(folder) if folder and Path(folder).is_dir() else Path.cwd()
        self.overwrite_confirmed: Path | None = None
        self.tracker: ScreenTracker | None = None  # while an export runs

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(_(TITLES[self.kind]).format(n=len(self.projects)), style="bold"),
                         id="export-title", markup=False)
            with Horizontal(classes="row"):
                with Vertical(classes="field"):
                    yield Label(_("Format"))
                    yield Select([(_(FORMAT_LABELS[f]), f) for f in FORMATS], value=self.fmt,
                                 allow_blank=False, id="format")
                with Vertical(classes="field", id="layout-field"):
                    yield Label(_("Layout"))
                    yield Select([(_(LAYOUT_LABELS[layout]), layout) for layout in LAYOUTS], value="flat",
                                 allow_blank=False, id="layout")
            yield Label(_("Columns (flat layout)"), id="columns-label")
            yield SelectionList[str](*[(flat_header(f), f, True) for f in FLAT_FIELDS], id="columns")
            yield Label(_("File"))
            yield Input(str(self.folder / self.file_name(self.fmt, "flat")), id="file")
            yield Static("", id="export-error", markup=False)
            yield Static("", id="export-stage", markup=False)
            yield ProgressBar(total=len(self.projects) or 1, id="progress", show_eta=False)
            with Horizontal(id="buttons"):
                yield Button(_("Export (ctrl+s)"), id="run", variant="primary")
                yield Button(_("Cancel (esc)"), id="cancel")

    def on_mount(self) -> None:
        translate_bindings(self)
        self.query_one("#progress").display = False
        self.query_one("#export-stage").display = False
        self.query_one("#export-error").display = False
        if self.kind != "project":  # one row per record, every column: no layout nor columns to choose
            for part in ("#layout-field", "#columns-label", "#columns"):
                self.query_one(part).display = False

    def file_name(self, fmt: str, layout: str) -> str:
        return default_file_name(fmt, layout) if self.kind == "project" else default_kind_file_name(self.kind, fmt)

    @on(Select.Changed)
    def choice_changed(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        layout = str(self.query_one("#layout", Select).value)
        flat = layout == "flat" and fmt != "json" and self.kind == "project"
        self.query_one("#columns").display = flat
        self.query_one("#columns-label").display = flat
        box = self.query_one("#file", Input)
        current = Path(box.value)
        box.value = str(current.with_name(self.file_name(fmt, layout)))

    @on(Button.Pressed, "#run")
    def run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#cancel")
    def cancel_pressed(self) -> None:
        self.action_cancel()

    def action_cancel(self) -> None:
        """``escape``: before the export, close the dialog; during it, stop the export at its
        next step (nothing is written: the file is replaced only at the very end)."""
        if self.tracker is not None and not self.tracker.cancelled:
            self.tracker.cancel()
            self.query_one("#export-stage", Static).update(_("Cancelling…"))
            return
        if self.tracker is None:
            self.dismiss(None)

    def action_export(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        layout = str(self.query_one("#layout", Select).value)
        columns = list(self.query_one("#columns", SelectionList).selected)
        path = Path(self.query_one("#file", Input).value.strip()).expanduser()
        if not columns:
            self.show_error(_("Choose at least one column"))
            return
        if path.exists() and path.is_file() and self.overwrite_confirmed != path:
            self.confirm_overwrite(path)
            return
        self.query_one("#progress").display = True
        self.query_one("#run", Button).disabled = True
        self.tracker = ScreenTracker(self.app, self.query_one("#progress", ProgressBar),
                                     self.query_one("#export-stage", Static))
        self.run_export(self.tracker, path, fmt, layout, None if len(columns) == len(FLAT_FIELDS) else columns)

    def confirm_overwrite(self, path: Path) -> None:
        from .confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.overwrite_confirmed = path
                self.action_export()

        self.app.push_screen(ConfirmScreen(_("{path} exists. Overwrite it?").format(path=path),
                                           yes=_("Overwrite"), no=_("Cancel")), answered)

    @work(thread=True, exclusive=True, group="export")
    def run_export(self, tracker: ScreenTracker, path: Path, fmt: str, layout: str,
                   columns: list[str] | None) -> None:
        try:
            with tracking(tracker):
                if self.kind == "project":
                    result = export_projects(self.projects, path, fmt, layout, columns)
                else:
                    result = export_records(self.kind, self.projects, path, fmt)
        except Cancelled:
            self.app.call_from_thread(self.cancelled)
            return
        except PortfolioError as exc:
            self.app.call_from_thread(self.failed, str(exc))
            return
        self.app.call_from_thread(self.done, result.path)

    def cancelled(self) -> None:
        self.notify(_("Export cancelled: nothing was written"), markup=False)
        self.dismiss(None)

    def failed(self, message: str) -> None:
        self.tracker = None
        self.query_one("#run", Button).disabled = False
        self.query_one("#progress").display = False
        self.query_one("#export-stage").display = False
        self.show_error(message)

    def show_error(self, message: str) -> None:
        error = self.query_one("#export-error", Static)
        error.update(Text(message))
        error.display = True

    def done(self, path: Path) -> None:
        with contextlib.suppress(OSError):  # remembering is a convenience: the export succeeded
            settings.set_export_choice(str(self.query_one("#format", Select).value), str(path.parent.resolve()))
        self.notify(_(DONE[self.kind]).format(n=len(self.projects), path=path),
                    markup=False)
        self.dismiss(path)
