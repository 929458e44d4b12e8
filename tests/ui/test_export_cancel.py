"""#22: the export dialog shows the export's stages and ``escape`` stops it, writing nothing."""

from __future__ import annotations

import threading

import pytest
from textual.widgets import ProgressBar, Static

import portfolio.io.xlsx as xlsx_module
from tui.app import make_app
from tui.screens.export import ExportScreen
from tui.screens.main import MainScreen

from .helpers import set_input, settle


@pytest.fixture
def app(db_path):
    return make_app(db_path)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # openpyxl's cut-off sheet
async def test_escape_during_an_export_stops_it_and_writes_nothing(app, tmp_path, monkeypatch):
    reached = threading.Event()
    release = threading.Event()
    real = xlsx_module.flat_value
    rows: list[str] = []

    def slow_value(project, column):  # the real cell value; the 10th project waits for the test
        if column == "code":
            rows.append(project.code)
            if len(rows) == 10:
                reached.set()
                release.wait(10)
        return real(project, column)

    monkeypatch.setattr(xlsx_module, "flat_value", slow_value)
    target = tmp_path / "all.xlsx"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportScreen)
        set_input(app, "#file", str(target))
        await pilot.press("ctrl+s")
        for _ in range(100):
            if reached.is_set():
                break
            await pilot.pause(0.05)
        assert reached.is_set()
        await pilot.pause(0.2)
        dialog = app.screen
        assert isinstance(dialog, ExportScreen)
        stage = dialog.query_one("#export-stage", Static)
        assert stage.display and "写入" in str(stage.render())
        assert dialog.query_one("#progress", ProgressBar).total == 34
        await pilot.press("escape")  # stop the export (the dialog waits for its worker)
        assert isinstance(app.screen, ExportScreen)
        release.set()
        for _ in range(100):
            if isinstance(app.screen, MainScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, MainScreen)
        assert not target.exists()
        assert list(tmp_path.glob(".all.xlsx.*")) == []
        assert len(rows) == 10  # it stopped at the next row
