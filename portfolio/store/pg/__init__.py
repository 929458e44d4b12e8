"""The PostgreSQL backend: ``--db postgresql://user@host:port/dbname`` (or ``$PORTFOLIO_DB``).

``connect.py`` reaches the server (pools, errors), ``schema.py`` holds the tables and their
versioned migrations, ``records.py`` and ``journal.py`` read and write the tables,
``where.py`` turns queries into SQL, ``repo.py`` is the repository, ``copying.py`` moves a
whole portfolio in and out (``portfolio migrate``)."""

from __future__ import annotations

from .connect import as_url, shown
from .repo import PgRepository, create

__all__ = ["PgRepository", "as_url", "create", "shown"]
