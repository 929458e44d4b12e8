"""The review screen through the pilot: the review date in force, figures, the lists with
their lights, jumps, the pack export, and a large portfolio computed in a worker."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, Select, TabbedContent

from portfolio.review import dates
from portfolio.store import Repository
from tui.app import make_app
from tui.screens.main import MainScreen
from tui.screens.review import ReviewScreen
from tui.widgets.rows_view import RowsView
from tui.widgets.timeline import Timeline

from ..reporting import report
from .helpers import set_input, settle, table, text_of

DECISIVE = {"light", "state", "expected", "progress"}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: date(2026, 11, 30))


@pytest.fixture
def app(db_path):
    repo = Repository.open(db_path)
    report(repo, "W01", date(2023, 6, 30), status="in_progress", progress_percent=20)
    return make_app(db_path)


async def open_review(pilot) -> ReviewScreen:
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


async def test_defaults_to_the_final_review_and_says_so(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        assert screen.query_one("#as-of", Input).value == "2025-12-31"
        assert text_of(app, "#review-in-force").strip() == "终期评估（2025-12-31）"
        assert "34 个应于 2025 年底前完成" in text_of(app, "#review-summary")
        await pilot.press("f5")
        await settle(pilot)
        assert text_of(app, "#review-in-force").strip() == "中期评估（2023-12-31）"
        set_input(app, "#as-of", "2024-06-30")
        await settle(pilot)
        assert text_of(app, "#review-in-force").strip() == "评估日期 2024-06-30"


async def test_figures_lists_lights_and_jump(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("f5")
        await settle(pilot)
        assert "17 个应于 2023 年底前完成" in text_of(app, "#review-summary")
        summary = screen.query_one("#summary-table", DataTable)
        total = [str(c) for c in summary.get_row_at(summary.row_count - 1)]
        assert total[:4] == ["合计", "34", "17", "0"]
        await pilot.press("2")
        late = screen.query_one("#late-table", RowsView)
        assert screen.query_one(TabbedContent).active == "late" and late.has_focus
        # 17 overdue + W01 behind (20 % of 60 %) + 16 running never-reported projects with a red light
        assert len(late.items) == 18 + len(screen.result.red_other) == 34
        assert {i.state for i in late.items[18:]} == {"not_reported"}
        w01 = next(i for i in late.items if i.project.code == "W01")
        assert (w01.state, w01.light, w01.progress) == ("behind", "red", 20)
        # the unit view: the bureau with the most projects is chosen first
        await pilot.press("3")
        await settle(pilot)
        assert screen.query_one("#unit", Select).value == "市生态环境局"
        assert len(screen.query_one("#unit-table", RowsView).items) == 29
        # a bad date is reported, the figures stay
        set_input(app, "#as-of", "2023-02-30")
        await settle(pilot)
        assert "不是日期" in text_of(app, "#review-error")
        set_input(app, "#as-of", "2023-12-31")
        await settle(pilot)
        # jump: W08 in the overdue list
        await pilot.press("2")
        codes_in_late = [i.project.code for i in late.items]
        for _ in range(codes_in_late.index("W08")):
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert table(app).current.code == "W08"


async def test_enter_on_the_timeline_jumps_to_the_project(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        await pilot.press("t")
        timeline = screen.query_one(Timeline)
        assert screen.query_one(TabbedContent).active == "timeline" and timeline.has_focus
        assert [i.project.code for i in timeline.items][:3] == ["W01", "W02", "W03"]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and table(app).current.code == "W03"


async def test_enter_on_a_category_of_the_summary_shows_its_projects(app):
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#summary-table", DataTable).focus()
        await pilot.press("down", "enter")  # the second row: 蓝天工程
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#filter", Input).value == "cat:air"
        assert [p.code for p in table(app).records] == ["A01", "A02", "A03"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_decisive_columns_visible(db_path, size, lang):
    app = make_app(db_path, lang=lang)
    async with app.run_test(size=size) as pilot:
        screen = await open_review(pilot)
        for tab, selector in (("2", "#late-table"), ("3", "#unit-table")):
            await pilot.press(tab)
            await settle(pilot)
            view = screen.query_one(selector, RowsView)
            assert set(view.visible_keys()) >= DECISIVE
            assert sum(view.widths.values()) + 2 * len(view.widths) <= size[0]


async def test_export_the_pack_from_the_screen(app, tmp_path):
    import docx
    import openpyxl

    from tui.screens.review_pack import ReviewPackScreen

    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ReviewPackScreen)
        assert app.screen.query_one("#pack-file", Input).value.endswith("重点工程项目评估_2025-12-31.docx")
        target = tmp_path / "pack.docx"
        set_input(app, "#pack-file", str(target))
        # the dialog asks for the 落款 date (default today); a date that is none is refused there
        assert app.screen.query_one("#pack-issued", Input).value == "2026-11-30"
        set_input(app, "#pack-issued", "2024-13-01")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewPackScreen) and "2024-13-01" in text_of(app, "#pack-error")
        set_input(app, "#pack-issued", "2024-01-20")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
        assert "重点工程项目" in "\n".join(paragraphs) and "2024年1月20日" in paragraphs
        # the workbook, and a folder that does not exist is reported in the dialog
        await pilot.press("x")
        await settle(pilot)
        set_input(app, "#pack-format", "xlsx")
        await settle(pilot)
        assert app.screen.query_one("#pack-file", Input).value.endswith("重点工程项目评估_2025-12-31.xlsx")
        set_input(app, "#pack-file", str(tmp_path / "missing" / "pack.xlsx"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewPackScreen)
        assert "missing" in text_of(app, "#pack-error")
        set_input(app, "#pack-file", str(tmp_path / "pack.xlsx"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert openpyxl.load_workbook(tmp_path / "pack.xlsx").sheetnames


async def test_the_screen_exports_the_command_line_report(app, db_path, tmp_path):
    """x on the review screen writes the very report ``portfolio review -o`` writes: the same
    chapters (the indicators, tasks and unit ledger included) and the same text."""
    import docx

    from portfolio.cli import main

    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        await settle(pilot)
        set_input(app, "#pack-file", str(tmp_path / "screen.docx"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
    assert main(["review", "--as-of", "2025-12-31", "-o", str(tmp_path / "cli.docx"), "--db", str(db_path)]) == 0

    def content(path):
        document = docx.Document(str(path))
        return ([p.text for p in document.paragraphs],
                [[cell.text for row in t.rows for cell in row.cells] for t in document.tables])

    screen_text, screen_tables = content(tmp_path / "screen.docx")
    cli_text, cli_tables = content(tmp_path / "cli.docx")
    assert any(t.startswith("九、") for t in cli_text)
    assert [t for t in screen_text if t[:2] in {"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"}] == \
        [t for t in cli_text if t[:2] in {"一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、", "九、"}]
    assert screen_text == cli_text
    assert screen_tables == cli_tables


async def test_large_portfolio_computes_in_a_worker_and_escape_leaves_at_once(app, monkeypatch):
    """The computation is held part way (deterministic on any machine, however loaded): the
    screen is up with its progress bar, escape leaves at once, and the cancelled worker stops
    before preparing anything."""
    import threading

    import tui.screens.review as review_screen
    from tui.tracker import ScreenTracker

    started, release = threading.Event(), threading.Event()
    prepared = []
    real_advance, real_prepare = ScreenTracker.advance, review_screen.prepare

    def held_advance(self, n=1):  # the review's steps go through the screen's tracker, the one mechanism
        if not started.is_set():
            started.set()
            release.wait(30)
        real_advance(self, n)

    monkeypatch.setattr(ScreenTracker, "advance", held_advance)
    monkeypatch.setattr(review_screen, "prepare", lambda r: prepared.append(r) or real_prepare(r))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = ReviewScreen(app.repo.projects() * 6000)  # 204,000 rows to review
        app.push_screen(screen)
        for _ in range(300):
            if started.is_set():
                break
            await pilot.pause(0.05)
        assert started.is_set()
        assert screen.result is None  # still computing; the screen is up with its progress bar
        assert screen.query_one("#review-progress").display
        [worker] = [w for w in app.workers if w.group == "review"]
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)  # left while the worker is still busy
        assert worker.is_cancelled and screen.tracker is not None and screen.tracker.cancelled
        release.set()
        await app.workers.wait_for_complete()
        assert not prepared  # the computation stopped part way


async def test_large_portfolio_shows_its_review(app):
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = ReviewScreen(app.repo.projects() * 300)  # 10,200 rows
        app.push_screen(screen)
        await settle(pilot)
        assert screen.result is not None and len(screen.result.items) == 10_200
        assert not screen.query_one("#review-progress").display
        assert "10200 个重点工程项目中" in text_of(app, "#review-summary")


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_leaving_the_review_keeps_the_main_screen_layout(app, size):
    """The review screen's stylesheet stays loaded after it closes: none of its rules may
    restyle the main screen (an unscoped ``#tabs {height: 1fr}`` once pushed the table down)."""
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, MainScreen)
        before = {w: main.query_one(w).region for w in ("#tabs", "#table", "#filter-bar", "#status-line")}
        await open_review(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is main
        after = {w: main.query_one(w).region for w in before}
        assert after == before
        assert main.query_one("#tabs").region.height <= 2


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # openpyxl's cut-off sheet
async def test_escape_while_the_pack_is_written_stops_it_and_writes_nothing(app, tmp_path, monkeypatch):
    """#22: the pack's stages on its progress bar; escape stops the writing, nothing is left."""
    import threading

    import portfolio.review.xlsx_pack as pack
    from tui.screens.review_pack import ReviewPackScreen

    reached, release = threading.Event(), threading.Event()
    real = pack._project_values
    calls: list[int] = []

    def slow(*args, **kwargs):
        calls.append(1)
        if len(calls) == 5:
            reached.set()
            release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(pack, "_project_values", slow)
    target = tmp_path / "pack.xlsx"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_review(pilot)
        await pilot.press("x")
        await settle(pilot)
        set_input(app, "#pack-format", "xlsx")
        await settle(pilot)
        set_input(app, "#pack-file", str(target))
        await pilot.press("ctrl+s")
        for _ in range(200):
            if reached.is_set():
                break
            await pilot.pause(0.05)
        assert reached.is_set()
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReviewPackScreen)
        assert "写入" in str(app.screen.query_one("#pack-stage").render())
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewPackScreen)  # waits for the writer to stop
        release.set()
        for _ in range(200):
            if isinstance(app.screen, ReviewScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ReviewScreen)
        assert not target.exists() and list(tmp_path.glob(".pack.xlsx.*")) == []
        assert len(calls) == 5
