"""The live view: another process's writes appear in the open app within about a second,
read off the UI thread, keeping what the user was looking at."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import Input, Static

from portfolio.store import open_repository
from tui.app import make_app
from tui.screens.form import FormScreen
from tui.widgets.category_tree import CategoryTree
from tui.widgets.record_table import RecordTable

from .helpers import codes, set_input, settle, table, text_of, type_filter, wait_until


@pytest.fixture
def app(db_path, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_USER", "planner")
    return make_app(db_path)


def other(db_path, who: str = "li"):
    """Another process's repository (another author, another session)."""
    return open_repository(db_path, author=who)


def row_of(app, code: str) -> list[str]:
    return table(app).row_cells(code)


async def test_another_process_write_shows_within_two_seconds(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "0%" in row_of(app, "W01")
        other(db_path).update("W01", {"progress_percent": 55})
        took = await wait_until(pilot, lambda: "55%" in row_of(app, "W01"))
        assert took < 2.0
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert any("W01" in m and "li" in m for m in messages), messages
        assert "55%" in text_of(app, "#detail-body")  # W01 is the selected row: its detail follows


async def test_refresh_runs_off_the_ui_thread(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        repo = app.repo
        threads: list[threading.Thread] = []
        original = repo.refresh

        def recording_refresh():
            threads.append(threading.current_thread())
            return original()

        repo.refresh = recording_refresh
        other(db_path).update("W02", {"name": "别处改名"})
        await wait_until(pilot, lambda: table(app).row_cells("W02")[1] == "别处改名")
        assert threads and all(t is not threading.main_thread() for t in threads)


async def test_filter_selection_sort_and_tree_counts_are_kept(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "cat:碧水")
        t = table(app)
        t.focus()
        t.sort_by("progress_percent")
        t.select_code("W05")
        await settle(pilot)
        before, spec = codes(app), list(t.sort_spec)
        assert spec
        writer = other(db_path)
        writer.update("W03", {"progress_percent": 80})
        writer.add({"category": "water", "subcategory": "西江流域保护", "name": "别处新增",
                    "start_year": 2021, "end_year": 2025, "units": ["市生态环境局"]})  # the counts follow
        await wait_until(pilot, lambda: "W09" in codes(app))
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "cat:碧水"
        assert t.current.code == "W05" and list(t.sort_spec) == spec
        assert codes(app)[-1] == "W03"  # sorted by progress: 80 % last
        assert set(codes(app)) == set(before) | {"W09"}
        tree = app.screen.query_one(CategoryTree)
        assert str(tree.root.children[0].label).startswith("碧水工程 9")
        assert "W05" in text_of(app, "#detail-body")


async def test_scroll_position_is_kept(app, db_path):
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        t = table(app)
        t.focus()
        for _ in range(20):
            await pilot.press("down")
        await settle(pilot)
        top, selected = t.scroll_y, t.current.code
        assert top > 0
        other(db_path).update("K08", {"progress_percent": 12})
        await wait_until(pilot, lambda: "12%" in row_of(app, "K08"))
        await settle(pilot)
        assert (t.scroll_y, t.current.code) == (top, selected)


async def test_an_open_form_says_at_once_that_its_project_changed(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        set_input(app, "#scale", "我正在输入的规模")
        other(db_path).update("W01", {"progress_percent": 66, "name": "别处改名"})
        banner = app.screen.query_one("#form-banner", Static)
        await wait_until(pilot, lambda: banner.display)
        await pilot.pause()
        text = text_of(app, "#form-banner")
        assert "li" in text and "进度" in text and "66%" in text and "项目名称" in text, text
        assert banner.region.height >= 1 and app.screen.query_one("#form").region.contains_region(banner.region)
        # what was typed stays
        assert app.screen.query_one("#scale").text == "我正在输入的规模"
        assert app.screen.query_one("#progress_percent", Input).value == "0"


async def test_a_broken_file_is_reported_once_and_the_view_kept(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = db_path.read_text(encoding="utf-8")
        db_path.write_text(text.replace('"start_year": 2021', '"start_year": "明年"', 1), encoding="utf-8")
        await wait_until(pilot, lambda: any(n.severity == "error" for n in app._notifications))
        await pilot.pause(1.0)
        errors = [n for n in app._notifications if n.severity == "error"]
        assert len(errors) == 1
        assert len(codes(app)) == 34
        db_path.write_text(text.replace('"progress_percent": 0', '"progress_percent": 7', 1), encoding="utf-8")
        await wait_until(pilot, lambda: any("7%" in table(app).row_cells(c)[-1] for c in codes(app)))


async def test_the_app_own_writes_are_not_announced_as_others(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        set_input(app, "#progress_percent", "20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.pause(1.0)
        assert not any("其他进程" in n.message or "li" in n.message for n in app._notifications)
        assert isinstance(app.screen.query_one(RecordTable), RecordTable)
