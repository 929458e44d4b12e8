"""Errors that reach users: each one renders as a single clear line (no traceback)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .i18n import N_, _

if TYPE_CHECKING:  # models import limits, which import these errors
    from .records.issues import FieldIssue


def printable(text: str) -> str:
    """Input as a message quotes it: control and format characters (a pasted line break, a
    tab, ESC, U+202E) as escapes, so that the message stays one readable line."""
    from .text import one_line

    return one_line(text)


class PortfolioError(Exception):
    """Base class: ``str(err)`` is the message shown to the user."""


class DatabaseError(PortfolioError):
    """The database file cannot be read, parsed or validated. The file is left untouched."""

    def __init__(self, path: Path | str, detail: str, record: str | None = None,
                 issues: list[FieldIssue] | None = None) -> None:
        self.path = path
        self.detail = detail
        self.record = record
        self.issues = issues or []
        super().__init__(self._render())

    def _render(self) -> str:
        where = str(self.path)
        if self.record is not None:
            where = _("{path}, record {record}").format(path=self.path, record=self.record)
        text = _("Database {where}: {detail}").format(where=where, detail=self.detail)
        if self.issues:
            text += " — " + _("; ").join(str(i) for i in self.issues)
        return text


class JournalFileError(DatabaseError):
    """The journal beside a database cannot be used as a file (a FIFO, a link, unreadable)."""

    def _render(self) -> str:
        return _("Journal {path}: {detail}").format(path=self.path, detail=self.detail)


class DatabaseExists(DatabaseError):
    """Creating a database that another creator made meanwhile (nothing was written)."""


class JournalDamaged(PortfolioError):
    """Undo or redo met a damaged journal line: they refuse, naming it, and write nothing."""


class WriteError(PortfolioError):
    """Saving failed (disk full, permission denied...); the previous file is intact."""


class ConflictError(PortfolioError):
    """Another process changed what this one is about to overwrite."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            _("Project {code} was changed by another process since it was loaded; "
              "reload to see the newer version. Nothing was written.").format(code=code)
        )


_NOT_FOUND = {
    "project": N_("No project with code {code}"),
    "task": N_("No task with code {code}"),
    "indicator": N_("No indicator with code {code}"),
    "unit": N_("No unit named {code}"),
}


class NotFound(PortfolioError):
    """No record of ``kind`` with that code; the message names the kind (指标, 任务, 项目)."""

    def __init__(self, code: str, kind: str = "project") -> None:
        self.code = code
        self.kind = kind
        super().__init__(_(_NOT_FOUND.get(kind, _NOT_FOUND["project"])).format(code=printable(code)))


_INVALID = {
    "project": (N_("Invalid project {code}"), N_("Invalid project")),
    "task": (N_("Invalid task {code}"), N_("Invalid task")),
    "indicator": (N_("Invalid indicator {code}"), N_("Invalid indicator")),
}


class InvalidProject(PortfolioError):
    """A record failed validation; ``issues`` names each field."""

    def __init__(self, issues: list[FieldIssue], code: str | None = None, kind: str = "project") -> None:
        self.issues = issues
        self.code = code
        self.kind = kind
        named, bare = _INVALID.get(kind, _INVALID["project"])
        head = _(named).format(code=code) if code else _(bare)
        super().__init__(_("{head}: {details}").format(
            head=head, details=_("; ").join(str(i) for i in issues)))


class LoginError(PortfolioError):
    """Wrong name or password, or no password given where one is needed (a server database
    with accounts, ``store/pg/accounts.py``). Here rather than there so that catching it (the
    UI's loader) does not import the PostgreSQL driver for a plain file."""


class LoginNeeded(LoginError):
    """The database has accounts and no password was given (nothing to record)."""


class QueryError(PortfolioError):
    """A filter expression could not be understood."""


class ImportFormatError(PortfolioError):
    """An input file does not have the expected layout."""


@dataclass(frozen=True)
class FieldConflict:
    """One field changed both here and by another process since the edit began."""

    field: str
    base: Any
    theirs: Any
    mine: Any


class MergeConflict(ConflictError):
    """The same field was changed here and by another process to different values.

    ``conflicts`` lists each field (base / theirs / mine); ``theirs`` is the record as the other
    process left it. Nothing was written."""

    def __init__(self, code: str, conflicts: list[FieldConflict], theirs: object, kind: str = "project") -> None:
        self.conflicts = conflicts
        self.theirs = theirs
        self.kind = kind
        from .records.values import value_text

        def field_label(name: str) -> str:
            return _label(kind, name)

        PortfolioError.__init__(self, _(
            "{code}: {fields} changed by another process since this edit began "
            "(theirs: {theirs}); nothing was written.").format(
                code=code, fields="、".join(field_label(c.field) for c in conflicts),
                theirs=_("; ").join(f"{field_label(c.field)} = {_short(value_text(c.field, c.theirs))}"
                                   for c in conflicts)))
        self.code = code


class UndoRefused(ConflictError):
    """Undo (or redo) would overwrite a later change by someone else; nothing was written.
    ``step`` is the step refused (the UI passes over it to undo older ones)."""

    step: int | None = None

    def __init__(self, code: str, field: str, who: str, value: object, undo: bool = True,
                 kind: str = "project") -> None:
        from .records.values import value_text

        self.field = field
        self.kind = kind
        self.who = who
        self.value = value
        message = _("Cannot undo: {who} changed {code} {field} to {value} since; nothing was written.") if undo \
            else _("Cannot redo: {who} changed {code} {field} to {value} since; nothing was written.")
        PortfolioError.__init__(self, message.format(
            who=who, code=code, field=_label(kind, field), value=_short(value_text(field, value))))
        self.code = code


def _label(kind: str, name: str) -> str:
    """The label of field ``name`` as the record's kind names it (a task's name is 主要任务)."""
    from .records.views import field_label

    return field_label(kind, name)


def _short(value: object, limit: int = 40) -> str:
    """A value as one short line for a message."""
    if value is None:
        text = "—"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, list):
        text = _("{n} entries").format(n=len(value)) if value and isinstance(value[0], dict) else "、".join(
            str(v) for v in value)
    else:
        text = str(value)
    text = printable(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"
