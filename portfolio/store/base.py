"""The repository contract: one abstract class that every storage backend implements.

The application (CLI, UI, importers, reviews) talks to records only through ``Repository``;
``portfolio.store.open_repository`` picks the backend from the ``--db`` value (a file path:
the TinyDB file in ``file.py``; a ``postgresql://`` URL: not supported yet). The contract
tests (``tests/store/test_contract.py``) run against every implementation.

Records are pydantic models of a registered kind (``kinds.py``; projects by default), keyed by
their code. Every method that writes:

* runs under the backend's lock and is atomic (all of a step or nothing);
* merges field by field with what other processes wrote since ``base`` (``merge.py``);
  the same field changed on both sides raises ``MergeConflict`` and writes nothing;
* applies the progress rule (``portfolio.progress``);
* records its author and the fields before and after in the journal (``history``);
* raises ``InvalidProject`` (nothing written) when a record would not validate, ``NotFound``
  for an unknown code, ``WriteError`` when the storage cannot be written (it is left as it was).
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

from ..records.project.model import Project
from ..records.project.query import Query, Row, ensure_pinyin, parse
from .journal import JournalEntry
from .kinds import record_dict

UndoScope = Literal["session", "author"]


@dataclass(frozen=True)
class Change:
    """What one call changed in one record: ``before`` is None for an add, ``after`` None for a
    delete (both are models of the record's kind; projects unless ``kind`` says otherwise)."""

    action: str  # add | update | delete | import | bulk | collect | undo | redo
    code: str
    before: Any
    after: Any
    kind: str = "project"

    def changed_fields(self) -> list[tuple[str, Any, Any]]:
        b = record_dict(self.before) if self.before is not None else {}
        a = record_dict(self.after) if self.after is not None else {}
        out = []
        for key in (a or b):
            if key == "updated_at":
                continue
            if b.get(key) != a.get(key):
                out.append((key, b.get(key), a.get(key)))
        return out


def resolve_author(explicit: str | None = None) -> str:
    """``--user``, else ``$PORTFOLIO_USER``, else the OS user."""
    import os

    from ..errors import printable

    name = (explicit or os.environ.get("PORTFOLIO_USER") or "").strip()
    if not name:
        try:
            import getpass

            name = getpass.getuser()
        except (KeyError, OSError):
            name = "unknown"
    return printable(name)


class Repository(ABC):
    """Records in memory, written through to the storage on every change.

    Reading methods answer from memory (the state of the last load, refresh or write);
    ``refresh`` brings in what other processes wrote."""

    #: where the records live (a file path for the file backend)
    path: Path

    # -- opening ------------------------------------------------------------------------
    @classmethod
    def open(cls, db: str | Path, author: str | None = None) -> Repository:
        """Open an existing database (``open_repository``). Raises ``DatabaseError`` when it
        is missing, unreadable or holds an invalid record (the storage is left untouched)."""
        from . import open_repository

        return open_repository(db, author=author)

    @classmethod
    def create(cls, db: str | Path, projects: Iterable[Project], author: str | None = None) -> Repository:
        """Write a new database holding ``projects`` (replacing any at ``db``) and open it."""
        from . import create_repository

        return create_repository(db, projects, author=author)

    # -- who ------------------------------------------------------------------------------
    @property
    @abstractmethod
    def author(self) -> str:
        """Who this repository's changes are recorded as (``--user``, ``$PORTFOLIO_USER``, the
        OS user)."""

    @property
    @abstractmethod
    def session(self) -> str:
        """This open repository's id (the UI's undo reverts only its own session's changes)."""

    # -- reading --------------------------------------------------------------------------
    @abstractmethod
    def get(self, code: str, kind: str = "project") -> Any:
        """The record with ``code``. Raises ``NotFound``."""

    @abstractmethod
    def records(self, kind: str = "project") -> list[Any]:
        """Every record of ``kind`` in the kind's order."""

    def projects(self) -> list[Project]:
        """All projects in the plan's order: by category, then by code."""
        return self.records("project")

    @abstractmethod
    def rows(self) -> list[Row]:
        """The query rows of ``projects()`` (cached between changes)."""

    def search(self, query: Query | str) -> list[Project]:
        """The projects matching a query (text or compiled), in the plan's order. Raises
        ``QueryError`` for a malformed query."""
        compiled = parse(query) if isinstance(query, str) else query
        if compiled.empty:
            return self.projects()
        return compiled.filter_rows(self.rows())

    def search_rows(self, query: Query) -> Sequence[Row]:
        """The query rows of the matching projects (for counting without touching models)."""
        return self.rows() if query.empty else query.matching_rows(self.rows())

    def warm_up(self) -> None:
        """Build the query rows and their pinyin now (the UI does it in a worker)."""
        ensure_pinyin(self.rows())

    def complete_open(self) -> None:
        """Finish a quick open (a file read from its row snapshot); nothing for other stores."""
        return None

    def keep_snapshot(self) -> bool:
        """Keep what makes the next quick open quick; False: nothing kept (other stores)."""
        return False

    @abstractmethod
    def __len__(self) -> int:
        """The number of projects."""

    @abstractmethod
    def __contains__(self, code: object) -> bool:
        """Whether a project has ``code``."""

    @abstractmethod
    def code_counter(self, prefix: str, kind: str = "project") -> int:
        """The highest number ever used for codes with ``prefix`` (deleted ones included)."""

    def units(self) -> list[str]:
        """Every responsible unit of the projects, in order of first appearance."""
        seen: dict[str, None] = {}
        for p in self.projects():
            for u in p.units:
                seen.setdefault(u, None)
        return list(seen)

    def subcategories(self, category: str) -> list[str]:
        """The subcategories used in ``category``, in order of first appearance."""
        seen: dict[str, None] = {}
        for p in self.projects():
            if p.category == category and p.subcategory:
                seen.setdefault(p.subcategory, None)
        return list(seen)

    def differing(self, records: Iterable[Any], kind: str = "project") -> list[Any]:
        """The records that are new or differ from the stored ones (time stamps aside)."""
        from .kinds import same_content

        out = []
        for r in records:
            try:
                stored = self.get(r.code, kind)
            except Exception:
                out.append(r)
                continue
            if not same_content(r, stored):
                out.append(r)
        return out

    # -- writing --------------------------------------------------------------------------
    @abstractmethod
    def add(self, fields: dict[str, Any], *, kind: str = "project", when: date | None = None,
            note: str = "") -> Change:
        """Add a record; its code is allocated (never one used before) unless given. Raises
        ``InvalidProject`` (also for a code already used)."""

    @abstractmethod
    def update(self, code: str, changes: dict[str, Any], *, base: Any = None, when: date | None = None,
               note: str = "", kind: str = "project") -> Change:
        """Change fields of one record. ``base`` is the version the edit started from (default:
        this repository's copy now). Fields another process changed since ``base`` are kept;
        the same field changed on both sides raises ``MergeConflict`` (nothing written, memory
        left as it was, so a second try from the same base raises again). ``when`` dates the
        progress-log entry (default today); ``note`` goes into it. Returns the change (an
        unchanged record gives a Change whose before is its after)."""

    def replace(self, record: Any, *, base: Any = None, when: date | None = None, note: str = "",
                kind: str = "project") -> Change:
        """Store ``record`` as a whole (the edit form's save): ``update`` with every field."""
        return self.update(record.code, record_dict(record), base=base, when=when, note=note, kind=kind)

    @abstractmethod
    def update_many(self, changes: dict[str, dict[str, Any]], *, action: str = "bulk",
                    when: date | Mapping[str, date] | None = None, note: str | Mapping[str, str] = "",
                    kind: str = "project", bases: Mapping[str, Any] | None = None) -> list[Change]:
        """Change fields of many records in one atomic step (one undo step, one journal line
        per record); the same merge and errors as ``update``; unchanged records are left out.
        ``when``, ``note`` and ``bases`` may be given per code (collected forms: each row's
        date and note)."""

    @abstractmethod
    def upsert_many(self, records: list[Any], action: str = "import", *, when: date | None = None,
                    kind: str = "project") -> list[Change]:
        """Write many validated records in one atomic step (imports): new codes are added,
        existing ones updated field by field (base: this repository's copy), unchanged ones
        skipped. Returns what changed."""

    @abstractmethod
    def delete(self, code: str, *, base: Any = None, kind: str = "project") -> Change:
        """Delete a record. Raises ``NotFound``; ``ConflictError`` when another process
        changed it since ``base``."""

    @abstractmethod
    def undo(self, scope: UndoScope = "author", skip: Collection[int] = ()) -> list[Change]:
        """Revert the last not-yet-undone step of this author (``scope="author"``, the CLI) or
        of this open repository (``"session"``, the UI), as one step. ``[]`` when there is
        nothing to undo. Raises ``UndoRefused`` naming who changed what since (nothing
        written; its ``step`` is the step refused). The steps in ``skip`` are passed over: a
        refused step never blocks the older ones (the UI skips the steps it was refused)."""

    @abstractmethod
    def redo(self, scope: UndoScope = "author", skip: Collection[int] = ()) -> list[Change]:
        """Apply again the last step undone in ``scope`` (until a new change of that scope).
        ``[]`` when there is nothing to redo; ``UndoRefused`` and ``skip`` as for undo."""

    @abstractmethod
    def history(self, code: str | None = None, author: str | None = None,
                since: date | datetime | None = None, kind: str | None = None) -> list[JournalEntry]:
        """The journal's entries (oldest first) matching every given filter; kept for good."""

    @abstractmethod
    def journal_warnings(self) -> list[str]:
        """One-line warnings of the last journal read (a torn line skipped)."""

    # -- other processes ----------------------------------------------------------------
    @abstractmethod
    def changed_on_disk(self) -> bool:
        """Whether another process wrote since this repository last read or wrote (cheap:
        the UI polls it)."""

    def watch_token(self) -> object:
        """A value that changes when another process may have written, cheap enough to ask
        several times a second (the UI's live view polls it, then asks ``changed_on_disk``):
        by default the file's identity (inode, size, modification time)."""
        import os

        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    @abstractmethod
    def refresh(self) -> list[str]:
        """Re-read if another process wrote; the codes whose records changed (``[]`` when
        nothing did). Raises ``DatabaseError`` (memory left as it was)."""

    @abstractmethod
    def reload(self) -> None:
        """Re-read everything now."""

    @abstractmethod
    def subscribe(self, listener: Callable[[Change], None]) -> None:
        """Call ``listener`` with every change this repository writes."""
