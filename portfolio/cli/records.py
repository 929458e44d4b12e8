"""``portfolio list|show|set|undo``: reading and editing records."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from typing import Any

import orjson
from pydantic import ValidationError

from ..errors import InvalidProject, PortfolioError, printable
from ..i18n import _
from ..numbers import NumberError
from ..records.assign import AssignmentError, parse_assignments
from ..records.fields import ProgressEntry, Status
from ..records.issues import describe_errors
from ..records.project.model import project_dict
from ..records.project.query import parse as parse_query
from ..records.project.views import detail_text, text_table
from ..text import echo, echo_json
from .base import UsageError, open_repo, print_changes, report_date, sort_option, sorted_by
from .kinds import add_kind, cmd_list_kind, cmd_show_kind


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("list", parents=[common], help=_("list projects (--kind task|indicator: tasks, indicators)"))
    p.add_argument("--where", "-w", default="", metavar="QUERY", help=_("filter, e.g. 'cat:碧水 end:<=2023'"))
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    sort_option(p)
    add_kind(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help=_("show one record (project, task or indicator)"))
    p.add_argument("code")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_kind(p, infer=True)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("set", parents=[common], help=_("change fields: portfolio set W01 status=in_progress progress=40"))
    p.add_argument("code")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p.add_argument("--note", default="", help=_("note for the progress log entry"))
    p.add_argument("--date", type=report_date, default=None, metavar="DATE",
                   help=_("date of the progress report (default: today), e.g. 2023-06-30"))
    add_kind(p, infer=True)
    p.set_defaults(func=cmd_set)

    p = sub.add_parser("undo", parents=[common], help=_("undo your last change (see --user)"))
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("redo", parents=[common], help=_("redo the change you last undid"))
    p.set_defaults(func=cmd_redo)


def cmd_list(args: argparse.Namespace) -> int:
    if args.kind != "project":
        return cmd_list_kind(args)
    query = parse_query(args.where)  # before opening: a bad query is reported as such
    sorted_by(args, [])  # a bad sort field too
    repo = open_repo(args)
    projects = sorted_by(args, repo.search(query))
    if args.format == "json":
        echo_json(orjson.dumps([project_dict(p) for p in projects], option=orjson.OPT_INDENT_2))
        return 0
    echo(text_table(projects))
    echo(_("{n} of {total} projects").format(n=len(projects), total=len(repo)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    code = args.code.strip().upper()
    if args.kind is None:
        repo = open_repo(args)
        args.kind = _kind_of_code(repo, code)
    if args.kind != "project":
        return cmd_show_kind(args)
    repo = open_repo(args)
    project = repo.get(code)
    if args.format == "json":
        echo_json(orjson.dumps(project_dict(project), option=orjson.OPT_INDENT_2))
    else:
        echo(detail_text(project))
    return 0


def check_note(note: str, code: str) -> None:
    """The note goes through the text sanitiser like every field: an undecodable byte or a
    control character is an error, never a silently dropped log entry."""
    try:
        ProgressEntry(date=date.today(), percent=0, status=Status.NOT_REPORTED, note=note)
    except ValidationError as exc:
        raise InvalidProject(describe_errors(exc), code) from None


def _kind_of_code(repo: Any, code: str) -> str:
    """The kind of the record ``code`` when ``--kind`` is not given: a project, else the one
    other kind holding that code (the other kinds are read only then)."""
    from ..errors import NotFound
    from ..records import KINDS

    for kind in KINDS:
        try:
            repo.get(code, kind)
        except NotFound:
            continue
        return kind
    raise PortfolioError(_("No project, task or indicator with code {code}").format(code=printable(code)))


def _assignments(kind: str, code: str, assignments: Sequence[str]) -> dict[str, Any]:
    try:
        return parse_assignments(kind, assignments)
    except AssignmentError as exc:
        raise UsageError(str(exc)) from None
    except NumberError as exc:
        raise NumberError(_("{code} {message}").format(code=printable(code), message=exc)) from None


def cmd_set(args: argparse.Namespace) -> int:
    code = args.code.strip().upper()
    kind = args.kind
    changes = None
    if kind is not None or args.assignments:
        try:  # before opening: a typo is reported as such
            changes = _assignments(kind or "project", code, args.assignments)
        except PortfolioError:
            if kind is not None:
                raise
    repo = open_repo(args)
    if kind is None:
        kind = _kind_of_code(repo, code)
        if changes is None or kind != "project":
            changes = _assignments(kind, code, args.assignments)
    assert changes is not None
    check_note(args.note, code)
    print_changes([repo.update(code, changes, when=args.date, note=args.note, kind=kind)])
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    changes = repo.undo()
    if not changes:
        echo(_("Nothing to undo"))
        return 0
    echo(_("Undone:"))
    print_changes(changes)
    return 0


def cmd_redo(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    changes = repo.redo()
    if not changes:
        echo(_("Nothing to redo"))
        return 0
    echo(_("Redone:"))
    print_changes(changes)
    return 0


