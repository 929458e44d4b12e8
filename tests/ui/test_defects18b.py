"""Issue 18, the tester's second list: f2 that scrolled the sorted table, the review screen that
kept its figures after another user's save, the indicator table's default columns, the column
picker's boxes, and wording (bulk-edit placeholder, form hint, review plural, cancelled tasks)."""

from __future__ import annotations

from datetime import date

from portfolio import i18n
from tui.app import make_app
from tui.widgets.record_table import RecordTable

from .helpers import set_input, settle


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


async def test_an_open_review_follows_another_users_save(db_path, monkeypatch):
    """The review screen left open kept W01 at 逾期 0% after li completed it elsewhere (the
    notice said so, the figures did not): it reviews again on the live change."""
    from portfolio.store import open_repository
    from tui.screens.review import ReviewScreen

    from .helpers import wait_until

    monkeypatch.setenv("PORTFOLIO_USER", "planner")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        await wait_until(pilot, lambda: screen.result is not None, timeout=10)

        def w01():
            assert screen.result is not None
            return next(i for i in screen.result.items if i.project.code == "W01")

        set_input(app, "#as-of", date.today().isoformat())  # a save of today counts
        await settle(pilot)
        await wait_until(pilot, lambda: screen.result is not None and screen.result.as_of == date.today())
        assert w01().progress == 0 and w01().state == "overdue"
        open_repository(db_path, author="li").update("W01", {"status": "completed", "progress_percent": 100})
        await wait_until(pilot, lambda: w01().progress == 100, timeout=10)
        assert app.screen is screen and w01().state == "completed"
        assert any("W01" in n.message and "li" in n.message for n in app._notifications)
