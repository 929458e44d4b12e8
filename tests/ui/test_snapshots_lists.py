"""Snapshots of the three lists' tabs (重点任务, 指标) and the unit view (台账), at 120x40 and
80x24, and the task tab in English."""

from __future__ import annotations

import pytest

from portfolio.store.kinds import KINDS
from tui.app import make_app

from .helpers import settle, snapshot_db

# the store kinds for tasks and indicators come with the three-lists core (issue 14)
pytestmark = pytest.mark.skipif("task" not in KINDS, reason="the store holds no tasks yet")

SIZES = [(80, 24), (120, 40)]
IDS = ["80x24", "120x40"]


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_task_tab(snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_indicator_tab(snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db()), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=IDS)
def test_unit_view(snap_compare, size):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("2", "u")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db()), terminal_size=size, run_before=run_before)


def test_task_tab_english(snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("2")
        await settle(pilot)

    assert snap_compare(make_app(snapshot_db(), lang="en"), terminal_size=(120, 40), run_before=run_before)
