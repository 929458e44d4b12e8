"""Driving the app in tests."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from tui.app import PortfolioApp, make_app
from tui.widgets.record_table import RecordTable

from ..conftest import BUNDLED

SNAPSHOT_DB = Path("/tmp/portfolio-snapshots/projects.json")


def snapshot_db(folder: str | None = None) -> Path:
    """A fixed path (the status line shows it, so snapshots must not see a random tmp dir).
    A snapshot of the live view names its own ``folder`` under /tmp (and holds a lock on it):
    other tests, other checkouts on this machine too, write to the shared one."""
    db = SNAPSHOT_DB if folder is None else Path("/tmp") / folder / SNAPSHOT_DB.name
    db.parent.mkdir(parents=True, exist_ok=True)
    for stale in db.parent.iterdir():
        if stale.name != db.name:
            stale.unlink(missing_ok=True)  # another worker may be clearing it too
    # copied beside it, then put in place at once: a reader never sees half a file
    part = db.with_name(f"{db.name}.{os.getpid()}.part")
    shutil.copyfile(BUNDLED, part)
    os.replace(part, db)
    return db


async def settle(pilot: Pilot[int]) -> None:
    """Let workers (the filter) finish and the screen catch up."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def wait_until(pilot: Pilot[int], condition: Callable[[], bool], timeout: float = 2.0) -> float:
    """Pause until ``condition()`` holds; the seconds it took (fails after ``timeout``)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"not within {timeout} s")
        await pilot.pause(0.05)
    return time.monotonic() - start


def table(app: PortfolioApp) -> RecordTable:
    return app.screen.query_one(RecordTable)


def codes(app: PortfolioApp) -> list[str]:
    return [p.code for p in table(app).records]


def text_of(app: PortfolioApp, selector: str) -> str:
    """The plain text a Static shows (Text, Content or any Rich renderable)."""
    import io

    from rich.console import Console

    content = app.screen.query_one(selector, Static).content
    if isinstance(content, str):
        return content
    console = Console(width=200, file=io.StringIO(), record=True, color_system=None)
    console.print(content)
    return console.export_text()


async def type_filter(pilot: Pilot[int], text: str) -> None:
    await pilot.press("slash")
    box = pilot.app.screen.query_one("#filter", Input)
    box.value = ""
    await pilot.press(*list(text)) if text.isascii() else None
    if not text.isascii():
        box.value = text  # an IME commits whole words at once
    await settle(pilot)


def set_input(app: PortfolioApp, selector: str, value: str) -> None:
    widget = app.screen.query_one(selector)
    if isinstance(widget, Input):
        widget.value = value
    elif isinstance(widget, TextArea):
        widget.text = value
    elif isinstance(widget, Select):
        widget.value = value


__all__ = ["make_app"]


async def until_load_ends(app: PortfolioApp, pilot: Pilot[int]) -> None:
    """Wait for the app's loader, which may end the app (a file it cannot open)."""
    from textual.worker import WorkerCancelled

    try:
        await app.workers.wait_for_complete()
        await pilot.pause()
    except WorkerCancelled:
        pass  # the app exits as the worker ends
