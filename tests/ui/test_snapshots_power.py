"""Snapshots of the power-table features: sorted by name (▲), the help screen, the column
picker over the dimmed main screen, many columns with the sideways hint, marks."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio import i18n, settings
from tui.app import make_app

from .helpers import settle, snapshot_db

SIZES = [(80, 24), (120, 40)]
IDS = ["80x24", "120x40"]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_sorted_by_name(snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("right", "s", "down", "space")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_help_screen(snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db()), terminal_size=size, run_before=run_before)


def test_help_screen_english(snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("f1")
        await settle(pilot)

    app = make_app(snapshot_db(), lang="en")
    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        i18n.set_language("zh_CN")


def test_column_picker(snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db()), terminal_size=(80, 24), run_before=run_before)


def test_many_columns_scroll_sideways(snap_compare):
    settings.set_columns("project", ["code", "name", "schedule", "lead_unit", "units", "planned_investment",
                                     "updated_at"])

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db()), terminal_size=(80, 24), run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_review_charts(snap_compare, size):
    from portfolio.store import open_repository

    db = snapshot_db()
    repo = open_repository(db)
    day = date(2023, 6, 30)
    repo.update("W01", {"status": "in_progress", "progress_percent": 20}, when=day)
    repo.update("R01", {"status": "completed", "progress_percent": 100}, when=day)
    repo.update("R02", {"status": "completed", "progress_percent": 100}, when=day)
    repo.update("K05", {"status": "in_progress", "progress_percent": 70}, when=day)

    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=size, run_before=run_before)
