"""The login screen: a server database with accounts asks who is there (the app in a terminal
without ``$PORTFOLIO_PASSWORD``, and every browser tab of ``portfolio serve``). A file
database has no logins and never shows it."""

from __future__ import annotations

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Static

from portfolio.i18n import _

from ..widgets.key_bar import KeyBar


class AccountInput(Input):
    """The account field. Tab and Enter move to the password field at once, and what is typed
    after them goes there even when it reached this field first: keys typed fast are all
    queued to the field focused when they arrive, before Textual's own Tab (a binding, run as
    the key bubbles up) moves the focus; a password must never land in this clear field."""

    _handed_off = False

    def _password(self) -> Input:
        return self.screen.query_one("#login-password", Input)

    async def _on_key(self, event: events.Key) -> None:
        if event.key in ("tab", "enter"):
            event.stop()
            event.prevent_default()
            self._handed_off = True
            if event.key == "enter":
                self.post_message(self.Submitted(self, self.value))
            self._password().focus()
            return
        if self._handed_off and event.is_printable and event.character is not None:
            event.stop()
            event.prevent_default()
            self._password().insert_text_at_cursor(event.character)
            return
        await super()._on_key(event)

    def _on_focus(self, event: events.Focus) -> None:
        self._handed_off = False  # back in the field on purpose (shift+tab, a click)
        super()._on_focus(event)


class LoginScreen(Screen[None]):
    CSS_PATH = "login.tcss"

    def __init__(self, where: str, name: str = "", error: str = "") -> None:
        super().__init__()
        self.where = where
        self.default_name = name
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(id="login-box"):
            yield Static(Text(_("Log in to {db}").format(db=self.where)), id="login-title", markup=False)
            yield AccountInput(value=self.default_name, placeholder=_("Account"), id="login-name")
            yield Input(password=True, placeholder=_("Password"), id="login-password")
            yield Button(_("Log in"), id="login-go", variant="primary")
            yield Static(Text(self.error, style="bold red"), id="login-error", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#login-password" if self.default_name else "#login-name", Input).focus()

    @on(Input.Submitted, "#login-name")
    def _next(self) -> None:
        self.query_one("#login-password", Input).focus()

    @on(Input.Submitted, "#login-password")
    @on(Button.Pressed, "#login-go")
    def _go(self) -> None:
        name = self.query_one("#login-name", Input).value.strip()
        password = self.query_one("#login-password", Input).value
        if not name or not password:
            self.query_one("#login-error", Static).update(Text(_("Give the account and its password"),
                                                               style="bold red"))
            return
        self.query_one("#login-error", Static).update(Text(_("Logging in…"), style="dim"))
        self.app.login(name, password)  # type: ignore[attr-defined]
