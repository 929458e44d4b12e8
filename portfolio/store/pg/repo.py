"""The PostgreSQL backend of the repository contract (``..base``).

Records live in the server (``schema.py``); this repository keeps what it has read: single
records as they are asked for, a whole kind when it is listed (the UI), so that a command
such as ``portfolio set`` reads one row and not 100,000. A query is narrowed in SQL
(``where.py``) and finished in Python on the rows it returns.

Every step is one transaction holding one advisory lock (the writers' queue, as the file lock
is): the records it touches are read FOR UPDATE, merged field by field with what others wrote
since (``steps.plan``, the file backend's code), written with their version raised, and its
journal lines inserted and announced (NOTIFY ``portfolio``) before the commit. The journal's
``seq`` tells each repository what others wrote since it last looked (``refresh``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from pydantic import BaseModel

from ...errors import NotFound
from ...models import Project
from ...query import Query, Row, make_row, parse
from ..base import Change, UndoScope, resolve_author
from ..edits import EditingRepository
from ..journal import JournalEntry
from ..kinds import KINDS, Kind, get_kind, plan_order, record_dict
from ..steps import Op, inverse, journal_lines, plan, validated
from ..undo import stacks, steps
from . import journal as pgjournal
from . import records as pgrecords
from .connect import connection, shown
from .schema import table, upgrade
from .where import where

WRITE_LOCK = 0x77726974  # advisory lock key of the writers' queue ("writ")
CHANNEL = "portfolio"
Raw = dict[str, Any]
Prepare = Callable[[psycopg.Connection[Any]], tuple[list[Op], int | None, list[JournalEntry] | None]]


class PgRepository(EditingRepository):
    """Records in a PostgreSQL database, read as needed and written through on every change."""

    def __init__(self, url: str, author: str | None = None) -> None:
        self.url = url
        self.path = Path(shown(url))
        self._author = resolve_author(author)
        self._session = uuid.uuid4().hex[:12]
        self._records: dict[str, dict[str, BaseModel]] = {}
        self._raw: dict[str, dict[str, Raw]] = {}
        self._full: set[str] = set()  # kinds read whole
        self._ordered: dict[str, list[Any]] = {}
        self._rows: list[Row] | None = None
        self._seen = 0  # the last journal seq this repository has taken in
        self._adopted: list[str] = []
        self._listeners: list[Callable[[Change], None]] = []

    @classmethod
    def open(cls, db: str | Path, author: str | None = None) -> PgRepository:
        repo = cls(str(db), author)
        with connection(repo.url) as conn:
            upgrade(conn, repo.url, create=False)
            repo._seen = pgjournal.last_seq(conn)
        return repo

    @property
    def author(self) -> str:
        return self._author

    @property
    def session(self) -> str:
        return self._session

    # -- reading -----------------------------------------------------------------------
    def _remember(self, kind: str, model: BaseModel, raw: Raw) -> None:
        self._records.setdefault(kind, {})[raw["code"]] = model
        self._raw.setdefault(kind, {})[raw["code"]] = raw

    def _forget(self, kind: str, code: str) -> None:
        self._records.get(kind, {}).pop(code, None)
        self._raw.get(kind, {}).pop(code, None)

    def _views_changed(self, kinds: Iterable[str]) -> None:
        for kind in set(kinds):
            self._ordered.pop(kind, None)
            if kind == "project":
                self._rows = None

    def _load_one(self, kind: Kind, code: str) -> bool:
        """Read one record as it was when this repository last looked (the journal rewinds
        what others changed since: reading answers from one moment, as the file backend's
        memory does; ``refresh`` moves that moment)."""
        with connection(self.url) as conn, conn.transaction():
            found = pgrecords.fetch_codes(conn, kind, [code])
            current = found[code][1] if code in found else None
            raw = pgjournal.rewind(conn, kind.name, code, current, self._seen)
        if raw is None:
            return False
        if raw is current:
            self._remember(kind.name, *found[code])
        else:
            model = validated(kind, raw, code)
            self._remember(kind.name, model, record_dict(model))
        return True

    def get(self, code: str, kind: str = "project") -> Any:
        found = self._records.get(kind, {}).get(code)
        if found is None and kind not in self._full and self._load_one(get_kind(kind), code):
            found = self._records[kind][code]
        if found is None:
            raise NotFound(code)
        return found

    def _raw_of(self, kind: Kind, code: str) -> Raw:
        self.get(code, kind.name)
        return self._raw[kind.name][code]

    def _has(self, kind: str, code: str) -> bool:
        try:
            self.get(code, kind)
        except NotFound:
            return False
        return True

    def _load_kind(self, kind: str) -> None:
        """Read a whole kind now: what others changed since this repository last looked is
        taken in too (the next ``refresh`` names it)."""
        k = get_kind(kind)
        with connection(self.url) as conn, conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # records and journal agree
            self._adopted += self._take_in(conn, self._seen, None)
            models, raws = pgrecords.fetch(conn, k)
        self._records[kind] = {r["code"]: m for m, r in zip(models, raws, strict=True)}
        self._raw[kind] = {r["code"]: r for r in raws}
        self._full.add(kind)
        self._views_changed([kind])

    def records(self, kind: str = "project") -> list[Any]:
        if kind not in self._full:
            self._load_kind(kind)
        found = self._ordered.get(kind)
        if found is None:
            found = self._ordered[kind] = sorted(self._records.get(kind, {}).values(), key=get_kind(kind).order)
        return list(found)

    def rows(self) -> list[Row]:
        if self._rows is None:
            self._rows = [make_row(p) for p in self.projects()]
        return self._rows

    def _narrowed(self, query: Query) -> list[Row]:
        """The rows of the projects the SQL part of ``query`` lets through, in plan order."""
        condition, params = where(query)
        with connection(self.url) as conn:
            models, _raws = pgrecords.fetch(conn, get_kind("project"), condition, params)
        return [make_row(p) for p in sorted(models, key=plan_order)]  # type: ignore[arg-type]

    def search(self, query: Query | str) -> list[Project]:
        compiled = parse(query) if isinstance(query, str) else query
        if compiled.empty or "project" in self._full:
            return super().search(compiled)
        return compiled.filter_rows(self._narrowed(compiled))

    def search_rows(self, query: Query) -> Sequence[Row]:
        if query.empty or "project" in self._full:
            return super().search_rows(query)
        return query.matching_rows(self._narrowed(query))

    def __len__(self) -> int:
        if "project" in self._full:
            return len(self._records.get("project", {}))
        with connection(self.url) as conn:
            row = conn.execute("SELECT count(*) FROM projects").fetchone()
        return int(row[0]) if row else 0

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and self._has("project", code)

    def code_counter(self, prefix: str, kind: str = "project") -> int:
        with connection(self.url) as conn:
            return pgrecords.highest(conn, get_kind(kind), prefix)

    # -- history -------------------------------------------------------------------------
    def history(self, code: str | None = None, author: str | None = None,
                since: date | datetime | None = None, kind: str | None = None) -> list[JournalEntry]:
        with connection(self.url) as conn:
            return pgjournal.history(conn, code, author, since, kind)

    def journal_warnings(self) -> list[str]:
        return []

    # -- other processes ----------------------------------------------------------------
    def latest_seq(self) -> int:
        with connection(self.url) as conn:
            return pgjournal.last_seq(conn)

    def changed_on_disk(self) -> bool:
        return self.latest_seq() != self._seen

    def refresh(self) -> list[str]:
        codes, self._adopted = self._adopted, []
        with connection(self.url) as conn:
            codes += self._take_in(conn, self._seen, None)
        return list(dict.fromkeys(codes))

    def _take_in(self, conn: psycopg.Connection[Any], after: int, upto: int | None) -> list[str]:
        """Read again the records others changed after journal line ``after`` (up to
        ``upto``); their codes."""
        lines = pgjournal.changed_since(conn, after, upto)
        if upto is None:
            upto = max([after, *(s for s, *_rest in lines)])
        wanted: dict[str, set[str]] = {}
        codes: list[str] = []
        for _seq, kind, code, session in lines:
            if kind not in KINDS:
                continue
            wanted.setdefault(kind, set()).add(code)
            if session != self._session:
                codes.append(code)
        for kind, changed in wanted.items():
            known = self._records.get(kind, {})
            if kind not in self._full:
                changed = {c for c in changed if c in known}
            if not changed:
                continue
            found = pgrecords.fetch_codes(conn, get_kind(kind), sorted(changed))
            for code in changed:
                if code in found:
                    self._remember(kind, *found[code])
                else:
                    self._forget(kind, code)
            self._views_changed([kind])
        self._seen = max(self._seen, upto)
        return codes

    def reload(self) -> None:
        for kind in list(self._full):
            self._load_kind(kind)
        for kind, known in self._records.items():
            if kind not in self._full:
                codes = list(known)
                self._records[kind], self._raw[kind] = {}, {}
                with connection(self.url) as conn:
                    for model, raw in pgrecords.fetch_codes(conn, get_kind(kind), codes).values():
                        self._remember(kind, model, raw)
        self._seen = self.latest_seq()

    def subscribe(self, listener: Callable[[Change], None]) -> None:
        self._listeners.append(listener)

    # -- undo and redo -------------------------------------------------------------------
    def undo(self, scope: UndoScope = "author") -> list[Change]:
        return self._revert(scope, redo=False)

    def redo(self, scope: UndoScope = "author") -> list[Change]:
        return self._revert(scope, redo=True)

    def _revert(self, scope: UndoScope, redo: bool) -> list[Change]:
        column, value = ("session", self._session) if scope == "session" else ("author", self._author)

        def prepare(conn: psycopg.Connection[Any]) -> tuple[list[Op], int | None, list[JournalEntry] | None]:
            mine = pgjournal.mine_and_creates(conn, column, value)
            undo_stack, redo_stack = stacks(mine, lambda e: getattr(e, column) == value)
            stack = redo_stack if redo else undo_stack
            if not stack:
                return [], None, None
            group = stack[-1]
            lines = steps(mine)[group]
            later = pgjournal.later_changes(conn, group, ((e.kind, e.code) for e in lines))
            return [inverse(e) for e in reversed(lines)], group, lines + later

        return self._step("redo" if redo else "undo", prepare)

    # -- writing: one step, one transaction ------------------------------------------------
    def _write(self, action: str, ops: list[Op]) -> list[Change]:
        return self._step(action, lambda _conn: (ops, None, None))

    def _step(self, action: str, prepare: Prepare) -> list[Change]:
        with connection(self.url, writing=True) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            ops, reverts, entries = prepare(conn)
            if not ops:
                return []
            last = pgjournal.last_seq(conn)
            ops = [self._allocated(conn, op) for op in ops]
            data: Raw = {"meta": {"schema": {"counters": {}}}}
            theirs: dict[tuple[str, str], BaseModel] = {}
            for kind in {op.kind.name for op in ops}:
                k = get_kind(kind)
                found = pgrecords.fetch_codes(conn, k, [op.code for op in ops if op.kind.name == kind and op.code],
                                              lock=True)
                data[k.table] = {code: raw for code, (_m, raw) in found.items()}
                theirs.update({(kind, code): model for code, (model, _r) in found.items()})
            planned = [plan(data, op, entries) for op in ops]  # raises before anything changes
            planned = [p for p in planned if p.theirs != p.result or reverts is not None]
            if not planned:
                return []
            lines, seq = journal_lines(planned, action=action, reverts=reverts, committed=last, last=last,
                                       author=self._author, session=self._session)
            changes: list[Change] = []
            for p in planned:
                new = validated(p.kind, p.result, p.code) if p.result is not None else None
                changes.append(Change(action, p.code, theirs.get((p.kind.name, p.code)), new, p.kind.name))
                pgrecords.put(conn, p.kind, p.code, p.result)
                if p.result is not None:
                    pgrecords.bump_counters(conn, pgrecords.counters_of(p.kind, [p.code]))
            pgjournal.append(conn, lines)
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, str(seq)))
            if last > self._seen:  # others wrote since we last looked: take their records in
                touched = {c.code for c in changes}
                self._adopted += [c for c in self._take_in(conn, self._seen, last) if c not in touched]
        for change in changes:
            if change.after is None:
                self._forget(change.kind, change.code)
            else:
                self._remember(change.kind, change.after, record_dict(change.after))
        self._views_changed(c.kind for c in changes)
        self._seen = max(self._seen, seq)
        for change in changes:
            for listener in list(self._listeners):
                listener(change)
        return changes

    def _allocated(self, conn: psycopg.Connection[Any], op: Op) -> Op:
        """An add without a code gets one never used before (the counters, under the lock)."""
        if op.base is not None or op.code is not None:
            return op
        assert op.model is not None
        prefix = op.kind.prefix(op.model)
        return replace(op, code=f"{prefix}{pgrecords.highest(conn, op.kind, prefix) + 1:02d}")


def create(url: str, projects: Iterable[Project], author: str | None = None) -> PgRepository:
    """A new portfolio in the URL's database (created when missing) holding ``projects``;
    any records already there are replaced (their journal is kept, marked by a ``create``
    line)."""
    from .connect import create_database
    from .copying import load

    create_database(url)
    raws = [record_dict(p) for p in projects]
    load(url, {"project": raws}, counters=pgrecords.counters_of(get_kind("project"), (r["code"] for r in raws)),
         journal=None, author=resolve_author(author))
    return PgRepository.open(url, author)


__all__ = ["PgRepository", "create", "sql", "table"]
