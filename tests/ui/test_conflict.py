"""The conflict dialog: the same field changed here and in another process. Nothing the user
has not seen is ever overwritten; escape never writes; the form keeps its base."""

from __future__ import annotations

import pytest
from textual.widgets import Input, RadioButton

from portfolio.store import open_repository
from tui.app import make_app
from tui.screens.conflict import ConflictScreen
from tui.screens.form import FormScreen
from tui.screens.main import MainScreen

from .helpers import set_input, settle, table, text_of


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_USER", "planner")
    return make_app(db_path)


def stored(db_path, code: str = "W01"):
    return open_repository(db_path).get(code)


async def open_w01(pilot) -> None:
    await settle(pilot)
    table(pilot.app).select_code("W01")
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)


async def save_into_conflict(pilot, db_path, progress: str = "30") -> None:
    set_input(pilot.app, "#progress_percent", progress)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConflictScreen)


async def test_the_issue_check_escape_twice_then_save_again_keeps_theirs(app, db_path):
    """With W01's form open, another process sets progress=66; the form's 30 is saved →
    dialog; escape, escape; W01 opened and saved again: the file holds 66."""
    async with app.run_test(size=(120, 40)) as pilot:
        await open_w01(pilot)
        open_repository(db_path, author="li").update("W01", {"progress_percent": 66})
        await save_into_conflict(pilot, db_path)
        text = text_of(app, "#conflict-title") + str(app.screen.query_one("#row-progress_percent").render())
        assert "W01" in text_of(app, "#conflict-title") and "li" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#progress_percent", Input).value == "30"  # typed, kept
        await pilot.press("ctrl+s")  # saving again from the same base: the dialog again
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape", "y")  # the form's typed 30 dropped, when asked
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert stored(db_path).progress_percent == 66
        await open_w01(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert stored(db_path).progress_percent == 66
        assert "66%" in table(app).row_cells("W01")


async def test_the_dialog_shows_base_theirs_and_mine(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_w01(pilot)
        open_repository(db_path, author="li").update("W01", {"progress_percent": 66})
        await save_into_conflict(pilot, db_path)
        assert [c.field for c in app.screen.conflicts] == ["progress_percent"]
        assert str(app.screen.query_one("#theirs-progress_percent", RadioButton).label) == "66%"
        assert str(app.screen.query_one("#mine-progress_percent", RadioButton).label) == "30%"
        row = " ".join(str(w.render()) for w in app.screen.query("#row-progress_percent Static"))
        assert "打开表单时：0%" in row
        assert app.screen.query_one("#theirs-progress_percent").side == "对方的（li）"


async def test_choosing_mine_writes_only_that_and_keeps_their_other_changes(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_w01(pilot)
        open_repository(db_path, author="li").update("W01", {"progress_percent": 66, "name": "别处改名"})
        set_input(app, "#scale", "我的规模")
        await save_into_conflict(pilot, db_path)
        await pilot.press("right")  # the focused field's choice: from theirs to mine
        await pilot.press("enter")
        assert app.screen.query_one("#mine-progress_percent", RadioButton).value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        saved = stored(db_path)
        assert (saved.progress_percent, saved.name, saved.scale) == (30, "别处改名", "我的规模")


async def test_choosing_theirs_with_the_mouse_keeps_theirs(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_w01(pilot)
        open_repository(db_path, author="li").update("W01", {"progress_percent": 66})
        set_input(app, "#scale", "我的规模")
        await save_into_conflict(pilot, db_path)
        await pilot.click("#mine-progress_percent")
        assert app.screen.query_one("#mine-progress_percent", RadioButton).value
        await pilot.click("#theirs-progress_percent")
        assert app.screen.query_one("#theirs-progress_percent", RadioButton).value
        await pilot.click("#conflict-save")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        saved = stored(db_path)
        assert (saved.progress_percent, saved.scale) == (66, "我的规模")


async def test_a_choice_made_while_yet_another_change_lands_asks_again(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await open_w01(pilot)
        open_repository(db_path, author="li").update("W01", {"progress_percent": 66})
        await save_into_conflict(pilot, db_path)
        open_repository(db_path, author="wang").update("W01", {"progress_percent": 70})
        await pilot.press("m")  # all mine
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)  # theirs moved on: asked again, nothing written
        assert stored(db_path).progress_percent == 70
        await pilot.press("m", "ctrl+s")
        await settle(pilot)
        assert stored(db_path).progress_percent == 30


@pytest.mark.live
@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_conflict_dialog_snapshot(snap_compare, size, monkeypatch):
    from filelock import FileLock

    from .helpers import snapshot_db

    monkeypatch.setenv("PORTFOLIO_USER", "planner")
    folder = "portfolio-snapshots-conflict"

    async def run_before(pilot):
        await open_w01(pilot)
        open_repository(db, author="li").update("W01", {"progress_percent": 66, "status": "in_progress"})
        banner = pilot.app.screen.query_one("#form-banner")
        while not banner.display:  # the live view has seen it
            await pilot.pause(0.05)
        await pilot.pause(0.1)  # its toast (a message) is on show: clear it
        pilot.app.clear_notifications()
        await pilot.pause()
        set_input(pilot.app, "#status", "suspended")
        await save_into_conflict(pilot, db)
        await pilot.pause(0.3)

    with FileLock(f"/tmp/{folder}.lock"):  # one run at a time, across checkouts too
        db = snapshot_db(folder)
        assert snap_compare(make_app(db), terminal_size=size, run_before=run_before)


async def w08_mixed_conflict(pilot, db_path) -> None:
    """Issue 11's check: W08's form open; li sets progress=35 planned=110 from a shell; the
    form's 45 and 250 are saved → the dialog with both fields."""
    await settle(pilot)
    table(pilot.app).select_code("W08")
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    open_repository(db_path, author="li").update("W08", {"progress_percent": 35, "planned_investment": 110})
    set_input(pilot.app, "#progress_percent", "45")
    set_input(pilot.app, "#planned_investment", "250")
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ConflictScreen)
    assert [c.field for c in pilot.app.screen.conflicts] == ["progress_percent", "planned_investment"]


def mine_written(db_path, app) -> None:
    saved = stored(db_path, "W08")
    assert (saved.progress_percent, saved.planned_investment) == (35, 250)
    mine = [e for e in open_repository(db_path).history(code="W08") if e.author == "planner"]
    assert mine, "the mixed choice left no journal entry"


async def test_a_mixed_choice_by_keyboard_writes_theirs_and_mine(app, db_path):
    """Tab (or ↓) to 计划投资, → keeps mine there (theirs stays on 进度), ctrl+s: 35 and 250."""
    async with app.run_test(size=(120, 40)) as pilot:
        await w08_mixed_conflict(pilot, db_path)
        await pilot.press("tab")
        assert app.focused is app.screen.query_one("#choice-planned_investment")
        await pilot.press("right")
        assert app.screen.choice() == {"progress_percent": 35, "planned_investment": 250}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        mine_written(db_path, app)
        assert "已保存：W08" in text_of(app, "#status-line")


async def test_arrows_move_between_rows_and_choose(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await w08_mixed_conflict(pilot, db_path)
        await pilot.press("down")
        assert app.focused is app.screen.query_one("#choice-planned_investment")
        await pilot.press("right", "up")
        assert app.focused is app.screen.query_one("#choice-progress_percent")
        await pilot.press("right", "left")  # back to theirs on 进度
        assert app.screen.choice() == {"progress_percent": 35, "planned_investment": 250}


async def test_a_mixed_choice_by_mouse_writes_theirs_and_mine(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await w08_mixed_conflict(pilot, db_path)
        await pilot.click("#mine-planned_investment")
        await pilot.pause()
        assert app.screen.choice() == {"progress_percent": 35, "planned_investment": 250}
        await pilot.click("#conflict-save")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        mine_written(db_path, app)


async def test_keeping_all_theirs_says_no_changes(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await w08_mixed_conflict(pilot, db_path)
        await pilot.press("t", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        status = text_of(app, "#status-line")
        assert "已保存" not in status  # nothing was written: never "saved"
        # the live view's notice of li's change may arrive after ours and take the line
        assert "没有修改" in status or "li 修改了 W08" in status
        assert any("没有修改" in str(n.message) for n in app._notifications)
        saved = stored(db_path, "W08")
        assert (saved.progress_percent, saved.planned_investment) == (35, 110)  # theirs, untouched
