"""The storage backends every repository-level test runs against (issue #21: the same
contract, two backends): the TinyDB file and a real PostgreSQL server (a database of its own
per test, tests/pg.py). The ``backend`` and ``db`` fixtures (tests/conftest.py) give each test
one fresh database holding the bundled projects, once per backend."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from portfolio.store import Repository, open_repository

BUNDLED = Path(__file__).resolve().parent.parent / "data" / "projects.json"


@dataclass
class Backend:
    name: str
    # a fresh database holding the bundled projects -> its --db value (removed on leaving)
    make: Callable[[Path], AbstractContextManager[str]]

    def open(self, db: str, author: str = "a") -> Repository:
        return open_repository(db, author=author)

    def create(self, db: str, projects: Any, author: str = "a") -> Repository:
        return Repository.create(db, projects, author=author)

    @staticmethod
    def state(db: str) -> tuple[Any, ...]:
        """Everything the database holds (records of every kind, code counters, journal), read
        the way ``portfolio migrate`` reads it: equal before and after means nothing was written."""
        from portfolio.store.migrate import read

        held = read(db)
        return held.tables, held.counters, held.journal


def _copy_of_bundled(tmp: Path) -> str:
    target = tmp / "projects.json"
    shutil.copyfile(BUNDLED, target)
    return str(target)


@contextmanager
def _file_db(tmp: Path) -> Iterator[str]:
    yield _copy_of_bundled(tmp)


@contextmanager
def _server_db(tmp: Path) -> Iterator[str]:
    """A database of its own on the test PostgreSQL server, holding the bundled portfolio."""
    from portfolio.store.migrate import migrate
    from tests.pg import fresh_database

    with fresh_database() as url:
        migrate(_copy_of_bundled(tmp), url, quiet=True)
        yield url


BACKENDS = [Backend("file", _file_db), Backend("postgresql", _server_db)]
