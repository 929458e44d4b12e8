"""``--kind indicator|task`` for ``portfolio list|show|set|export`` (projects stay the default and
keep their own code paths in ``records`` and ``transfer``)."""

from __future__ import annotations

import argparse
from typing import Any

import orjson

from ..errors import printable
from ..i18n import _
from ..store.kinds import record_dict
from ..text import echo, echo_json
from .base import UsageError, open_repo, sorted_by

KINDS = ("project", "indicator", "task")
KIND_NAMES = {"project": ("projects", "项目"), "indicator": ("indicators", "指标"), "task": ("tasks", "任务")}

def add_kind(parser: argparse.ArgumentParser, *, infer: bool = False) -> None:
    """``--kind``; with ``infer`` (commands naming one record) the default is the kind of the
    record with that code."""
    if infer:
        parser.add_argument("--kind", "-k", choices=KINDS, default=None,
                            help=_("record kind: project, indicator or task (default: the kind of the record with that code)"))
        return
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


def cmd_export_kind(args: argparse.Namespace) -> int:
    from ..io.export_kinds import export_records

    found, _total = _search(args)
    result = export_records(args.kind, found, args.output, args.format, force=args.force)
    done = (_("Exported {n} indicators to {path} ({fmt})") if args.kind == "indicator" else
            _("Exported {n} tasks to {path} ({fmt})"))
    echo(done.format(n=result.projects, path=result.path, fmt=result.fmt))
    return 0
