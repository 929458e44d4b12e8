"""The Textual application: the main screen over one repository, language switching,
and the command palette. A database can be loaded before the app starts (tests, small
files) or by the app itself in a worker behind a loading screen (``portfolio``), so that a
province-sized file never freezes the terminal."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Input

from portfolio.errors import LoginError, PortfolioError
from portfolio.i18n import N_, _, get_language, resolve_language, set_language
from portfolio.store import Repository
from portfolio.text import for_terminal

from .bindings import translate_bindings
from .commands import PortfolioCommands
from .palette import Palette, translate_system_commands
from .screens.loading import LoadingScreen
from .screens.main import MainScreen
from .tabs import current_kind, show_tab, tab_kinds

if TYPE_CHECKING:
    from concurrent.futures import Future

SNAPSHOT_FIRST = 2.0  # seconds after a large file's first screen: its row snapshot kept
SNAPSHOT_EVERY = 30.0  # and checked again (kept anew when the file changed)


def served() -> bool:
    """Whether this app is a browser tab of ``portfolio serve``."""
    import os

    return os.environ.get("PORTFOLIO_SERVED") == "1"


class PortfolioApp(App[int]):
    # the first screens' stylesheets too (each is also its screen's CSS_PATH; their rules are
    # scoped by screen type): Textual parses every stylesheet again, from scratch, when a screen
    # brings a file it has not read yet (~30 ms before the first frame with the projects)
    CSS_PATH: ClassVar = ["app.tcss", "screens/loading.tcss", "screens/main.tcss"]
    COMMANDS: ClassVar = App.COMMANDS | {PortfolioCommands}
    BINDINGS: ClassVar[list[Binding]] = [  # type: ignore[assignment]
        Binding("ctrl+p", "command_palette", N_("Commands"), id="app.palette", show=False),
        Binding("f1", "help", N_("Help"), id="app.help", show=False),
        Binding("question_mark", "help", N_("Help"), id="app.help_question", key_display="?", show=False),
    ]

    def __init__(self, repo: Repository | None, db: Path | None = None,
                 opening: Future[object] | None = None) -> None:
        super().__init__()
        self._repo = repo
        self._opening = opening  # the database being opened already (``launch.open_early``)
        self.db = repo.path if repo is not None else db
        self.load_error: str | None = None
        self.login_name: str | None = None  # the account of a server database (login screen)
        self.password: str | None = None
        self._keeping = False  # a worker is keeping the row snapshot (``keep_snapshot``)
        self.title = "portfolio"

    @property
    def repo(self) -> Repository:
        if self._repo is None:
            raise RuntimeError("the database is still loading")
        return self._repo

    def on_mount(self) -> None:
        translate_bindings(self)
        self.sub_title = _("Key projects of the 14th Five-Year ecological environment plan")
        if self._repo is not None:
            self.push_screen(self.first_screen(self._repo))
        else:
            assert self.db is not None
            self.push_screen(LoadingScreen(self.db))
            self.load(self.db)

    @work(thread=True, exclusive=True, group="load")
    def load(self, db: Path) -> None:
        from portfolio.store import describe, open_repository

        try:
            # a large file's first screen from its row snapshot when one is kept (completed after it)
            opening, self._opening = self._opening, None
            repo = cast(Repository, opening.result()) if opening is not None else open_repository(
                db, author=self.login_name, password=self.password, interactive=False, quick=True)
            repo.rows()  # the first screen's query rows, built here rather than on the UI thread
        except LoginError as exc:  # a server database with accounts: the login screen asks
            error = str(exc) if self.password is not None else ""
            self.call_from_thread(self.ask_login, describe(db), error)
            return
        except PortfolioError as exc:
            if served():  # a browser tab: the message on the page (a closed tab says nothing)
                self.call_from_thread(self.load_failed, str(exc))
                return
            # the launcher prints it as one line once the terminal is restored; exit status 1
            self.load_error = str(exc)
            self.call_from_thread(self.exit, 1, 1)
            return
        self.call_from_thread(self.loaded, repo)

    def load_failed(self, message: str) -> None:
        """A browser tab could not open the database: say why on the loading screen (r tries
        again)."""
        if not isinstance(self.screen, LoadingScreen):
            assert self.db is not None
            self.switch_screen(LoadingScreen(self.db))
        self.call_after_refresh(lambda: self.screen.failed(message) if isinstance(self.screen, LoadingScreen)
                                else None)

    def retry_load(self) -> None:
        assert self.db is not None
        if isinstance(self.screen, LoadingScreen):
            self.screen.restart()
        self.load(self.db)

    def ask_login(self, where: str, error: str) -> None:
        import os

        from .screens.login import LoginScreen

        self.switch_screen(LoginScreen(where, self.login_name or os.environ.get("PORTFOLIO_USER", ""), error))

    def login(self, name: str, password: str) -> None:
        """The login screen's answer: open the database as that account (in the worker)."""
        self.login_name, self.password = name, password
        assert self.db is not None
        self.load(self.db)

    def loaded(self, repo: Repository) -> None:
        self._repo = repo
        self.switch_screen(self.first_screen(repo))
        # a large file (loaded in the background): its row snapshot kept for a quick next start,
        # and kept again after saves (ours, or others' the live view took in)
        self.set_timer(SNAPSHOT_FIRST, self.keep_snapshot)
        self.set_interval(SNAPSHOT_EVERY, self.keep_snapshot)

    def first_screen(self, repo: Repository) -> MainScreen:
        """The projects' screen, built with Python's cyclic collector paused, then frozen out of
        its way (``portfolio.collector``, as a load is): its copy of the query rows (100,000 at
        the largest) lives as long as the screen, and each collection walked it while it was
        young (≈ 25 ms before the first frame)."""
        from portfolio.collector import paused

        with paused():
            return MainScreen(repo)

    def keep_snapshot(self) -> None:
        if not self._keeping:
            self._keeping = True
            self.run_worker(self._keep_snapshot, thread=True, group="snapshot", exit_on_error=False)

    def _keep_snapshot(self) -> None:
        try:
            self.repo.keep_snapshot()
        except (PortfolioError, OSError):
            pass  # only an optimisation: the next start reads the file in full
        finally:
            self._keeping = False

    # -- the command palette in the interface language ---------------------------------------
    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """Every notification of the app (screens and widgets call this one): control and
        format characters of an echoed name, code or path shown escaped, never sent raw."""
        super().notify(for_terminal(message), title=for_terminal(title), severity=severity, timeout=timeout,
                       markup=markup)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        def ours(commands: Iterable[SystemCommand]) -> Iterable[SystemCommand]:
            for command in commands:
                if command.title == "Screenshot":  # saved and reported in our language
                    command = command._replace(callback=lambda: self.set_timer(0.1, self.action_screenshot))
                yield command

        yield from translate_system_commands(ours(super().get_system_commands(screen)))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(Palette(id="--command-palette"))

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(Palette([ThemeProvider], placeholder=_("Search for themes…")))

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save an SVG of the screen in the downloads folder; say where, in our language."""
        if path is None:
            from platformdirs import user_downloads_path

            path = str(user_downloads_path())
        try:
            saved = self.save_screenshot(filename, path)
        except OSError as exc:
            self.notify(_("Cannot save the screenshot: {error}").format(error=exc.strerror or exc),
                        severity="error", markup=False)
            return
        self.notify(_("Screenshot saved to {path}").format(path=saved), markup=False)

    def action_help_quit(self) -> None:
        """``ctrl+c`` (which copies in a field) says how to quit, in our language."""
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(_("Press {key} to quit").format(key=key), title=_("Quit?"), markup=False)
                return

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    async def action_switch_language(self) -> None:
        set_language("en" if get_language() == "zh_CN" else "zh_CN")
        translate_bindings(self)
        self.sub_title = _("Key projects of the 14th Five-Year ecological environment plan")
        from .screens.main import ListScreen

        for screen in self.screen_stack:
            if isinstance(screen, ListScreen):
                await screen.retranslate()
        self.notify(_("Language: English") if get_language() == "en" else _("Language: Chinese"))


    # -- the three lists (tui/tabs.py) -------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # typing in a text box: digits and letters are text, not tab keys
        return not (action in ("show_tab", "unit_view") and isinstance(self.focused, Input))

    def action_show_tab(self, kind: str) -> None:
        show_tab(self, kind)

    def action_next_tab(self, step: int) -> None:
        kinds = tab_kinds()
        show_tab(self, kinds[(kinds.index(current_kind(self)) + step) % len(kinds)])

    def action_unit_view(self) -> None:
        """The unit view (台账), on the lead unit of the record under the cursor."""
        from .screens.ledger import LedgerJump, LedgerScreen
        from .screens.main import ListScreen
        from .widgets.record_table import RecordTable

        if not isinstance(self.screen, ListScreen):
            return
        unit = None
        current = self.screen.query_one(RecordTable).current
        names = getattr(current, "lead_units", None) or getattr(current, "units", None)
        if names:
            from portfolio.ledger import _directory

            unit = _directory(self.repo).canonical(names[0])

        def jump(answer: LedgerJump | None) -> None:
            if answer is not None:
                show_tab(self, answer[0], answer[1])

        self.push_screen(LedgerScreen(self.repo, unit), jump)


def make_app(db: Path, lang: str | None = None, background_load: bool = False,
             opening: Future[object] | None = None) -> PortfolioApp:
    """Build the app on the database at ``db`` (the tests use this factory too). With
    ``background_load`` the app opens at once and loads the file in a worker (or takes the
    repository ``opening`` is opening already)."""
    if lang is not None:
        set_language(resolve_language(lang))
    if background_load:
        return PortfolioApp(None, db, opening)
    return PortfolioApp(Repository.open(db))
