"""The first screen of a file proved valid (``portfolio.store.trust``) is drawn from the stored
rows: only the projects it reads are validated (the widths' sample, the rows on screen, the one
under the cursor), and it shows exactly what a file checked in full shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.generate import make
from portfolio.store import Repository, file_views, trust
from portfolio.store import file as file_module
from tui.app import make_app
from tui.widgets.detail import RecordDetail
from tui.widgets.record_table import SAMPLE

from .helpers import settle, table, text_of

N = 1500  # more than the widths' sample


@pytest.fixture
def big_db(tmp_path: Path) -> Path:
    db = tmp_path / "big.json"
    Repository.create(db, make(N))  # a save by this program: the file is stamped
    return db


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Projects validated: as a whole table, and one by one."""
    seen = {"table": 0, "one": 0}
    for module in (file_module, file_views):
        real = module.validate_records

        def spy(table, kind, path, real=real):  # type: ignore[no-untyped-def]
            if kind.name == "project":
                seen["table"] += len(table)
            return real(table, kind, path)

        monkeypatch.setattr(module, "validate_records", spy)
    real_one = file_views.validate_one

    def spy_one(table, code, kind, path):  # type: ignore[no-untyped-def]
        seen["one"] += 1
        return real_one(table, code, kind, path)

    monkeypatch.setattr(file_views, "validate_one", spy_one)
    return seen


async def screen_of(db: Path, keys: tuple[str, ...] = ()) -> tuple[list[str], str, str, str]:
    """What the first screen shows (after ``keys``): the table's codes, the count, the tree, the
    detail's project."""
    app = make_app(db, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        tree = app.screen.query_one("#tree")
        labels = [str(n.label) for n in tree.root.children]  # type: ignore[attr-defined]
        current = table(app).current
        detail = app.screen.query_one(RecordDetail)
        assert detail is not None
        return table(app).visible_ids(), text_of(app, "#match-count"), "|".join(labels), current.code if current else ""


async def test_a_stamped_file_shows_its_first_screen_without_validating_every_project(
        big_db: Path, validations: dict[str, int]):
    shown = await screen_of(big_db)
    assert validations["table"] == 0
    assert 0 < validations["one"] <= SAMPLE + 40  # the widths' sample, the lines drawn, the cursor's
    assert len(shown[0]) == N


async def test_a_stamped_file_shows_what_a_checked_file_shows(big_db: Path, validations: dict[str, int]):
    stamped = await screen_of(big_db)
    stamped_filtered = await screen_of(big_db, ("slash", *"cat:water", "enter"))
    assert validations["table"] == 0
    trust.forget(big_db)
    checked = await screen_of(big_db)
    assert validations["table"] == N  # no stamp: checked in full, as before
    trust.forget(big_db)  # (the full check stamped it again)
    checked_filtered = await screen_of(big_db, ("slash", *"cat:water", "enter"))
    assert validations["table"] == 2 * N
    assert stamped == checked
    assert stamped_filtered == checked_filtered
    assert stamped_filtered[0] != stamped[0]  # the filter did narrow


async def test_sorting_a_stamped_file_builds_the_projects_and_sorts_as_before(big_db: Path):
    stamped = await screen_of(big_db, ("right", "right", "s"))
    trust.forget(big_db)
    checked = await screen_of(big_db, ("right", "right", "s"))
    assert stamped == checked


async def test_the_form_of_a_stamped_file_validates_its_project_alone(big_db: Path, validations: dict[str, int]):
    from tui.screens.form import FormScreen

    app = make_app(big_db, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.record is not None and app.screen.record.code == "W00003"
    assert validations["table"] == 0
