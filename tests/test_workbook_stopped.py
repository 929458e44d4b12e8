"""A workbook whose writing stops half-way (ctrl+c between two rows, the UI's escape) is closed
then and there: no temporary file of openpyxl's is left, and nothing half-open is left for the
collector or the interpreter's exit to close in the wrong order (lxml's "not in an element" from
the collector; once a SIGSEGV at exit instead of status 130)."""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl.worksheet import _writer as openpyxl_writer

from bench.generate import make
from portfolio.io.export import export_projects
from portfolio.io.export_kinds import export_records
from portfolio.review.compute import review
from portfolio.review.report import write_review
from portfolio.store import Repository
from portfolio.tracking import WRITING, Cancelled, tracking


class StopAt:
    """A tracker that stops the work at the ``at``-th row written (the ``WRITING`` stage's
    steps), as ctrl+c or escape would."""

    def __init__(self, at: int, error: type[BaseException]) -> None:
        self.at, self.error, self.rows, self.writing = at, error, 0, False

    def stage(self, label: str, total: int | None = None) -> None:
        self.writing = label == WRITING

    def advance(self, n: int = 1) -> None:
        if self.writing:
            self.rows += n
            if self.rows >= self.at:
                raise self.error


@pytest.fixture
def unraisable() -> Iterator[list[Any]]:
    """What the collector could not raise (an exception in a finalizer) while the test ran."""
    seen: list[Any] = []
    previous = sys.unraisablehook
    sys.unraisablehook = seen.append
    try:
        yield seen
    finally:
        sys.unraisablehook = previous


def _projects_xlsx(out: Path, repo: Repository) -> None:
    export_projects(make(300), out)


def _tasks_xlsx(out: Path, repo: Repository) -> None:
    """The bundled plan's key tasks (123 of them)."""
    export_records("task", repo.records("task"), out)


def _review_xlsx(out: Path, repo: Repository) -> None:
    write_review(review(make(300), date(2023, 12, 31)), out)


WRITERS: dict[str, Callable[[Path, Repository], None]] = {"projects": _projects_xlsx, "review": _review_xlsx,
                                              "tasks": _tasks_xlsx}


@pytest.mark.parametrize("error", [KeyboardInterrupt, Cancelled])
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_workbook_stopped_between_rows_is_closed_at_once(name: str, error: type[BaseException],
                                                           repo: Repository, tmp_path: Path,
                                                           unraisable: list[Any]) -> None:
    out = tmp_path / "out" / f"{name}.xlsx"
    out.parent.mkdir()
    temp_before = list(openpyxl_writer.ALL_TEMP_FILES)
    stopped = False
    try:  # not pytest.raises: its record of the exception would keep the writer's frames alive
        with tracking(StopAt(60, error)):
            WRITERS[name](out, repo)
    except error:
        stopped = True
    assert stopped
    gc.collect()  # what is left half-open would be finalized now, in any order
    assert unraisable == []
    # every sheet's temporary file removed, and forgotten by openpyxl
    assert temp_before == openpyxl_writer.ALL_TEMP_FILES
    assert list(out.parent.iterdir()) == []  # and no output, nor a temporary one
    # the same writer, not stopped, writes the whole workbook
    WRITERS[name](out, repo)
    assert out.stat().st_size > 0
