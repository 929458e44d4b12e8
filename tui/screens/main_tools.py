"""The list pane's power tools, kept apart from its layout and editing: the column
picker, saved filters, the filter history and marks. ``ListScreen``
inherits these; they read its widgets and state (``repo``, ``settings``, the table)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from portfolio import saved_filters, settings
from portfolio.i18n import N_, _

from ..widgets.filter_input import FilterInput
from ..widgets.record_table import RecordTable

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class MainTools(_Base):
    settings: settings.Settings
    error_text: str

    def update_status(self, message: str = "") -> None:  # provided by the screen
        raise NotImplementedError

    # -- settings ----------------------------------------------------------------------------
    def _keep(self, change: str, apply: object) -> None:
        """Write a settings change; a folder that cannot be written is reported, not fatal."""
        try:
            self.settings = apply()  # type: ignore[operator]
        except OSError as exc:
            self.notify(_("Cannot keep the {what}: {error}").format(what=change, error=exc.strerror or exc),
                        severity="warning", markup=False)

    # -- columns ------------------------------------------------------------------------------
    def action_columns(self) -> None:
        from .columns import ColumnsScreen

        table = self.query_one(RecordTable)

        def chosen(keys: tuple[str, ...] | None) -> None:
            if keys is None:
                return
            table.set_columns(keys or None)
            kind = table.kind.name
            self._keep(_("columns"), lambda: settings.set_columns(kind, list(keys) if keys else None))
            self.update_status()

        self.app.push_screen(ColumnsScreen(table.kind, table.chosen_columns), chosen)

    # -- filters ------------------------------------------------------------------------------
    def remember_filter(self) -> None:
        box = self.query_one("#filter", FilterInput)
        text = box.value.strip()
        if not text or self.error_text:
            return
        box.remember(text)
        self._keep(_("filter history"), lambda: settings.push_history(text))

    # (named handlers: ``@on`` is collected only from classes of Textual's message pumps)
    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "filter":
            return
        self.remember_filter()
        self.query_one(RecordTable).focus()

    def on_filter_input_save_requested(self, event: FilterInput.SaveRequested) -> None:
        from .prompt import PromptScreen

        query = event.query.strip()
        if not query:
            self.notify(_("Type a filter first, then ctrl+s saves it"), severity="warning")
            return

        def check(name: str) -> str:
            return saved_filters.save(name, query)

        def saved(name: str | None) -> None:
            if name:
                self.settings = settings.load()
                self.notify(_("Saved the filter as @{name}").format(name=name), markup=False)

        self.app.push_screen(PromptScreen(
            _("Save the filter under a name"), _("Recall it with ctrl+o, or type @name: {query}").format(
                query=query), check=check), saved)

    def action_saved_filters(self) -> None:
        from .saved_filters import SavedFiltersScreen

        def recalled(name: str | None) -> None:
            if name:
                box = self.query_one("#filter", FilterInput)
                box.value = "@" + name
                box.cursor_position = len(box.value)

        self.app.push_screen(SavedFiltersScreen(), recalled)

    # -- marks and bulk edits ------------------------------------------------------------------
    def action_bulk_edit(self) -> None:
        """Change a field of every marked record (or the one under the cursor) at once."""
        from .bulk import BulkEditScreen

        table = self.query_one(RecordTable)
        repo = self.repo  # type: ignore[attr-defined]
        kind = table.kind.name
        # in the table's order, then marked records out of view in the kind's order
        in_view = [c for c in table.visible_ids() if c in table.marked]
        rest = self.view.codes()  # type: ignore[attr-defined]  # (the projects' from their rows: none built)
        codes = in_view + [c for c in rest if c in table.marked and c not in in_view]
        marked = bool(codes)
        if not codes and table.current is not None:
            codes = [table.current.code]
        if not codes:
            return
        records = [repo.get(c, kind) for c in codes]

        def chosen(changes: dict[str, dict[str, Any]] | None) -> None:
            if not changes:
                return
            self.apply(lambda: repo.update_many(changes, action="bulk", kind=kind,  # type: ignore[attr-defined]
                                                bases={r.code: r for r in records}),
                       N_("Saved: {codes}"))  # the marks stay for a further change

        self.app.push_screen(BulkEditScreen(records, marked=marked, kind=kind), chosen)
