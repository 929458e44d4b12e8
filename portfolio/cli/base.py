"""Command line: ``portfolio list|show|set|undo|import|export|review|dispatch|collect``.

``portfolio`` with no command opens the terminal UI; that is wired in ``tui.launch`` (the
core never imports the UI). Errors are one line on stderr and exit status 1 (2 for usage).

Each command group is a module of this package with a ``register(sub, common)`` function
(``COMMAND_MODULES``); this module holds what they share: the parser, opening the
database, printing changes, running a command and turning errors into one line.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .. import __version__
from ..errors import InvalidProject, PortfolioError, printable
from ..i18n import N_, UnknownLanguage, _, resolve_language, set_language
from ..paths import resolve_db
from ..records.issues import field_label
from ..records.values import change_text
from ..records.views import field_label as kind_field_label
from ..store import Change, Repository, open_repository
from ..text import echo, for_terminal

if TYPE_CHECKING:
    from ..settings import Settings

EXIT_ERROR = 1
EXIT_USAGE = 2


class UsageError(PortfolioError):
    pass


def _db_help() -> str:
    from ..paths import checkout_db

    checkout = checkout_db()
    if checkout is not None:
        return _("database file or postgresql:// URL (default: $PORTFOLIO_DB, else this checkout's {path})").format(
            path=checkout)
    from ..paths import user_db

    return _("database file or postgresql:// URL (default: $PORTFOLIO_DB, else your own copy of the plan's data, "
             "{path})").format(
        path=user_db())


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH|URL", default=argparse.SUPPRESS, help=_db_help())
    common.add_argument("--lang", metavar="LANG", default=argparse.SUPPRESS,
                        help=_("zh_CN (default) or en; also $PORTFOLIO_LANG"))
    common.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS,
                        help=_("who the changes are recorded as (default: $PORTFOLIO_USER, else the OS user)"))
    common.add_argument("--quiet", "-q", action="store_true", default=argparse.SUPPRESS,
                        help=_("no progress line on standard error for long commands"))
    return common


# argparse's own words (its usage line, section titles, errors), translated like ours while
# the parser is built and used; outside that, argparse is left as it was.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"), N_("ignored explicit argument %r"),
)


@contextlib.contextmanager
def argparse_in_language() -> Iterator[None]:
    saved = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: _(message) if message else message  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """Argument errors in ONE line (argparse prints its whole usage block first), exit status 2;
    ``--help`` still shows the usage. Subcommand parsers are of this class too."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, _("{prog}: error: {message} (see {prog} --help)").format(
            prog=self.prog, message=printable(message)) + "\n")


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = _Parser(
        prog="portfolio", parents=[common],
        description=_("Key projects of the five-year ecological environment plan."))
    parser.add_argument("--version", action="version", version=f"portfolio {__version__}",
                        help=_("show the program's version and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from . import filters, history, links, lists, records, review, server, transfer

    for module in (records, transfer, review, history, filters, lists, links, server):
        module.register(sub, common)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date such as 2023-12-31").format(text=text)) from None


iso_date = _iso_date


def report_date(text: str) -> date:
    """``--date`` of a progress report or a reported value: a date from the year before the
    plan's start to today (``0001-01-01`` and ``9999-12-31`` are typing errors)."""
    from ..progress import report_date_problem

    when = _iso_date(text)
    problem = report_date_problem(when)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return when


def margin_points(text: str) -> float:
    """``review --margin``: points behind 序时进度, a finite number from 0 to 100 (``nan`` would
    make every project on track)."""
    from ..numbers import NumberError, parse_number

    try:
        value = float(parse_number(text))
    except NumberError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(_("the margin is {value}; it must be from 0 to 100 points").format(
            value=text.strip()))
    return value


def year_number(text: str) -> int:
    """A year argument: a whole number of four digits (a huge number is refused here, never
    turned into a date)."""
    if not text.strip().isascii() or not text.strip().isdigit() or len(text.strip()) != 4:
        raise argparse.ArgumentTypeError(_("'{text}' is not a year such as 2023").format(text=text))
    return int(text)


def add_force(parser: argparse.ArgumentParser) -> None:
    """``--force FILE``: the one way past the output guard (``io.output``), naming the file."""
    parser.add_argument("--force", type=Path, default=None, metavar="FILE",
                        help=_("overwrite FILE even if it is the open database, a device, a FIFO or "
                               "a symbolic link (FILE must be the output file)"))


# -- helpers ---------------------------------------------------------------------------------
_opened: list[Repository] = []  # the command's database, kept for the process's end


def open_repo(args: argparse.Namespace) -> Repository:
    from ..tracking import READING, stage

    stage(READING)
    repo = open_repository(resolve_db(getattr(args, "db", None)), author=getattr(args, "user", None))
    # held until the process ends: the console script leaves without freeing it object by
    # object (tui.launch.console_main), which takes 0.24 s for 100,000 projects
    _opened[:] = [repo]
    from ..units import use_directory_of

    use_directory_of(repo)  # unit: and lead: resolve names through this database's directory
    return repo


def print_changes(changes: Sequence[Change], out: Callable[[str], None] = echo) -> None:
    for change in changes:
        if change.before is None and change.after is not None:
            out(_("{code}: added ({name})").format(
                code=change.code, name=for_terminal(getattr(change.after, "name", "") or change.code)))
        elif change.after is None and change.before is not None:
            out(_("{code}: deleted ({name})").format(
                code=change.code, name=for_terminal(getattr(change.before, "name", "") or change.code)))
        else:
            fields = change.changed_fields()
            if not fields:
                out(_("{code}: no change").format(code=change.code))
            for key, old, new in fields:
                label = field_label(key) if change.kind == "project" else kind_field_label(change.kind, key)
                out(_("{code} {field}: {change}").format(code=change.code, field=label,
                                                        change=change_text(key, old, new)))


def resolve_where(args: argparse.Namespace) -> None:
    """``--where @name``: the saved filters resolved, for every command that takes ``--where``
    (the one place is ``portfolio.saved_filters.expand``, which the UI's filter calls too)."""
    where = getattr(args, "where", None)
    if isinstance(where, str) and "@" in where:
        from ..saved_filters import expand

        args.where = expand(where, warn_settings().saved_filters())


def warn_settings() -> Settings:
    """The user's settings; a corrupt file is a one-line warning on stderr, then the defaults."""
    from ..settings import load

    loaded = load()
    if loaded.warning:
        echo(_("Warning: {message}").format(message=loaded.warning), err=True)
    return loaded


def sort_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sort", default="", metavar="FIELDS",
                        help=_("sort by fields, '-' for descending: name,-end (Chinese by pinyin)"))


def sorted_by(args: argparse.Namespace, records: list[Any], kind: str = "project") -> list[Any]:
    from ..sorting import parse_sort, sort_records

    spec = parse_sort(getattr(args, "sort", ""), kind)
    return sort_records(records, spec, kind) if spec else records


def interrupted() -> int:
    """``ctrl+c``: one line, exit status 130. Outputs and the database are written by temp file
    and rename, and their commits are shielded (``tracking.shielded``), so the line can say
    whether anything was written."""
    from ..tracking import commits

    if commits():
        message = _("Interrupted: the changes saved before the interrupt are kept; nothing else was written")
    else:
        message = _("Interrupted: nothing was written")
    if sys.stderr.isatty():  # a progress line cut off by the interrupt: cleared first
        sys.stderr.write("\r\x1b[2K")
    echo(message, err=True)
    return EXIT_INTERRUPTED


EXIT_INTERRUPTED = 130


def run(args: argparse.Namespace) -> int:
    from .meter import meter

    try:
        resolve_where(args)
        with meter(getattr(args, "quiet", False)):
            return int(args.func(args))
    except InvalidProject as exc:
        echo(_("Error: {message}").format(message=exc), err=True)
        return EXIT_ERROR
    except UsageError as exc:
        echo(_("Error: {message}").format(message=exc), err=True)
        return EXIT_USAGE
    except PortfolioError as exc:
        echo(_("Error: {message}").format(message=exc), err=True)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return interrupted()
    except BrokenPipeError:
        return 0


VALUE_OPTIONS = ("--where", "-w", "--sort", "--margin")


def _join_negated_values(argv: Sequence[str]) -> list[str]:
    """``--where -cat:碧水``: argparse would take the query for an option; join it as
    ``--where=-cat:碧水``."""
    out: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        if items[i] in VALUE_OPTIONS and i + 1 < len(items) and items[i + 1].startswith("-"):
            out.append(f"{items[i]}={items[i + 1]}")
            i += 2
            continue
        out.append(items[i])
        i += 1
    return out


def _language_from(argv: Sequence[str]) -> str | None:
    """``--lang`` before parsing, so that the help itself is in the chosen language."""
    for i, item in enumerate(argv):
        if item == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if item.startswith("--lang="):
            return item.split("=", 1)[1]
    return None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    items = list(sys.argv[1:] if argv is None else argv)
    with contextlib.suppress(UnknownLanguage):  # reported below, once the arguments are parsed
        set_language(resolve_language(_language_from(items)))
    with argparse_in_language():
        args = build_parser().parse_args(_join_negated_values(items))
    try:
        set_language(resolve_language(getattr(args, "lang", None)))
    except UnknownLanguage as exc:
        echo(f"Error: unknown language '{exc}'; use zh_CN or en", err=True)
        raise SystemExit(EXIT_USAGE) from None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command is None:
        echo(_("Run 'portfolio' from an installed package to open the terminal UI."), err=True)
        return EXIT_USAGE
    return run(args)


