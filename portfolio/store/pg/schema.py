"""The server database's layout and its versioned migrations.

Tables::

    portfolio_schema (version, applied)           the migrations applied, one row each
    counters (key, n)                             the highest code number ever used per prefix
    journal (seq, grp, time, author, session, action, kind, code, before, after, reverts, note)
    projects (code, data JSONB, version, category, status, start_year, end_year, subcategory)
    <table> (code, data JSONB, version)           one per other record kind (tasks, indicators, units…)
    accounts (name, role, unit, hash, created)    the logins (``accounts.py``)

A record is its JSON form (``record_dict``) in ``data``; ``version`` counts its writes. The
projects' query columns are generated from ``data`` (never out of step with it) and indexed:
``where.py`` turns the query terms that read them into SQL. A kind registered later gets its
table when a database is opened (``ensure_kind_tables``).

``MIGRATIONS[n]`` brings a database from version n-1 to n; opening applies the missing ones
in one transaction. A database newer than this program is refused.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from ...errors import DatabaseError
from ...i18n import _
from ..kinds import KINDS
from .connect import shown

SCHEMA_LOCK = 0x706F7274  # advisory lock key of migrations ("port")

MIGRATIONS: dict[int, str] = {
    1: """
CREATE TABLE counters (key text PRIMARY KEY, n bigint NOT NULL);
CREATE TABLE journal (
    seq bigint PRIMARY KEY, grp bigint NOT NULL, time timestamp NOT NULL, author text NOT NULL,
    session text NOT NULL, action text NOT NULL, kind text NOT NULL, code text NOT NULL,
    before jsonb, after jsonb, reverts bigint, note text NOT NULL DEFAULT '');
CREATE INDEX journal_record ON journal (kind, code, seq);
CREATE INDEX journal_author ON journal (author, seq);
CREATE INDEX journal_session ON journal (session, seq);
CREATE TABLE projects (
    code text PRIMARY KEY, data jsonb NOT NULL, version bigint NOT NULL DEFAULT 1,
    category text GENERATED ALWAYS AS (data->>'category') STORED,
    status text GENERATED ALWAYS AS (data->>'status') STORED,
    start_year integer GENERATED ALWAYS AS ((data->>'start_year')::integer) STORED,
    end_year integer GENERATED ALWAYS AS ((data->>'end_year')::integer) STORED,
    subcategory text GENERATED ALWAYS AS (lower(data->>'subcategory')) STORED);
CREATE INDEX projects_category ON projects (category);
CREATE INDEX projects_status ON projects (status);
CREATE INDEX projects_years ON projects (start_year, end_year);
CREATE INDEX projects_end ON projects (end_year);
""",
    2: """
CREATE TABLE accounts (
    name text PRIMARY KEY, role text NOT NULL CHECK (role IN ('planner', 'reporter', 'viewer')),
    unit text, hash text NOT NULL, created timestamp NOT NULL DEFAULT now()::timestamp(0));
""",
}
SCHEMA_VERSION = max(MIGRATIONS)

KIND_TABLE = "CREATE TABLE IF NOT EXISTS {} (code text PRIMARY KEY, data jsonb NOT NULL, version bigint NOT NULL DEFAULT 1)"


def current_version(conn: psycopg.Connection[Any]) -> int | None:
    """The schema version of the connected database; None when it holds no portfolio."""
    found = conn.execute("SELECT to_regclass('portfolio_schema')").fetchone()
    if found is None or found[0] is None:
        return None
    row = conn.execute("SELECT coalesce(max(version), 0) FROM portfolio_schema").fetchone()
    return int(row[0]) if row else 0


def upgrade(conn: psycopg.Connection[Any], url: str, create: bool) -> int:
    """Apply the missing migrations (and make the tables of every registered kind) in one
    transaction. ``create``: a database without a portfolio gets one; otherwise that is an
    error naming how to make one."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        version = current_version(conn)
        if version is None:
            if not create:
                raise DatabaseError(shown(url), _(
                    "no portfolio in this database; copy one into it with 'portfolio migrate FILE {url}'")
                    .format(url=shown(url)))
            conn.execute("CREATE TABLE portfolio_schema (version integer PRIMARY KEY, "
                         "applied timestamp NOT NULL DEFAULT now()::timestamp(0))")
            version = 0
        if version > SCHEMA_VERSION:
            raise DatabaseError(shown(url), _(
                "schema version {found} is newer than this program supports ({supported}); upgrade portfolio")
                .format(found=version, supported=SCHEMA_VERSION))
        while version < SCHEMA_VERSION:
            version += 1
            conn.execute(MIGRATIONS[version].encode())
            conn.execute("INSERT INTO portfolio_schema (version) VALUES (%s)", (version,))
        ensure_kind_tables(conn)
    return version


def ensure_kind_tables(conn: psycopg.Connection[Any]) -> None:
    for kind in KINDS.values():
        conn.execute(sql.SQL(KIND_TABLE).format(sql.Identifier(kind.table)))


def table(name: str) -> sql.Identifier:
    return sql.Identifier(KINDS[name].table)
