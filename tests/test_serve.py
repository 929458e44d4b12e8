"""``portfolio serve``: the terminal UI in a real browser (Debian's headless chromium, driven by
Playwright; never a downloaded browser). The app's screen reaches the page as terminal output
over the websocket: the test reads it there, and types into the page as a user would."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ANSI = re.compile(r"\x1b\[[0-9;?<>=]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b\][^\x07]*\x07|\x1b[=>]")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_http(url: str, seconds: float = 30) -> None:
    end = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                assert answer.status == 200
                return
        except OSError:
            if time.monotonic() > end:
                raise
            time.sleep(0.2)


def test_serve_shows_the_project_table_and_filters(db_path: Path):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is needed: apt-get install -y chromium (.ci/run installs it)")
    from playwright.sync_api import sync_playwright

    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "tui.launch", "serve", "--port", str(port),
                               "--db", str(db_path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    frames: list[bytes] = []

    def screen() -> str:
        return ANSI.sub("", b"".join(frames).decode("utf-8", "replace"))

    def wait_for(text: str, seconds: float) -> bool:
        end = time.monotonic() + seconds
        while text not in screen() and time.monotonic() < end:
            page.wait_for_timeout(200)
        return text in screen()

    try:
        _wait_http(f"http://127.0.0.1:{port}/")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda f: frames.append(f if isinstance(f, bytes) else f.encode())))
            page.goto(f"http://127.0.0.1:{port}/")
            assert wait_for("W01", 60), screen()[-2000:]
            assert "碧水" in screen() and "34 / 34" in screen()  # the table, in Chinese
            page.locator("textarea").first.focus()
            page.wait_for_timeout(500)
            page.keyboard.press("Slash")  # the filter
            page.wait_for_timeout(800)
            page.keyboard.type("code:A", delay=80)
            assert wait_for("3 / 34", 20), screen()[-2000:]
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
