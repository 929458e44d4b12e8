"""The terminal UI through Textual's pilot: every binding, the filter, the edit flow."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from portfolio.store import Repository
from tui.app import make_app
from tui.screens.confirm import ConfirmScreen
from tui.screens.form import FormScreen
from tui.screens.main import MainScreen
from tui.widgets.category_tree import CategoryTree

from .helpers import codes, set_input, settle, table, text_of, type_filter, until_load_ends


@pytest.fixture
def app(db_path):
    return make_app(db_path)


async def test_opens_on_34_projects_in_six_categories(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert len(codes(app)) == 34
        tree = app.screen.query_one(CategoryTree)
        labels = [str(n.label) for n in tree.root.children]
        assert labels == ["碧水工程 8", "蓝天工程 3", "净土工程 8", "清废工程 4", "应对气候变化工程 3",
                          "能力建设工程 8"]
        assert str(tree.root.label) == "六大工程 34"
        assert "34 / 34" in text_of(app, "#match-count")
        assert "用户：" in text_of(app, "#status-line")  # the long database path is left out whole when it does not fit


async def test_live_filter_chinese_and_pinyin(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "锂电池")
        assert codes(app) == ["R01"]
        await type_filter(pilot, "ldc")
        assert codes(app) == ["R01"]
        assert "1 / 34" in text_of(app, "#match-count")
        # the detail shows the match
        assert "柳州市新能源汽车锂电池回收利用项目" in text_of(app, "#detail-body")


async def test_each_keystroke_narrows(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        counts = []
        for ch in "ldc":
            await pilot.press(ch)
            await settle(pilot)
            counts.append(len(codes(app)))
        assert app.screen.query_one("#filter", Input).value == "ldc"
        assert counts[0] > counts[-1] == 1
        assert counts == sorted(counts, reverse=True)


async def test_invalid_query_shows_message_and_keeps_last_result(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "cat:清废")
        assert codes(app) == ["R01", "R02", "R03", "R04"]
        box = app.screen.query_one("#filter", Input)
        box.value = "cat:清废 foo:bar"
        await settle(pilot)
        error = text_of(app, "#filter-error")
        assert "foo" in error and "cat, sub, unit" in error
        assert app.screen.query_one("#filter-error").display is True
        assert box.has_class("-invalid")
        assert codes(app) == ["R01", "R02", "R03", "R04"]
        box.value = "cat:清废"
        await settle(pilot)
        assert app.screen.query_one("#filter-error").display is False


async def test_tree_counts_follow_filter_and_node_narrows(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "end:<=2023")
        tree = app.screen.query_one(CategoryTree)
        assert str(tree.root.label) == "六大工程 17"
        assert [str(n.label) for n in tree.root.children][2] == "净土工程 6"
        # select 净土工程: the table narrows to it
        soil = tree.root.children[2]
        tree.select_node(soil)
        await settle(pilot)
        assert codes(app) == ["S03", "S04", "S05", "S06", "S07", "S08"]
        # a subcategory leaf
        tree.select_node(tree.root.children[0].children[1])  # 西江流域保护
        await settle(pilot)
        assert codes(app) == []
        tree.select_node(tree.root)
        await settle(pilot)
        assert len(codes(app)) == 17


async def test_escape_clears_then_leaves_filter(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "ldc")
        await pilot.press("escape")
        await settle(pilot)
        box = app.screen.query_one("#filter", Input)
        assert box.value == "" and len(codes(app)) == 34 and box.has_focus
        await pilot.press("escape")
        assert table(app).has_focus


async def test_edit_invalid_shows_error_and_writes_nothing(app, db_path):
    before = db_path.read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        set_input(app, "#end_year", "2019")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        error = app.screen.query_one("#error-end_year", Static)
        assert error.display and "结束年份 2019 早于开始年份 2021" in text_of(app, "#error-end_year")
        assert db_path.read_bytes() == before
        # several errors at once, each beside its field
        set_input(app, "#name", "")
        set_input(app, "#progress_percent", "150")
        set_input(app, "#units", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        for field, message in [("name", "不能为空"), ("progress_percent", "不能大于 100"),
                               ("units", "至少需要 1 项")]:
            widget = app.screen.query_one(f"#error-{field}", Static)
            assert widget.display and message in text_of(app, f"#error-{field}"), field
        assert db_path.read_bytes() == before
        await pilot.press("escape")  # what was typed is not dropped unasked
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    assert db_path.read_bytes() == before


async def test_valid_edit_is_in_the_file_at_once_and_ctrl_z_restores(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down")  # W03
        await pilot.press("enter")
        await pilot.pause()
        set_input(app, "#end_year", "2024")
        set_input(app, "#status", "in_progress")
        set_input(app, "#progress_percent", "45")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        saved = Repository.open(db_path).get("W03")
        assert (saved.end_year, saved.status, saved.progress_percent) == (2024, "in_progress", 45)
        assert "2021-2024" in table(app).row_cells("W03")
        await pilot.press("ctrl+z")
        await settle(pilot)
        restored = Repository.open(db_path).get("W03")
        assert (restored.end_year, restored.status) == (2025, "not_reported")


async def test_add_project_in_the_selected_category(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        tree = app.screen.query_one(CategoryTree)
        tree.select_node(tree.root.children[3])  # 清废工程
        await settle(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, FormScreen)
        set_input(app, "#name", "新建“危废”收集点…")
        set_input(app, "#new_subcategory", "危险废物收集")
        set_input(app, "#units", "市生态环境局\n柳北区人民政府")
        set_input(app, "#start_year", "2024")
        set_input(app, "#end_year", "2025")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        added = Repository.open(db_path).get("R05")
        assert added.name == "新建“危废”收集点…" and added.units == ["市生态环境局", "柳北区人民政府"]
        assert added.subcategory == "危险废物收集" and added.category == "waste"
        assert table(app).current.code == "R05"


async def test_delete_asks_then_ctrl_z_brings_back(app, db_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert "W01" in Repository.open(db_path)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert "W01" not in Repository.open(db_path)
        assert "W01" not in codes(app)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "W01" in Repository.open(db_path) and "W01" in codes(app)


async def test_another_process_changing_other_fields_merges_without_a_dialog(app, db_path):
    """Another process renames W01 while the form changes its progress: both land (the
    conflict dialog is only for a field changed on both sides: tests/ui/test_conflict.py)."""
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        Repository.open(db_path).update("W01", {"name": "别处改过"})
        set_input(app, "#progress_percent", "10")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        saved = Repository.open(db_path).get("W01")
        assert (saved.name, saved.progress_percent) == ("别处改过", 10)
        assert table(app).current.name == "别处改过"


async def test_f2_switches_language_everywhere(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "cat:碧水")
        table(app).focus()
        await pilot.press("f2")
        await settle(pilot)
        assert table(app).headers()[:2] == ["Code", "Name"]
        assert "User:" in text_of(app, "#status-line")
        assert str(app.screen.query_one(CategoryTree).root.label) == "All six groups 8"
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Filter", "Edit", "Add", "Delete", "Undo", "Quit"} <= descriptions
        # the filter survived
        assert app.screen.query_one("#filter", Input).value == "cat:碧水" and len(codes(app)) == 8
        await pilot.press("f2")
        await settle(pilot)
        assert table(app).headers()[:2] == ["编号", "项目名称"]


async def test_lang_option_starts_in_english(db_path):
    app = make_app(db_path, lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert table(app).headers()[0] == "Code"


async def test_export_dialog_exports_the_projects_in_view(app, tmp_path):
    import openpyxl

    from tui.screens.export import ExportScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "cat:清废")
        table(app).focus()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        target = tmp_path / "view.xlsx"
        set_input(app, "#file", str(target))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        ws = openpyxl.load_workbook(target).active
        assert [ws.cell(r, 1).value for r in range(3, ws.max_row + 1)] == ["R01", "R02", "R03", "R04"]
        # the appendix layout as markdown
        await pilot.press("x")
        await pilot.pause()
        set_input(app, "#format", "md")
        set_input(app, "#layout", "appendix")
        await pilot.pause()
        md = tmp_path / "view.md"
        set_input(app, "#file", str(md))
        app.screen.query_one("#run").press()
        await settle(pilot)
        text = md.read_text(encoding="utf-8")
        assert "四、清废工程" in text and "（一）危险废物处置利用" in text


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_export_dialog_fits_the_terminal(app, size):
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        for button in ("#run", "#cancel"):
            region = app.screen.query_one(button).region
            assert region.height == 3 and region.bottom <= size[1], (button, region)


async def test_export_dialog_shows_errors(app, tmp_path):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        set_input(app, "#file", str(tmp_path / "no" / "such" / "dir.xlsx"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "不存在" in text_of(app, "#export-error")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_header_click_sorts(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table(app).sort_by("progress_percent")
        app.repo.update("K08", {"progress_percent": 90})
        app.screen.reapply_filter()
        await settle(pilot)
        table(app).sort_by("progress_percent")  # second click: descending
        assert codes(app)[0] == "K08"


async def test_q_quits(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code in (0, None)


async def test_markup_in_data_is_shown_literally(db_path):
    Repository.open(db_path).update("W01", {"name": "[bold]x[/b] [TODO] [", "content": "[red]红[/]"})
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert table(app).row_cells("W01")[1] == "[bold]x[/b] [TODO] ["
        detail = text_of(app, "#detail-body")
        assert "[bold]x[/b] [TODO] [" in detail and "[red]红[/]" in detail


async def test_command_palette_lists_the_actions(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        from tui.commands import PortfolioCommands

        provider = PortfolioCommands(app.screen)
        names = [name for _a, name, _h in provider._commands()]
        assert {"筛选", "编辑", "新增", "删除", "撤销", "导出", "评估"} <= set(names)


async def test_review_jump_widens_a_narrow_view(app):
    from tui.screens.review import ReviewScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "cat:清废")
        app.screen.jump_to("K01")
        await settle(pilot)
        assert table(app).current.code == "K01" and len(codes(app)) == 34
        table(app).focus()
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)


async def test_background_load_shows_loading_then_the_projects(db_path):
    from tui.screens.loading import LoadingScreen

    app = make_app(db_path, background_load=True)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, LoadingScreen | MainScreen)
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and len(codes(app)) == 34


async def test_background_load_of_a_corrupt_file_exits_with_the_error(db_path):
    db_path.write_bytes(b'{"meta": [')
    app = make_app(db_path, background_load=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await until_load_ends(app, pilot)
    assert app.return_code == 1 and "JSON" in app.load_error and str(db_path) in app.load_error
    assert db_path.read_bytes() == b'{"meta": ['


async def test_slash_again_starts_a_new_query(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"ldc")
        await settle(pilot)
        assert codes(app) == ["R01"]
        await pilot.press("slash", *"cat:R")  # typed over the selected old query
        await settle(pilot)
        assert app.screen.query_one("#filter", Input).value == "cat:R"
        assert codes(app) == ["R01", "R02", "R03", "R04"]


def bar_keys(app) -> list[str]:
    from tui.widgets.key_bar import KeyBar

    return [f"{h.display} {h.description}" for h in app.screen.query_one(KeyBar).hints]


async def test_key_bar_shows_the_keys_of_the_moment_and_presses_them(app):
    from tui.widgets.key_bar import KeyBar

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        keys = bar_keys(app)
        assert keys[:3] == ["/ 筛选", "e 编辑", "a 新增"] and keys[-1] == "q 退出"
        bar = app.screen.query_one(KeyBar)
        line = bar.render().plain
        assert line.startswith(" / 筛选  e 编辑  a 新增 ") and line.rstrip().endswith("^p 命令")
        await pilot.press("slash")  # typing in the filter: the letter keys step aside
        await settle(pilot)
        assert "e 编辑" not in bar_keys(app) and "/ 筛选" in bar_keys(app)
        await pilot.press("escape")
        await settle(pilot)
        assert bar_keys(app) == keys
        # a click on a key presses it: "e" opens the form
        from rich.cells import cell_len

        x = cell_len(line[:line.index(" e ")]) + 1  # in cells: 筛选 takes four
        await pilot.click(KeyBar, offset=(x, 0))
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await settle(pilot)
        # nothing to edit: the key is greyed out and a click does nothing
        await type_filter(pilot, "没有这样的项目")
        table(app).focus()
        await settle(pilot)
        assert [h.enabled for h in bar.hints if h.key == "e"] == [False]
        await pilot.click(KeyBar, offset=(x, 0))
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f2")
        await settle(pilot)
        assert bar_keys(app)[:2] == ["/ Filter", "e Edit"]
        assert app.screen.query_one(KeyBar).render().plain.rstrip().endswith("^p Commands")
