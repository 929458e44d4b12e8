"""Dated progress reports written through the repository, for tests of the review."""

from __future__ import annotations

import inspect
from datetime import date

from portfolio.models import ProgressEntry
from portfolio.store.file import Repository


def report(repo: Repository, code: str, when: date, **fields: object) -> None:
    """A dated progress report written through the repository (its progress rule dates the
    log entry when it has one; otherwise the entry is written here)."""
    if "when" in inspect.signature(repo.update).parameters:
        repo.update(code, fields, when=when)  # type: ignore[call-arg]
        return
    current = repo.get(code)
    new = ProgressEntry(date=when, percent=float(fields.get("progress_percent", current.progress_percent)),  # type: ignore[arg-type]
                        status=fields.get("status", current.status),  # type: ignore[arg-type]
                        completed_investment=fields.get("completed_investment"))  # type: ignore[arg-type]
    log = [e.model_dump(mode="json") for e in current.progress_log] + [new.model_dump(mode="json")]
    repo.update(code, {**fields, "progress_log": log})
