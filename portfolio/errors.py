"""Errors that reach users: each one renders as a single clear line (no traceback)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from .i18n import _
from .models import FieldIssue


def printable(text: str) -> str:
    """Input as a message quotes it: control characters (a pasted line break, a tab) as
    escapes, so that the message stays one readable line."""
    return "".join(repr(ch)[1:-1] if unicodedata.category(ch) in ("Cc", "Zl", "Zp") else ch for ch in text)


class PortfolioError(Exception):
    """Base class: ``str(err)`` is the message shown to the user."""


class DatabaseError(PortfolioError):
    """The database file cannot be read, parsed or validated. The file is left untouched."""

    def __init__(self, path: Path, detail: str, record: str | None = None,
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


class NotFound(PortfolioError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(_("No project with code {code}").format(code=code))


class InvalidProject(PortfolioError):
    """A record failed validation; ``issues`` names each field."""

    def __init__(self, issues: list[FieldIssue], code: str | None = None) -> None:
        self.issues = issues
        self.code = code
        head = _("Invalid project {code}").format(code=code) if code else _("Invalid project")
        super().__init__(_("{head}: {details}").format(
            head=head, details=_("; ").join(str(i) for i in issues)))


class QueryError(PortfolioError):
    """A filter expression could not be understood."""


class ImportFormatError(PortfolioError):
    """An input file does not have the expected layout."""
