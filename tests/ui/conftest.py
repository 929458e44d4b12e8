"""Snapshot tests share one database path (the status line shows it, so it must be fixed),
and other tests — other checkouts on this machine too — rewrite that file while a snapshot
runs. A snapshot of a still screen therefore runs without the live view (it would show their
writes); a snapshot of the live view (``@pytest.mark.live``) uses its own folder and lock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tui.screens.live import LiveView


@pytest.fixture(autouse=True)
def _still_snapshots(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    if "snap_compare" in request.fixturenames and request.node.get_closest_marker("live") is None:
        monkeypatch.setattr(LiveView, "enabled", False)
    yield
