"""``portfolio log``: the audit journal — who changed what, when, from what to what."""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from ..i18n import N_, _, format_stamp
from ..records.issues import field_label
from ..records.values import change_text
from ..store.journal import JournalEntry
from ..tables import tabulate
from ..text import echo, echo_json
from .base import iso_date, open_repo

ACTIONS = {
    "add": N_("added"), "update": N_("changed"), "delete": N_("deleted"), "import": N_("imported"),
    "bulk": N_("bulk edit"), "create": N_("new database"), "collect": N_("collected"), "undo": N_("undone"), "redo": N_("redone"),
    "units": N_("units directory"),
    "refused": N_("refused"),
}


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("log", parents=[common], help=_("the history of changes: who, when, what"))
    p.add_argument("code", nargs="?", default=None, help=_("only this project"))
    p.add_argument("--author", default=None, metavar="NAME", help=_("only this author's changes"))
    p.add_argument("--since", type=iso_date, default=None, metavar="DATE", help=_("only changes on or after DATE"))
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_log)


def label(kind: str, key: str) -> str:
    """A field's label in the words of its kind (任务 fields for a task, 指标 fields for an indicator)."""
    from ..records.views import field_label as kind_label

    return field_label(key) if kind == "project" else kind_label(kind, key)


def describe(entry: JournalEntry) -> str:
    """The change of one journal line, as one line of text."""
    if entry.action == "create":
        return _("a new database with {n} projects replaced the earlier one").format(n=entry.note)
    if entry.action == "refused":  # a change outside the account's rights, or a failed login
        return entry.note
    if entry.before is None and entry.after is not None:
        return _("added ({name})").format(name=entry.after.get("name") or entry.code)
    if entry.after is None and entry.before is not None:
        return _("deleted ({name})").format(name=entry.before.get("name") or entry.code)
    parts = [_("{field}: {change}").format(field=label(entry.kind, key), change=change_text(key, old, new))
             for key, old, new in entry.fields()]
    return _("; ").join(parts) or _("no change")


def cmd_log(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    code = args.code.upper() if args.code else None
    entries = repo.history(code=code, author=args.author, since=args.since)
    for warning in repo.journal_warnings():
        echo(_("Warning: {message}").format(message=warning), err=True)
    if args.format == "json":
        echo_json(orjson.dumps([e.to_json() for e in entries], option=orjson.OPT_INDENT_2))
        return 0
    if not entries:
        echo(_("No changes recorded"))
        return 0
    rows = [[format_stamp(e.time), e.author, _(ACTIONS.get(e.action, e.action)), e.code,
             describe(e)] for e in entries]
    headers = [_("Time"), _("Author"), _("Action"), field_label("code"), _("Change")]
    echo(tabulate(rows, headers=headers, disable_numparse=True, maxcolwidths=[None, None, None, None, 70]))
    refused = sum(1 for e in entries if e.action == "refused")  # attempts that changed nothing
    if refused:
        echo(_("{n} change(s), {refused} refused").format(n=len(entries) - refused, refused=refused))
    else:
        echo(_("{n} change(s)").format(n=len(entries)))
    return 0
