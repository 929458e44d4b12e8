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


@pytest.fixture
def reporter_repo():
    from portfolio.store import open_repository
    from portfolio.store.migrate import migrate
    from portfolio.store.pg import accounts
    from portfolio.store.pg.connect import connection
    from tests.pg import fresh_database

    from ..conftest import BUNDLED

    with fresh_database() as url:
        migrate(str(BUNDLED), url)
        with connection(url, writing=True) as conn:
            accounts.add(conn, "boss", "planner", None, "boss-pw")
            accounts.add(conn, "lz", "reporter", "鹿寨县", "lz-pw")
        yield open_repository(url, author="lz", password="lz-pw")


async def test_a_reporter_edit_form_greys_what_it_may_not_change(reporter_repo) -> None:
    from tui.screens.form import FormScreen

    app = PortfolioApp(reporter_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.push_screen(FormScreen(reporter_repo, "project", reporter_repo.get("W05")))
        await pilot.pause()
        form = app.screen
        assert form.query_one("#name").disabled and form.query_one("#planned_investment").disabled
        assert not form.query_one("#status").disabled and not form.query_one("#progress_percent").disabled
        assert not form.query_one("#log-note").disabled
        assert "lz" in str(form.query_one("#form-rights", Static).render())
        assert app.focused is not None and not app.focused.disabled
        app.pop_screen()
        await pilot.pause()
        # a project its unit neither leads nor joins: everything greyed
        app.push_screen(FormScreen(reporter_repo, "project", reporter_repo.get("A01")))
        await pilot.pause()
        assert app.screen.query_one("#status").disabled and app.screen.query_one("#log-note").disabled


async def test_a_reporter_bulk_preview_counts_the_refusals(reporter_repo) -> None:
    from tui.screens.bulk import BulkEditScreen

    app = PortfolioApp(reporter_repo)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        records = reporter_repo.projects()
        app.push_screen(BulkEditScreen(records, marked=False, kind="project"))
        await pilot.pause()
        app.screen.query_one("#bulk-field").value = "progress_percent"
        await pilot.pause()
        app.screen.query_one("#bulk-value", Input).value = "50"
        await pilot.pause()
        plan = app.screen.plan
        assert plan is not None and plan.refused and "A01" not in plan.changes and "W05" in plan.changes
        summary = str(app.screen.query_one("#bulk-summary", Static).render())
        assert f"{len(plan.refused)} 个不予修改" in summary and f"将修改 {len(plan.changes)} " in summary, summary
