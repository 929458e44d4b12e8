"""The file backend: records in a TinyDB file (``schema.py``), the journal beside it.

The file is a TinyDB database (any TinyDB opened with ``AtomicJSONStorage`` reads it). Every
change runs under a file lock (``<db>.lock``), reads what other processes wrote since (only
when the file changed: its inode, size and mtime), merges field by field (``merge.py``),
appends its journal lines and replaces the file atomically (``journal.py`` explains the
order). A conflict writes nothing and leaves this repository's records as they were, so that
a second try from the same stale version conflicts again; ``refresh`` takes the newer file.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Table

from ..errors import (
    DatabaseError,
    DatabaseExists,
    JournalDamaged,
    NotFound,
)
from ..i18n import _
from ..records.project.model import Project
from ..tracking import shielded
from .base import Change, UndoScope, resolve_author
from .edits import EditingRepository
from .file_views import FileViews
from .journal import Journal, JournalEntry, JournalRead, select
from .kinds import KINDS, Kind, get_kind, plan_order, record_dict, same_content
from .locking import LOCK_TIMEOUT, DatabaseLock, companion_like
from .schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    empty_database,
    gc_paused,
    journal_seq,
    migrate,
    table_of,
    validate_records,
)
from .steps import Op, Planned, inverse, journal_lines, plan, put, stamp, validated
from .storage import AtomicJSONStorage, file_stamp, real_path
from .undo import find_step, top_step

__all__ = ["LOCK_TIMEOUT", "MIGRATIONS", "SCHEMA_VERSION", "Change", "FileRepository", "Repository", "gc_paused",
           "plan_order", "same_content"]

Raw = dict[str, Any]


class _StrIdTable(Table):
    """Documents keyed by our own string ids (record codes), never by TinyDB's counter."""

    document_id_class = str  # type: ignore[assignment]


class _DB(TinyDB):
    table_class = _StrIdTable


class FileRepository(FileViews, EditingRepository):
    """Records in memory, written through to a TinyDB file on every change."""

    def __init__(self, path: str | Path, author: str | None = None) -> None:
        self.path = real_path(path)  # a symlinked database: its target, under the target's lock
        self._author = resolve_author(author)
        self._session = uuid.uuid4().hex[:12]
        self._storage = storage = AtomicJSONStorage(self.path)
        # the factory captures the storage, not ``self``: no reference cycle, so a dropped
        # repository is freed at once (its loaded records are frozen out of the collector)
        self._db = _DB(storage=lambda: storage)
        self._journal = Journal(self.path)
        # validated records by kind; a kind's table is validated when first asked for (a
        # command about projects does not pay for tasks or indicators); ``_raw`` holds them all
        self._records: dict[str, dict[str, Any]] = {}
        self._tables: dict[str, dict[str, Raw]] = {}
        self._quick = None
        self._opening = threading.Lock()
        self._stamp: tuple[int, int, int] | None = None
        self._views_reset(None)
        self._listeners: list[Callable[[Change], None]] = []
        self._lock = DatabaseLock(self.path)
        self._adopted: list[str] = []  # codes others changed, taken in by one of our writes
        self._warnings: list[str] = []

    # -- opening -----------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, author: str | None = None, quick: bool = False) -> FileRepository:
        """The repository of the file at ``path``; ``quick``: from its row snapshot when one is
        kept (``FileViews.open_quick``: the UI's first screen of a large file)."""
        repo = cls(path, author)
        if not repo.path.exists():
            raise DatabaseError(repo.path, _("the file does not exist"))
        if quick:
            repo.open_quick()
        else:
            repo.reload()
        return repo

    @classmethod
    def create(cls, path: str | Path, projects: Iterable[Project], author: str | None = None, *,
               exclusive: bool = False) -> FileRepository:
        """Write a new database holding ``projects`` (replacing any file at ``path``; with
        ``exclusive``, ``DatabaseExists`` when another creator made it first: checked under
        the lock, so that of two creators at one moment exactly one creates)."""
        repo = cls(path, author)
        repo.path.parent.mkdir(parents=True, exist_ok=True)
        data = empty_database()
        counters: dict[str, int] = {}
        for p in projects:
            data["projects"][p.code] = record_dict(p)
            counters[p.code[0]] = max(counters.get(p.code[0], 0), int(p.code[1:]))
        data["meta"]["schema"]["counters"] = counters
        with repo._locked():
            if exclusive and os.path.lexists(repo.path):
                raise DatabaseExists(repo.path, _("another process created it meanwhile"))
            last = repo._journal.last_seq()
            if last:  # the journal of an earlier database at this path: mark where this one begins
                last += 1
                repo._journal.append([{
                    "seq": last, "group": last, "time": stamp(), "author": repo._author, "session": repo._session,
                    "action": "create", "kind": "project", "code": "", "before": None, "after": None,
                    "note": str(len(data["projects"]))}], like=companion_like(repo.path))
            data["meta"]["schema"]["journal_seq"] = last
            repo._storage.write(data)
        repo.reload()
        return repo

    @property
    def author(self) -> str:
        return self._author

    @property
    def session(self) -> str:
        return self._session

    def reload(self) -> None:
        with gc_paused():
            data = self._storage.load()
            if data is None:
                raise DatabaseError(self.path, _("the file does not exist"))
            self._adopt(data, self._storage.stamp)

    def _adopt(self, data: Raw, stamp: tuple[int, int, int] | None, keep_views: bool = False) -> None:
        data = migrate(data, self.path)
        raw = {name: table_of(data, kind, self.path) for name, kind in KINDS.items()}
        tables = {name: dict(table) for name, table in raw.items()}
        records = {}
        seal = self._storage.seal
        # opening a database checks its main table, unless this very file was proved valid (``trust``)
        if "project" not in self._storage.valid:
            records["project"] = validate_records(tables["project"], KINDS["project"], self.path)
            self._storage.proved_valid(seal, frozenset(("project",)))
        self._raw, self._records = tables, records
        if not keep_views:  # (a quick open completed: the same file version as its rows)
            self._views_reset(seal)
        self._stamp = stamp

    def changed_on_disk(self) -> bool:
        return self._stamp != file_stamp(self.path)

    def refresh(self) -> list[str]:
        codes, self._adopted = self._adopted, []
        if not self.changed_on_disk():
            return codes
        before = self._raw
        self.reload()
        for name, table in self._raw.items():
            old = before.get(name, {})
            codes += [c for c, r in table.items() if old.get(c) != r]
            codes += [c for c in old if c not in table]
        return list(dict.fromkeys(codes))

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    # -- reading: ``file_views`` -------------------------------------------------------
    def __len__(self) -> int:
        quick = self._quick
        return len(quick) if quick is not None else len(self._raw.get("project", {}))

    def __contains__(self, code: object) -> bool:
        quick = self._quick
        return code in (quick if quick is not None else self._raw.get("project", {}))

    def code_counter(self, prefix: str, kind: str = "project") -> int:
        data = self._storage.read()
        counters = migrate(data, self.path)["meta"]["schema"].get("counters", {}) if data is not None else {}
        used = [int(c[1:]) for c in self._raw.get(kind, {}) if c.startswith(prefix) and c[1:].isdigit()]
        return max([int(counters.get(get_kind(kind).counter_key(prefix), 0)), *used])

    # -- history -------------------------------------------------------------------------
    def _journal_entries(self) -> list[JournalEntry]:
        read = self._journal.read(self._committed())
        self._warn(read)
        return read.entries

    def _committed(self) -> int:
        data = self._storage.read()
        return journal_seq(data, self.path) if data is not None else 0

    def _warn(self, read: JournalRead) -> None:
        self._warnings = [
            _("Journal {path}: line {n} is incomplete (an interrupted write); skipped").format(
                path=self._journal.path, n=p.line) if p.torn else
            _("Journal {path}: line {n} is damaged ({reason}); skipped").format(
                path=self._journal.path, n=p.line, reason=p.reason)
            for p in read.problems]

    def history(self, code: str | None = None, author: str | None = None,
                since: date | datetime | None = None, kind: str | None = None) -> list[JournalEntry]:
        return select(self._journal_entries(), code=code, author=author, since=since, kind=kind)

    def journal_warnings(self) -> list[str]:
        return list(self._warnings)

    # -- writing: the hooks of the public operations (``edits.py``) -------------------------
    def _raw_of(self, kind: Kind, code: str) -> Raw:
        try:
            found: Raw = self._raw[kind.name][code]
        except KeyError:
            raise NotFound(code, kind.name) from None
        return found

    def _has(self, kind: str, code: str) -> bool:
        return code in self._raw.get(kind, {})

    # -- undo and redo -------------------------------------------------------------------
    def _scope(self, scope: UndoScope) -> Callable[[JournalEntry], bool]:
        if scope == "session":
            return lambda e: e.session == self._session
        return lambda e: e.author == self._author

    def undo(self, scope: UndoScope = "author", skip: Collection[int] = ()) -> list[Change]:
        return self._revert(scope, redo=False, skip=skip)

    def redo(self, scope: UndoScope = "author", skip: Collection[int] = ()) -> list[Change]:
        return self._revert(scope, redo=True, skip=skip)

    def _revert(self, scope: UndoScope, redo: bool, skip: Collection[int] = ()) -> list[Change]:
        mine = self._scope(scope)
        with self._locked():
            # only the end of the journal, back to the step reverted: a long journal is not
            # read under the lock; a damaged line there is never skipped
            read = self._journal.read_end(self._committed(), lambda found: find_step(found, mine, redo, skip)[0])
            if read.damaged:
                first = read.damaged[0]
                raise JournalDamaged(_("Journal {path}, line {n}: {reason}. {action} never skips a damaged line "
                                       "of the journal: nothing was changed. Repair that line (or move the journal "
                                       "aside) and try again.").format(
                    path=self._journal.path, n=first.line, reason=first.reason, action=_("Redo") if redo else _("Undo")))
            self._warn(read)
            top = top_step(read.entries, mine, redo, skip)
            if top is None:
                return []
            group, lines = top
            ops = [inverse(e) for e in reversed(lines)]
            return self._write("redo" if redo else "undo", ops, reverts=group, entries=read.entries, locked=True)

    # -- writing: one step under the lock ------------------------------------------------
    @contextmanager
    def _locked(self) -> Iterator[None]:
        with self._lock.held():
            yield

    def _write(self, action: str, ops: list[Op], *, reverts: int | None = None,
               entries: list[JournalEntry] | None = None, locked: bool = False) -> list[Change]:
        if not locked:
            with self._locked():
                return self._write(action, ops, reverts=reverts, entries=entries, locked=True)
        self._storage.remove_stale_temp_files()
        data = self._storage.read()  # the file as it is now (re-read only if it changed)
        if data is None:
            raise DatabaseError(self.path, _("the file does not exist"))
        stamp = self._storage.stamp
        data = migrate(data, self.path)
        planned = [plan(data, op, entries) for op in ops]  # raises before anything changes
        # an undo or redo is written even when it finds the records as it would leave them
        # (someone made the same change by hand): its step leaves the undo stack
        planned = [p for p in planned if p.theirs != p.result or reverts is not None]
        if not planned:
            return []
        try:
            changes = self._apply(data, action, planned, reverts)
        except BaseException:
            self._storage.invalidate()  # the cached data may be half-changed: read it again
            raise
        others = stamp != self._stamp
        if others:
            # another process wrote since we last read: take the whole file in (validated)
            old = self._raw
            with gc_paused():
                self._adopt(data, self._storage.stamp)
            touched = {c.code for c in changes}
            for name, table in self._raw.items():
                before = old.get(name, {})
                self._adopted += [c for c, r in table.items() if c not in touched and before.get(c) != r]
                self._adopted += [c for c in before if c not in table and c not in touched]
        else:
            self._patch_views(changes)
            for c in changes:
                table = data[get_kind(c.kind).table]
                loaded = self._records.get(c.kind)  # a kind not validated yet is from _raw when asked
                if c.after is None:
                    if loaded is not None:
                        loaded.pop(c.code, None)
                    self._raw[c.kind].pop(c.code, None)
                else:
                    if loaded is not None:
                        loaded[c.code] = c.after
                    self._raw.setdefault(c.kind, {})[c.code] = table[c.code]
            self._stamp = self._storage.stamp
        for change in changes:
            for listener in list(self._listeners):
                listener(change)
        return changes

    def _apply(self, data: Raw, action: str, planned: list[Planned], reverts: int | None) -> list[Change]:
        """Journal first, then the file (see ``journal.py`` for why this order)."""
        committed = int(data["meta"]["schema"].get("journal_seq", 0) or 0)
        lines, seq = journal_lines(planned, action=action, reverts=reverts, committed=committed,
                                   last=self._journal.last_seq(), author=self._author, session=self._session)
        changes: list[Change] = []
        for p in planned:
            old = self._table(p.kind.name).get(p.code)
            if p.theirs is not None and self._raw.get(p.kind.name, {}).get(p.code) != p.theirs:
                old = validated(p.kind, p.theirs, p.code)  # as another process left it
            new = validated(p.kind, p.result, p.code) if p.result is not None else None
            changes.append(Change(action, p.code, old, new, p.kind.name))
        put(data, planned, seq)
        with shielded():  # an interrupt waits until both are written: never a journal line alone
            self._journal.append(lines, like=companion_like(self.path))
            self._storage.write(data)  # one atomic replace of the whole file
        return changes


# Old name: ``from portfolio.store.file import Repository`` keeps working for the file backend.
Repository = FileRepository
