"""Defects a user found in the task and indicator tabs (issue 14 follow-up), driven through the
pilot on a copy of the bundled database."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label, Static

from portfolio.store import Repository
from portfolio.store.kinds import KINDS
from tui.app import make_app
from tui.screens.form import FormScreen
from tui.screens.main import ListScreen
from tui.widgets.key_bar import KeyBar
from tui.widgets.record_table import RecordTable

from .helpers import settle, text_of

pytestmark = pytest.mark.skipif("task" not in KINDS, reason="the store holds no tasks yet")


def rows(app) -> list[str]:
    return [r.code for r in app.screen.query_one(RecordTable).records]


async def set_value(pilot, selector: str, text: str) -> None:
    pilot.app.screen.query_one(selector, Input).value = text
    await settle(pilot)


async def open_task_form(pilot, app) -> str:
    await settle(pilot)
    await pilot.press("2")
    await settle(pilot)
    code = rows(app)[0]
    await pilot.press("e")
    await settle(pilot)
    assert isinstance(app.screen, FormScreen)
    return code


async def test_the_form_refuses_a_task_without_a_lead_unit(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        code = await open_task_form(pilot, app)
        before = Repository.open(db_path).get(code, "task").lead_units
        await set_value(pilot, "#lead_units", "")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # not saved
        error = app.screen.query_one("#error-lead_units", Static)
        assert error.display and "至少需要 1 项" in str(error.render())
        assert Repository.open(db_path).get(code, "task").lead_units == before


async def test_the_form_refuses_an_impossible_deadline_naming_the_field(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        code = await open_task_form(pilot, app)
        before = Repository.open(db_path).get(code, "task")
        await set_value(pilot, "#deadline_text", "13月底前")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        error = app.screen.query_one("#error-deadline_text", Static)
        assert error.display and "13 月不是月份" in str(error.render())
        after = Repository.open(db_path).get(code, "task")
        assert (after.deadline_text, after.deadline) == (before.deadline_text, before.deadline)


async def test_task_content_is_labelled_as_a_task(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_task_form(pilot, app)
        labels = [str(label.render()) for label in app.screen.query(Label)]
        assert "任务内容" in labels and "项目内容" not in labels
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        text = text_of(app, "#detail-body")
        assert "任务内容" in text and "项目内容" not in text


@pytest.mark.parametrize(("lang", "expected"), [("zh_CN", "将筛选保存为名称"), ("en", "Save the filter")])
async def test_every_key_bar_hint_is_in_the_ui_language(db_path, lang, expected):
    app = make_app(db_path, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await settle(pilot)
        hints = [h.description for h in app.screen.query_one(KeyBar).hints]
        save = [d for d in hints if expected in d]
        assert save, hints
        if lang == "zh_CN":
            assert not [d for d in hints if d.isascii() and d != "English"], hints
