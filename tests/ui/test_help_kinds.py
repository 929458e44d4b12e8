"""The help screen (``?``) lists the query keys of the kind its list shows (``records/<kind>/query.py``)."""

from __future__ import annotations

from portfolio.records.indicator.query import KEYS as INDICATOR_KEYS
from portfolio.records.project.query import KEYS as PROJECT_KEYS
from portfolio.records.task.query import KEYS as TASK_KEYS
from tui.app import make_app
from tui.screens.help import HelpScreen

from .helpers import settle, text_of


async def help_text(pilot, tab: str) -> str:
    await pilot.press(tab)
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)
    assert isinstance(pilot.app.screen, HelpScreen)
    text = text_of(pilot.app, "#help-text")
    await pilot.press("escape")
    await settle(pilot)
    return text

def key_lines(text: str) -> set[str]:
    """The keys the query table lists: lines starting with ``key:``."""
    return {line.split(":", 1)[0].strip() for line in text.splitlines()
            if ":" in line and line.split(":", 1)[0].strip().isascii() and line.split(":", 1)[0].strip().isalpha()}

async def test_help_lists_the_query_keys_of_the_tab(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        projects = key_lines(await help_text(pilot, "1"))
        tasks_text = await help_text(pilot, "2")
        tasks = key_lines(tasks_text)
        indicators_text = await help_text(pilot, "3")
        indicators = key_lines(indicators_text)
    assert set(PROJECT_KEYS) <= projects
    assert set(TASK_KEYS) <= tasks and not (set(PROJECT_KEYS) - set(TASK_KEYS)) & tasks
    assert set(INDICATOR_KEYS) <= indicators and not (set(PROJECT_KEYS) - set(INDICATOR_KEYS)) & indicators
    # the examples are the kind's own, not the projects' (cat:碧水 end:<=2023)
    assert "end:<=2023" not in tasks_text and "due:逾期未完成" in tasks_text
    assert "end:<=2023" not in indicators_text and "state:未达序时目标" in indicators_text
