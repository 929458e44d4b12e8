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
from ..numbers import NumberError, field_number
from ..records.fields import ProgressEntry, Status, find_status
from ..records.issues import describe_errors, field_label
from ..records.project.categories import find_category
from ..records.project.model import parse_year_range, project_dict
from ..records.project.query import parse as parse_query
from ..records.project.views import detail_text, text_table
from ..text import echo, echo_json
from .base import UsageError, open_repo, print_changes, report_date, sort_option, sorted_by
from .kinds import add_kind, cmd_list_kind, cmd_set_kind, cmd_show_kind

# fields `set` may change, with the aliases users type
SETTABLE: dict[str, str] = {
    "category": "category", "cat": "category",
    "subcategory": "subcategory", "sub": "subcategory",
    "name": "name", "content": "content", "scale": "scale",
    "start_year": "start_year", "start": "start_year",
    "end_year": "end_year", "end": "end_year",
    "years": "years",
    "units": "units", "unit": "units",
    "status": "status",
    "progress_percent": "progress_percent", "progress": "progress_percent",
    "planned_investment": "planned_investment", "planned": "planned_investment",
    "completed_investment": "completed_investment", "completed": "completed_investment",
}


# the names the README documents, in its order (the aliases above are accepted too)
DOCUMENTED_FIELDS = ("name", "content", "scale", "category", "subcategory", "start", "end", "years", "units",
                     "status", "progress", "planned", "completed")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("list", parents=[common], help=_("list projects"))
    p.add_argument("--where", "-w", default="", metavar="QUERY", help=_("filter, e.g. 'cat:碧水 end:<=2023'"))
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    sort_option(p)
    add_kind(p)
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help=_("show one project"))
    p.add_argument("code")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_kind(p)
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("set", parents=[common], help=_("change fields: portfolio set W01 status=in_progress progress=40"))
    p.add_argument("code")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p.add_argument("--note", default="", help=_("note for the progress log entry"))
    p.add_argument("--date", type=report_date, default=None, metavar="DATE",
                   help=_("date of the progress report (default: today), e.g. 2023-06-30"))
    add_kind(p)
    p.set_defaults(func=cmd_set)

    p = sub.add_parser("undo", parents=[common], help=_("undo your last change (see --user)"))
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("redo", parents=[common], help=_("redo the change you last undid"))
    p.set_defaults(func=cmd_redo)


def parse_assignments(assignments: Sequence[str]) -> dict[str, Any]:
    """FIELD=VALUE arguments as record changes (the progress log is the repository's to keep)."""
    changes: dict[str, Any] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(_("'{item}' is not FIELD=VALUE").format(item=printable(item)))
        field = SETTABLE.get(key.lower())
        if field is None:
            # exit status 1, like every other field error (2 is for the command line's shape)
            raise PortfolioError(_("Unknown field '{key}'; fields: {fields}").format(
                key=printable(key), fields=", ".join(DOCUMENTED_FIELDS)))
        value = value.strip()
        if field == "years":
            years = parse_year_range(value)
            if years is None:
                raise UsageError(_("cannot read the years '{value}' (expected e.g. 2021-2023)").format(
                    value=printable(value)))
            changes["start_year"], changes["end_year"] = years
        elif field == "category":
            found = find_category(value)
            changes[field] = found.key if found else value
        elif field == "status":
            status = find_status(value)
            changes[field] = status if status else value
        elif field in ("planned_investment", "completed_investment", "progress_percent"):
            changes[field] = field_number(value, field_label(field), percent=field == "progress_percent")
        else:
            changes[field] = value
    return changes


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
    if args.kind != "project":
        return cmd_show_kind(args)
    repo = open_repo(args)
    project = repo.get(args.code.upper())
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


def cmd_set(args: argparse.Namespace) -> int:
    if args.kind != "project":
        return cmd_set_kind(args)
    code = args.code.upper()
    try:
        changes = parse_assignments(args.assignments)  # before opening: a typo is reported as such
    except NumberError as exc:
        raise NumberError(_("{code} {message}").format(code=printable(code), message=exc)) from None
    repo = open_repo(args)
    check_note(args.note, code)
    print_changes([repo.update(code, changes, when=args.date, note=args.note)])
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


