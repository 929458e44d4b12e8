"""Reaching a PostgreSQL server: URLs (``postgresql://user@host:port/dbname``), one connection
pool per URL and process (psycopg 3 + psycopg_pool), and server errors turned into one line.

A password in a URL is never shown: ``shown(url)`` replaces it with ``…``."""

from __future__ import annotations

import atexit
import logging
import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson
import psycopg
from psycopg import sql
from psycopg.types.json import set_json_dumps, set_json_loads
from psycopg_pool import ConnectionPool, PoolTimeout

from ...errors import DatabaseError, WriteError
from ...i18n import _

SCHEMES = ("postgresql://", "postgres://")
# the same URL after ``pathlib.Path`` folded its double slash
_FOLDED = re.compile(r"^(postgres(?:ql)?):/(?!/)", re.IGNORECASE)
CONNECT_TIMEOUT = 5  # seconds: a server that is not there is reported, not waited for
POOL_TIMEOUT = 5.0

# the pool retries in the background and logs each failed try: the user gets one line from us
_pool_log = logging.getLogger("psycopg.pool")
_pool_log.addHandler(logging.NullHandler())
_pool_log.propagate = False

set_json_loads(orjson.loads)
set_json_dumps(lambda obj: orjson.dumps(obj).decode())

_pools: dict[str, ConnectionPool[Any]] = {}
_pools_lock = threading.Lock()


def as_url(db: object) -> str | None:
    """The PostgreSQL URL that ``db`` names (also as ``Path`` folded it), else None."""
    text = str(db)
    if text.lower().startswith(SCHEMES):
        return text
    if _FOLDED.match(text):
        return _FOLDED.sub(r"\1://", text)
    return None


def shown(url: str) -> str:
    """The URL as it may be printed: no password."""
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:…@", url)


def reason(exc: BaseException) -> str:
    """The server's one-line reason (psycopg puts details on further lines)."""
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def unreachable(url: str, exc: BaseException, writing: bool = False) -> Exception:
    """A server that cannot be reached or failed mid-step: a clear error, nothing written."""
    if writing:
        return WriteError(_("The PostgreSQL server {url} failed: {reason}; nothing was written, try again.")
                          .format(url=shown(url), reason=reason(exc)))
    return DatabaseError(shown(url), _("the PostgreSQL server cannot be reached: {reason}").format(
        reason=reason(exc)))


def connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    """One connection outside the pool (LISTEN, maintenance)."""
    return psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT, **kwargs)


def pool_for(url: str) -> ConnectionPool[Any]:
    """The process's pool for ``url`` (opened on first use, closed when the process ends)."""
    with _pools_lock:
        pool = _pools.get(url)
        if pool is None:
            connect(url).close()  # a server that is not there: its own reason, at once
            pool = ConnectionPool(url, min_size=1, max_size=8, timeout=POOL_TIMEOUT, open=False,
                                  kwargs={"connect_timeout": CONNECT_TIMEOUT},
                                  check=ConnectionPool.check_connection, name="portfolio")
            pool.open(wait=False)
            _pools[url] = pool
        return pool


def close_pools() -> None:
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.close(timeout=1.0)


atexit.register(close_pools)

# a forked child (multiprocessing) must not talk over its parent's connections: the two would
# interleave on one socket. The child starts with no pools; the parent's are kept referenced
# and never closed there (closing one would end the parent's session on the server).
_inherited: list[ConnectionPool[Any]] = []


def _forget_pools_in_child() -> None:
    global _pools_lock
    _pools_lock = threading.Lock()  # another thread may have held it at the fork
    _inherited.extend(_pools.values())
    _pools.clear()


os.register_at_fork(after_in_child=_forget_pools_in_child)


@contextmanager
def connection(url: str, writing: bool = False) -> Iterator[psycopg.Connection[Any]]:
    """A pooled connection; server and network failures become one clear error."""
    try:
        with pool_for(url).connection() as conn:
            yield conn
    except PoolTimeout as exc:
        raise unreachable(url, _why_not(url) or exc, writing) from None
    except psycopg.Error as exc:
        raise unreachable(url, exc, writing) from None


def _why_not(url: str) -> BaseException | None:
    """Why the server cannot be reached now (the pool only says it timed out)."""
    try:
        connect(url).close()
    except psycopg.Error as exc:
        return exc
    return None


def database_name(url: str) -> str:
    return str(psycopg.conninfo.conninfo_to_dict(url).get("dbname") or "")


def maintenance_url(url: str) -> str:
    """The same server's ``postgres`` database (to create or drop the named one)."""
    params = psycopg.conninfo.conninfo_to_dict(url)
    params["dbname"] = "postgres"
    return psycopg.conninfo.make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})


def database_exists(url: str) -> bool:
    try:
        with connect(maintenance_url(url), autocommit=True) as conn:
            found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database_name(url),)).fetchone()
    except psycopg.OperationalError as exc:
        raise unreachable(url, exc) from None
    return found is not None


def create_database(url: str) -> bool:
    """Create the URL's database when it is missing; whether it was created."""
    if database_exists(url):
        return False
    try:
        with connect(maintenance_url(url), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database_name(url))))
    except psycopg.errors.DuplicateDatabase:
        return False
    except psycopg.Error as exc:
        raise unreachable(url, exc, writing=True) from None
    return True


def drop_database(url: str) -> None:
    """Drop the URL's database (tests), closing this process's pool on it first."""
    with _pools_lock:
        pool = _pools.pop(url, None)
    if pool is not None:
        pool.close(timeout=1.0)
    with connect(maintenance_url(url), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database_name(url))))
