"""Every screen of every kind, rendered in zh_CN through the pilot, shows no raw enum value
(``not_reported``, ``in_progress`` …) and no English word outside codes, units and key names."""

from __future__ import annotations

import re

from textual.widgets import Input

from portfolio.store import Repository
from tui.app import make_app
from tui.screens.main import ListScreen

from .helpers import settle

RAW_ENUMS = re.compile(r"\b(not_reported|in_progress|not_started|completed|suspended|cancelled|higher|lower|"
                       r"not_met|on_path|off_path|to_judge|due_soon|overdue)\b")
# what may stay in Latin letters: key names, units, file names, the query keys and their example values
ALLOWED = {"ctrl", "esc", "tab", "enter", "space", "shift", "del", "up", "down", "left", "right", "home", "end",
           "pgup", "pgdn", "ug", "mg", "km", "kw", "kwh", "pm", "cod", "json", "csv", "xlsx", "docx", "txt", "md",
           "html", "tmp", "projects", "data", "gdp", "so", "nox", "vocs", "super", "excel",
           "ldc", "lzs", "ljq",  # a pinyin-initials query example, plan codes
           "english", "tester"}  # the language switch names its language; the user name (data)


def screen_text(app) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def offending(text: str, query_keys: set[str]) -> list[str]:
    found = [m.group(0) for m in RAW_ENUMS.finditer(text)]
    # a word cut by a dialog's border (█) is a piece of the screen underneath ("f2 Engl█ish")
    for word in re.findall(r"(?<![\w/.:@█-])[A-Za-z]{3,}(?![\w/.:█-])", text):
        if word.lower() not in ALLOWED and word.lower() not in query_keys:
            found.append(word)
    return found


async def test_every_screen_in_chinese(db_path, tmp_path):
    from portfolio.records import kind_part

    keys = {k for kind in ("project", "task", "indicator") for k in kind_part(kind, "query").KEYS}
    seen: dict[str, list[str]] = {}
    app = make_app(db_path)

    async def look(name: str, *press: str) -> None:
        for key in press:
            await pilot.press(key)
            await settle(pilot)
        words = offending(screen_text(app), keys)
        if words:
            seen[name] = words

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for tab, kind in (("1", "project"), ("2", "task"), ("3", "indicator")):
            await look(f"{kind} list", tab)
            await look(f"{kind} history", "h")
            await look(f"{kind} details", "h")
            await look(f"{kind} form", "e")
            assert "Form" in type(app.screen).__name__ or "Edit" in type(app.screen).__name__, type(app.screen)
            await look(f"{kind} form", "escape")
            await look(f"{kind} help", "question_mark")
            await look(f"{kind} columns", "escape", "c")
            await look(f"{kind} export", "escape", "x")
            await pilot.press("escape")
            await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await look("indicator report", "r")
        await pilot.press("escape")
        await settle(pilot)
        await look("unit view", "1", "u")
        assert type(app.screen).__name__ == "LedgerScreen"
        await look("review", "escape", "r", "f5")
        assert "Review" in type(app.screen).__name__, type(app.screen)
        await pilot.press("escape", "escape")
        await settle(pilot)
        # a conflict on a task
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ListScreen)
        from tui.widgets.record_table import RecordTable

        task = app.screen.query_one(RecordTable).current
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#name", Input).value = "我改的名称"
        Repository.open(db_path, author="李四").update(task.code, {"name": "他人改的名称"}, kind="task")
        await look("conflict", "ctrl+s")
        from tui.screens.conflict import ConflictScreen

        assert isinstance(app.screen, ConflictScreen)
    assert not seen, "\n".join(f"{k}: {v}" for k, v in seen.items())
