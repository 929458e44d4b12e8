"""Storage: the repository contract (``base.Repository``) and its backends, chosen by the
``--db`` value: a file path opens the TinyDB file backend (``file.py``); a ``postgresql://``
URL is reserved for the PostgreSQL backend (not supported yet)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..errors import PortfolioError
from ..i18n import _
from ..records.project.model import Project
from .base import Change, Repository, UndoScope

__all__ = ["Change", "Repository", "UndoScope", "UnsupportedBackend", "create_repository", "open_repository"]

# "postgresql://…" (also as a Path has folded it: "postgresql:/…")
URL_SCHEMES = ("postgresql:/", "postgres:/")


class UnsupportedBackend(PortfolioError):
    """The ``--db`` value names a kind of database this version cannot open."""


def _check_backend(db: str | Path) -> None:
    text = str(db)
    if text.lower().startswith(URL_SCHEMES):
        shown = re.sub(r"(:/+)[^@/]*@", r"\1…@", text)  # never echo a password
        raise UnsupportedBackend(_("{url}: PostgreSQL databases are not supported yet; give --db a file path")
                                 .format(url=shown))


def open_repository(db: str | Path, author: str | None = None) -> Repository:
    """The repository of an existing database: a file path (the TinyDB file backend).
    ``author``: who the changes are recorded as (default ``$PORTFOLIO_USER``, else the OS user).
    Raises ``DatabaseError`` (missing, unreadable, invalid, or an unsupported URL)."""
    _check_backend(db)
    from .file import FileRepository

    return FileRepository.open(db, author)


def create_repository(db: str | Path, projects: Iterable[Project], author: str | None = None) -> Repository:
    """Write a new database holding ``projects`` (replacing any at ``db``) and open it."""
    _check_backend(db)
    from .file import FileRepository

    return FileRepository.create(db, projects, author)
