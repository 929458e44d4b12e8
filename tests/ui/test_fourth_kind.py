"""A fourth record kind, declared in the tests only (``tests/ui/gadget``) and registered with
one call, travels the one path (issue 18): its tab, list pane and tree, detail and history, the
one form (add, edit, save), bulk edit with undo and redo, and the CSV round trip; no code in
``tui/`` names it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Select

from portfolio import records
from portfolio.store import Repository
from tui.app import make_app
from tui.screens.bulk import BulkEditScreen
from tui.screens.form import FormScreen
from tui.screens.main import ListScreen
from tui.widgets.list_tabs import ListTabs
from tui.widgets.record_table import RecordTable

from .helpers import settle, text_of

TUI = Path(__file__).resolve().parents[2] / "tui"


@pytest.fixture
def gadgets(db_path):
    """The kind registered, two gadgets stored; afterwards the kind is forgotten again (the
    other tests of this process see the plan's three lists)."""
    from portfolio.records import columns
    from portfolio.store import kinds

    records.register("gadget", "tests.ui.gadget")
    try:
        repo = Repository.open(db_path, author="张三")
        repo.add({"name": "扳手", "unit": "市财政局"}, kind="gadget")
        repo.add({"name": "锤子", "unit": "市生态环境局"}, kind="gadget")
        yield db_path
    finally:
        records.KINDS.pop("gadget", None)
        kinds.KINDS.pop("gadget", None)
        columns.KINDS.pop("gadget", None)


def test_no_code_in_tui_names_the_kind():
    assert not [p for p in TUI.rglob("*.py") if "gadget" in p.read_text(encoding="utf-8")]


def stored(db_path):
    return {g.code: g for g in Repository.open(db_path).records("gadget")}


async def test_the_fourth_kind_lists_edits_bulk_edits_undoes_and_shows_history(gadgets):
    db_path = gadgets
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "Gadgets" in str(app.screen.query_one(ListTabs).render())
        await pilot.press("ctrl+left")  # the last tab
        await settle(pilot)
        assert isinstance(app.screen, ListScreen) and app.screen.list_kind == "gadget"
        table = app.screen.query_one(RecordTable)
        assert [g.code for g in table.records] == ["G01", "G02"]
        assert "市财政局" in text_of(app, "#detail-body")  # the kind's own detail

        # add: the form built from the kind's fields, its first values from new_values
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and "New gadget" in text_of(app, "#form-title")
        assert app.screen.query_one("#unit", Input).value == "市财政局"  # like the gadget under the cursor
        await pilot.press("ctrl+s")  # no name: the model's message under the field, nothing written
        await settle(pilot)
        assert app.screen.query_one("#error-name").display and set(stored(db_path)) == {"G01", "G02"}
        app.screen.query_one("#name", Input).value = "螺丝刀"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        assert stored(db_path)["G03"].name == "螺丝刀"
        assert table.current.code == "G03"

        # edit and save
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen) and "G03" in text_of(app, "#form-title")
        app.screen.query_one("#status", Select).value = "in_progress"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(db_path)["G03"].status == "in_progress"

        # bulk edit every gadget, one undo step, redo
        await pilot.press("asterisk", "b")
        await settle(pilot)
        assert isinstance(app.screen, BulkEditScreen)
        await pilot.press(*"已完成")
        await settle(pilot)
        assert "3" in text_of(app, "#bulk-summary")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert {g.status for g in stored(db_path).values()} == {"completed"}
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert [g.status for g in stored(db_path).values()] == ["not_reported", "not_reported", "in_progress"]
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert {g.status for g in stored(db_path).values()} == {"completed"}

        # the history of the gadget under the cursor (the first: the redo selects it)
        await pilot.press("h")
        await settle(pilot)
        history = text_of(app, "#history-body")
        for words in ("新增", "批量修改", "撤销", "重做", "状态 未填报 → 已完成"):  # with the kind's labels
            assert words in history, words
        entries = Repository.open(db_path).history(code="G03", kind="gadget")
        assert [e.action for e in entries] == ["add", "update", "bulk", "undo", "redo"]


def test_the_fourth_kind_round_trips_through_csv(gadgets, tmp_path):
    from portfolio.io.export_kinds import export_records
    from portfolio.io.kind_import import plan_kind_import
    from portfolio.io.table_import import apply_import

    repo = Repository.open(gadgets)
    path = tmp_path / "gadgets.csv"
    export_records("gadget", repo.records("gadget"), path)
    text = path.read_text(encoding="utf-8-sig")
    assert "扳手" in text and "市财政局" in text
    assert plan_kind_import(repo, "gadget", path).changed == []  # an export read back changes nothing
    path.write_text(text.replace("锤子", "大锤"), encoding="utf-8-sig")
    plan = plan_kind_import(repo, "gadget", path)
    assert [after.name for _before, after in plan.changed] == ["大锤"]
    apply_import(repo, plan)
    assert stored(gadgets)["G02"].name == "大锤"
    assert len(repo.undo()) == 1 and stored(gadgets)["G02"].name == "锤子"
