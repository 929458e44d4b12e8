"""The test PostgreSQL server (127.0.0.1:5432, user postgres, trust): each test that asks for
a server database gets its own, made for it and dropped afterwards."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

SERVER = os.environ.get("PORTFOLIO_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database on the test server (dropped on leaving)."""
    from portfolio.store.pg.connect import create_database, drop_database

    url = f"{SERVER}/portfolio_test_{uuid.uuid4().hex[:12]}"
    create_database(url)
    try:
        yield url
    finally:
        drop_database(url)
