"""The list pane's changes, for every kind: edit (the kind's form), add and delete, an
indicator's report, links, undo, redo — each through the repository, reported in words that say
what happened (saved, deleted, undone, redone), a refusal shown as the repository's one-line
message (who changed what since) and how to go on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.widgets import Input

from portfolio.errors import ConflictError, PortfolioError, UndoRefused
from portfolio.i18n import N_, _
from portfolio.store import Change, Repository

from ..panes import PaneKind
from ..widgets.record_table import RecordTable
from .live import session_steps, store_lock

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class RecordActions(_Base):
    """What the list pane does to records (``ListScreen`` inherits these; the view itself is
    its own)."""

    repo: Repository
    view: PaneKind
    list_kind: str
    scope: Any = None
    selected_code: str | None = None

    # provided by MainScreen
    def reapply_filter(self) -> None:
        raise NotImplementedError

    def update_status(self, message: str = "") -> None:
        raise NotImplementedError

    def visible_records(self) -> Sequence[Any]:
        raise NotImplementedError

    def jump_to(self, code: str) -> None:
        raise NotImplementedError

    # -- edit and add --------------------------------------------------------------------------
    def action_edit(self) -> None:
        record = self.query_one(RecordTable).current
        if record is not None:
            self.open_form(self.view.form(record))

    def action_add(self) -> None:
        """A new record of the pane's kind, starting from what its kind declares for the tree's
        node in view and the record under the cursor."""
        self.open_form(self.view.new_form(self.scope, self.query_one(RecordTable).current))

    def action_report(self) -> None:
        from .report_value import ReportValueScreen

        record = self.query_one(RecordTable).current
        if record is not None:
            self.open_form(ReportValueScreen(self.repo, record))

    def action_links(self) -> None:
        from .link_dialog import LinkDialog

        record = self.query_one(RecordTable).current
        if record is not None:
            self.open_form(LinkDialog(self.repo, self.list_kind, record))

    def open_form(self, form: Screen[Any]) -> None:
        """Open an edit dialog; it dismisses with the saved code, "" (nothing differed) or None."""

        def saved(code: str | ConflictError | None) -> None:
            if isinstance(code, ConflictError):  # a report or links refused: the other change stays
                self.notify(str(code), severity="error", markup=False, timeout=15)
                self.reapply_filter()
            elif code == "":  # saved, but nothing differed: say so rather than "Saved"
                self.update_status(_("No changes"))
            elif code:
                self.set_redo_ready(False)  # a new change ends what redo could do
                self.selected_code = code
                self.reapply_filter()
                self.update_status(_("Saved: {codes}").format(codes=code))

        self.app.push_screen(form, saved)

    # -- delete, undo, redo --------------------------------------------------------------------------
    def action_delete(self) -> None:
        from portfolio.records.editing import word
        from portfolio.text import one_line

        from .confirm import ConfirmScreen

        record = self.query_one(RecordTable).current
        if record is None:
            return
        kind = self.list_kind

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.apply(lambda: [self.repo.delete(record.code, base=record, kind=kind)], N_("Deleted: {codes}"))

        name = one_line(str(getattr(record, "title", None) or getattr(record, "name", "")))
        self.app.push_screen(ConfirmScreen(
            _("Delete {record} {code} {name}?").format(record=word(kind), code=record.code, name=name),
            _("It can be restored with ctrl+z.")), confirmed)

    @property
    def redo_ready(self) -> bool:
        """An undo of this window can be redone: only then is ctrl+y in the key bar."""
        return session_steps(self.repo).redo_ready

    def action_undo(self) -> None:
        # this running app's own changes only: never another person's; a step refused before
        # is passed over, so that the user's older changes can still be undone
        refused = session_steps(self.repo).refused_undo
        if self.apply(lambda: self.repo.undo(scope="session", skip=refused), N_("Undone: {codes}"),
                      _("Nothing to undo"), refused=refused):
            self.set_redo_ready(True)

    def action_redo(self) -> None:
        refused = session_steps(self.repo).refused_redo
        if self.apply(lambda: self.repo.redo(scope="session", skip=refused), N_("Redone: {codes}"),
                      _("Nothing to redo"), refused=refused) is False:
            self.set_redo_ready(False)

    def set_redo_ready(self, ready: bool) -> None:
        steps = session_steps(self.repo)
        if ready != steps.redo_ready:
            steps.redo_ready = ready
            if not ready:
                steps.refused_redo.clear()
            self.refresh_bindings()

    def apply(self, change: Callable[[], list[Change]], report: str, nothing: str = "",
              refused: set[int] | None = None) -> bool | None:
        """Run a change through the store and say what it did; a refusal is shown as the
        store's one-line message and how to go on, and nothing was written. Whether anything
        changed (None: refused). ``refused``: where an undo or redo keeps the steps refused (passed over next)."""
        try:
            with store_lock(self.repo):
                changes = change()
        except UndoRefused as exc:
            if refused is not None and exc.step is not None:
                refused.add(exc.step)
            again = (_("ctrl+z again undoes your change before it; this one stays as it is.")
                     if report == N_("Undone: {codes}") else
                     _("ctrl+y again redoes your undo before it; this one stays as it is."))
            message = f"{exc} {again}"
            self.update_status(message)
            self.notify(message, title=_("Refused"), severity="error", markup=False, timeout=15)
            return None
        except PortfolioError as exc:
            self.notify(str(exc), severity="error", markup=False, timeout=15)
            return False
        if not changes:
            if nothing:
                self.notify(nothing)
            return False
        codes = ", ".join(dict.fromkeys(c.code for c in changes))
        message = _(report).format(codes=codes)
        if changes[0].after is not None:
            self.selected_code = changes[0].code
        self.reapply_filter()
        self.update_status(message)
        self.notify(message, markup=False)
        if report not in (N_("Undone: {codes}"), N_("Redone: {codes}")):
            self.set_redo_ready(False)
        return True

    # -- export and review -------------------------------------------------------------------------
    def action_export(self) -> None:
        from .export import ExportScreen

        def exported(path: Path | None) -> None:
            if path is not None:
                self.update_status(_("Exported to {path}").format(path=path))

        # the records in view, in the table's order (its sort), with the writer of their kind
        self.app.push_screen(ExportScreen(list(self.query_one(RecordTable).records), self.list_kind), exported)

    def action_review(self) -> None:
        from .review import ReviewJump, ReviewScreen

        def jump(answer: ReviewJump | None) -> None:
            if answer is None:
                return
            kind, value = answer
            if kind == "project" and value in self.repo:
                self.jump_to(value)
            elif kind == "query":  # a category of the summary: show its projects
                self.query_one("#filter", Input).value = value

        self.app.push_screen(ReviewScreen(list(self.visible_records()), repo=self.repo), jump)
