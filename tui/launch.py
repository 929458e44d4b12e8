"""The ``portfolio`` console script: no command opens the terminal UI, any command runs the
core CLI (which never imports Textual, so ``portfolio list`` starts fast)."""

from __future__ import annotations

import os
import signal
import sys


def _interrupted_while_starting(signum: int, frame: object) -> None:
    """``ctrl+c`` before the program has loaded its modules (nothing can have been written
    yet): the one line in the language asked for, exit status 130, no traceback."""
    args = " ".join(sys.argv[1:])
    english = "--lang en" in args or "--lang=en" in args or os.environ.get("PORTFOLIO_LANG", "").startswith("en")
    line = "Interrupted: nothing was written" if english else "已中断：未写入任何内容"
    os.write(2, (line + "\n").encode())
    os._exit(130)


if os.path.basename(sys.argv[0]) == "portfolio":  # the console script, not an import by a test
    signal.signal(signal.SIGINT, _interrupted_while_starting)  # before any other import

import atexit  # noqa: E402
import contextlib  # noqa: E402
import threading  # noqa: E402
from collections.abc import Callable, Sequence  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

from portfolio.collector import paused  # noqa: E402

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .app import PortfolioApp

BACKGROUND_LOAD_BYTES = 5_000_000  # about 5,000 projects: loads in a blink below that
_kept: list[object] = []


def import_app() -> Callable[..., PortfolioApp]:
    """``tui.app.make_app``: the interface's modules imported with the collector paused
    (``portfolio.collector``: they live as long as the program)."""
    with paused():
        from .app import make_app
    return make_app


def open_early(db: object) -> Future[object]:
    """Open a large database file in a thread from now on, while the interface's modules are
    imported and the app starts: reading and checking its bytes waits for the disk, not for
    the interpreter (``PortfolioApp.load`` takes the result)."""
    from concurrent.futures import Future

    future: Future[object] = Future()

    def run() -> None:
        try:
            from portfolio.store import open_repository

            future.set_result(open_repository(db, interactive=False, quick=True))  # type: ignore[arg-type]
        except BaseException as exc:  # handed to the app's loader, which reports it
            future.set_exception(exc)

    threading.Thread(target=run, name="open the database", daemon=True).start()
    return future


def main(argv: Sequence[str] | None = None) -> int:
    with paused():  # the program's modules, imported with the collector paused (portfolio.collector)
        from portfolio import cli
        from portfolio.text import echo

        args = cli.parse_args(argv)  # (imports the commands' modules)
    if args.command is not None:
        return cli.run(args)
    with paused():
        from portfolio.errors import DatabaseError, PortfolioError
        from portfolio.paths import resolve_db
        from portfolio.store import is_server

    db = resolve_db(getattr(args, "db", None))
    if is_server(db):  # reached, logged in (the login screen) and read behind the loading screen
        app = import_app()(db, background_load=True)
    elif not db.exists():
        echo(cli._("Error: {message}").format(message=DatabaseError(db, cli._("the file does not exist"))),
              err=True)
        return cli.EXIT_ERROR
    elif db.stat().st_size > BACKGROUND_LOAD_BYTES:  # a large file loads behind a loading screen
        opening = open_early(db)
        app = import_app()(db, background_load=True, opening=opening)
    else:
        make_app = import_app()
        try:
            app = make_app(db)  # errors are printed before the terminal is taken over
        except PortfolioError as exc:
            echo(cli._("Error: {message}").format(message=exc), err=True)
            return cli.EXIT_ERROR
    _kept[:] = [app]  # its data is not freed object by object at the end (console_main)
    app.run()
    if app.load_error:
        echo(cli._("Error: {message}").format(message=app.load_error), err=True)
    return int(app.return_code or 0)


def _interrupted() -> int:
    """``ctrl+c`` while the program was still starting: the same one line as a command's."""
    try:
        from portfolio import cli, i18n

        with contextlib.suppress(i18n.UnknownLanguage):
            i18n.set_language(i18n.resolve_language(cli.base._language_from(sys.argv[1:])))
        return cli.interrupted()
    except KeyboardInterrupt:  # a second ctrl+c: leave at once
        return 130


def _from_interrupt(exc: BaseException) -> bool:
    """Whether ``exc`` was caused by a ``KeyboardInterrupt`` (somewhere in its chain)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def console_main() -> None:
    """The ``portfolio`` console script: ``main``, then leave without tearing the loaded data
    down object by object — 0.24 s for a 100,000-project database, a sixth of a whole
    ``portfolio list --where`` (mypy's command line ends the same way). Exit handlers run."""
    try:
        from portfolio.tracking import on_interrupt

        signal.signal(signal.SIGINT, on_interrupt)  # from here on: KeyboardInterrupt (between steps)
        code = main()
    except KeyboardInterrupt:  # before or after a command's own handling (start-up, parsing)
        code = _interrupted()
    except Exception as exc:
        from portfolio.tracking import interrupt_received

        if not (_from_interrupt(exc) or interrupt_received()):
            raise
        # ctrl+c while a module was being defined: Python reports the KeyboardInterrupt as the
        # cause of another error (RuntimeError: Error calling __set_name__ …); nothing was written
        code = _interrupted()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # `portfolio list | head`: the reader left, nothing to report
        pass
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    console_main()
