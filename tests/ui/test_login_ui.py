"""The login screen and the server database in the UI (issue #21): keys typed fast never put a
password in the clear account field; the status bar names a server URL whole, password
masked; a browser tab that cannot open its database says why."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, Static

from portfolio.records.columns import record_kind
from tui.app import PortfolioApp
from tui.screens.loading import LoadingScreen
from tui.screens.login import LoginScreen
from tui.widgets.status_bar import status_line

SERVER = Path("postgresql://postgres@127.0.0.1:5432/nothing")


class LoginApp(PortfolioApp):
    """The app as it meets a server database with accounts (no server needed: ``load`` asks)."""

    CSS_PATH = str(Path(__file__).resolve().parents[2] / "tui" / "app.tcss")
    answers: list[tuple[str, str]]

    def load(self, db: Path) -> None:  # type: ignore[override]
        self.answers = getattr(self, "answers", [])
        self.ask_login("postgresql://postgres@127.0.0.1:5432/x", "")

    def login(self, name: str, password: str) -> None:
        self.answers.append((name, password))


@pytest.mark.parametrize("between", ["tab", "enter"])
async def test_keys_typed_fast_never_put_the_password_in_the_account_field(between: str) -> None:
    app = LoginApp(None, SERVER)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoginScreen)
        name = app.screen.query_one("#login-name", Input)
        # all in one burst, as a terminal delivers them: queued to the account field before
        # the focus can move
        for key, char in [*[(c, c) for c in "luzhai"], (between, "\t" if between == "tab" else "\r"),
                          *[(c, c) for c in "pw"]]:
            name.post_message(events.Key(key, char))
        await pilot.pause()
        await pilot.pause()
        assert name.value == "luzhai"
        assert app.screen.query_one("#login-password", Input).value == "pw"
        assert app.focused is app.screen.query_one("#login-password", Input)
        await pilot.press("enter")
        await pilot.pause()
        assert app.answers == [("luzhai", "pw")]
        await pilot.press("shift+tab")  # back in the account field on purpose: typing goes there
        await pilot.press("x")  # (the field selects its text when focused: x replaces it)
        assert name.value == "x" and app.screen.query_one("#login-password", Input).value == "pw"


def test_the_status_bar_names_a_server_url_whole_with_the_password_masked() -> None:
    from portfolio.store.pg import PgRepository

    reader = PgRepository("postgresql://postgres:S3cret@127.0.0.1:5432/portfolio")
    text = status_line(shown=1, total=1, marked=0, kind=record_kind("project"), spec=(), scope="",
                       review_date=date(2025, 12, 31), db=reader.path, user="u").plain
    assert "postgresql://postgres:…@127.0.0.1:5432/portfolio" in text and "S3cret" not in text


async def test_a_browser_tab_that_cannot_open_its_database_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORTFOLIO_SERVED", "1")
    app = PortfolioApp(None, Path("postgresql://postgres@127.0.0.1:1/nothing"))
    async with app.run_test() as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if isinstance(app.screen, LoadingScreen) and app.screen.error:
                break
        assert isinstance(app.screen, LoadingScreen) and app.is_running
        shown = str(app.screen.query_one("#loading-text", Static).render())
        assert "错误" in shown and "127.0.0.1:1" in shown
        await pilot.press("r")  # tries again: the same answer, still on the page
        for _ in range(100):
            await pilot.pause(0.05)
            if app.screen.error:  # type: ignore[attr-defined]
                break
        assert app.is_running and "错误" in str(app.screen.query_one("#loading-text", Static).render())
