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


def _serve(*argv: str, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    import os

    return subprocess.Popen([sys.executable, "-m", "tui.launch", "serve", *argv], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, **(env or {})})


def _tab_screen(url: str, until: str, seconds: float = 60) -> str:
    """What a browser tab shows (its terminal output over the websocket, ANSI stripped)."""
    import asyncio
    import json

    import aiohttp

    async def read() -> str:
        out = b""
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            await ws.send_str(json.dumps(["resize", {"width": 120, "height": 40}]))
            end = time.monotonic() + seconds
            while time.monotonic() < end and until not in ANSI.sub("", out.decode("utf-8", "replace")):
                try:
                    msg = await ws.receive(timeout=0.5)
                except TimeoutError:
                    continue
                if msg.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                    out += msg.data if isinstance(msg.data, bytes) else msg.data.encode()
                else:
                    break
        return ANSI.sub("", out.decode("utf-8", "replace"))

    return asyncio.run(read())


def test_serve_refuses_what_it_cannot_serve_in_one_line(db_path: Path):
    port = _free_port()
    for argv in (["--db", "postgresql://postgres@127.0.0.1:1/nothing"],
                 ["--db", str(db_path), "--host", "no.such.host.invalid"],
                 ["--db", str(db_path), "--host", "bad..host"],
                 ["--db", str(db_path), "--port", "99999"]):
        done = _serve("--port", str(port), *argv) if "--port" not in argv else _serve(*argv)
        out, _err = done.communicate(timeout=60)
        assert done.returncode == 1 and len(out.strip().splitlines()) == 1 and "Traceback" not in out, out
        assert out.startswith("错误："), out
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = taken.getsockname()[1]
        done = _serve("--db", str(db_path), "--port", str(busy))
        out, _err = done.communicate(timeout=60)
    assert done.returncode == 1 and len(out.strip().splitlines()) == 1 and str(busy) in out, out


def test_serve_keeps_the_database_password_out_of_arguments_and_shows_errors_in_the_tab():
    from portfolio.store.migrate import migrate
    from portfolio.store.pg.connect import drop_database
    from tests.pg import fresh_database

    with fresh_database() as plain:
        migrate(str(Path(__file__).resolve().parents[1] / "data" / "projects.json"), plain)
        secret = plain.replace("postgres@", "postgres:S3cretPw@")  # trust: any password logs in
        port = _free_port()
        server = _serve("--port", str(port), env={"PORTFOLIO_DB": secret})
        try:
            _wait_http(f"http://127.0.0.1:{port}/")
            screen = _tab_screen(f"ws://127.0.0.1:{port}/ws", "W01")
            assert "W01" in screen and "S3cretPw" not in screen, screen[-1500:]
            listing = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
            assert "tui.launch" in listing and "S3cretPw" not in listing
            drop_database(plain)  # the database goes away: a new tab says why
            screen = _tab_screen(f"ws://127.0.0.1:{port}/ws", "错误", 30)
            assert "错误" in screen and "portfolio_test_" in screen, screen[-1500:]
        finally:
            server.terminate()
            banner = server.communicate(timeout=10)[0]
        assert "S3cretPw" not in banner and "postgres:…@" in banner, banner
