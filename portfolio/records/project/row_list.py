"""The projects of a list of query rows, as a sequence: a project is built (validated) when it is
first read, so that a screen of 100,000 projects from a proved file (``store.trust``) validates
only the projects it draws, the one under the cursor, the ones a sort or an edit reads.

Everything that reads a project gets the validated model (``query.project_of``); the codes and
the tree's scopes are read from the rows. Iterating the whole sequence validates every project
(what a sort by a column or an export needs anyway)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

from .model import Project
from .query import CAT, CODE, SUBCATEGORY, Row, project_of


class RowProjects(Sequence[Project]):
    """The projects of ``rows`` (kept as given: pass a list nobody changes)."""

    __slots__ = ("rows",)

    def __init__(self, rows: Sequence[Row]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, index: int) -> Project: ...

    @overload
    def __getitem__(self, index: slice) -> list[Project]: ...

    def __getitem__(self, index: int | slice) -> Project | list[Project]:
        if isinstance(index, slice):
            return [project_of(r) for r in self.rows[index]]
        return project_of(self.rows[index])

    def __iter__(self) -> Iterator[Project]:
        for r in self.rows:
            yield project_of(r)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowProjects):
            return list(self) == list(other)
        if isinstance(other, list):
            return list(self) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"RowProjects({len(self.rows)} rows)"

    def codes(self) -> list[str]:
        return [r[CODE] for r in self.rows]

    def index_of(self, code: str) -> int | None:
        return next((i for i, r in enumerate(self.rows) if r[CODE] == code), None)

    def narrow(self, category: Any, subcategory: str | None) -> RowProjects:
        """The projects of a category (and a subcategory), as ``scope.Scope.narrow``."""
        if category is None:
            return self
        return RowProjects([r for r in self.rows if r[CAT] == category
                            and (subcategory is None or r[SUBCATEGORY] == subcategory)])


def codes_of(records: Sequence[Any]) -> list[str]:
    """The codes of records (of a ``RowProjects``: without building the projects)."""
    if isinstance(records, RowProjects):
        return records.codes()
    return [r.code for r in records]


def find(records: Sequence[Any], key: str, ident: Any) -> int | None:
    """The index of the record whose ``ident`` is ``key`` (None: not there)."""
    if isinstance(records, RowProjects):
        return records.index_of(key)
    return next((i for i, r in enumerate(records) if ident(r) == key), None)


def idents(records: Sequence[Any], ident: Any) -> list[str]:
    if isinstance(records, RowProjects):
        return records.codes()
    return [ident(r) for r in records]
