"""``portfolio link suggest|add|remove CODE [TARGET…]``: link a task or an indicator to the plan's
key projects (W01) and its 专栏 boxes (专栏5); ``suggest`` lists what its text suggests, with
the reason, for the user to confirm with ``add``."""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from ..errors import PortfolioError, printable
from ..i18n import _
from ..text import echo, echo_json
from .base import UsageError, open_repo, print_changes

ACTIONS = ("suggest", "add", "remove", "list")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("link", parents=[common], help=_(
        "link a task or indicator to key projects and boxes: link suggest|add|remove|list CODE [TARGET…]"))
    p.add_argument("action", choices=ACTIONS, help=_("suggest, add, remove or list"))
    p.add_argument("code", metavar="CODE", help=_("a task (LZS2022W-05) or an indicator (I05)"))
    p.add_argument("targets", nargs="*", metavar="TARGET", help=_("a project code (W01) or a box (专栏5, box5)"))
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    p.add_argument("--note", default="", help=_("note kept in the journal"))
    p.set_defaults(func=cmd_link)


def cmd_link(args: argparse.Namespace) -> int:
    from ..links import links_lines, parse_targets, record_kind, suggest, with_links

    code = args.code.strip().upper()
    kind = record_kind(code)
    if kind is None:
        raise UsageError(_("'{code}' is neither a task's code (LZS2022W-05) nor an indicator's (I05)").format(
            code=printable(args.code)))
    if args.action in ("add", "remove") and not args.targets:
        raise UsageError(_("Name at least one project code or box to {action}").format(action=args.action))
    repo = open_repo(args)
    record = repo.get(code, kind)
    projects = {p.code: p for p in repo.records("project")}
    if args.action == "suggest":
        found = suggest(record, list(projects.values()))
        if args.format == "json":
            rows = [{"target": s.target, "title": s.title, "score": s.score, "reason": s.reason} for s in found]
            echo_json(orjson.dumps(rows, option=orjson.OPT_INDENT_2))
            return 0
        if not found:
            echo(_("{code}: no suggestions").format(code=code))
        for s in found:
            echo(f"{s.target}\t{s.title}\t{s.reason}")
        return 0
    if args.action == "list":
        if args.format == "json":
            echo_json(orjson.dumps(list(record.links)))
        else:
            echo("\n".join(links_lines(record, projects)) or _("{code}: no links").format(code=code))
        return 0
    if args.action == "add":
        links = with_links(record.links, add=parse_targets(args.targets, projects))
    else:
        targets = parse_targets(args.targets, projects) if args.targets else []
        missing = [t for t in targets if t not in record.links]
        if missing:
            raise PortfolioError(_("{code} has no link to {targets}").format(code=code, targets=", ".join(missing)))
        links = with_links(record.links, remove=targets)
    print_changes([repo.update(code, {"links": links}, kind=kind, note=args.note)])
    return 0
