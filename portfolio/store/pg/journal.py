"""The journal as a table: the same lines as the file backend's ``<db>.journal.jsonl``
(``..journal.JournalEntry``), one row each, written in the transaction of their step (so
the records and the journal always agree: there is nothing to roll back)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from ..journal import JournalEntry

Raw = dict[str, Any]
COLUMNS = ("seq", "grp", "time", "author", "session", "action", "kind", "code", "before", "after",
           "reverts", "note")
# a refusal (rights.py, a failed login) is in the journal as evidence; it changed nothing
NOT_REFUSED = sql.SQL("action <> 'refused'")
_SELECT = sql.SQL("SELECT {} FROM journal ").format(sql.SQL(", ").join(map(sql.Identifier, COLUMNS)))


def entry_of(row: tuple[Any, ...]) -> JournalEntry:
    seq, grp, time, author, session, action, kind, code, before, after, reverts, note = row
    return JournalEntry(seq=seq, group=grp, time=time, author=author, session=session, action=action,
                        kind=kind, code=code, before=before, after=after, reverts=reverts, note=note or "")


def row_of(line: Raw) -> tuple[Any, ...]:
    """A journal line (``steps.journal_lines`` or ``JournalEntry.to_json``) as a row."""
    before, after = line.get("before"), line.get("after")
    return (line["seq"], line.get("group") or line["seq"], datetime.fromisoformat(str(line["time"])),
            line.get("author", ""), line.get("session", ""), line["action"], line.get("kind", "project"),
            line.get("code", ""), None if before is None else Jsonb(before), None if after is None else Jsonb(after),
            line.get("reverts"), line.get("note", ""))


def append(conn: psycopg.Connection[Any], lines: Iterable[Raw]) -> None:
    """Write journal lines (in the caller's transaction), by COPY."""
    with conn.cursor() as cur, cur.copy(sql.SQL("COPY journal ({}) FROM STDIN").format(
            sql.SQL(", ").join(map(sql.Identifier, COLUMNS)))) as copy:
        for line in lines:
            copy.write_row(row_of(line))


def last_seq(conn: psycopg.Connection[Any]) -> int:
    row = conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()
    return int(row[0]) if row else 0


def query(conn: psycopg.Connection[Any], conditions: list[sql.Composable], params: list[Any]) -> list[JournalEntry]:
    """The entries matching every condition, oldest first."""
    where = sql.SQL("WHERE ") + sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("")
    rows = conn.execute(_SELECT + where + sql.SQL(" ORDER BY seq"), params).fetchall()
    return [entry_of(r) for r in rows]


def history(conn: psycopg.Connection[Any], code: str | None = None, author: str | None = None,
            since: date | datetime | None = None, kind: str | None = None) -> list[JournalEntry]:
    """As ``..journal.select`` over the file's entries."""
    conditions: list[sql.Composable] = []
    params: list[Any] = []
    for column, value in (("code", code), ("author", author), ("kind", kind)):
        if value is not None:
            conditions.append(sql.SQL("{} = %s").format(sql.Identifier(column)))
            params.append(value)
    if since is not None:
        start = since if isinstance(since, datetime) else datetime(since.year, since.month, since.day)
        conditions.append(sql.SQL("time >= %s"))
        params.append(start)
    return query(conn, conditions, params)


def mine_and_creates(conn: psycopg.Connection[Any], column: str, value: str) -> list[JournalEntry]:
    """The entries of one author or session, and the database's creations (the undo stacks)."""
    return query(conn, [sql.SQL("({} = %s OR action = 'create')").format(sql.Identifier(column)), NOT_REFUSED],
                 [value])


def later_changes(conn: psycopg.Connection[Any], group: int, records: Iterable[tuple[str, str]]) -> list[JournalEntry]:
    """The entries after ``group`` that touched any of ``records`` ((kind, code) pairs)."""
    pairs = list(dict.fromkeys(records))
    if not pairs:
        return []
    kinds, codes = [k for k, _c in pairs], [c for _k, c in pairs]
    return query(conn, [sql.SQL("seq > %s"), NOT_REFUSED,
                        sql.SQL("(kind, code) IN (SELECT * FROM unnest(%s::text[], %s::text[]))")],
                 [group, kinds, codes])


def changed_since(conn: psycopg.Connection[Any], seq: int, upto: int | None = None) -> list[tuple[int, str, str, str]]:
    """(seq, kind, code, session) of every line after ``seq`` (up to ``upto``)."""
    if upto is None:
        rows = conn.execute("SELECT seq, kind, code, session FROM journal WHERE seq > %s AND code <> '' "
                            "AND action <> 'refused' ORDER BY seq", (seq,)).fetchall()
    else:
        rows = conn.execute("SELECT seq, kind, code, session FROM journal WHERE seq > %s AND seq <= %s "
                            "AND code <> '' AND action <> 'refused' ORDER BY seq", (seq, upto)).fetchall()
    return [(int(s), str(k), str(c), str(ss)) for s, k, c, ss in rows]


def rewind(conn: psycopg.Connection[Any], kind: str, code: str, current: Raw | None, seq: int) -> Raw | None:
    """The record as it was after journal line ``seq``: ``current`` with the later lines that
    touched it undone (None: it did not exist then)."""
    rows = conn.execute("SELECT before, after FROM journal WHERE kind = %s AND code = %s AND seq > %s "
                        "AND action <> 'refused' ORDER BY seq DESC", (kind, code, seq)).fetchall()
    raw = current
    for before, after in rows:
        if before is None:  # an add: nothing before it
            raw = None
        elif after is None:  # a delete: the whole record before it
            raw = dict(before)
        else:
            raw = {**(raw or {}), **before}
    return raw
