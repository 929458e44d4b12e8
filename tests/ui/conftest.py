"""Snapshot tests share one database path (the status line shows it, so it must not vary):
each holds a file lock for its whole run, so that two pytest workers — or two checkouts
testing on the same machine — never copy over each other's snapshot database. A snapshot
of a still screen runs without the live view (it would show the writes of a checkout that
does not take turns); a snapshot of the live view (``@pytest.mark.live``) uses its own
folder and lock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from filelock import FileLock

from tui.screens.live import LiveView

from .helpers import SNAPSHOT_DB


@pytest.fixture(autouse=True)
def _one_snapshot_at_a_time(request: pytest.FixtureRequest) -> Iterator[None]:
    if not request.module.__name__.rsplit(".", 1)[-1].startswith("test_snapshots"):
        yield
        return
    with FileLock(str(SNAPSHOT_DB.parent) + ".lock"):
        yield


@pytest.fixture(autouse=True)
def _still_snapshots(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    if "snap_compare" in request.fixturenames and request.node.get_closest_marker("live") is None:
        monkeypatch.setattr(LiveView, "enabled", False)


@pytest.fixture(autouse=True)
def _steady_text_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors do not blink in tests: a focused field always shows its cursor, so a
    snapshot never depends on the moment within the blink it was taken (it did under load).
    Reactive defaults have no public setter; the default of ``Input.cursor_blink`` is set."""
    from textual.widgets import Input

    monkeypatch.setattr(Input.cursor_blink, "_default", False)
