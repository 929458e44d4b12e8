"""Hostile input in the UI (issue 12): the edit form refuses control characters beside the
field; stored ones never reach the terminal; the export dialog goes through the output guard."""

from __future__ import annotations

import json

from textual.widgets import Input, Static

from tui.app import make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.export import ExportScreen
from tui.screens.form import FormScreen
from tui.widgets.record_table import RecordTable

from ..conftest import BUNDLED
from .helpers import set_input, settle, text_of


async def test_edit_form_refuses_a_control_character_beside_the_field(db_path):
    app = make_app(db_path)
    before = db_path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        set_input(app, "#name", "名称\x1b]0;pwned\x07")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        error = app.screen.query_one("#error-name", Static)
        assert error.display and "U+001B" in text_of(app, "#error-name")
    assert db_path.read_bytes() == before


async def test_stored_control_characters_never_reach_the_terminal(tmp_path):
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    data["projects"]["W01"]["name"] = "名\x1b]0;pwned\x07称\x1b[2J"
    db = tmp_path / "dirty.json"
    db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(RecordTable)
        drawn = "".join(seg.text for y in range(table.size.height) for seg in table.render_line(y))
    assert "\\x1b]0;pwned\\x07" in drawn  # shown as escapes
    assert "\x1b" not in drawn and "\x07" not in drawn


async def test_export_dialog_refuses_the_open_database(db_path):
    app = make_app(db_path)
    before = db_path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#file", Input).value = str(db_path)
        await pilot.press("ctrl+s")
        await settle(pilot)
        if isinstance(app.screen, ConfirmScreen):  # "overwrite the existing file?"
            await pilot.press("y")
            await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "--force" in text_of(app, "#export-error")
    assert db_path.read_bytes() == before
