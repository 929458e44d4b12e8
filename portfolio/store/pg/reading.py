"""Reading a server portfolio (``repo.py`` adds the writes): records are read as they are
asked for and kept; the journal's ``seq`` tells what others wrote since this repository last
looked (``refresh``); a record first read later is rewound to that moment (``journal.rewind``),
so that reading answers from one moment, as the file backend's memory does."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import psycopg
from pydantic import BaseModel

from ...errors import NotFound
from ...records.project.model import Project
from ...records.project.query import Query, Row, make_row, parse
from ...rights import Account
from ..base import Change, resolve_author
from ..edits import EditingRepository
from ..journal import JournalEntry
from ..kinds import KINDS, Kind, get_kind, plan_order, record_dict
from ..steps import validated
from . import journal as pgjournal
from . import records as pgrecords
from .connect import connection, shown
from .where import where

if TYPE_CHECKING:
    from .listen import Listener

Raw = dict[str, Any]


class PgReader(EditingRepository):
    """The reading half of ``PgRepository``."""

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
        self._listener: Listener | None = None

    #: the account logged in (None: the database has no accounts, anyone may change anything)
    account: Account | None = None

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
            raise NotFound(code, kind)
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

    def units(self) -> list[str]:
        """Every responsible unit of the projects (from the server when the projects are not
        all read: the units directory asks for them on every command)."""
        if "project" in self._full:
            return super().units()
        with connection(self.url) as conn:
            rows = conn.execute("SELECT u FROM (SELECT DISTINCT jsonb_array_elements_text(data->'units') AS u "
                                "FROM projects) AS units ORDER BY u").fetchall()
        return [str(r[0]) for r in rows]

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

    def watch_token(self) -> object:
        """The last journal ``seq`` announced (NOTIFY) by any writer, heard by a listening
        thread started on first use (``listen.py``): no round trip to the server."""
        if self._listener is None:
            from .listen import Listener

            self._listener = Listener(self.url, self._seen)
        return self._listener.latest

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

