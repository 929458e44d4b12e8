"""``--kind indicator|task`` for ``portfolio list|show|set|export`` (projects stay the default and
keep their own code paths in ``records`` and ``transfer``)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import Any

import orjson

from ..errors import PortfolioError, printable
from ..i18n import _
from ..numbers import NumberError, field_number
from ..records.fields import find_status
from ..records.views import field_label as kind_field_label
from ..store.kinds import record_dict
from ..text import echo, echo_json
from .base import UsageError, open_repo, print_changes, sorted_by

KINDS = ("project", "indicator", "task")
KIND_NAMES = {"project": ("projects", "项目"), "indicator": ("indicators", "指标"), "task": ("tasks", "任务")}

# fields `set --kind …` may change, with the aliases users type
ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
SETTABLE: dict[str, dict[str, str]] = {
    "task": {
        "name": "name", "content": "content", "section": "section", "subsection": "subsection",
        "lead": "lead_units", "lead_units": "lead_units",
        "cooperating": "cooperating_units", "coop": "cooperating_units", "cooperating_units": "cooperating_units",
        "responsible": "responsible_units", "resp": "responsible_units", "responsible_units": "responsible_units",
        # deadline=年底前 is the text; deadline=2024-06-30 a date set by hand; deadline= follows the text again
        "deadline": "deadline_text", "deadline_text": "deadline_text", "due": "deadline", "due_date": "deadline",
        "status": "status", "progress": "progress_percent", "progress_percent": "progress_percent",
    },
    "indicator": {
        "category": "category", "cat": "category", "name": "name", "sub_name": "sub_name", "sub": "sub_name",
        "unit": "unit", "baseline": "baseline_2020", "baseline_2020": "baseline_2020",
        "target": "target_2025", "target_2025": "target_2025", "attribute": "attribute", "attr": "attribute",
        "direction": "direction", "note": "note",
    },
}


def add_kind(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", "-k", choices=KINDS, default="project",
                        help=_("record kind: project (default), indicator or task"))


def kind_of(text: str) -> str:
    t = text.strip().lower()
    for kind, names in KIND_NAMES.items():
        if t == kind or t in names:
            return kind
    raise UsageError(_("Unknown kind '{kind}'; kinds: {kinds}").format(kind=printable(text), kinds=", ".join(KINDS)))


def _search(args: argparse.Namespace) -> tuple[list[Any], int]:
    from ..query import parse_kind

    query = parse_kind(args.where, args.kind)  # before opening: a bad query is reported as such
    sorted_by(args, [], args.kind)  # a bad sort field likewise
    repo = open_repo(args)
    records = repo.records(args.kind)
    found = records if query.empty else query.filter(records)
    return sorted_by(args, found, args.kind), len(records)


def cmd_list_kind(args: argparse.Namespace) -> int:
    from ..records.views import text_table

    found, total = _search(args)
    if args.format == "json":
        echo_json(orjson.dumps([record_dict(r) for r in found], option=orjson.OPT_INDENT_2))
        return 0
    echo(text_table(args.kind, found))
    label = _("indicators") if args.kind == "indicator" else _("tasks")
    echo(_("{n} of {total} {kind}").format(n=len(found), total=total, kind=label))
    return 0


def cmd_show_kind(args: argparse.Namespace) -> int:
    from ..records.views import detail_text

    repo = open_repo(args)
    record = repo.get(args.code.strip().upper(), args.kind)
    if args.format == "json":
        echo_json(orjson.dumps(record_dict(record), option=orjson.OPT_INDENT_2))
    else:
        echo(detail_text(args.kind, record))
        if getattr(record, "links", None):
            from ..links import links_lines

            projects = {p.code: p for p in repo.records("project")}
            echo("\n" + _("Links") + "\n" + "\n".join(links_lines(record, projects)))
    return 0


def parse_kind_assignments(kind: str, assignments: Sequence[str]) -> dict[str, Any]:
    from ..units import split_units

    fields = SETTABLE[kind]
    changes: dict[str, Any] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(_("'{item}' is not FIELD=VALUE").format(item=printable(item)))
        field = fields.get(key.lower())
        if field is None:
            raise PortfolioError(_("Unknown field '{key}'; fields: {fields}").format(
                key=printable(key), fields=", ".join(dict.fromkeys(fields.values()))))
        value = value.strip()
        if kind == "task" and field == "deadline_text" and key.lower() == "deadline" and (
                not value or ISO_DATE.match(value)):
            field = "deadline"
        if field.endswith("_units"):
            changes[field] = split_units(value)
        elif field == "status":
            changes[field] = find_status(value) or value
        elif field == "direction":
            changes[field] = value or None
        elif field in ("progress_percent", "number"):
            changes[field] = field_number(value, kind_field_label(kind, field), percent=field == "progress_percent")
        else:
            changes[field] = value
    return changes


def cmd_set_kind(args: argparse.Namespace) -> int:
    from ..records.task.model import by_hand

    try:
        changes = parse_kind_assignments(args.kind, args.assignments)
    except NumberError as exc:
        raise NumberError(_("{code} {message}").format(code=printable(args.code.strip().upper()), message=exc)) from None
    repo = open_repo(args)
    code = args.code.strip().upper()
    if args.kind == "task":
        changes = by_hand(changes)
    print_changes([repo.update(code, changes, when=args.date, note=args.note, kind=args.kind)])
    return 0


def cmd_export_kind(args: argparse.Namespace) -> int:
    from ..io.export_kinds import export_records

    found, _total = _search(args)
    result = export_records(args.kind, found, args.output, args.format, force=args.force)
    echo(_("Exported {n} records to {path} ({fmt})").format(n=result.projects, path=result.path, fmt=result.fmt))
    return 0
