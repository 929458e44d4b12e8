"""Snapshot tests share one database path (the status line shows it, so it must be fixed),
and other tests — other checkouts on this machine too — rewrite that file while a snapshot
runs. Snapshots therefore take turns (a lock on that folder, across pytest-xdist workers and
checkouts that have this file), and a snapshot of a still screen runs without the live view
(it would show the writes of a checkout that does not take turns); a snapshot of the live
view (``@pytest.mark.live``) uses its own folder and lock.

Text cursors do not blink in snapshots: on this busy machine a screenshot taken a little
later than usual caught the cursor of the focused field in its other half-second."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from filelock import FileLock
from textual.widgets import Input, TextArea

from tui.screens.live import LiveView

from .helpers import SNAPSHOT_DB


@pytest.fixture(autouse=True)
def _still_snapshots(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if "snap_compare" not in request.fixturenames:
        yield
        return
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)
    if request.node.get_closest_marker("live") is None:
        monkeypatch.setattr(LiveView, "enabled", False)
    with FileLock(f"{SNAPSHOT_DB.parent}.lock"):
        yield
