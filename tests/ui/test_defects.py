"""Regression tests for the UI defects a new user met (issue 11), each through the pilot."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Select

from portfolio.store import Repository
from tui.app import make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.form import FormScreen
from tui.screens.main import MainScreen
from tui.widgets.category_tree import CategoryTree

from .helpers import codes, set_input, settle, table, text_of

SIZES = [(120, 40), (80, 24)]


@pytest.fixture
def app(db_path):
    return make_app(db_path)


def tree_of(app) -> CategoryTree:
    return app.screen.query_one(CategoryTree)


async def test_enter_on_a_tree_node_keeps_the_cursor_there(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tree = tree_of(app)
        tree.focus()
        await pilot.press("down", "down", "enter")  # 蓝天工程: selects it and expands it
        await settle(pilot)
        assert tree.cursor_node is tree.root.children[1]
        assert str(tree.cursor_node.label) == "蓝天工程 3"
        assert codes(app) == ["A01", "A02", "A03"]
        await pilot.press("down", "enter")  # its first subcategory
        await settle(pilot)
        leaf = tree.root.children[1].children[0]
        assert tree.cursor_node is leaf and tree.cursor_node.data.subcategory
        assert codes(app) and all(app.screen.repo.get(c).subcategory == leaf.data.subcategory
                                  for c in codes(app))
        await pilot.press("down")  # the cursor moves on from where it is, not from the root
        await settle(pilot)
        assert tree.cursor_node is not tree.root and tree.cursor_line > leaf.line


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
async def test_an_invalid_filter_does_not_change_the_columns(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        t = table(app)
        columns, widths = t.shown_columns, dict(t.widths)
        await pilot.press("slash", *"ldc foo:")  # "ldc f" matches nothing, "ldc foo:" is invalid
        await settle(pilot)
        assert app.screen.query_one("#filter-error").display is True
        assert (t.shown_columns, t.widths) == (columns, widths)
        for _ in range(len(" foo:")):
            await pilot.press("backspace")
        await settle(pilot)
        assert codes(app)  # rows again, and a vertical scrollbar with them
        await pilot.press("escape")
        await settle(pilot)
        assert len(codes(app)) == 34
        assert (t.shown_columns, t.widths) == (columns, widths)
        assert not t.show_horizontal_scrollbar
        assert t.virtual_size.width <= t.scrollable_content_region.width


async def test_delete_is_reported_as_deleted(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "已删除：W01" in messages, messages
        assert not any("已保存" in m for m in messages)
        assert "已删除：W01" in text_of(app, "#status-line")
        assert "W01" not in Repository.open(db_path)


@pytest.mark.parametrize("size", SIZES, ids=["120x40", "80x24"])
async def test_a_log_date_error_is_shown_in_view_next_to_its_field(app, db_path, size):
    before = db_path.read_bytes()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        set_input(app, "#progress_percent", "40")
        set_input(app, "#log-date", "2023-13-45")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # nothing saved
        error = app.screen.query_one("#error-progress_log")
        body = app.screen.query_one("#form-body")
        assert error.display and "日期" in text_of(app, "#error-progress_log")
        assert body.region.contains_region(error.region), (error.region, body.region)
        date_box = app.screen.query_one("#log-date", Input)
        assert date_box.has_class("-invalid") and body.region.contains_region(date_box.region)
    assert db_path.read_bytes() == before


async def test_a_new_project_defaults_to_the_plan_period(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#start_year", Input).value == "2021"
        assert app.screen.query_one("#end_year", Input).value == "2025"


async def test_a_new_project_takes_the_selected_subcategory(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tree = tree_of(app)
        water = tree.root.children[0]
        water.expand()
        tree.select_node(water.children[1])  # 西江流域保护
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#subcategory", Select).value == "西江流域保护"
        set_input(app, "#name", "新项目")
        set_input(app, "#units", "市生态环境局")
        await pilot.press("ctrl+s")
        await settle(pilot)
        added = Repository.open(db_path).get("W09")
        assert (added.subcategory, added.start_year, added.end_year) == ("西江流域保护", 2021, 2025)


async def test_projects_without_a_subcategory_have_their_own_node_so_counts_add_up(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tree = tree_of(app)
        tree.select_node(tree.root.children[0])  # 碧水工程, no subcategory selected
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one("#subcategory", Select).value is Select.NULL
        set_input(app, "#name", "无子类的项目")
        set_input(app, "#units", "市生态环境局")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        water = tree.root.children[0]
        assert str(water.label) == "碧水工程 9"
        leaves = [str(n.label) for n in water.children]
        assert leaves[-1] == "未分类 1"
        assert sum(int(label.rsplit(" ", 1)[1]) for label in leaves) == 9
        for category in tree.root.children:  # every category: the sum of its nodes
            if category.children:
                total = int(str(category.label).rsplit(" ", 1)[1])
                assert total == sum(int(str(n.label).rsplit(" ", 1)[1]) for n in category.children)
        tree.select_node(water.children[-1])
        await settle(pilot)
        assert codes(app) == ["W09"]
