"""``portfolio report`` (an indicator's yearly value) and ``portfolio units`` (the units
directory: list it, add or remove aliases, define groups)."""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from ..errors import PortfolioError, printable
from ..i18n import _
from ..text import echo, echo_json
from .base import UsageError, open_repo, print_changes, report_date

UNIT_ACTIONS = ("list", "alias", "unalias", "group", "ungroup")


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    p = sub.add_parser("report", parents=[common], help=_("report an indicator's value for a year: portfolio report I05 2023 98.5"))
    p.add_argument("code", metavar="INDICATOR_CODE", help=_("the indicator's code, such as I05"))
    # the year is checked with the indicator named (records.indicator.report.check_value)
    p.add_argument("year", metavar="YEAR", help=_("the year the value is for (2020 … 2025)"))
    p.add_argument("value", metavar="VALUE", help=_(
        "the value: a number for a numeric target (57.3, 1,234.5), text for a qualitative one"))
    p.add_argument("--note", default=None, help=_("note kept with the value (default: the year's earlier note)"))
    p.add_argument("--source", default=None, help=_("where the value comes from (a bulletin, a monitoring report; "
                                                 "default: the year's earlier source)"))
    p.add_argument("--date", type=report_date, default=None, metavar="DATE",
                   help=_("the date of the value (default: 31 December of its year)"))
    judged = p.add_mutually_exclusive_group()
    judged.add_argument("--met", dest="judgement", action="store_const", const="met",
                        help=_("judged by hand: the target is met (qualitative targets)"))
    judged.add_argument("--not-met", dest="judgement", action="store_const", const="not_met",
                        help=_("judged by hand: the target is not met"))
    p.set_defaults(func=cmd_report, judgement=None)

    p = sub.add_parser("units", parents=[common], help=_("the units directory: list, alias, unalias, group, ungroup"))
    p.add_argument("action", nargs="?", default="list", choices=UNIT_ACTIONS,
                   help=_("list (default); alias NAME ALIAS…; unalias ALIAS…; group GROUP MEMBER…; ungroup GROUP"))
    p.add_argument("names", nargs="*", metavar="NAME")
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_units)


def cmd_report(args: argparse.Namespace) -> int:
    from ..records.indicator.report import report_value

    repo = open_repo(args)
    print_changes([report_value(repo, args.code, args.year, args.value, when=args.date, source=args.source,
                                note=args.note, judgement=args.judgement)])
    return 0


def _entries_json(repo: Any) -> list[dict[str, Any]]:
    from ..units import directory_of

    directory = directory_of(repo)
    written: dict[str, list[str]] = {}
    counts: dict[str, dict[str, int]] = {}
    for kind, records in (("projects", repo.projects()), ("tasks", repo.records("task"))):
        for r in records:
            for name in dict.fromkeys(r.units):
                canonical = directory.canonical(name)
                written.setdefault(canonical, [])
                if name not in written[canonical]:
                    written[canonical].append(name)
                for reached in directory.reach(name):
                    per = counts.setdefault(reached, {"projects": 0, "tasks": 0})
                    per[kind] += 1
    from ..unit_duties import is_unnamed

    out = []
    for name in directory.known_names():
        entry = directory.entries.get(name)
        # a recipient (本计划中所有牵头单位, 各镇人民政府 …) stands for units: it is none itself
        kind = "group" if entry and entry.members else "recipient" if is_unnamed(name, directory) else "unit"
        out.append({"name": name, "kind": kind, "aliases": list(entry.aliases) if entry else [],
                    "members": list(entry.members) if entry else [], "written": written.get(name, []),
                    **counts.get(name, {"projects": 0, "tasks": 0})})
    return out


def cmd_units(args: argparse.Namespace) -> int:
    from ..units import directory_of, save_directory

    repo = open_repo(args)
    if args.action == "list":
        entries = _entries_json(repo)
        if args.format == "json":
            echo_json(orjson.dumps(entries, option=orjson.OPT_INDENT_2))
            return 0
        from ..tables import tabulate

        rows = [[e["name"], "、".join(e["aliases"]), "、".join(e["members"]),
                 "、".join(w for w in e["written"] if w != e["name"]), str(e["projects"]), str(e["tasks"])]
                for e in entries if e["kind"] != "recipient"]
        echo(tabulate(rows, headers=[_("Unit"), _("Aliases"), _("Members"), _("Also written"), _("Projects"),
                                      _("Tasks")], disable_numparse=True, maxcolwidths=[None, 30, 30, 30, None, None]))
        recipients = [e for e in entries if e["kind"] == "recipient"]
        if recipients:
            echo("")
            echo(tabulate([[e["name"], str(e["projects"]), str(e["tasks"])] for e in recipients],
                          headers=[_("Meta-recipient (not a unit)"), _("Projects"), _("Tasks")], disable_numparse=True))
        return 0
    directory = directory_of(repo)
    names = [n.strip() for n in args.names if n.strip()]
    if args.action == "alias":
        if len(names) < 2:
            raise UsageError(_("usage: portfolio units alias NAME ALIAS…"))
        for alias in names[1:]:
            directory.add_alias(names[0], alias)
    elif args.action == "unalias":
        if not names:
            raise UsageError(_("usage: portfolio units unalias ALIAS…"))
        for alias in names:
            if not directory.remove_alias(alias):
                raise PortfolioError(_("'{alias}' is not an alias in the directory").format(alias=printable(alias)))
    elif args.action == "group":
        if len(names) < 2:
            raise UsageError(_("usage: portfolio units group GROUP MEMBER…"))
        directory.set_group(names[0], names[1:])
    elif args.action == "ungroup":
        if len(names) != 1:
            raise UsageError(_("usage: portfolio units ungroup GROUP"))
        if not directory.is_group(names[0]):
            raise PortfolioError(_("'{name}' is not a group").format(name=printable(names[0])))
        directory.set_group(names[0], [])
    changes = save_directory(repo, directory)
    print_changes(changes)
    if not changes:
        echo(_("Nothing changed"))
    return 0
