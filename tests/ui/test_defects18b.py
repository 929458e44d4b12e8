"""Issue 18, the tester's second list: f2 that scrolled the sorted table, the review screen that
kept its figures after another user's save, the indicator table's default columns, the column
picker's boxes, and wording (bulk-edit placeholder, form hint, review plural, cancelled tasks)."""

from __future__ import annotations

from portfolio import i18n
from tui.app import make_app
from tui.widgets.record_table import RecordTable

from .helpers import settle


async def test_f2_keeps_the_sorted_rows_above_the_cursor_in_view(db_path):
    """Sorted by 牵头单位 descending, the cursor on W01 (the 4th row): f2 rebuilt the table and
    scrolled W01 to the top, hiding C01, R02 and R03; the order looked different in English."""
    app = make_app(db_path)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("right", "right", "right", "right", "s", "s")
            await settle(pilot)
            table = app.screen.query_one(RecordTable)
            assert table.sort_spec == [("lead_unit", True)]
            order = [r.code for r in table.records]
            assert order[:3] == ["C01", "R02", "R03"] and table.cursor_row == 3  # W01 kept
            for _twice in range(2):
                await pilot.press("f2")
                await settle(pilot)
                table = app.screen.query_one(RecordTable)
                assert [r.code for r in table.records] == order
                assert table.scroll_y == 0  # the rows above the cursor still in view
    finally:
        i18n.set_language("zh_CN")
