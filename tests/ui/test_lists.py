"""The three lists as tabs (重点项目 / 重点任务 / 指标) and the unit view (台账), driven through
the pilot on a copy of the bundled database."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, Static

from portfolio.ledger import unit_ledger
from portfolio.query import select_kind
from portfolio.records.indicator.columns import indicator_state
from portfolio.records.indicator.model import IndicatorState
from portfolio.store import Repository
from portfolio.store.kinds import KINDS
from tui.app import make_app
from tui.screens.form import FormScreen
from tui.screens.ledger import LedgerScreen
from tui.screens.main import ListScreen, MainScreen
from tui.screens.report_value import ReportValueScreen
from tui.widgets.list_tree import ListTree
from tui.widgets.record_table import RecordTable

from .helpers import settle, text_of

# the store kinds for tasks and indicators come with the three-lists core (issue 14)
pytestmark = pytest.mark.skipif("task" not in KINDS, reason="the store holds no tasks yet")


def rows(app) -> list[str]:
    return [r.code for r in app.screen.query_one(RecordTable).records]


async def type_into(pilot, selector: str, text: str) -> None:
    box = pilot.app.screen.query_one(selector, Input)
    box.value = text
    await settle(pilot)


async def test_tabs_switch_and_are_built_on_first_show(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.is_screen_installed("list-task")  # not built at start
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen) and app.screen.list_kind == "task"
        assert rows(app) == [t.code for t in app.repo.records("task")]
        await pilot.press("3")
        await settle(pilot)
        assert app.screen.list_kind == "indicator"
        assert len(rows(app)) == 38
        await pilot.press("ctrl+right")  # wraps to the projects
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+left")
        await settle(pilot)
        assert app.screen.list_kind == "indicator"
        await pilot.press("1")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(app.screen_stack) == 2  # the default screen and the main screen: nothing piles up


async def test_task_filter_uses_the_task_keys(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        query = "lead:市生态环境局 due:<=2022-12-31"
        await type_into(pilot, "#filter", query)
        expected = [t.code for t in select_kind(app.repo.records("task"), "task", query)]
        assert expected and rows(app) == expected
        await type_into(pilot, "#filter", "cat:碧水")  # a project key
        error = str(app.screen.query_one("#filter-error", Static).render())
        assert "cat" in error and "plan, year, due, lead, unit, status" in error
        assert rows(app) == expected  # the last valid result stays


async def test_digits_typed_in_the_filter_are_text(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("slash", "y", "e", "a", "r", ":", "2", "0", "2", "4")
        await settle(pilot)
        assert app.screen.list_kind == "task"
        assert app.screen.query_one("#filter", Input).value == "year:2024"
        assert rows(app) and all(app.repo.get(c, "task").year == 2024 for c in rows(app))


async def test_task_tree_narrows_to_a_plan(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        tree = app.screen.query_one(ListTree)
        plans = list(tree.root.children)
        assert len(plans) == 3  # three plans of Liuzhou
        first = plans[0]
        tree.select_node(first)
        await settle(pilot)
        plan_code = first.data.where.split(":")[1]
        assert rows(app) and all(app.repo.get(c, "task").plan_code == plan_code for c in rows(app))
        assert f"({len(rows(app))})" in str(first.label)


async def test_edit_task_validates_and_saves_with_base(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        code = rows(app)[0]
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await type_into(pilot, "#progress_percent", "150")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # not saved
        error = app.screen.query_one("#error-progress_percent", Static)
        assert error.display and str(error.render())
        assert Repository.open(db_path).get(code, "task").progress_percent == 0
        await type_into(pilot, "#progress_percent", "40")
        await type_into(pilot, "#deadline_text", "9月底前")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        saved = Repository.open(db_path).get(code, "task")
        assert saved.progress_percent == 40
        assert saved.deadline_text == "9月底前" and saved.deadline == date(saved.year, 9, 30)


async def test_report_an_indicator_value(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await type_into(pilot, "#filter", "code:I01")
        code = rows(app)[0]
        assert indicator_state(app.repo.get(code, "indicator"), date(2023, 12, 31)) is IndicatorState.NOT_REPORTED
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReportValueScreen)
        await type_into(pilot, "#year", "1999")
        await type_into(pilot, "#value", "100")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReportValueScreen)
        assert app.screen.query_one("#error-year", Static).display
        await type_into(pilot, "#year", "2023")
        await type_into(pilot, "#note", "年报")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        stored = Repository.open(db_path).get(code, "indicator")
        assert [(v.year, v.value, v.note, v.date) for v in stored.values] == [(2023, "100", "年报", date(2023, 12, 31))]
        assert indicator_state(stored, date(2023, 12, 31)) is IndicatorState.MET
        # the latest value: in the detail (the latest column gives way to the unit at 120 columns)
        assert "100（2023）" in text_of(app, "#detail-body")


async def test_unit_view_overdue_first_and_jumps(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        ledger = app.screen
        ledger.show_unit("鹿寨县")
        await settle(pilot)
        items = ledger.query_one(RecordTable).records
        assert [i.code for i in items] == [i.code for i in unit_ledger(app.repo, "鹿寨县")]
        overdue = [i.overdue for i in items]
        assert overdue == sorted(overdue, reverse=True)  # overdue first
        # a task given to 各县区人民政府 is in the ledger of each member county
        assert any(i.kind == "task" for i in items)
        task = next(i for i in items if i.kind == "task")
        ledger.query_one(RecordTable).select_code(f"task:{task.code}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen) and app.screen.list_kind == "task"
        assert app.screen.query_one(RecordTable).current.code == task.code


async def test_tabs_follow_the_language(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        assert "重点任务" in str(app.screen.query_one("#tabs").render())
        await pilot.press("f2")
        await settle(pilot)
        assert "Key tasks" in str(app.screen.query_one("#tabs").render())
        await pilot.press("2")
        await settle(pilot)
        assert "Key tasks" in str(app.screen.query_one("#tabs").render())
        assert "Lead units" in " ".join(app.screen.query_one(RecordTable).headers())


async def test_a_tab_follows_changes_made_elsewhere(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        code = rows(app)[0]
        app.repo.update(code, {"name": "别处改的名称"}, kind="task")  # e.g. the live view's refresh
        await pilot.pause(1.3)
        assert app.screen.query_one(RecordTable).current.name == "别处改的名称"
        await pilot.press("1")  # the undo of the main screen reverts it; the tab shows that on return
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        assert app.screen.query_one(RecordTable).current.name != "别处改的名称"


async def test_help_lists_the_tab_keys(db_path):
    from tui.screens.help import key_rows

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        keys = {key for _title, rows in key_rows(app.screen) for key, _desc in rows}
        assert {"1-3", "2", "3", "u", "r"} <= {k.split()[0] for k in keys}


async def test_unit_view_jumps_to_a_project_from_a_list_tab(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3", "u")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        ledger.show_unit("市生态环境局")
        await settle(pilot)
        project = next(i for i in ledger.query_one(RecordTable).records if i.kind == "project" and i.code != "W01")
        ledger.query_one(RecordTable).select_code(f"project:{project.code}")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one(RecordTable).current.code == project.code


async def test_column_picker_and_sorting_work_on_the_task_tab(db_path):
    from portfolio import settings
    from portfolio.records.task.columns import DUE_ORDER, task_due

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2", "c")
        await settle(pilot)
        await pilot.press("space", "ctrl+s")  # hide the first column (plan)
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        assert "plan" not in table.chosen_columns
        assert settings.load().columns("task") == list(table.chosen_columns)  # kept per kind
        table.sort_by("due")
        await settle(pilot)
        states = [DUE_ORDER[task_due(t)] for t in table.records]
        assert states == sorted(states)


async def test_report_dialog_checks_like_the_cli(db_path):
    """The dialog refuses what ``portfolio report`` refuses (``check_value``), under the field, writing
    nothing; it stores a source, and met / not met for a qualitative target."""
    from textual.widgets import Select

    before = db_path.read_bytes()
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await type_into(pilot, "#filter", "code:I25")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReportValueScreen)
        assert not app.screen.query("#judgement")  # a numeric target is judged by its number
        await type_into(pilot, "#year", "2023")
        await type_into(pilot, "#value", "abc")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReportValueScreen)
        error = app.screen.query_one("#error-value", Static)
        assert error.display and "abc" in str(error.render())
        assert db_path.read_bytes() == before
        await type_into(pilot, "#year", "2030")
        await type_into(pilot, "#value", "60")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen.query_one("#error-year", Static).display
        assert db_path.read_bytes() == before
        await type_into(pilot, "#year", "2023")
        await type_into(pilot, "#value", "57.3")
        await type_into(pilot, "#source", "环境质量公报")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        value = Repository.open(db_path).get("I25", "indicator").values[-1]
        assert (value.year, value.value, value.source, value.judgement) == (2023, "57.3", "环境质量公报", None)
        # a qualitative target: met / not met by hand
        await type_into(pilot, "#filter", "code:I11")
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReportValueScreen)
        await type_into(pilot, "#year", "2024")
        await type_into(pilot, "#value", "已完成考核")
        app.screen.query_one("#judgement", Select).value = "not_met"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        stored = Repository.open(db_path).get("I11", "indicator")
        assert [(v.year, v.value, v.judgement) for v in stored.values] == [(2024, "已完成考核", "not_met")]
        assert indicator_state(stored, date(2024, 12, 31)) is IndicatorState.NOT_MET
