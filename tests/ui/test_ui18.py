"""Issue 18's remaining screen defects: ``x`` on the task and indicator tabs (it did nothing
useful), the history tab's progress report (it said ``进展记录 2 条 → 3 条``), a status-bar
message that outlived a tab switch, and the English live banner ("while you edit it")."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio import i18n
from portfolio.cli import main
from portfolio.store import open_repository
from tui.app import make_app
from tui.screens.export import ExportScreen
from tui.screens.main import ListScreen

from .helpers import set_input, settle, table, text_of, wait_until


@pytest.mark.parametrize(("tab", "kind", "title"), [("2", "task", "导出当前显示的 123 项任务"),
                                                    ("3", "indicator", "导出当前显示的 38 项指标")])
async def test_x_exports_the_tab_s_kind_with_the_cli_s_writer(db_path, tmp_path, tab, kind, title):
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(tab)
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen) and app.screen.kind == kind
        assert text_of(app, "#export-title").strip() == title
        for part in ("#layout-field", "#columns", "#columns-label"):  # one row per record: nothing to choose
            assert not app.screen.query_one(part).display
        assert app.screen.query_one("#run").region.bottom <= 24  # reachable at 80×24
        target = tmp_path / f"{kind}.csv"
        set_input(app, "#format", "csv")
        await pilot.pause()
        assert app.screen.query_one("#file").value.endswith(".csv")
        set_input(app, "#file", str(target))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        assert f"{target}" in text_of(app, "#status-line")
    cli = tmp_path / f"{kind}-cli.csv"
    assert main(["--db", str(db_path), "export", "--kind", kind, "-o", str(cli)]) == 0
    assert target.read_bytes() == cli.read_bytes()  # the same rows, the same writer


async def test_the_history_tab_shows_the_progress_entry_itself(db_path):
    """A report (status, progress, completed investment, note) shows as ``portfolio log``
    shows it: the new entry's date, progress, status, investment and note."""
    repo = open_repository(db_path, author="li")
    repo.update("W01", {"status": "in_progress", "progress_percent": 35, "completed_investment": 120},
                when=date(2024, 3, 31), note="主体完工")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table(app).select_code("W01")
        await pilot.press("h")
        await settle(pilot)
        await wait_until(pilot, lambda: "2024-03-31" in text_of(app, "#history-body"))
        body = text_of(app, "#history-body")
        assert "+2024-03-31 35% 实施中" in body and "主体完工" in body and "120" in body
        assert "条 →" not in body


async def test_a_status_message_does_not_outlive_a_tab_switch(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.update_status("已保存：W01")
        assert "已保存：W01" in text_of(app, "#status-line")
        await pilot.press("2")
        await settle(pilot)
        app.screen.update_status("已导出到 /tmp/x.csv")
        await pilot.press("1")
        await settle(pilot)
        assert "已保存" not in text_of(app, "#status-line")
        await pilot.press("2")
        await settle(pilot)
        assert "已导出" not in text_of(app, "#status-line")


async def test_the_english_live_banner_reads_as_english(db_path):
    i18n.set_language("en")
    try:
        app = make_app(db_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            table(app).select_code("W01")
            await pilot.press("e")
            await settle(pilot)
            open_repository(db_path, author="li").update("W01", {"progress_percent": 66})
            banner = app.screen.query_one("#form-banner")
            await wait_until(pilot, lambda: banner.display, timeout=10)
            text = text_of(app, "#form-banner").replace("\n", "")
            assert text.startswith("li changed W01 while you were editing it: ")
            assert "Progress % 0% → 66%" in text and "Progress log 0 entries → 1 entry." in text
            assert "asks about the fields changed on both sides" in text
            assert "while you edit it" not in text
    finally:
        i18n.set_language("zh_CN")
