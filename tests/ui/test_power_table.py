"""The table as a power tool, through the pilot: keyboard sorting, the help screen, the
column picker kept across restarts, filter history and saved filters, marks, the status bar."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Input, OptionList, SelectionList

from portfolio import settings
from portfolio.sorting import collation_key
from tui.app import make_app
from tui.screens.columns import ColumnsScreen
from tui.screens.help import HelpScreen
from tui.screens.main import MainScreen
from tui.screens.prompt import PromptScreen
from tui.screens.saved_filters import SavedFiltersScreen

from .helpers import codes, settle, table, text_of, type_filter


@pytest.fixture
def app(db_path):
    return make_app(db_path)


def names(app) -> list[str]:
    return [p.name for p in table(app).projects]


async def test_s_sorts_the_column_under_the_cursor_by_pinyin_then_reverses_then_plan_order(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        plan = codes(app)
        await pilot.press("right")  # the name column
        assert table(app).current_column == "name"
        await pilot.press("s")
        shown = names(app)
        assert shown == sorted(shown, key=collation_key)
        assert "".join(dict.fromkeys(n[0] for n in shown)).startswith("广挥柳")
        assert table(app).headers()[1] + "▲" == table(app)._header_cell("name")
        assert "项目名称▲" in text_of(app, "#status-line")
        await pilot.press("s")
        assert names(app) == shown[::-1]
        assert table(app)._header_cell("name").endswith("▼")
        await pilot.press("s")
        assert codes(app) == plan and table(app).sort_spec == []


async def test_shift_s_adds_a_secondary_key(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        t = table(app)
        await pilot.press("right", "right", "right")  # years (category is the third column)
        assert t.current_column == "years"
        await pilot.press("s", "left", "left", "S")  # then by name
        assert t.sort_spec == [("years", False), ("name", False)]
        assert t._header_cell("years") == "建设年限▲¹" and t._header_cell("name") == "项目名称▲²"
        years = [p.years for p in t.projects]
        assert years == sorted(years)
        for span in set(years):
            group = [p.name for p in t.projects if p.years == span]
            assert group == sorted(group, key=collation_key)


async def test_help_lists_the_keys_of_the_screen_and_the_query_language(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = text_of(app, "#help-text")
        from tui.screens.help import key_rows

        rows: dict[str, str] = {}
        for _title, section in key_rows(app.screen_stack[-2]):
            for keys, desc in section:
                rows[desc] = f"{rows.get(desc, '')} {keys}".strip()
        assert rows["排序"] == "s" and rows["筛选"] == "/" and "f1" in rows["帮助"]
        assert rows["列"] == "c" and rows["已保存的筛选"] == "^o" and rows["标记"] == "space"
        assert "cat:" in text and "unit:鹿寨县 -status:completed" in text
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_help_in_english(db_path):
    app = make_app(db_path, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("f1")
        from tui.screens.help import key_rows

        rows = {desc: keys for _title, section in key_rows(app.screen_stack[-2]) for keys, desc in section}
        assert rows["Sort"] == "s" and rows["Columns"] == "c" and rows["Mark"] == "space"


async def hide_category_column(pilot) -> None:
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ColumnsScreen)
    picker = pilot.app.screen.query_one(SelectionList)
    picker.highlighted = pilot.app.screen.order.index("category")
    await pilot.press("space")  # hide it
    picker.highlighted = pilot.app.screen.order.index("lead_unit")
    await pilot.press("ctrl+up")  # lead unit before years
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_a_hidden_column_stays_hidden_after_a_restart_and_reset_brings_it_back(db_path):
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert "category" in table(app).shown_columns
        await hide_category_column(pilot)
        assert table(app).shown_columns == ("code", "name", "lead_unit", "years", "status", "light", "progress_percent")
    kept = json.loads(settings.settings_path().read_text(encoding="utf-8"))
    assert "category" not in kept["columns"]["project"]
    again = make_app(db_path)  # a restart
    async with again.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert table(again).shown_columns == ("code", "name", "lead_unit", "years", "status", "light", "progress_percent")
        await pilot.press("c", "ctrl+r")
        await settle(pilot)
        # ctrl+r only resets the choices in the picker: nothing applied until ctrl+s
        assert isinstance(again.screen, ColumnsScreen)
        assert "category" in again.screen.query_one(SelectionList).selected
        assert "category" not in again.screen_stack[-2].query_one("#table").shown_columns
        await pilot.press("escape")  # cancelled: nothing changes
        await settle(pilot)
        assert "category" not in table(again).shown_columns
        assert settings.load().columns("project") is not None
        await pilot.press("c", "ctrl+r", "ctrl+s")
        await settle(pilot)
        assert "category" in table(again).shown_columns
    assert settings.load().columns("project") is None


async def test_many_columns_scroll_sideways_with_a_hint(app):
    settings.set_columns("project", ["code", "name", "units", "content", "scale", "planned_investment",
                                     "completed_investment", "updated_at", "schedule"])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        t = table(app)
        assert t.overflows and "←/→ 更多列" in text_of(app, "#status-line")
        assert t.render_line(0).text.rstrip().endswith("»")
        for _ in range(8):
            await pilot.press("right")
        assert t.current_column == "schedule" and t.scroll_x > 0
        assert t.render_line(0).text.startswith("«")
        t.scroll_to(x=t.max_scroll_x, animate=False)  # the far right: no column lies beyond
        await settle(pilot)
        assert not t.render_line(0).text.rstrip().endswith("»")


async def test_no_more_columns_hint_when_only_the_last_gap_does_not_fit(app):
    from tui.widgets.record_table import GAP

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        t = table(app)
        width = t.scrollable_content_region.width
        # widen the last column so that the columns fit exactly and only the gap after them does not
        last = t.shown_columns[-1]
        t.widths[last] += width - (t._line_width() - GAP)
        t.refresh()
        await settle(pilot)
        assert t._line_width() > width and not t.overflows
        assert not t.render_line(0).text.rstrip().endswith("»")


async def test_corrupt_settings_warn_and_the_app_starts(app):
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and len(codes(app)) == 34
        assert any("settings.json" in n.message for n in app._notifications)


async def test_filter_history_walks_back_and_is_kept(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "cat:清废")
        await pilot.press("enter")
        await type_filter(pilot, "ldc")
        await pilot.press("enter")
        await type_filter(pilot, "")
        box = app.screen.query_one("#filter", Input)
        await pilot.press("up")
        assert box.value == "ldc"
        await pilot.press("up")
        assert box.value == "cat:清废"
        await pilot.press("down", "down")
        assert box.value == ""
    assert settings.load().history() == ["cat:清废", "ldc"]


async def test_save_a_filter_and_recall_it_by_name(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "cat:清废")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"two words", "enter")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)  # refused, one line under the box
        assert "two words" in text_of(app, "#prompt-error")
        app.screen.query_one(Input).value = "qingfei"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert settings.load().saved_filters() == {"qingfei": "cat:清废"}
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert len(codes(app)) == 34
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, SavedFiltersScreen)
        assert app.screen.query_one(OptionList).option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "@qingfei"
        assert sorted(codes(app)) == ["R01", "R02", "R03", "R04"]
        await type_filter(pilot, "@nope")
        assert "@qingfei" in text_of(app, "#filter-error")


async def test_marks_and_status_bar(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("space", "space")
        assert table(app).marked == {"W01", "W02"}
        assert "已标记 2 个" in text_of(app, "#status-line")
        await type_filter(pilot, "cat:清废")
        await pilot.press("enter")  # to the table
        await pilot.press("asterisk")
        assert table(app).marked == {"W01", "W02", "R01", "R02", "R03", "R04"}
        await pilot.press("asterisk")
        assert table(app).marked == {"W01", "W02"}
        status = text_of(app, "#status-line")
        assert "4 / 34" in status and "2025-12-31" in status and "tester" in status


async def test_scope_shown_in_filter_line_and_words_highlighted(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "柳州")
        t = table(app)
        line = t.render_line(1)
        match = t.get_component_rich_style("record-table--match")
        assert any(seg.text == "柳州" and seg.style.bgcolor == match.bgcolor for seg in line)
        app.screen.scope_selected_for_test = None
        from portfolio.records.project.categories import CategoryKey
        from portfolio.scope import Scope

        app.screen.scope = Scope(CategoryKey.WATER)
        app.screen.refresh_view()
        assert "碧水工程" in text_of(app, "#match-count") and "碧水工程" in text_of(app, "#status-line")


async def test_bulk_edit_the_waste_projects_status_one_undo_step(app):
    from textual.widgets import DataTable, Select

    from tui.screens.bulk import BulkEditScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "cat:清废")
        await pilot.press("enter", "asterisk")
        assert table(app).marked == {"R01", "R02", "R03", "R04"}
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BulkEditScreen)
        assert app.screen.query_one("#bulk-field", Select).value == "status"
        await pilot.press(*"in_progress")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 4  # code, field, before -> after
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        repo = app.screen.repo
        assert {repo.get(c).status.value for c in ("R01", "R02", "R03", "R04")} == {"in_progress"}
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert {repo.get(c).status.value for c in ("R01", "R02", "R03", "R04")} == {"not_reported"}


async def test_review_screen_shows_bar_charts(app):
    from datetime import date

    from portfolio.records.fields import Status
    from tui.widgets.bar_chart import BarChart, chart_text

    app.repo.update("R01", {"status": Status.COMPLETED, "progress_percent": 100}, when=date(2023, 6, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        completion = app.screen.query_one("#chart-completion", BarChart)
        states = app.screen.query_one("#chart-states", BarChart)
        assert [r.label for r in completion.rows][:4] == ["碧水", "蓝天", "净土", "清废"]
        waste = completion.rows[3]
        assert waste.note == "25.0%"  # 1 of 4 completed
        assert [r.note for r in states.rows] == ["8", "3", "8", "4", "3", "8"]
        text = chart_text(completion.rows, 60, 100.0)
        line = text.split("\n")[3]
        green = sum(span.end - span.start for span in line.spans if "green" in str(span.style))
        bar = sum(span.end - span.start for span in line.spans if "on" in str(span.style))
        assert line.plain.startswith("清废") and line.plain.endswith("25.0%")
        assert green == round(bar * 0.25)  # a quarter of the bar
        assert completion.region.height >= 8  # drawn, not collapsed


async def test_export_asks_before_overwriting_and_remembers_format_and_folder(app, tmp_path):
    from tui.screens.confirm import ConfirmScreen
    from tui.screens.export import ExportScreen

    from .helpers import set_input

    target = tmp_path / "out" / "view.csv"
    target.parent.mkdir()
    target.write_text("keep me", encoding="utf-8")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        set_input(app, "#format", "csv")
        await pilot.pause()
        set_input(app, "#file", str(target))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: nothing written
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        assert target.read_text(encoding="utf-8") == "keep me"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert target.read_text(encoding="utf-8-sig").startswith("编号")
        await pilot.press("x")
        await pilot.pause()
        assert str(app.screen.query_one("#format").value) == "csv"
        assert app.screen.query_one("#file").value.startswith(str(target.parent))
    assert settings.load().export_choice() == ("csv", str(target.parent.resolve()))


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_80x24_keeps_the_lead_unit_and_tree_counts(db_path, lang):
    from rich.cells import cell_len

    from portfolio import i18n
    from tui.widgets.category_tree import CategoryTree

    app = make_app(db_path, lang=lang)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            t = table(app)
            assert "lead_unit" in t.shown_columns and "light" in t.shown_columns
            if lang == "zh_CN":  # Chinese fits; English status words may need the sideways scroll
                assert not t.overflows and "更多列" not in text_of(app, "#status-line")
            tree = app.screen.query_one(CategoryTree)
            width = tree.size.width
            for node in tree.root.children:
                label = str(node.label)
                assert label.split()[-1].isdigit()  # the count is part of every label
                assert cell_len(label) + 4 <= width  # and fits beside the guides (cells)
    finally:
        i18n.set_language("zh_CN")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_bulk_edit_without_marks_names_the_current_project_and_counts_in_good_grammar(db_path, lang):
    from textual.widgets import DataTable

    from tui.screens.bulk import BulkEditScreen

    app = make_app(db_path, lang=lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not table(app).marked
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BulkEditScreen)
        title = text_of(app, "#bulk-title")
        assert title.strip() == {"zh": "修改当前项目 W01", "en": "Change the current project W01"}[lang]
        await pilot.press(*"completed")
        await pilot.pause()
        assert app.screen.query_one(DataTable).row_count == 2  # the status, and the progress the rule sets
        summary = text_of(app, "#bulk-summary").strip()
        assert summary == {"zh": "将修改 1 个项目，0 个不变，0 个不予修改",
                           "en": "1 project will change, 0 unchanged, 0 refused"}[lang]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_narrow_key_bar_keeps_help_and_quit_and_the_status_bar_drops_whole_items(db_path, lang, size):
    from tui.widgets.key_bar import KeyBar

    app = make_app(db_path, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert len(line) <= size[0]
        help_, quit_ = {"zh": ("? 帮助", "q 退出"), "en": ("? Help", "q Quit")}[lang]
        assert help_ in line and quit_ in line
        # every key shown whole: each drawn hint is one of the screen's hints
        assert all(start < end <= size[0] for start, end, _hint in bar._places)
        status = text_of(app, "#status-line")
        width = app.screen.query_one("#status-line").content_region.width
        from rich.cells import cell_len
        assert cell_len(status.rstrip()) <= width
        assert not status.rstrip().endswith("·")
