"""A whole portfolio in and out of a server database at once (``portfolio migrate``,
``create``): every kind's records, the code counters and the journal, by COPY, in one
transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from psycopg import sql

from ..journal import JournalEntry
from ..kinds import KINDS, get_kind
from ..steps import stamp
from . import journal as pgjournal
from . import records as pgrecords
from .connect import connection
from .schema import table, upgrade

Raw = dict[str, Any]
Progress = Callable[[str, int], None]  # (what, how many more) as the copy goes


def load(url: str, tables: dict[str, list[Raw]], *, counters: dict[str, int], journal: Iterable[Raw] | None,
         author: str, progress: Progress | None = None) -> None:
    """Replace the records of the URL's portfolio (made when missing) by ``tables`` (kind ->
    JSON records). ``journal``: the lines to copy (a migration: the database's journal must
    be empty); None: keep the journal, marking the new start with a ``create`` line."""
    with connection(url, writing=True) as conn, conn.transaction():
        upgrade(conn, url, create=True)
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (0x77726974,))
        for kind in KINDS:
            conn.execute(sql.SQL("TRUNCATE {}").format(table(kind)))
        conn.execute("TRUNCATE counters")
        for kind, raws in tables.items():
            n = pgrecords.copy_in(conn, get_kind(kind), raws)
            if progress:
                progress(kind, n)
        pgrecords.bump_counters(conn, counters)
        last = pgjournal.last_seq(conn)
        if journal is not None:
            conn.execute("TRUNCATE journal")
            lines = list(journal)
            pgjournal.append(conn, lines)
            if progress:
                progress("journal", len(lines))
        elif last:
            pgjournal.append(conn, [{"seq": last + 1, "group": last + 1, "time": stamp(), "author": author,
                                     "session": "", "action": "create", "kind": "project", "code": "",
                                     "before": None, "after": None,
                                     "note": str(len(tables.get("project", [])))}])


def dump(url: str) -> tuple[dict[str, list[Raw]], dict[str, int], list[JournalEntry]]:
    """Everything in the URL's portfolio: kind -> JSON records (as stored), the counters and
    the journal."""
    with connection(url) as conn, conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")  # one consistent picture
        upgrade(conn, url, create=False)
        tables: dict[str, list[Raw]] = {}
        for kind in KINDS.values():
            models, raws = pgrecords.fetch(conn, kind, canonical=True)
            order = kind.order
            tables[kind.name] = [r for _m, r in sorted(zip(models, raws, strict=True), key=lambda mr: order(mr[0]))]
        counters = {str(k): int(n) for k, n in conn.execute("SELECT key, n FROM counters").fetchall()}
        entries = pgjournal.query(conn, [], [])
    return tables, counters, entries


def occupied(url: str) -> bool:
    """Whether the URL's database already holds a portfolio with records or a journal."""
    with connection(url) as conn:
        from .schema import current_version

        if current_version(conn) is None:
            return False
        for kind in KINDS:
            if conn.execute(sql.SQL("SELECT exists (SELECT 1 FROM {})").format(table(kind))).fetchone() == (True,):
                return True
        return pgjournal.last_seq(conn) > 0
