"""Reading and writing the record tables of the server database (one per kind)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import orjson
import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb
from pydantic import BaseModel

from ...records.fields import STORED
from ..kinds import Kind, get_kind, list_adapter, record_dict
from .schema import table

if TYPE_CHECKING:
    from ...units import Directory

Raw = dict[str, Any]


def validate(kind: Kind, raws: list[Raw]) -> list[BaseModel]:
    """Records as stored, validated all at once (pydantic-core)."""
    return list(list_adapter(kind.model).validate_python(raws, context=STORED))


def fetch(conn: psycopg.Connection[Any], kind: Kind, where: sql.Composable = sql.SQL(""),
          params: Iterable[Any] = (), lock: bool = False, canonical: bool = False) -> tuple[list[BaseModel], list[Raw]]:
    """The records of ``kind`` matching ``where``: models and their JSON forms (as stored —
    equal to ``record_dict`` but for the key order JSONB keeps —, or with ``canonical`` in model
    order, as a file holds them: 100,000 ``model_dump`` calls cost seconds); ``lock``: FOR UPDATE."""
    query = sql.SQL("SELECT data::text FROM {} ").format(table(kind.name)) + where
    if lock:
        query += sql.SQL(" FOR UPDATE")
    rows = conn.execute(query, list(params)).fetchall()
    raws = [orjson.loads(r[0]) for r in rows]
    models = validate(kind, raws)
    return models, [record_dict(m) for m in models] if canonical else raws


def fetch_codes(conn: psycopg.Connection[Any], kind: Kind, codes: list[str],
                lock: bool = False) -> dict[str, tuple[BaseModel, Raw]]:
    models, raws = fetch(conn, kind, sql.SQL("WHERE code = ANY(%s)"), [codes], lock=lock)
    return {m.code: (m, r) for m, r in zip(models, raws, strict=True)}  # type: ignore[attr-defined]


def put(conn: psycopg.Connection[Any], kind: Kind, code: str, data: Raw | None) -> None:
    """Write (``data``) or delete (None) one record; its version counts the writes."""
    if data is None:
        conn.execute(sql.SQL("DELETE FROM {} WHERE code = %s").format(table(kind.name)), (code,))
        return
    conn.execute(sql.SQL("INSERT INTO {} AS t (code, data) VALUES (%s, %s) ON CONFLICT (code) DO UPDATE "
                         "SET data = excluded.data, version = t.version + 1").format(table(kind.name)),
                 (code, Jsonb(data)))


COPY_CHUNK = 2000  # records a write to the COPY stream


def _copy_text(value: bytes) -> bytes:
    """A value in COPY's text format: backslash, tab, newline and return escaped (orjson writes
    the last three escaped already; a code could hold them)."""
    if b"\\" in value:
        value = value.replace(b"\\", b"\\\\")
    if b"\t" in value or b"\n" in value or b"\r" in value:
        value = value.replace(b"\t", b"\\t").replace(b"\n", b"\\n").replace(b"\r", b"\\r")
    return value


def _copy_line(raw: Raw) -> bytes:
    """One record as a line of ``COPY (code, data)`` in text format (one orjson call: what
    ``write_row`` would do field by field in Python, a third of a load's time)."""
    return _copy_text(str(raw["code"]).encode()) + b"\t" + _copy_text(orjson.dumps(raw)) + b"\n"


BULK = 5000  # from this many records a load builds the table's query indexes after the COPY


def copy_in(conn: psycopg.Connection[Any], kind: Kind, raws: Iterable[Raw]) -> int:
    """Bulk load (COPY) records into an empty table; how many. A big load drops the table's
    secondary indexes first and builds them again after it (in the caller's transaction):
    one sort each instead of 100,000 insertions."""
    rows = list(raws)
    indexes: list[tuple[str, str]] = []
    if len(rows) >= BULK:
        found = conn.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
                             "AND tablename = %s AND indexname NOT IN (SELECT conname FROM pg_constraint)",
                             (kind.table,)).fetchall()
        indexes = [(str(name), str(definition)) for name, definition in found]
        for name, _definition in indexes:
            conn.execute(sql.SQL("DROP INDEX {}").format(sql.Identifier(name)))
    with conn.cursor() as cur, cur.copy(sql.SQL("COPY {} (code, data) FROM STDIN").format(
            table(kind.name))) as copy:
        for begin in range(0, len(rows), COPY_CHUNK):
            copy.write(b"".join(_copy_line(raw) for raw in rows[begin:begin + COPY_CHUNK]))
    for _name, definition in indexes:
        conn.execute(definition.encode())
    return len(rows)


def bump_counters(conn: psycopg.Connection[Any], counters: dict[str, int]) -> None:
    """Raise the code counters (never lower them)."""
    if not counters:
        return
    conn.execute("INSERT INTO counters AS c (key, n) SELECT * FROM unnest(%s::text[], %s::bigint[]) "
                 "ON CONFLICT (key) DO UPDATE SET n = greatest(c.n, excluded.n)",
                 (list(counters), list(counters.values())))


def counters_of(kind: Kind, codes: Iterable[str]) -> dict[str, int]:
    """The counter keys and numbers of ``codes`` (as ``steps.put`` counts them)."""
    out: dict[str, int] = {}
    for code in codes:
        prefix = code.rstrip("0123456789")
        number = code[len(prefix):]
        if number.isdigit():
            key = kind.counter_key(prefix)
            out[key] = max(out.get(key, 0), int(number))
    return out


def highest(conn: psycopg.Connection[Any], kind: Kind, prefix: str) -> int:
    """The highest number ever used for ``prefix`` (the counter, or a record's code)."""
    row = conn.execute(
        sql.SQL("SELECT greatest((SELECT n FROM counters WHERE key = %s), "
                "(SELECT max(substr(code, %s)::bigint) FROM {} WHERE starts_with(code, %s) "
                "AND substr(code, %s) ~ '^[0-9]{{1,18}}$'))").format(table(kind.name)),
        (kind.counter_key(prefix), len(prefix) + 1, prefix, len(prefix) + 1)).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def unit_directory(conn: psycopg.Connection[Any]) -> Directory:
    """The units directory stored in the database (its unit records; the defaults when none)."""
    from ...units import Directory

    _models, raws = fetch(conn, get_kind("unit"))
    return Directory.from_raw({r["code"]: {"name": r["code"], "aliases": r.get("aliases", []),
                                           "members": r.get("members", [])} for r in raws})
