"""The main screen's changes: edit, add, delete, undo, redo — each through the repository,
reported in words that say what happened (saved, deleted, undone, redone), a refusal shown as
the repository's one-line message (who changed what since)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from textual.widgets import Input

from portfolio.errors import PortfolioError, UndoRefused
from portfolio.i18n import N_, _
from portfolio.records.project.model import Project
from portfolio.scope import ALL, Scope
from portfolio.store import Change, Repository

from ..widgets.project_table import ProjectTable
from .live import store_lock

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class ProjectActions(_Base):
    """What the main screen does to projects (``MainScreen`` inherits these; the view
    itself is its own)."""

    repo: Repository
    scope: Scope = ALL
    selected_code: str | None = None
    # an undo of this window can be redone: only then is ctrl+y in the key bar (the bar is full)
    redo_ready = False

    # provided by MainScreen
    def reapply_filter(self) -> None:
        raise NotImplementedError

    def update_status(self, message: str = "") -> None:
        raise NotImplementedError

    def visible_projects(self) -> list[Project]:
        raise NotImplementedError

    def jump_to(self, code: str) -> None:
        raise NotImplementedError

    # -- edit and add --------------------------------------------------------------------------
    def action_edit(self) -> None:
        project = self.query_one(ProjectTable).current
        if project is not None:
            self.open_form(self.repo.get(project.code) if project.code in self.repo else project)

    def action_add(self) -> None:
        scope = self.scope
        self.open_form(None, category=scope.category, subcategory=scope.subcategory)

    def open_form(self, project: Project | None, **defaults: object) -> None:
        from .edit import EditScreen

        def saved(code: str | None) -> None:
            if code == "":  # saved, but nothing differed: say so rather than "Saved"
                self.update_status(_("No changes"))
            elif code:
                self.set_redo_ready(False)  # a new change ends what redo could do
                self.selected_code = code
                self.reapply_filter()
                self.update_status(_("Saved: {codes}").format(codes=code))

        self.app.push_screen(EditScreen(self.repo, project, **defaults), saved)  # type: ignore[arg-type]

    # -- delete, undo, redo --------------------------------------------------------------------------
    def action_delete(self) -> None:
        from .confirm import ConfirmScreen

        project = self.query_one(ProjectTable).current
        if project is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.apply(lambda: [self.repo.delete(project.code, base=project)], N_("Deleted: {codes}"))

        self.app.push_screen(ConfirmScreen(
            _("Delete {code} {name}?").format(code=project.code, name=project.name),
            _("It can be restored with ctrl+z.")), confirmed)

    def action_undo(self) -> None:
        # this running app's own changes only: never another person's
        if self.apply(lambda: self.repo.undo(scope="session"), N_("Undone: {codes}"), _("Nothing to undo")):
            self.set_redo_ready(True)

    def action_redo(self) -> None:
        if not self.apply(lambda: self.repo.redo(scope="session"), N_("Redone: {codes}"),
                          _("Nothing to redo")):
            self.set_redo_ready(False)

    def set_redo_ready(self, ready: bool) -> None:
        if ready != self.redo_ready:
            self.redo_ready = ready
            self.refresh_bindings()

    def apply(self, change: Callable[[], list[Change]], report: str, nothing: str = "") -> bool:
        """Run a change through the store and say what it did; a refusal is shown as the
        store's one-line message, and nothing was written. Whether anything changed."""
        try:
            with store_lock(self.repo):
                changes = change()
        except UndoRefused as exc:
            self.update_status(str(exc))
            self.notify(str(exc), title=_("Refused"), severity="error", markup=False, timeout=15)
            return False
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

        # the projects in view, in the table's order (its sort)
        self.app.push_screen(ExportScreen(list(self.query_one(ProjectTable).records)), exported)

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

        self.app.push_screen(ReviewScreen(self.visible_projects(), repo=self.repo), jump)
