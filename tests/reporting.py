"""Dated progress reports written through the repository, for tests of the review."""

from __future__ import annotations

from datetime import date

from portfolio.store import Repository


def report(repo: Repository, code: str, when: date, **fields: object) -> None:
    """A progress report dated ``when``: the repository's progress rule writes the log entry."""
    repo.update(code, fields, when=when)
