"""The first screen of a large file started as ``portfolio`` starts it (loaded in the background)
comes from the file's row snapshot when one is kept (``portfolio.store.snapshot``): the same
screen as a full read, nothing parsed whole before it; after it the app completes the open,
keeps the snapshot for the next start, and edits save as always."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import make
from portfolio.store import Repository, snapshot
from portfolio.store.file import FileRepository
from tui import app as app_module
from tui.app import make_app
from tui.screens.main import MainScreen

from .helpers import settle, table, text_of, until_load_ends, wait_until

N = 1500


@pytest.fixture
def big_db(tmp_path: Path) -> Path:
    db = tmp_path / "big.json"
    Repository.create(db, make(N))
    return db


async def first_screen(db: Path, background: bool, parses: list[int]) -> tuple[list[str], str, str, str, int]:
    app = make_app(db, lang="en", background_load=background)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), timeout=20)
        await settle(pilot)
        parsed_before_warm_up = len(parses)
        tree = app.screen.query_one("#tree")
        labels = "|".join(str(n.label) for n in tree.root.children)  # type: ignore[attr-defined]
        current = table(app).current
        return (table(app).visible_ids(), text_of(app, "#match-count"), labels, current.code if current else "",
                parsed_before_warm_up)


async def test_the_first_screen_from_a_snapshot_is_the_screen_of_a_full_read(big_db: Path, parses: list[int]):
    assert FileRepository.open(big_db).keep_snapshot()
    full = await first_screen(big_db, background=False, parses=parses)
    parses.clear()
    quick = await first_screen(big_db, background=True, parses=parses)
    assert quick[:4] == full[:4]
    assert quick[4] == 0  # drawn without parsing the file


async def test_the_app_keeps_the_snapshot_after_its_first_screen_and_edits_save(
        big_db: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(app_module, "SNAPSHOT_FIRST", 0.05)
    kept = snapshot.path_of(big_db)
    assert not kept.exists()
    app = make_app(big_db, lang="en", background_load=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), timeout=20)
        await wait_until(pilot, kept.exists, timeout=20)
    # the next start is quick, and an edit made in it is saved and kept
    app = make_app(big_db, lang="en", background_load=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), timeout=20)
        await settle(pilot)
        code = table(app).current.code  # type: ignore[union-attr]
        await pilot.press("e")
        await settle(pilot)
        name = app.screen.query_one("#name")
        name.value = "快速打开后改的名称"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
    assert FileRepository.open(big_db).get(code).name == "快速打开后改的名称"


async def test_a_database_opened_early_is_the_one_the_app_shows(big_db: Path):
    from tui.launch import open_early

    app = make_app(big_db, lang="en", background_load=True, opening=open_early(big_db))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), timeout=20)
        await settle(pilot)
        assert len(table(app).visible_ids()) == N


async def test_an_error_of_an_early_open_is_reported_as_a_load_error(tmp_path: Path):
    from tui.launch import open_early

    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"meta": [')
    app = make_app(bad, lang="en", background_load=True, opening=open_early(bad))
    async with app.run_test(size=(120, 40)) as pilot:
        await until_load_ends(app, pilot)
    assert app.return_code == 1 and app.load_error is not None and "JSON" in app.load_error
    assert bad.read_bytes() == b'{"meta": ['
