"""Issue 19 in the UI: a name edited by hand in the database file (an OSC sequence, a bidi
override, a zero-width space) never reaches the terminal on the first screen — the detail
pane, the tree, the table — nor in the unit view or a notification."""

from __future__ import annotations

import json
import unicodedata

from tui.app import make_app

from ..conftest import BUNDLED
from .helpers import settle

OSC = "\x1b]0;pwned\x07"


def _raw(text: str) -> list[str]:
    return [ch for ch in text if unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\n\t"]


def _drawn(app) -> str:
    """Every line every visible widget of the screen draws, as text."""
    out = []
    for widget in app.screen.query("*"):
        if not widget.display or not widget.size.height:
            continue
        for y in range(widget.size.height):
            try:
                out.extend(seg.text for seg in widget.render_line(y))
            except Exception:  # a widget that draws only through its children
                break
    return "".join(out)


async def test_a_hand_edited_name_never_reaches_the_terminal_on_the_first_screen(tmp_path):
    data = json.loads(BUNDLED.read_text(encoding="utf-8"))
    w01 = data["projects"]["W01"]
    w01["name"] = f"名{OSC}称\u202e反"
    w01["subcategory"] = f"子类{OSC}"
    w01["units"] = [f"单位\u200b{OSC}", *w01["units"][1:]]
    w01["content"] = "内容\x1b[2J"
    db = tmp_path / "dirty.json"
    db.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    app = make_app(db)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        drawn = _drawn(app)
        assert "pwned" in drawn  # W01 and its detail are on screen...
        assert _raw(drawn) == [], _raw(drawn)[:5]  # ...escaped
        from tui.widgets.detail import detail_renderable

        shown = str(detail_renderable(app.repo.get("W01")).renderables[0])
        assert "\\x1b]0;pwned\\x07" in shown and "\\u202e" in shown and _raw(shown) == []
        app.notify(f"echo {OSC}", title=f"t{OSC}")
        await pilot.pause()
        assert _raw(_drawn(app)) == []


async def test_hand_edited_saved_filters_are_listed_escaped(db_path):
    from portfolio import settings as user_settings
    from tui.screens.saved_filters import SavedFiltersScreen

    path = user_settings.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"saved_filters": {f"f{OSC}": f"cat:碧水\u202e{OSC}"}}), encoding="utf-8")
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, SavedFiltersScreen)
        drawn = _drawn(app)
        assert "pwned" in drawn and _raw(drawn) == []


async def test_the_edit_form_refuses_a_report_date_out_of_range_beside_the_field(db_path):
    from tui.screens.form import FormScreen

    from .helpers import set_input, text_of

    before = db_path.read_bytes()
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        set_input(app, "#progress_percent", "40")
        set_input(app, "#log-date", "9999-12-31")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)  # nothing saved
        assert "9999-12-31" in text_of(app, "#error-progress_log")
    assert db_path.read_bytes() == before
