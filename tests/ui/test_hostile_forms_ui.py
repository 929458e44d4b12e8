"""Hostile values stored by hand (issue 19): the edit forms show them escaped like the rest of
the UI (never raw on the terminal) and a save that leaves such a field alone keeps it as it is."""

from __future__ import annotations

import json

from tui.app import make_app
from tui.screens.form import FormScreen

from ..conftest import BUNDLED
from .helpers import set_input, settle, text_of

HOSTILE = "\x1b]0;pwned\x07OSC名称\x1b[31m红"


def _dirty_db(tmp_path):
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    for project in data["projects"].values():
        project["name"] = HOSTILE
    for task in data["tasks"].values():
        task["name"] = HOSTILE
        task["content"] = HOSTILE + "\n第二行"
    db = tmp_path / "dirty.json"
    db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return db


async def test_project_form_shows_hostile_name_escaped_and_keeps_it(tmp_path):
    db = _dirty_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        code = app.screen.base.code
        shot = app.export_screenshot()
        assert "\x1b" not in shot and "\x07" not in shot
        assert "pwned" in shot  # shown, as escapes
        before = db.read_bytes()
        await pilot.press("ctrl+s")  # nothing typed: the escaped text shown is no change
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert db.read_bytes() == before
    assert json.loads(db.read_text(encoding="utf-8"))["projects"][code]["name"] == HOSTILE


async def test_project_form_another_field_edited_names_the_stored_character(tmp_path):
    db = _dirty_db(tmp_path)
    before = db.read_bytes()
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        set_input(app, "#scale", "新规模")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # refused like `set`: the stored name is invalid
        assert "U+001B" in text_of(app, "#error-name")
        shot = app.export_screenshot()
        assert "\x1b" not in shot and "\x07" not in shot
    assert db.read_bytes() == before


async def test_project_form_edited_hostile_field_is_validated(tmp_path):
    db = _dirty_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        code = app.screen.base.code
        set_input(app, "#name", "干净的名称")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert json.loads(db.read_text(encoding="utf-8"))["projects"][code]["name"] == "干净的名称"


async def test_task_form_shows_hostile_values_escaped_and_keeps_them(tmp_path):
    db = _dirty_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        code = app.screen.base.code
        shot = app.export_screenshot()
        assert "\x1b" not in shot and "\x07" not in shot
        assert "pwned" in shot
        before = db.read_bytes()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    assert db.read_bytes() == before
    saved = json.loads(db.read_text(encoding="utf-8"))["tasks"][code]
    assert saved["name"] == HOSTILE and saved["content"] == HOSTILE + "\n第二行"


async def test_task_form_edited_hostile_field_is_saved_clean(tmp_path):
    db = _dirty_db(tmp_path)
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        code = app.screen.base.code
        set_input(app, "#name", "干净的任务")
        set_input(app, "#content", "干净的内容")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FormScreen)
    saved = json.loads(db.read_text(encoding="utf-8"))["tasks"][code]
    assert saved["name"] == "干净的任务" and saved["content"] == "干净的内容"


async def test_conflict_dialog_shows_hostile_values_escaped(db_path):
    from portfolio.errors import FieldConflict
    from tui.screens.conflict import ConflictScreen

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        conflicts = [FieldConflict("name", HOSTILE, HOSTILE + "他", HOSTILE + "我")]
        app.push_screen(ConflictScreen("W\x1b[2J01", conflicts, who="\x1b]0;who\x07"))
        await settle(pilot)
        shot = app.export_screenshot()
        assert "\x1b" not in shot and "\x07" not in shot
        assert "pwned" in shot and "who" in shot
