"""Storage: the repository contract (``base.Repository``) and its backends, chosen by the
``--db`` value: a file path opens the TinyDB file backend (``file.py``); a
``postgresql://user@host:port/dbname`` URL the PostgreSQL backend (``pg/``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import PortfolioError
from ..records.project.model import Project
from .base import Change, Repository, UndoScope

__all__ = ["Change", "Repository", "UndoScope", "UnsupportedBackend", "create_repository", "describe", "exists",
           "is_server",
           "open_repository", "server_url"]


class UnsupportedBackend(PortfolioError):
    """The ``--db`` value names a kind of database this version cannot open."""


def server_url(db: object) -> str | None:
    """The PostgreSQL URL ``db`` names (``postgresql://…``, also as a ``Path`` folded it), else None."""
    text = str(db)
    if text.lower().startswith(("postgresql:/", "postgres:/")):
        from .pg.connect import as_url

        return as_url(text)
    return None


def is_server(db: object) -> bool:
    return server_url(db) is not None


def describe(db: object) -> str:
    """The database as it may be printed: a path, or the server URL without its password."""
    url = server_url(db)
    if url is None:
        return str(db)
    from .pg.connect import shown

    return shown(url)


def exists(db: str | Path) -> bool:
    """Whether ``db`` holds a portfolio: a file that exists, or a server database with one."""
    url = server_url(db)
    if url is None:
        return Path(db).exists()
    from .pg.connect import connection, database_exists
    from .pg.schema import current_version

    if not database_exists(url):
        return False
    with connection(url) as conn:
        return current_version(conn) is not None


def open_repository(db: str | Path, author: str | None = None, password: str | None = None,
                    interactive: bool = True, quick: bool = False) -> Repository:
    """The repository of an existing database: a file path (the TinyDB file backend) or a
    ``postgresql://`` URL. ``author``: who the changes are recorded as (default
    ``$PORTFOLIO_USER``, else the OS user). Raises ``DatabaseError`` (missing, unreadable,
    invalid, or a server that cannot be reached). A server database with accounts logs in as
    ``author`` with ``password`` (default ``$PORTFOLIO_PASSWORD``, else asked on a terminal when
    ``interactive``; the UI asks on its login screen instead). ``quick``: a file is opened from
    its row snapshot when one is kept (``FileViews.open_quick``)."""
    url = server_url(db)
    if url is not None:
        from .pg import PgRepository

        return PgRepository.open(url, author, password, interactive)
    from .file import FileRepository

    return FileRepository.open(db, author, quick=quick)


def create_repository(db: str | Path, projects: Iterable[Project], author: str | None = None, *,
                      exclusive: bool = False) -> Repository:
    """Write a new database holding ``projects`` (replacing any at ``db``) and open it. With
    ``exclusive`` (a file database), ``DatabaseExists`` (nothing written) when the database
    exists by the time it is created (another creator at the same moment: checked under the
    database's lock)."""
    url = server_url(db)
    if url is not None:
        from .pg import create

        return create(url, projects, author)
    from .file import FileRepository

    return FileRepository.create(db, projects, author, exclusive=exclusive)
