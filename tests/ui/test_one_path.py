"""Every kind travels the one path of the list pane: the task tab's form gets the three-way
conflict dialog (base / theirs with the other author / mine), a live banner, undo and redo —
the same as projects (issue 18)."""

from __future__ import annotations

from textual.widgets import Input, RadioButton, Static

from portfolio.store import Repository
from tui.app import make_app
from tui.screens.conflict import ConflictScreen, SideButton
from tui.screens.form import FormScreen
from tui.screens.main import ListScreen, MainScreen
from tui.widgets.record_table import RecordTable

from .helpers import settle, text_of, wait_until


def current(app):
    return app.screen.query_one(RecordTable).current


async def open_task_form(pilot):
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ListScreen) and pilot.app.screen.list_kind == "task"
    task = current(pilot.app)
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FormScreen)
    return task


async def test_task_name_conflict_keeps_mine_then_undo_and_redo(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        task = await open_task_form(pilot)
        pilot.app.screen.query_one("#name", Input).value = "我改的名称"
        Repository.open(db_path, author="李四").update(task.code, {"name": "他人改的名称"}, kind="task")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        title = text_of(app, "#conflict-title")
        assert "李四" in title and task.code in title and "项目" not in title
        assert str(app.screen.query_one(f"#theirs-{'name'}", RadioButton).label) == "他人改的名称"
        assert str(app.screen.query_one("#mine-name", RadioButton).label) == "我改的名称"
        base = text_of(app, "#row-name .conflict-base")
        assert task.name[:10] in base
        assert "李四" in " ".join(button.side for button in app.screen.query(SideButton))
        await pilot.press("m", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen) and app.screen.list_kind == "task"
        assert Repository.open(db_path).get(task.code, "task").name == "我改的名称"
        assert current(app).name == "我改的名称"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert Repository.open(db_path).get(task.code, "task").name == "他人改的名称"
        assert "ctrl+y" in app.screen.active_bindings  # redo offered in the key bar
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert Repository.open(db_path).get(task.code, "task").name == "我改的名称"
        assert current(app).name == "我改的名称"


async def test_escape_in_the_dialog_returns_to_the_form_with_what_was_typed(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        task = await open_task_form(pilot)
        pilot.app.screen.query_one("#name", Input).value = "我改的名称"
        Repository.open(db_path, author="李四").update(task.code, {"name": "他人改的名称"}, kind="task")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one("#name", Input).value == "我改的名称"
        await pilot.press("ctrl+s")  # still from the same base: asks again, never overwrites
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("t", "ctrl+s")
        await settle(pilot)
        assert Repository.open(db_path).get(task.code, "task").name == "他人改的名称"


async def test_the_task_form_shows_a_banner_when_another_process_saves(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        task = await open_task_form(pilot)
        Repository.open(db_path, author="李四").update(task.code, {"progress_percent": 35}, kind="task")
        banner = app.screen.query_one("#form-banner", Static)
        await wait_until(pilot, lambda: banner.display, timeout=5)
        text = text_of(app, "#form-banner")
        assert "李四" in text and task.code in text


async def test_the_main_screen_is_the_same_pane_as_the_tabs(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert type(app.screen) is MainScreen and isinstance(app.screen, ListScreen)
        await pilot.press("3")
        await settle(pilot)
        assert type(app.screen) is ListScreen and app.screen.list_kind == "indicator"
        assert app.screen.query_one("#detail").query("#tab-history")  # 详情 / 历史 for every kind


async def test_bulk_edit_and_delete_on_the_task_and_indicator_tabs(db_path):
    """``b`` and ``d`` serve every kind: the fields the kind declares, its word in the titles,
    one undo step for the bulk edit, the delete restored by ctrl+z."""
    from textual.widgets import DataTable, Select

    from tui.screens.bulk import BulkEditScreen
    from tui.screens.confirm import ConfirmScreen

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("space", "down", "space")
        marked = app.screen.query_one(RecordTable).marked
        tasks = [t for t in app.screen.query_one(RecordTable).records if t.code in marked]
        assert len(tasks) == 2
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BulkEditScreen)
        assert text_of(app, "#bulk-title").strip() == "批量修改已标记的 2 项任务"
        fields = [str(v) for _label, v in app.screen.query_one("#bulk-field", Select)._options]
        assert "lead_units_add" in fields and "years" not in fields
        await pilot.press(*"已完成")
        await settle(pilot)
        assert app.screen.query_one(DataTable).row_count == 4  # status and progress of each
        assert text_of(app, "#bulk-summary").strip() == "将修改 2 项任务，0 个不变，0 个不予修改"
        await pilot.press("ctrl+s")
        await settle(pilot)
        repo = Repository.open(db_path)
        assert [repo.get(t.code, "task").status for t in tasks] == ["completed", "completed"]
        await pilot.press("ctrl+z")
        await settle(pilot)
        repo = Repository.open(db_path)
        assert [repo.get(t.code, "task").status for t in tasks] == [t.status for t in tasks]

        await pilot.press("3")
        await settle(pilot)
        indicator = current(app)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = text_of(app, "#question")
        assert question.startswith(f"删除指标 {indicator.code}") and "项目" not in question
        await pilot.press("y")
        await settle(pilot)
        assert indicator.code not in {i.code for i in Repository.open(db_path).records("indicator")}
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert indicator.code in {i.code for i in Repository.open(db_path).records("indicator")}


async def test_add_an_indicator_and_a_task_on_their_tabs(db_path):
    """``a`` on the indicator tab: the store gives the code (I after the last), the category of
    the indicator under the cursor; on the task tab: the plan of the task under the cursor and
    its next number, the progress report part as for projects."""
    from tui.screens.form import FormScreen

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        like = current(app)
        before = {i.code for i in Repository.open(db_path).records("indicator")}
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and text_of(app, "#form-title").strip() == "新增指标"
        app.screen.query_one("#name", Input).value = "测试指标"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        added = [i for i in Repository.open(db_path).records("indicator") if i.code not in before]
        assert [(i.name, i.category) for i in added] == [("测试指标", like.category)]
        assert current(app).code == added[0].code

        await pilot.press("2")
        await settle(pilot)
        like = current(app)
        await pilot.press("a")
        await settle(pilot)
        assert text_of(app, "#form-title").strip() == "新增任务" and app.screen.query("#log-date")
        app.screen.query_one("#name", Input).value = "测试任务"
        app.screen.query_one("#lead_units", Input).value = "市生态环境局"
        app.screen.query_one("#deadline_text", Input).value = "年底前"
        await pilot.press("ctrl+s")
        await settle(pilot)
        task = current(app)
        assert task.name == "测试任务" and task.plan_code == like.plan_code and task.code.startswith(like.plan_code)
        assert Repository.open(db_path).get(task.code, "task").lead_units == ["市生态环境局"]
