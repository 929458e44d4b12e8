"""``portfolio log``: the audit journal — who changed what, when, from what to what."""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from ..i18n import N_, _
from ..records.fields import status_label
from ..records.issues import field_label
from ..records.values import value_text
from ..store.journal import JournalEntry
from ..tables import percent_text, tabulate
from ..text import echo, echo_json
from .base import iso_date, open_repo

ACTIONS = {
    "add": N_("added"), "update": N_("changed"), "delete": N_("deleted"), "import": N_("imported"),
    "bulk": N_("bulk edit"), "create": N_("new database"), "collect": N_("collected"), "undo": N_("undone"), "redo": N_("redone"),
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


def _log_entries_text(before: Any, after: Any) -> str:
    """What a change did to a progress log: the entries it added (+) and removed (−)."""
    old = before if isinstance(before, list) else []
    new = after if isinstance(after, list) else []
    parts = [("+", e) for e in new if e not in old] + [("−", e) for e in old if e not in new]
    out = []
    for sign, e in parts:
        if not isinstance(e, dict):
            continue
        text = f"{sign}{e.get('date')} {percent_text(float(e.get('percent', 0)))} {status_label(str(e.get('status')))}"
        if e.get("note"):
            text += f" {e['note']}"
        out.append(text)
    return _("; ").join(out)


def describe(entry: JournalEntry) -> str:
    """The change of one journal line, as one line of text."""
    if entry.action == "create":
        return _("a new database with {n} projects replaced the earlier one").format(n=entry.note)
    if entry.action == "refused":  # a change outside the account's rights, or a failed login
        return entry.note
    if entry.before is None and entry.after is not None:
        return _("added ({name})").format(name=entry.after.get("name", ""))
    if entry.after is None and entry.before is not None:
        return _("deleted ({name})").format(name=entry.before.get("name", ""))
    parts = []
    for key, old, new in entry.fields():
        if key == "progress_log":
            parts.append(_("{field}: {change}").format(field=field_label(key), change=_log_entries_text(old, new)))
        else:
            parts.append(_("{field}: {old} → {new}").format(
                field=field_label(key), old=value_text(key, old), new=value_text(key, new)))
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
    rows = [[e.time.strftime("%Y-%m-%d %H:%M:%S"), e.author, _(ACTIONS.get(e.action, e.action)), e.code,
             describe(e)] for e in entries]
    headers = [_("Time"), _("Author"), _("Action"), field_label("code"), _("Change")]
    echo(tabulate(rows, headers=headers, disable_numparse=True, maxcolwidths=[None, None, None, None, 70]))
    echo(_("{n} change(s)").format(n=len(entries)))
    return 0
