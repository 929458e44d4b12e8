"""Undo and redo of this running app's own changes, a refusal naming who changed what, the
history tab, and the form's report date going into the repository's progress rule."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio.store import open_repository
from tui.app import make_app
from tui.screens.form import FormScreen
from tui.screens.main import MainScreen
from tui.widgets.key_bar import KeyBar

from .helpers import set_input, settle, table, text_of, wait_until


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_USER", "planner")
    return make_app(db_path)


def stored(db_path, code: str):
    return open_repository(db_path).get(code)


async def edit(pilot, code: str, **fields: str) -> None:
    table(pilot.app).select_code(code)
    await pilot.press("e")
    await pilot.pause()
    assert isinstance(pilot.app.screen, FormScreen)
    for name, value in fields.items():
        set_input(pilot.app, f"#{name}", value)
    await pilot.press("ctrl+s")
    await settle(pilot)
    assert isinstance(pilot.app.screen, MainScreen)


async def test_ctrl_z_reverts_only_this_apps_change_and_ctrl_y_redoes_it(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await edit(pilot, "W03", progress_percent="45")
        open_repository(db_path, author="li").update("W02", {"progress_percent": 20})  # someone else, later
        await wait_until(pilot, lambda: "20%" in table(app).row_cells("W02"))  # the live view saw it
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert stored(db_path, "W03").progress_percent == 0
        assert stored(db_path, "W02").progress_percent == 20  # theirs untouched
        assert "已撤销：W03" in text_of(app, "#status-line")
        await pilot.press("ctrl+z")  # nothing more of ours: never li's change
        await settle(pilot)
        assert stored(db_path, "W02").progress_percent == 20
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert stored(db_path, "W03").progress_percent == 45
        assert "已重做：W03" in text_of(app, "#status-line")
        assert "45%" in table(app).row_cells("W03")


async def test_an_undo_over_someone_elses_later_change_is_refused_naming_them(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await edit(pilot, "W01", progress_percent="30")
        open_repository(db_path, author="li").update("W01", {"progress_percent": 50})
        await wait_until(pilot, lambda: "50%" in table(app).row_cells("W01"))
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert stored(db_path, "W01").progress_percent == 50
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors and "li" in errors[-1] and "W01" in errors[-1] and "进度" in errors[-1], errors
        assert "li" in text_of(app, "#status-line")


async def test_key_bar_and_palette_list_undo_and_redo(app):
    from tui.commands import PortfolioCommands

    def listed() -> tuple[set[str], set[str]]:
        bar = {h.description for h in app.screen.query_one(KeyBar).hints}
        palette = {name for _a, name, _h in PortfolioCommands(app.screen)._commands()}
        return bar, palette

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        bar, palette = listed()
        assert "撤销" in bar and "撤销" in palette and "历史" in palette
        assert "重做" not in bar  # nothing to redo yet: the full bar keeps its room
        await edit(pilot, "W03", progress_percent="45")
        await pilot.press("ctrl+z")
        await settle(pilot)
        bar, palette = listed()
        assert {"撤销", "重做"} <= bar and {"撤销", "重做"} <= palette
        await pilot.press("ctrl+y")
        await settle(pilot)
        await edit(pilot, "W04", progress_percent="5")  # a new change: nothing to redo any more
        assert "重做" not in listed()[0]


async def test_history_tab_lists_the_projects_changes_newest_first(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        open_repository(db_path, author="li").update("W01", {"progress_percent": 10})
        await pilot.pause(1.0)
        await edit(pilot, "W01", progress_percent="30", name="新名称")
        await pilot.press("h")
        await settle(pilot)
        history = text_of(app, "#history-body")
        assert "planner" in history and "li" in history
        assert history.index("planner") < history.index("li")  # newest first
        assert "10% → 30%" in history and "新名称" in history and "修改" in history, history
        await pilot.press("h")
        await settle(pilot)
        assert not app.screen.query_one("#detail").history_visible


async def test_the_form_passes_its_report_date_and_adds_no_log_entry_itself(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await edit(pilot, "W01", progress_percent="40", **{"log-date": "2023-06-30", "log-note": "已开工"})
        log = stored(db_path, "W01").progress_log
        assert len(log) == 1  # the repository's entry, not one of the form's as well
        assert (log[0].date, log[0].percent, log[0].note) == (date(2023, 6, 30), 40, "已开工")
        await edit(pilot, "W01", name="只改名称")
        assert len(stored(db_path, "W01").progress_log) == 1  # no progress change: no entry


async def test_history_tab_snapshot_is_in_english_too(db_path, monkeypatch, english):
    monkeypatch.setenv("PORTFOLIO_USER", "planner")
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await edit(pilot, "W01", progress_percent="30")
        await pilot.press("h")
        await settle(pilot)
        history = text_of(app, "#history-body")
        assert "planner" in history and "edited" in history and "Progress" in history, history


async def test_a_refused_undo_says_how_to_go_on_and_never_blocks_older_undos(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await edit(pilot, "W02", progress_percent="10")  # older, undoable
        await edit(pilot, "W01", progress_percent="30")  # newer, overwritten by li below
        open_repository(db_path, author="li").update("W01", {"progress_percent": 50})
        await wait_until(pilot, lambda: "50%" in table(app).row_cells("W01"))
        await pilot.press("ctrl+z")
        await settle(pilot)
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert "ctrl+z" in errors[-1]  # how to go on
        await pilot.press("ctrl+z")  # passes over the refused step: the older change is undone
        await settle(pilot)
        assert stored(db_path, "W02").progress_percent == 0
        assert stored(db_path, "W01").progress_percent == 50  # li's value kept
        assert "已撤销：W02" in text_of(app, "#status-line")
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert stored(db_path, "W02").progress_percent == 10
