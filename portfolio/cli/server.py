"""``portfolio migrate SRC DST``: a whole portfolio between a file and a PostgreSQL server;
``portfolio user add|list|passwd|remove``: the accounts of a server database."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from ..i18n import N_, _
from ..rights import ROLE_LABELS, ROLES, NotAllowed
from ..store import describe
from ..text import echo
from ..tracking import WRITING, advance, stage


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("migrate", parents=[common],
                       help=_("copy a whole portfolio (records, units, journal) between a file and a "
                              "PostgreSQL server: portfolio migrate data/projects.json postgresql://…"))
    p.add_argument("src", metavar="SRC", help=_("the database to copy: a file or a postgresql:// URL"))
    p.add_argument("dst", metavar="DST", help=_("where to: a new file or a postgresql:// URL"))
    p.add_argument("--replace", action="store_true", help=_("overwrite a DST that already holds a portfolio"))
    p.set_defaults(func=cmd_migrate)
    register_users(sub, common)
    p = sub.add_parser("serve", parents=[common],
                       help=_("serve the terminal UI to web browsers (one app process per browser tab)"))
    p.add_argument("--host", default="127.0.0.1", help=_("the address to listen on (default 127.0.0.1)"))
    p.add_argument("--port", type=int, default=8000, help=_("the port to listen on (default 8000)"))
    p.set_defaults(func=cmd_serve)


# what migrate copies, as its progress line names it
COPYING = {"project": N_("Copying projects"), "task": N_("Copying tasks"), "indicator": N_("Copying indicators"),
           "unit": N_("Copying units"), "journal": N_("Copying the journal")}


class CopyStages:
    """migrate's reports (what, done, total) as stages of the one progress display
    (``portfolio.tracking``: drawn on a terminal's stderr, nothing elsewhere)."""

    def __init__(self) -> None:
        self.what: str | None = None
        self.done = 0

    def __call__(self, what: str, done: int, total: int) -> None:
        if what != self.what:
            self.what, self.done = what, 0
            stage(COPYING.get(what, WRITING), total)
        advance(done - self.done)
        self.done = done


def _login_if_needed(db: str, args: argparse.Namespace, *, replacing: bool) -> None:
    """A server database with accounts is read by a logged-in account only (as ``list`` is)
    and its portfolio replaced by a planner only; a refusal is journalled there and nothing
    is written. A file, or a server without accounts (or without a portfolio), needs nothing."""
    from ..store import server_url

    url = server_url(db)
    if url is None:
        return
    from ..store.pg import PgRepository
    from ..store.pg.accounts import LoginNeeded, has_accounts

    if not has_accounts(url):
        return
    author = getattr(args, "user", None)
    try:
        repo = PgRepository.open(url, author=author)
    except LoginNeeded as exc:
        if replacing:  # evidence of the attempt: who (as far as known) tried to overwrite it
            PgRepository(url, author).journal_refusal(_("portfolio migrate --replace without a login: {reason}")
                                                      .format(reason=exc))
        raise
    account = repo.account
    if replacing and (account is None or account.role != "planner"):
        refused = NotAllowed(repo.author, _("the whole portfolio"), _("only a planner replaces a server's portfolio"))
        repo.journal_refusal(str(refused))
        raise refused


def cmd_migrate(args: argparse.Namespace) -> int:
    from ..store.migrate import migrate

    _login_if_needed(args.src, args, replacing=False)
    _login_if_needed(args.dst, args, replacing=True)
    started = time.monotonic()
    copied = migrate(args.src, args.dst, replace=args.replace, quiet=False, progress=CopyStages())
    for warning in copied.warnings:
        echo(_("Warning: {message}").format(message=warning), err=True)
    counts = copied.counts()
    echo(_("Copied {src} to {dst}: {projects} projects, {tasks} tasks, {indicators} indicators, "
            "{units} units, {journal} journal entries ({seconds:.1f} s)").format(
        src=describe(args.src), dst=describe(args.dst), projects=counts.get("project", 0),
        tasks=counts.get("task", 0), indicators=counts.get("indicator", 0), units=counts.get("unit", 0),
        journal=counts["journal"], seconds=time.monotonic() - started))
    return 0


def register_users(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("user", parents=[common], help=_("accounts of a server database: add, list, passwd, remove"))
    users = p.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    a = users.add_parser("add", parents=[common], help=_("add an account"))
    a.add_argument("name", metavar="NAME")
    a.add_argument("--role", required=True, choices=ROLES, help=_("planner, reporter or viewer"))
    a.add_argument("--unit", default=None, metavar="UNIT", help=_("the unit a reporter reports for"))
    a.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    a.set_defaults(func=cmd_user_add)
    a = users.add_parser("list", parents=[common], help=_("list the accounts"))
    a.set_defaults(func=cmd_user_list)
    a = users.add_parser("passwd", parents=[common], help=_("set an account's password"))
    a.add_argument("name", metavar="NAME")
    a.add_argument("--password-stdin", action="store_true", help=_("read the password from standard input"))
    a.set_defaults(func=cmd_user_passwd)
    a = users.add_parser("remove", parents=[common], help=_("remove an account"))
    a.add_argument("name", metavar="NAME")
    a.set_defaults(func=cmd_user_remove)


def _server(args: argparse.Namespace, *, self_service: str | None = None) -> str:
    """The server URL of ``--db``/``$PORTFOLIO_DB``, after checking that the caller may manage
    accounts: a planner (or, for ``self_service``, that account itself); anyone while the
    database has no accounts yet (the first planner)."""
    from ..paths import resolve_db
    from ..store import open_repository, server_url
    from ..store.pg.accounts import any_accounts
    from ..store.pg.connect import connection
    from .base import UsageError

    url = server_url(resolve_db(getattr(args, "db", None)))
    if url is None:
        raise UsageError(_("accounts exist only on a server database: give --db postgresql://…"))
    with connection(url) as conn:
        if not any_accounts(conn):
            return url
    repo = open_repository(url, author=getattr(args, "user", None))
    account = getattr(repo, "account", None)
    if account is None or (account.role != "planner" and account.name != self_service):
        raise NotAllowed(repo.author, _("the accounts"), _("only a planner manages accounts"))
    return url


def _password(args: argparse.Namespace) -> str:
    from .base import UsageError

    if args.password_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    if sys.stdin.isatty():
        import getpass

        from ..tracking import paused

        with paused():
            first = getpass.getpass(_("New password: "))
            if getpass.getpass(_("The same again: ")) != first:
                raise UsageError(_("the two passwords differ"))
        return first
    raise UsageError(_("give the password on standard input with --password-stdin"))


def cmd_user_add(args: argparse.Namespace) -> int:
    from ..errors import printable
    from ..store.pg import accounts
    from ..store.pg.connect import connection

    url = _server(args)
    name = printable(args.name.strip())
    unit = args.unit.strip() if args.unit else None
    if unit:  # an unknown unit is refused before the password is asked
        with connection(url) as conn:
            unit = accounts.known_unit(conn, unit)
    password = _password(args)
    with connection(url, writing=True) as conn:
        accounts.add(conn, name, args.role, unit, password)
    echo(_("Account {name} added ({role})").format(name=name, role=_(ROLE_LABELS[args.role])))
    return 0


def cmd_user_list(args: argparse.Namespace) -> int:
    from tabulate import tabulate

    from ..store.pg import accounts
    from ..store.pg.connect import connection

    url = _server(args)
    with connection(url) as conn:
        found = accounts.listing(conn)
    if not found:
        echo(_("No accounts: anyone who reaches the database may change anything"))
        return 0
    rows = [[a.name, _(ROLE_LABELS[a.role]), a.unit or "", str(created)] for a, created in found]
    echo(tabulate(rows, headers=[_("Account"), _("Role"), _("Unit"), _("Created")], disable_numparse=True))
    return 0


def cmd_user_passwd(args: argparse.Namespace) -> int:
    from ..store.pg import accounts
    from ..store.pg.connect import connection

    url = _server(args, self_service=args.name)
    password = _password(args)
    with connection(url, writing=True) as conn:
        accounts.set_password(conn, args.name, password)
    echo(_("Password of {name} changed").format(name=args.name))
    return 0


def cmd_user_remove(args: argparse.Namespace) -> int:
    from ..store.pg import accounts
    from ..store.pg.connect import connection

    url = _server(args)
    with connection(url, writing=True) as conn:
        accounts.remove(conn, args.name)
    echo(_("Account {name} removed").format(name=args.name))
    return 0


SERVED = "PORTFOLIO_SERVED"  # set for the tab processes of ``portfolio serve``


def serve_command(lang: str | None) -> str:
    """The command each browser tab runs: this Python's app. The database reaches it through
    ``$PORTFOLIO_DB`` (never on the command line: ``ps`` shows every process's arguments,
    and a URL may hold a password)."""
    import shlex

    argv = [sys.executable, "-m", "tui.launch"]
    if lang:
        argv += ["--lang", lang]
    return shlex.join(argv)


def _can_listen(host: str, port: int) -> None:
    """One clear line when ``host``:``port`` cannot be listened on (a bad address, a port in
    use or out of range), before anything is served."""
    import socket

    from ..errors import PortfolioError

    try:
        if not 0 < port < 65536:
            raise OSError(_("a port is a number from 1 to 65535"))
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        for family, kind, proto, _name, address in addresses:
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
    except (OSError, UnicodeError) as exc:  # UnicodeError: a name no resolver takes (bad..host)
        reason = getattr(exc, "strerror", None) or exc
        raise PortfolioError(_("cannot listen on {host}:{port}: {reason}").format(
            host=host, port=port, reason=reason)) from None


def _check_database(db: str) -> str:
    """The database to serve, checked now: a server reached and holding a portfolio (one
    line otherwise, before anything is served), a file that exists."""
    from pathlib import Path

    from ..errors import DatabaseError
    from ..store import server_url

    url = server_url(db)
    if url is None:
        target = str(Path(db).resolve())
        if not Path(target).exists():
            raise DatabaseError(Path(target), _("the file does not exist"))
        return target
    from ..store.pg.connect import connection, shown
    from ..store.pg.schema import current_version

    with connection(url) as conn:
        if current_version(conn) is None:
            raise DatabaseError(shown(url), _(
                "no portfolio in this database; copy one into it with 'portfolio migrate FILE {url}'")
                .format(url=shown(url)))
    return url


def cmd_serve(args: argparse.Namespace) -> int:
    import os

    from textual_serve.server import Server

    from ..errors import PortfolioError
    from ..i18n import get_language
    from ..paths import resolve_db
    from ..store import is_server

    target = _check_database(str(resolve_db(getattr(args, "db", None))))
    _can_listen(args.host, args.port)
    if is_server(target):
        # each tab logs in on its own screen: never as whoever started the server
        os.environ.pop("PORTFOLIO_PASSWORD", None)
        os.environ.pop("PORTFOLIO_USER", None)
    os.environ["PORTFOLIO_DB"] = target  # the tabs inherit it: never in their arguments
    os.environ[SERVED] = "1"
    url = f"http://{args.host}:{args.port}"
    echo(_("Serving {db} on {url} (ctrl+c stops)").format(db=describe(target), url=url))
    sys.stdout.flush()
    try:
        Server(serve_command(get_language()), host=args.host, port=args.port, title="portfolio").serve()
    except OSError as exc:  # taken between the check and the start
        raise PortfolioError(_("cannot listen on {host}:{port}: {reason}").format(
            host=args.host, port=args.port, reason=exc.strerror or exc)) from None
    return 0
