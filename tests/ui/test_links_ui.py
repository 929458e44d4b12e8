"""The links dialog (``l`` in the tasks and indicators tabs) and the links in the detail,
driven through the pilot on a copy of the bundled database."""

from __future__ import annotations

import re

from textual.widgets import Input, SelectionList

from portfolio.store import Repository
from tui.app import make_app
from tui.screens.link_dialog import LinkDialog
from tui.screens.main import ListScreen
from tui.widgets.record_table import RecordTable

from .helpers import settle, text_of


async def _open(pilot, tab: str, query: str) -> None:
    await settle(pilot)
    await pilot.press(tab)
    await settle(pilot)
    pilot.app.screen.query_one("#filter", Input).value = query
    await settle(pilot)
    pilot.app.screen.query_one(RecordTable).focus()
    await settle(pilot)


async def test_confirm_a_suggestion_then_remove_it(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open(pilot, "2", "code:LZS2022W-20")
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LinkDialog)
        options = app.screen.query_one(SelectionList)
        values = [options.get_option_at_index(i).value for i in range(options.option_count)]
        assert values[:2] == ["专栏5", "W01"] and options.selected == []
        await pilot.press("down", "space")  # confirm W01
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        assert Repository.open(db_path).get("LZS2022W-20", "task").links == ["W01"]
        detail = text_of(app, "#detail-body")
        assert "关联" in detail and re.search(r"W01\s+柳州市集中式饮用水水源水环境保护项目", detail)
        await pilot.press("l")
        await settle(pilot)
        options = app.screen.query_one(SelectionList)
        assert options.get_option_at_index(0).value == "W01" and options.selected == ["W01"]
        await pilot.press("enter")  # unchecks W01 (enter toggles like space)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert Repository.open(db_path).get("LZS2022W-20", "task").links == []
        await pilot.press("ctrl+z")  # undo brings the link back
        await settle(pilot)
        assert Repository.open(db_path).get("LZS2022W-20", "task").links == ["W01"]


async def test_escape_leaves_the_links_unchanged(db_path):
    before = db_path.read_bytes()
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(pilot, "3", "code:I20")
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LinkDialog)
        await pilot.press("space", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
    assert db_path.read_bytes() == before
