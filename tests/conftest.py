from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from portfolio import i18n, units
from portfolio.store import Repository
from tests.backends import BACKENDS, Backend

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "data" / "projects.json"
SEEDS = ROOT / "seeds"  # the public documents the importers read (copied from the shared seeds)
PLAN = SEEDS / "004_ae4b6fe49ab368be.txt"
FIXTURE_PLAN = Path(__file__).parent / "fixtures" / "plan_appendix.txt"


# the stamps of files proved valid (``store.trust``) are never written into the real cache, also
# where a test's own isolation does not reach: module-scoped fixtures, a test that undoes its
# monkeypatches (back to this value), processes started with a copy of the environment
_SESSION_CACHE = tempfile.mkdtemp(prefix="portfolio-test-cache-")
atexit.register(shutil.rmtree, _SESSION_CACHE, ignore_errors=True)
os.environ["PORTFOLIO_CACHE_DIR"] = _SESSION_CACHE
os.environ["XDG_CACHE_HOME"] = _SESSION_CACHE


def plan_path() -> Path:
    """The plan seed (beside the checkout), else the copy of its appendix kept in tests/."""
    return PLAN if PLAN.exists() else FIXTURE_PLAN


@pytest.fixture(autouse=True)
def _isolate(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    monkeypatch.delenv("PORTFOLIO_DB", raising=False)
    monkeypatch.delenv("PORTFOLIO_LANG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("PORTFOLIO_CONFIG_DIR", str(tmp_path / "config"))  # per-user settings
    # the stamps of files proved valid (``store.trust``): never the real cache, and outside
    # tmp_path (tests list what a command left there)
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache / "xdg"))
    monkeypatch.setenv("PORTFOLIO_CACHE_DIR", str(cache / "portfolio"))
    monkeypatch.setenv("PORTFOLIO_USER", "tester")  # the status bar shows who edits
    i18n.set_language("zh_CN")
    units.reset_directory()  # a command run by an earlier test set its database's directory
    yield
    i18n.set_language("zh_CN")
    units.reset_directory()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A temporary copy of the bundled database (tests never touch data/projects.json)."""
    target = tmp_path / "projects.json"
    shutil.copyfile(BUNDLED, target)
    return target


@pytest.fixture
def repo(db_path: Path) -> Repository:
    return Repository.open(db_path)


@pytest.fixture
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("zh_CN")


@pytest.fixture(params=BACKENDS, ids=lambda b: b.name)
def backend(request: pytest.FixtureRequest) -> Backend:
    """Each storage backend in turn (tests/backends.py): the test runs once per backend."""
    return request.param


@pytest.fixture
def db(backend: Backend, tmp_path: Path) -> Iterator[str]:
    """A fresh database of ``backend`` holding the bundled projects: its --db value."""
    with backend.make(tmp_path) as made:
        yield made


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Whole-file parses of a proved file (a quick open from a row snapshot avoids them): the
    size of each file parsed."""
    from portfolio.store import storage

    seen: list[int] = []
    real = storage._parse_proved

    def spy(raw: bytes):  # type: ignore[no-untyped-def]
        seen.append(len(raw))
        return real(raw)

    monkeypatch.setattr(storage, "_parse_proved", spy)
    return seen
