"""The UI with a settings file that is a FIFO, a link to a device or holds keys of the wrong
shape: it starts (no hang), says so once, shows every list with the default columns, and
quits (``"columns": "abc"`` once hung it on exit)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest

from tui.app import make_app

from .helpers import settle


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _shapes(path: Path) -> None:
    path.write_text('{"columns": "abc", "filter_history": 5, "saved_filters": [1], "export": "x"}')


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("make", [_fifo, _zero, _shapes], ids=["fifo", "dev-zero", "shapes"])
async def test_the_ui_starts_warns_once_and_quits_with_bad_settings(db_path, tmp_path, monkeypatch, make):
    config = tmp_path / "cfg"
    config.mkdir()
    monkeypatch.setenv("PORTFOLIO_CONFIG_DIR", str(config))
    make(config / "settings.json")
    app = make_app(db_path)

    async def session() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            warnings = [str(n.message) for n in app._notifications if "settings.json" in str(n.message)]
            assert len(warnings) == 1
            for key in ("2", "3", "1"):
                await pilot.press(key)
                await settle(pilot)
            await pilot.press("q")
            await settle(pilot)

    await asyncio.wait_for(session(), timeout=60)
