"""``portfolio review|dispatch|collect``: the review, progress forms out and back."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from ..i18n import _
from ..limits import check_file_size
from ..records.project.query import parse as parse_query
from ..store import Change
from ..store.schema import gc_paused
from ..text import echo, echo_json, outgoing
from .base import UsageError, _iso_date, add_force, margin_points, open_repo, print_changes


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("review", parents=[common], help=_("mid-term review: figures, overdue and behind projects"))
    p.add_argument("--as-of", type=_iso_date, default=None, metavar="DATE",
                   help=_("review date (default: the latest of the plan's review dates on or before today: "
                          "mid-term 2023-12-31, final 2025-12-31)"))
    p.add_argument("--where", "-w", default="", metavar="QUERY", help=_("filter, e.g. 'cat:碧水 end:<=2023'"))
    p.add_argument("--margin", type=margin_points, default=10.0,
                   help=_("points below 序时进度 that count as behind (default 10)"))
    p.add_argument("--format", "-f", choices=("txt", "md", "json", "xlsx", "docx"), default=None,
                   help=_("json: the whole review for scripts (as_of, figures, projects with state and light)"))
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help=_("write to FILE (txt and md print to the terminal without it)"))
    p.add_argument("--issuer", default=None, metavar="NAME",
                   help=_("the issuing unit that signs the Word report (default 柳州市生态环境局)"))
    p.add_argument("--issued", type=_iso_date, default=None, metavar="DATE",
                   help=_("the date of the Word report's signature (落款; default today)"))
    add_force(p)
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("dispatch", parents=[common], help=_("write a progress form (XLSX) per responsible unit"))
    p.add_argument("--unit", default=None, help=_("only this unit"))
    p.add_argument("--as-of", type=_iso_date, default=None, metavar="DATE")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FOLDER_OR_FILE")
    add_force(p)
    p.set_defaults(func=cmd_dispatch)

    p = sub.add_parser("collect", parents=[common], help=_("read filled progress forms back"))
    p.add_argument("forms", type=Path, nargs="+", metavar="FORM.xlsx")
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(func=cmd_collect)


def cmd_review(args: argparse.Namespace) -> int:
    from ..review.compute import review_repo
    from ..review.dates import default_review_date, review_date_label
    from ..review.report import json_report, text_report, write_review

    query = parse_query(args.where)
    if args.output is None and args.format in ("xlsx", "docx"):
        raise UsageError(_("--format {fmt} needs -o FILE").format(fmt=args.format))
    repo = open_repo(args)
    result = review_repo(repo, outgoing(repo.search(query)), args.as_of or default_review_date(), args.margin)
    with gc_paused():  # the report makes millions of short-lived objects and no cycles
        if args.output is None:
            if args.format == "json":
                echo_json(json_report(result))
            else:
                echo(text_report(result, args.format or "txt"))
            return 0
        fmt = write_review(result, args.output, args.format, force=args.force, issuer=args.issuer,
                           issued=args.issued)
    echo(_("Review written to {path} ({fmt}): {review}").format(
        path=args.output, fmt=fmt, review=review_date_label(result.as_of)))
    return 0


def cmd_dispatch(args: argparse.Namespace) -> int:
    from ..review.dispatch import dispatch, unnamed_in_scope

    repo = open_repo(args)
    as_of = args.as_of or date.today()
    written = dispatch(repo, args.output, as_of, args.unit, force=args.force)
    for path in written:
        echo(path)
    echo(_("{n} progress form(s) written").format(n=len(written)))
    unnamed = [] if args.unit else unnamed_in_scope(repo, as_of)
    if unnamed:
        echo(_("No form for the responsible parties not matched to a unit: {names}").format(names="、".join(unnamed)))
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from ..review.dispatch import collect

    for path in args.forms:
        if not path.exists():
            raise UsageError(_("{path}: no such file").format(path=path))
        check_file_size(path)  # a folder or a FIFO is refused before any reader opens it
    repo = open_repo(args)
    result = collect(repo, list(args.forms))
    preview = [Change("collect", code, repo.get(code), p) for code, p in result.updates.items()]
    print_changes(preview)
    summary = _("{rows} filled row(s): {changed} project(s) changed, {same} unchanged").format(
        rows=result.rows, changed=len(result.updates), same=result.unchanged)
    if result.task_changes:
        summary += _("; {n} task(s) changed").format(n=len(result.task_changes))
    if args.dry_run:
        echo(_("Dry run: {summary}; nothing written").format(summary=summary))
        return 0
    if result.updates:
        repo.update_many({code: result.changes[code] for code in result.updates}, action="collect",
                         when=result.dates, note=result.notes)
    if result.task_changes:
        print_changes(repo.update_many(result.task_changes, action="collect", when=result.task_dates,
                                       note=result.task_notes, kind="task"))
    echo(summary)
    return 0


