"""Issue 18: at 120 columns the English task table dropped its Deadline column (English
headers and labels are wider): the name column gives a few cells instead, in both languages
every default column of the projects and tasks shows at 120×40; at 80×24 the columns that do
not fit are dropped as before (the detail shows them) and none is cut at the edge (the English
projects' Light was)."""

from __future__ import annotations

import pytest

from portfolio import i18n
from portfolio.records.columns import RecordKind
from tui.app import make_app
from tui.widgets.record_table import RecordTable

from .helpers import settle


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("tab", ["1", "2"])
async def test_every_default_column_fits_at_120(db_path, lang, tab):
    i18n.set_language(lang)
    try:
        app = make_app(db_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press(tab)
            await settle(pilot)
            table = app.screen.query_one(RecordTable)
            kind: RecordKind = table.kind  # type: ignore[type-arg]
            assert table.shown_columns == kind.default_columns
            assert not table.overflows
            assert table.widths["name"] >= kind.column("name").width.min - 5
    finally:
        i18n.set_language("zh_CN")


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
async def test_80x24_shows_no_column_cut(db_path, lang):
    i18n.set_language(lang)
    try:
        app = make_app(db_path)
        async with app.run_test(size=(80, 24)) as pilot:
            for tab in "123":
                await pilot.press(tab)
                await settle(pilot)
                table = app.screen.query_one(RecordTable)
                assert not table.overflows
                assert table.widths["name"] >= table.kind.column("name").width.min - 5
                assert "code" in table.shown_columns or "number" in table.shown_columns
    finally:
        i18n.set_language("zh_CN")
