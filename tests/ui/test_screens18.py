"""The screen defects of issue 18: the review's 责任单位 tab after a save, tree labels that keep
their count, the unit view that narrows as you type, f2 that keeps the sort."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual.widgets import Input, OptionList

from portfolio import i18n
from tui.app import make_app
from tui.screens.ledger import LedgerScreen
from tui.widgets.list_tree import ListTree
from tui.widgets.record_table import RecordTable
from tui.widgets.rows_view import RowsView

from .helpers import set_input, settle, wait_until


async def test_the_review_units_tab_shows_its_rows_after_a_save(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        set_input(app, "#progress_percent", "20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        view = app.screen.query_one("#unit-table", RowsView)
        await wait_until(pilot, lambda: bool(view.items), timeout=10)
        assert view.size.height >= 5 and view.region.height >= 5  # on screen, not squeezed to nothing
        assert app.screen.query_one("#units").region.height > 5


async def test_task_tree_labels_shrink_their_text_never_their_count(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        tree = app.screen.query_one(ListTree)
        width = tree.scrollable_content_region.width
        for node in tree.root.children:
            drawn = tree.render_label(node, Style(), Style()).plain
            count = str(node.label).rsplit(" ", 1)[-1]
            assert count.startswith("(") and drawn.endswith(count)  # 柳州市2022水… (54)
            assert len(drawn) < len(str(node.label)) + 2  # the name shrank to fit
            assert cell_len(drawn) + tree._indent(node) <= width  # and all of it in view


async def test_the_unit_view_narrows_as_you_type(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        units = app.screen.query_one("#units", OptionList)
        before = units.option_count
        await pilot.press("l", "z", "x")  # typed with the table focused: pinyin initials of 鹿寨县
        await settle(pilot)
        assert app.screen.query_one("#unit-filter", Input).value == "lzx"
        assert 0 < units.option_count < before
        assert str(units.get_option_at_index(0).prompt) == "鹿寨县"
        assert app.screen.unit == "鹿寨县"


async def test_f2_keeps_the_sort(db_path):
    app = make_app(db_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            table = app.screen.query_one(RecordTable)
            await pilot.press("right", "s", "s")  # by name, descending
            await settle(pilot)
            spec = list(table.sort_spec)
            order = [r.code for r in table.records]
            assert spec
            for _twice in range(2):
                await pilot.press("f2")
                await settle(pilot)
                table = app.screen.query_one(RecordTable)
                assert list(table.sort_spec) == spec
                assert [r.code for r in table.records] == order
    finally:
        i18n.set_language("zh_CN")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_f2_keeps_the_column_cursor(db_path, size):
    """Issue 18: f2 put the column cursor back on 编号; it stays on its column (by key: the
    other language may show other columns), there and back."""
    app = make_app(db_path)
    try:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("right", "right")
            await settle(pilot)
            table = app.screen.query_one(RecordTable)
            column = table.current_column
            assert column not in (None, table.shown_columns[0])
            for _twice in range(2):
                await pilot.press("f2")
                await settle(pilot)
                table = app.screen.query_one(RecordTable)
                assert table.current_column == column
                await pilot.press("s")  # and s sorts by it
                await settle(pilot)
                assert [k for k, _desc in table.sort_spec][:1] == [column]
                await pilot.press("s", "s")
                await settle(pilot)
    finally:
        i18n.set_language("zh_CN")
