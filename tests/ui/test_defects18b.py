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


async def test_the_indicator_table_shows_the_latest_value_and_the_attribute_at_120(db_path):
    """The README lists 最新值 and 指标属性 among the indicator table's columns; at 120×40 they
    were the first dropped. The 2020 baseline (in the detail) now goes first."""
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        assert {"latest", "attribute", "sub_name", "state"} <= set(table.shown_columns)
        assert not table.overflows and table.widths["name"] >= 12
    app = make_app(db_path, lang="en")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("3")
            await settle(pilot)
            table = app.screen.query_one(RecordTable)
            assert {"latest", "sub_name", "state"} <= set(table.shown_columns) and not table.overflows
    finally:
        i18n.set_language("zh_CN")


async def test_the_column_pickers_boxes_read_without_colour(db_path):
    """Both boxes read X (only the colour told them apart): a shown column reads [x], a hidden
    one [ ]; space turns one into the other."""
    from tui.screens.columns import ColumnChoices, ColumnsScreen

    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ColumnsScreen)
        choices = app.screen.query_one(ColumnChoices)
        lines = [choices.render_line(y).text for y in range(choices.option_count)]
        shown = app.screen.query_one(ColumnChoices).selected
        assert lines[0].startswith("[x] 编号") and len(shown) == 8
        assert sum(line.startswith("[x] ") for line in lines) == len(shown)
        assert sum(line.startswith("[ ] ") for line in lines) == choices.option_count - len(shown)
        assert not any("X" in line[:4] for line in lines)
        await pilot.press("space")  # 编号 hidden
        await settle(pilot)
        assert choices.render_line(0).text.startswith("[ ] 编号")


async def test_bulk_status_placeholder_and_task_form_hint_say_only_what_applies(db_path):
    """The bulk edit's status placeholder listed stored keys (in_progress, completed) among the
    labels; the task form's hint spoke of a completed investment tasks do not have."""
    from textual.widgets import Input

    from .helpers import text_of

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        placeholder = app.screen.query_one("#bulk-value", Input).placeholder
        assert "实施中" in placeholder and "已取消" in placeholder
        assert not any(key in placeholder for key in ("in_progress", "completed", "not_started"))
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "已完成投资" in text_of(app, "#log-hint")  # a project has one
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        hint = text_of(app, "#log-hint")
        assert "状态或进度" in hint and "投资" not in hint
