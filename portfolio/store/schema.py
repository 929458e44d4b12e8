"""The database file's layout, its schema versions and migrations, and validation on load.

File layout (TinyDB tables, documents keyed by string ids)::

    {"meta":     {"schema": {"version": 2, "counters": {"W": 8, ...}, "journal_seq": 41}},
     "projects": {"W01": {...project...}, ...},          # plan order
     "<table>":  {...}}                                  # one table per other record kind

``journal_seq`` is the last journal line whose change the file holds (see ``journal.py``).
The file keeps no history: before/after copies live in the journal beside it, so that
repeated imports do not grow the database.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

from pydantic import BaseModel, ValidationError

from ..collector import paused
from ..errors import DatabaseError, printable
from ..i18n import _
from ..records.fields import STORED
from ..records.issues import describe_errors
from ..tracking import READING, advance, stage
from .journal_check import MAX_SEQ
from .kinds import KINDS, Kind, list_adapter

SCHEMA_VERSION = 2
MAX_COUNTER = 10**9  # the numbers of record codes (W01 … W999999999)
Raw = dict[str, Any]

# Migrations from version N to N+1, applied in memory on load; written on the next save.
Migration = Callable[[Raw], Raw]


def _drop_history(data: Raw) -> Raw:
    """Version 1 kept the last 50 changes (whole before/after records) in a ``history`` table;
    the journal (kept for good, beside the file) replaces it."""
    data.pop("history", None)
    data["meta"]["schema"].setdefault("journal_seq", 0)
    return data


MIGRATIONS: dict[int, Migration] = {1: _drop_history}


def empty_database() -> Raw:
    return {"meta": {"schema": {"version": SCHEMA_VERSION, "counters": {}, "journal_seq": 0}},
            "projects": {}}


def migrate(data: Raw, path: Path) -> Raw:
    meta = data.get("meta", {}).get("schema") if isinstance(data.get("meta"), dict) else None
    if not isinstance(meta, dict) or type(meta.get("version")) is not int:
        raise DatabaseError(path, _("no schema version (meta.schema.version) in the file"))
    counters = meta.get("counters", {})
    if not isinstance(counters, dict) or any(type(v) is not int or not 0 <= v <= MAX_COUNTER
                                             for v in counters.values()):
        raise DatabaseError(path, _("meta.schema.counters must map code letters to whole numbers "
                                    "from 0 to {limit}").format(limit=MAX_COUNTER))
    seq = meta.get("journal_seq", 0)
    if seq is not None and (type(seq) is not int or not 0 <= seq <= MAX_SEQ):
        raise DatabaseError(path, _("meta.schema.journal_seq must be a whole number from 0 to {limit}").format(
            limit=MAX_SEQ))
    version = meta["version"]
    if version > SCHEMA_VERSION:
        raise DatabaseError(
            path,
            _("schema version {found} is newer than this program supports ({supported}); "
              "upgrade portfolio").format(found=version, supported=SCHEMA_VERSION),
        )
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise DatabaseError(path, _("no migration from schema version {v}").format(v=version))
        data = step(data)
        version += 1
        data["meta"]["schema"]["version"] = version
    return data


def journal_seq(data: Raw, path: Path) -> int:
    """The last journal line the file holds (``meta.schema.journal_seq``), checked."""
    return int(migrate(data, path)["meta"]["schema"].get("journal_seq") or 0)


def table_of(data: Raw, kind: Kind, path: Path) -> dict[str, Any]:
    """The raw table of one kind (a missing table is empty, except the projects')."""
    table = data.get(kind.table)
    if table is None and kind.name != "project":
        return {}
    if not isinstance(table, dict):
        raise DatabaseError(path, _("the '{table}' table is missing or not an object").format(table=kind.table))
    return table


def validate_table(data: Raw, kind: Kind, path: Path) -> dict[str, BaseModel]:
    """Every record of one kind validated (all at once, in pydantic-core); the first bad one
    is named with its fields."""
    return validate_records(table_of(data, kind, path), kind, path)


VALIDATE_CHUNK = 10_000


def _invalid(records: list[Any], keys: list[str], first: int, kind: Kind, path: Path) -> NoReturn:
    """The first invalid record, named with its fields."""
    where = _("{code} (#{n})").format(code=printable(keys[first]), n=first + 1)
    if not isinstance(records[first], dict):
        raise DatabaseError(path, _("the record is not an object"), record=where)
    try:
        kind.model.model_validate(records[first], context=STORED)
    except ValidationError as one:
        raise DatabaseError(path, _("invalid record"), record=where, issues=describe_errors(one)) from None
    raise DatabaseError(path, _("invalid record"), record=where)


def validate_one(table: dict[str, Any], code: str, kind: Kind, path: Path) -> BaseModel:
    """One record of a raw table validated alone (named as ``validate_records`` names it)."""
    try:
        model = kind.model.model_validate(table[code], context=STORED)
    except ValidationError:
        keys = list(table)
        _invalid(list(table.values()), keys, keys.index(code), kind, path)
    if getattr(model, "code", None) != code:
        return validate_records(table, kind, path)[code]  # raises, naming the record
    return model


def validate_records(table: dict[str, Any], kind: Kind, path: Path) -> dict[str, BaseModel]:
    """The records of one raw table validated, keyed by code (see ``validate_table``)."""
    keys = list(table)
    records = list(table.values())
    adapter = list_adapter(kind.model)
    models: list[Any] = []
    # in chunks, so that a large file's reading shows a count (``tracking``); as fast as one call
    stage(READING, len(records))
    for begin in range(0, len(records), VALIDATE_CHUNK):
        part = records[begin:begin + VALIDATE_CHUNK]
        try:
            models += adapter.validate_python(part, context=STORED)
        except ValidationError as exc:
            first = begin + min(int(e["loc"][0]) for e in exc.errors() if e["loc"] and isinstance(e["loc"][0], int))
            _invalid(records, keys, first, kind, path)
        advance(len(part))
    out: dict[str, BaseModel] = {}
    for n, (key, model) in enumerate(zip(keys, models, strict=True), start=1):
        code = getattr(model, "code", None)
        if code != key:
            where = _("{code} (#{n})").format(code=printable(key), n=n)
            raise DatabaseError(
                path, _("the record's code {code} differs from its key").format(code=code),
                record=where,
            )
        out[key] = model
    return out


def validate_all(data: Raw, path: Path) -> dict[str, dict[str, BaseModel]]:
    """Every registered kind's table validated: kind name -> code -> record."""
    return {name: validate_table(data, kind, path) for name, kind in KINDS.items()}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Parsing and validating 100,000 records makes millions of objects, and Python's cyclic
    garbage collector would scan them again and again (measured: validation 2.5 s -> 0.6 s); the
    loaded records, which live as long as the repository, are then moved out of its way
    (``portfolio.collector.paused``: a pause another thread holds meanwhile is kept)."""
    with paused():
        yield
