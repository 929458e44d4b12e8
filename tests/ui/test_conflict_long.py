"""Issue 18: the conflict dialog cut long values (at 80×24 in Chinese, at 120×40 in English),
often just where they differ, and told the side kept by colour alone. Each value is shown in
full (wrapped), and the side kept reads on a monochrome terminal: ● and "✓ 采用" on it, ○ on
the other."""

from __future__ import annotations

import pytest

from portfolio import i18n
from portfolio.errors import FieldConflict
from tui.app import make_app
from tui.screens.conflict import ConflictScreen

from .helpers import settle

THEIRS = "新建水源地保护区界标、隔离防护设施共计一百二十公里，新建水质自动监测站五座，覆盖柳江、融江及沿岸乡镇"
MINE = THEIRS.replace("融江", "浔江")
CONFLICTS = [FieldConflict("scale", "原有规模", THEIRS, MINE), FieldConflict("progress_percent", 0, 66, 30)]


def dialog_lines(app) -> list[str]:
    """The dialog's lines as a monochrome terminal shows them (text only, no colour)."""
    box = app.screen.query_one("#dialog").region
    strips = app.screen._compositor.render_strips()[box.y:box.bottom]
    lines = [strip.crop(box.x, box.right).text for strip in strips]
    return [line.strip().strip("█▌▐").strip() for line in lines]


def block(lines: list[str], start: str) -> str:
    """The text of the side whose head line starts with ``start``: its head and value."""
    at = next(i for i, line in enumerate(lines) if line.startswith(start))
    out = [lines[at]]
    for line in lines[at + 1:]:
        if not line or line[0] in "●○":
            break
        out.append(line)
    return out[0] + "|" + "".join(out[1:])


@pytest.fixture
def english():
    i18n.set_language("en")
    yield
    i18n.set_language("zh_CN")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_long_values_show_in_full_and_the_side_kept_reads_without_colour(db_path, size, lang):
    i18n.set_language(lang)
    try:
        app = make_app(db_path)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            app.push_screen(ConflictScreen("W01", CONFLICTS, who="li"))
            await settle(pilot)
            kept, theirs, mine = ("✓ 采用", "对方的（li）", "我的") if lang == "zh_CN" else (
                "✓ kept", "Theirs (li)", "Mine")
            lines = dialog_lines(app)
            assert block(lines, f"● {theirs}") == f"● {theirs}  {kept}|{THEIRS}"  # all of it, wrapped
            assert block(lines, f"○ {mine}") == f"○ {mine}|{MINE}"
            await pilot.press("right")  # the focused field (建设规模): mine
            await pilot.pause()
            lines = dialog_lines(app)
            assert block(lines, f"○ {theirs}") == f"○ {theirs}|{THEIRS}"
            assert block(lines, f"● {mine}") == f"● {mine}  {kept}|{MINE}"
            assert app.screen.choice() == {"scale": MINE, "progress_percent": 66}
            await pilot.press("m")
            await pilot.pause()
            assert sum(line.startswith(f"● {mine}  {kept}") for line in dialog_lines(app)) == 2 or (
                size == (80, 24))  # the second field may lie below the fold at 80×24
            assert app.screen.choice() == {"scale": MINE, "progress_percent": 30}
            await pilot.press("t")
            await pilot.pause()
            assert block(dialog_lines(app), f"● {theirs}").startswith(f"● {theirs}  {kept}|")
            assert app.screen.choice() == {"scale": THEIRS, "progress_percent": 66}
            # everything reachable: the save and back buttons are on screen
            assert all(app.screen.query_one(b).region.bottom <= size[1] for b in ("#conflict-save", "#conflict-back"))
    finally:
        i18n.set_language("zh_CN")


async def test_the_second_field_scrolls_into_view_at_80x24(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConflictScreen("W01", CONFLICTS, who="li"))
        await settle(pilot)
        await pilot.press("down", "right")
        await pilot.pause()
        lines = dialog_lines(app)
        assert any(line.startswith("● 我的  ✓ 采用") for line in lines)
        assert any(line == "30%" for line in lines)
        assert app.screen.choice() == {"scale": THEIRS, "progress_percent": 30}
