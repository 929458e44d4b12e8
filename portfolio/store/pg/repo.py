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

from collections.abc import Callable, Collection, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from pydantic import BaseModel

from ...i18n import _
from ...records.project.model import Project
from ...rights import Account, NotAllowed, check
from ..base import Change, UndoScope, resolve_author
from ..journal import JournalEntry
from ..kinds import get_kind, record_dict
from ..merge import changed_fields
from ..steps import Op, Planned, inverse, journal_lines, plan, stamp, validated
from ..undo import newest, stacks, steps
from . import accounts
from . import journal as pgjournal
from . import records as pgrecords
from .connect import connection
from .listen import CHANNEL
from .reading import PgReader
from .records import unit_directory
from .schema import table, upgrade

WRITE_LOCK = 0x77726974  # advisory lock key of the writers' queue ("writ")
Raw = dict[str, Any]
Prepare = Callable[[psycopg.Connection[Any]], tuple[list[Op], int | None, list[JournalEntry] | None]]


class PgRepository(PgReader):
    """Records in a PostgreSQL database, read as needed and written through on every change."""

    @classmethod
    def open(cls, db: str | Path, author: str | None = None, password: str | None = None,
             interactive: bool = True) -> PgRepository:
        """Open the URL's portfolio; when it has accounts, log in as ``author`` (default
        ``$PORTFOLIO_USER``) with ``password`` (default ``$PORTFOLIO_PASSWORD``, else asked on
        the terminal). Raises ``DatabaseError``, ``LoginError`` (written in the journal)."""
        repo = cls(str(db), author)
        with connection(repo.url) as conn:
            upgrade(conn, repo.url, create=False)
            repo._seen = pgjournal.last_seq(conn)
            if accounts.any_accounts(conn):
                try:
                    given = password if password is not None else accounts.password_from_environment(
                        repo.url, repo._author, interactive)
                    repo.account = accounts.verify(conn, repo.url, repo._author, given)
                    repo._login_hash = accounts.stored_hash(conn, repo.account.name)
                except accounts.LoginNeeded:
                    raise
                except accounts.LoginError as exc:
                    repo._refused("", "project", str(exc), None, None)
                    raise
        return repo

    # -- undo and redo -------------------------------------------------------------------
    def undo(self, scope: UndoScope = "author", skip: Collection[int] = ()) -> list[Change]:
        return self._revert(scope, redo=False, skip=skip)

    def redo(self, scope: UndoScope = "author", skip: Collection[int] = ()) -> list[Change]:
        return self._revert(scope, redo=True, skip=skip)

    def _revert(self, scope: UndoScope, redo: bool, skip: Collection[int] = ()) -> list[Change]:
        column, value = ("session", self._session) if scope == "session" else ("author", self._author)

        def prepare(conn: psycopg.Connection[Any]) -> tuple[list[Op], int | None, list[JournalEntry] | None]:
            mine = pgjournal.mine_and_creates(conn, column, value)
            undo_stack, redo_stack = stacks(mine, lambda e: getattr(e, column) == value)
            group = newest(redo_stack if redo else undo_stack, skip)
            if group is None:
                return [], None, None
            lines = steps(mine)[group]
            later = pgjournal.later_changes(conn, group, ((e.kind, e.code) for e in lines))
            return [inverse(e) for e in reversed(lines)], group, lines + later

        return self._step("redo" if redo else "undo", prepare)

    # -- writing: one step, one transaction ------------------------------------------------
    def _write(self, action: str, ops: list[Op]) -> list[Change]:
        return self._step(action, lambda _conn: (ops, None, None))

    def _refused(self, code: str, kind: str, reason: str, before: Raw | None, after: Raw | None) -> None:
        """A refusal in the journal (who tried what, and why), in a transaction of its own."""
        with connection(self.url, writing=True) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
            seq = pgjournal.last_seq(conn) + 1
            pgjournal.append(conn, [{"seq": seq, "group": seq, "time": stamp(), "author": self._author,
                                     "session": self._session, "action": "refused", "kind": kind, "code": code,
                                     "before": before, "after": after, "note": reason}])

    def journal_refusal(self, reason: str) -> None:
        """A refusal decided outside a step (a command's own rights check), in the journal."""
        self._refused("", "project", reason, None, None)

    def _step(self, action: str, prepare: Prepare) -> list[Change]:
        try:
            return self._step_checked(action, prepare)
        except NotAllowed as exc:
            self._refused(exc.code, exc.kind, str(exc), exc.before, exc.after)
            raise

    _login_hash: str | None = None  # the account's password hash when it logged in

    def _account_now(self, conn: psycopg.Connection[Any], code: str) -> Account | None:
        """The logged-in account as the database holds it in the step's transaction: removed,
        or its password changed since the login (a rehash at another login counts too: rare,
        and a new login mends it), or accounts made since an open without login: refused.
        Its role and unit are the current ones."""
        if self.account is None:
            if accounts.any_accounts(conn):
                raise NotAllowed(self._author, code, _("the database has accounts now; log in again"))
            return None
        found = accounts.find(conn, self.account.name)
        if found is None:
            raise NotAllowed(self._author, code, _("the account {name} was removed since the login").format(
                name=self.account.name))
        account, stored = found
        if self._login_hash is not None and stored != self._login_hash:
            raise NotAllowed(self._author, code, _("the password of {name} was changed since the login; "
                                                   "log in again").format(name=account.name))
        self.account = account
        return account

    def _check_rights(self, conn: psycopg.Connection[Any], planned: list[Planned]) -> None:
        account = self._account_now(conn, planned[0].code)
        if account is None or account.role == "planner":
            return
        directory = unit_directory(conn)
        for p in planned:
            try:
                check(account, p.kind.name, p.code, p.theirs, p.result, directory.reach)
            except NotAllowed as exc:
                exc.kind = p.kind.name
                exc.before, exc.after = changed_fields(p.theirs, p.result)
                raise

    def _step_checked(self, action: str, prepare: Prepare) -> list[Change]:
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
            self._check_rights(conn, planned)
            lines, seq = journal_lines(planned, action=action, reverts=reverts, committed=last, last=last,
                                       author=self._author, session=self._session)
            changes: list[Change] = []
            for p in planned:
                new = validated(p.kind, p.result, p.code) if p.result is not None else None
                changes.append(Change(action, p.code, theirs.get((p.kind.name, p.code)), new, p.kind.name))
                pgrecords.put(conn, p.kind, p.code, p.result)
                if p.theirs is None or p.result is None:  # a code added or freed: never used again
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
