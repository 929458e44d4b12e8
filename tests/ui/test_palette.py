"""The command palette speaks the interface language: Textual's system commands, the
placeholder and "No matches found" come from our catalogs."""

from __future__ import annotations

import pytest
from textual.command import CommandInput, CommandList, CommandPalette

from portfolio import i18n
from tui.app import make_app

from .helpers import settle


def palette_lines(app) -> list[str]:
    """Each option of the open palette as plain text (title and help)."""
    options = app.screen.query_one(CommandList).options
    return [str(option.prompt.plain if hasattr(option.prompt, "plain") else option.prompt)
            for option in options]


async def open_palette(pilot) -> None:
    await settle(pilot)
    await pilot.press("ctrl+p")
    await pilot.pause(0.3)
    assert isinstance(pilot.app.screen, CommandPalette)


async def test_system_commands_are_chinese_in_the_chinese_ui(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_palette(pilot)
        text = "\n".join(palette_lines(app))
        for title in ("主题", "退出", "按键", "截图", "筛选", "编辑"):
            assert title in text, text
        for english in ("Theme", "Quit", "Keys", "Screenshot", "Change the current theme",
                        "as soon as possible", "Save an SVG"):
            assert english not in text, text
        assert app.screen.query_one(CommandInput).placeholder == "搜索命令…"
        await pilot.press(*"zzqqxx")
        await pilot.pause(0.8)
        text = "\n".join(palette_lines(app))
        assert "未找到匹配的命令" in text and "No matches found" not in text


async def test_system_commands_are_english_in_the_english_ui(db_path):
    app = make_app(db_path, lang="en")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await open_palette(pilot)
            text = "\n".join(palette_lines(app))
            assert "Theme" in text and "Quit" in text and "Screenshot" in text
            assert app.screen.query_one(CommandInput).placeholder == "Search for commands…"
    finally:
        i18n.set_language("zh_CN")


async def test_a_translated_system_command_still_runs(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_palette(pilot)
        app.screen.query_one(CommandInput).value = "主题"
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause(0.5)
        assert isinstance(app.screen, CommandPalette)  # the theme picker, translated too
        assert app.screen.query_one(CommandInput).placeholder == "搜索主题…"


async def test_quit_appears_once(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_palette(pilot)
        titles = [line.splitlines()[0] for line in palette_lines(app)]
        assert titles.count("退出") == 1, titles


@pytest.mark.parametrize("size", [(80, 24)])
async def test_screenshot_is_reported_in_chinese(db_path, tmp_path, size, monkeypatch):
    app = make_app(db_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        app.action_screenshot(path=str(tmp_path))
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any(m.startswith("截图已保存到") for m in messages), messages
        assert list(tmp_path.glob("*.svg"))
