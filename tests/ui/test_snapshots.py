"""Snapshot tests (pytest-textual-snapshot). Update with `pytest --snapshot-update` after
looking at the report."""

from __future__ import annotations

from datetime import date

import pytest

from portfolio import i18n
from portfolio.store import Repository
from tui.app import make_app

from .helpers import set_input, settle, snapshot_db

SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_main_screen(snap_compare, size):
    assert snap_compare(make_app(snapshot_db()), terminal_size=size, run_before=settle)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_main_screen_english(snap_compare, size):
    app = make_app(snapshot_db(), lang="en")
    try:
        assert snap_compare(app, terminal_size=size, run_before=settle)
    finally:
        i18n.set_language("zh_CN")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_filtered_with_invalid_query(snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("slash", *"ldc foo:")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_form_with_errors(snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)  # the form mounted and laid out, also on a loaded machine
        set_input(pilot.app, "#name", "")
        set_input(pilot.app, "#start_year", "2024")
        set_input(pilot.app, "#end_year", "2022")
        await pilot.press("ctrl+s")
        await settle(pilot)  # the errors shown and scrolled to before the picture is taken
        await pilot.pause()

    assert snap_compare(make_app(snapshot_db()), terminal_size=size, run_before=run_before)


def test_markup_and_chinese_quotes_shown_literally(snap_compare):
    db = snapshot_db()
    repo = Repository.open(db)
    repo.update("W01", {"name": "[bold]不是粗体[/b] [TODO] “引号”…[", "content": "[red]不是红色[/] 与 [link=x]"})
    repo.update("W02", {"name": "Mixed 中英 “quotes” … text", "units": ["[/b]单位", "B&B 公司"]})

    async def run_before(pilot):
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=(120, 30), run_before=run_before)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_review_timeline(snap_compare, size):
    db = snapshot_db()
    repo = Repository.open(db)
    reported = date(2023, 12, 1)  # reports made before the mid-term review
    repo.update("W01", {"status": "in_progress", "progress_percent": 20}, when=reported)
    repo.update("R01", {"status": "completed", "progress_percent": 100}, when=reported)
    repo.update("K05", {"status": "in_progress", "progress_percent": 70}, when=reported)

    async def run_before(pilot):
        await open_mid_term_review(pilot)
        await pilot.press("t")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=size, run_before=run_before)


async def open_mid_term_review(pilot):
    await settle(pilot)
    await pilot.press("r")
    await settle(pilot)
    await pilot.press("f5")
    await settle(pilot)


def test_review_summary(snap_compare):
    assert snap_compare(make_app(snapshot_db()), terminal_size=(120, 40), run_before=open_mid_term_review)


def test_review_late_list_80x24(snap_compare):
    db = snapshot_db()
    Repository.open(db).update("W01", {"status": "in_progress", "progress_percent": 20}, when=date(2023, 6, 30))

    async def run_before(pilot):
        await open_mid_term_review(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(make_app(db), terminal_size=(80, 24), run_before=run_before)
