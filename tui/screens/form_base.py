"""What every edit form does once its fields are read, whatever the record's kind: save on top
of the version the form opened on (``base``), open the three-way conflict dialog when the same
field was changed here and by someone else, show a banner when the record changes underneath
(the live view), and close saying what happened.

The form keeps its base until a save succeeds, so no second save can overwrite the other
change. A conflict's choice is saved on top of the other side's record (only the chosen values
are written, their other changes stay); escape in the dialog goes back to the form with
everything typed kept. The form dismisses with the saved code, ``""`` (saved, nothing
differed) or None (cancelled)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.css.query import NoMatches
from textual.widgets import Static

from portfolio.errors import ConflictError, InvalidProject, MergeConflict, PortfolioError
from portfolio.i18n import _
from portfolio.store import Repository
from portfolio.store.kinds import record_dict

from ..values import changed_fields, changes_text
from .live import store_lock

if TYPE_CHECKING:
    from textual.screen import ModalScreen

    from portfolio.records.issues import FieldIssue

    _Base = ModalScreen["str | None"]
else:
    _Base = object


class FormSaving(_Base):
    """Mixed into the edit form of every kind (``FormScreen``)."""

    repo: Repository
    kind: str = "project"
    base: Any  # the version this edit started from (None: a new record)

    def show_errors(self, issues: list[FieldIssue]) -> None:  # provided by the form
        raise NotImplementedError

    def focus_first(self) -> None:  # back from the conflict dialog: the form, all typed kept
        raise NotImplementedError

    def refill(self, theirs: Any) -> None:
        """The record changed underneath: what the form shows beside the fields (the log)."""

    def write(self, changes: dict[str, Any], base: Any, when: date | None = None, note: str = "") -> None:
        """Save ``changes`` made on top of ``base``; a conflict opens the dialog."""
        from .conflict import ConflictScreen

        code = base.code
        if not changes:  # nothing typed differently: nothing to check or write (a record stored
            self.done(code, written=False)  # with hostile text by hand stays as it is)
            return
        try:
            with store_lock(self.repo):
                change = self.repo.update(code, changes, base=base, when=when, note=note, kind=self.kind)
        except InvalidProject as exc:
            self.show_errors(exc.issues)
            return
        except MergeConflict as exc:
            theirs = exc.theirs

            def chosen(choice: dict[str, Any] | None) -> None:
                if choice is None:
                    self.focus_first()
                    return
                retry = {f: v for f, v in changes.items() if f not in choice} | choice
                self.write(retry, theirs, when, note)

            self.app.push_screen(ConflictScreen(code, exc.conflicts, self.who_changed(code), kind=self.kind),
                                 chosen)
            return
        except ConflictError as exc:  # deleted meanwhile, or another refusal: the form stays
            self.notify(str(exc), severity="error", markup=False, timeout=15)
            return
        except PortfolioError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.done(change.code, written=change.before != change.after)

    def who_changed(self, code: str) -> str | None:
        """Who made the last change of ``code`` from another session (the journal)."""
        try:
            entries = self.repo.history(code=code, kind=self.kind)
        except PortfolioError:
            return None
        others = [e for e in entries if e.session != self.repo.session]
        return others[-1].author if others else None

    def changed_underneath(self, theirs: Any, who: str | None = None, *, retry: bool = True) -> None:
        """The live view saw this record change in another process: say which fields, keep
        what was typed (the save merges, or asks about the fields changed on both sides)."""
        if self.base is None:
            return
        try:
            banner = self.query_one("#form-banner", Static)
        except NoMatches:  # the change came while the form was still being built: once it is
            if retry and self.is_attached:
                self.call_after_refresh(lambda: self.changed_underneath(theirs, who, retry=False))
            return
        if theirs is None:
            text = _("{code} was deleted by {who}; it can no longer be saved.").format(
                code=self.base.code, who=who or _("someone else"))
        else:
            fields = changed_fields(record_dict(self.base), record_dict(theirs))
            if not fields:
                return
            text = _("{who} changed {code} while you were editing it: {fields}. What you typed is kept; "
                     "saving keeps their changes and asks about the fields changed on both sides.").format(
                who=who or _("Someone else"), code=self.base.code,
                fields=changes_text(fields, kind=self.kind))
            self.refill(theirs)
        banner.update(Text(text))
        banner.display = True

    def done(self, code: str, written: bool = True) -> None:
        """Close the form; ``written`` False: the save changed nothing (an unchanged form, or a
        conflict settled by keeping theirs), which is said rather than claiming it saved."""
        if not written:
            self.notify(_("No changes: {code}").format(code=code), markup=False)
            self.dismiss("")  # "": closed after a save that wrote nothing (None: cancelled)
            return
        self.notify(_("Saved: {codes}").format(codes=code), markup=False)
        self.dismiss(code)
