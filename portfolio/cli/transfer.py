"""``portfolio import|export``: the plan, flat tables and exports."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import DatabaseExists
from ..i18n import _
from ..limits import check_file_size
from ..paths import resolve_db
from ..records.project.model import Project
from ..records.project.query import parse as parse_query
from ..store import Change, Repository, create_repository, describe, open_repository
from ..store import exists as store_exists
from ..text import echo
from ..tracking import READING, SAVING, stage
from .base import UsageError, add_force, open_repo, print_changes, sort_option, sorted_by
from .kinds import add_kind


def register(sub: Any, common: argparse.ArgumentParser) -> None:
    """Add this module's commands to the parser."""
    p = sub.add_parser("import", parents=[common],
                       help=_("import the plan (.txt, .docx) or a flat table (.csv, .xlsx)"))
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=_("report what would change, write nothing"))
    add_kind(p)
    p.set_defaults(func=cmd_import)

    from ..io.export import FORMATS, LAYOUTS

    p = sub.add_parser("export", parents=[common], help=_("export projects: csv, xlsx, md, html, json, txt"))
    p.add_argument("--format", "-f", choices=FORMATS, default=None, help=_("default: from the file name"))
    p.add_argument("--where", "-w", default="", metavar="QUERY", help=_("filter, e.g. 'cat:碧水 end:<=2023'"))
    p.add_argument("--layout", choices=LAYOUTS, default="flat")
    p.add_argument("--columns", default=None, help=_("flat layout: comma-separated fields (default: all)"))
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    sort_option(p)
    add_force(p)
    add_kind(p)
    p.set_defaults(func=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.exists():
        raise UsageError(_("{path}: no such file").format(path=path))
    check_file_size(path)  # a folder or a FIFO is refused before any reader opens it
    stage(READING)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx", ".xlsm", ".json"):
        return _import_table(args, path)
    from ..io.lists_import import read_plan_file

    found = read_plan_file(path)
    if found.kind == "tasks":
        return _import_tasks(args, found.tasks)
    projects = found.projects
    db = resolve_db(getattr(args, "db", None))
    if not store_exists(db):
        if args.dry_run:
            echo(_("Would create {db} with {n} projects").format(db=describe(db), n=len(projects)))
            _print_indicator_count(found.indicators)
            return 0
        try:
            repo = create_repository(db, projects, author=getattr(args, "user", None), exclusive=True)
        except DatabaseExists:
            pass  # another import created it this moment: merge into it like into any database
        else:
            echo(_("Created {db} with {n} projects").format(db=describe(db), n=len(projects)))
            _import_indicators(repo, found.indicators, dry_run=False)
            return 0
    repo = open_repository(db, author=getattr(args, "user", None))
    merged = [_merge_plan_fields(repo, p) for p in projects]
    if args.dry_run:
        echo(_("{n} projects would change").format(n=len(repo.differing(merged))))
        _import_indicators(repo, found.indicators, dry_run=True)
        return 0
    changes = repo.upsert_many(merged)
    print_some_changes(changes)
    echo(_("{n} projects changed").format(n=len(changes)))
    _import_indicators(repo, found.indicators, dry_run=False)
    return 0


def _print_indicator_count(indicators: list[Any]) -> None:
    if indicators:
        echo(_("and {n} indicators").format(n=len(indicators)))


def _import_indicators(repo: Repository, indicators: list[Any], dry_run: bool) -> None:
    if not indicators:
        return
    from ..io.lists_import import import_records

    done = import_records(repo, "indicator", indicators, dry_run=dry_run)
    if dry_run:
        echo(_("{n} indicators would change").format(n=len(done)))
    else:
        echo(_("{n} indicators changed").format(n=len(done)))


def _import_tasks(args: argparse.Namespace, tasks: list[Any]) -> int:
    from ..io.lists_import import check_plan_codes, import_records

    db = resolve_db(getattr(args, "db", None))
    plan = tasks[0].plan
    if not store_exists(db):
        if args.dry_run:
            echo(_("Would create {db} with {n} tasks of {plan}").format(db=describe(db), n=len(tasks), plan=plan))
            return 0
        try:
            repo = create_repository(db, [], author=getattr(args, "user", None), exclusive=True)
        except DatabaseExists:  # another import created it this moment
            repo = open_repository(db, author=getattr(args, "user", None))
    else:
        repo = open_repository(db, author=getattr(args, "user", None))
    check_plan_codes(repo, tasks)
    done = import_records(repo, "task", tasks, dry_run=args.dry_run)
    if args.dry_run:
        echo(_("{n} tasks of {plan} would change").format(n=len(done), plan=plan))
        return 0
    echo(_("{n} tasks of {plan} added or changed").format(n=len(done), plan=plan))
    return 0


def _import_table(args: argparse.Namespace, path: Path) -> int:
    """A CSV/XLSX/JSON table: projects (``io.table_import``), or with ``--kind`` tasks or
    indicators (``io.kind_import``)."""
    from ..io.kind_import import plan_kind_import
    from ..io.table_import import apply_import, plan_import

    repo = open_repo(args)
    # a refused import says how many problems and names the first few
    plan = plan_import(repo, path) if args.kind == "project" else plan_kind_import(repo, args.kind, path)
    preview = [Change("import", p.code, None, p, plan.kind) for p in plan.added] + \
        [Change("import", after.code, before, after, plan.kind) for before, after in plan.changed]
    summary = _("{added} new, {changed} changed, {same} unchanged").format(
        added=len(plan.added), changed=len(plan.changed), same=plan.unchanged)
    if args.dry_run:
        print_some_changes(preview)
        echo(_("Dry run: {summary}; nothing written").format(summary=summary))
        return 0
    stage(SAVING)
    apply_import(repo, plan)  # changes are listed once written, never before a refusal
    print_some_changes(preview)
    echo(_("Imported: {summary}").format(summary=summary))
    return 0


PREVIEW_LIMIT = 20  # projects whose changes are listed; the summary counts them all


def print_some_changes(changes: list[Change]) -> None:
    print_changes(changes[:PREVIEW_LIMIT])
    if len(changes) > PREVIEW_LIMIT:
        more = len(changes) - PREVIEW_LIMIT
        kind = changes[0].kind
        if kind == "project":
            echo(_("… and {n} more projects").format(n=more))
        else:
            echo(_("… and {n} more tasks").format(n=more) if kind == "task" else
                 _("… and {n} more indicators").format(n=more))


def cmd_export(args: argparse.Namespace) -> int:
    if args.kind != "project":
        from .kinds import cmd_export_kind

        return cmd_export_kind(args)
    from ..io.export import export_projects

    query = parse_query(args.where)
    sorted_by(args, [])  # a bad sort field is reported before anything is read
    repo = open_repo(args)
    projects = sorted_by(args, repo.search(query))
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    result = export_projects(projects, args.output, args.format, args.layout, columns, force=args.force)
    echo(_("Exported {n} projects to {path} ({fmt}, {layout})").format(
        n=result.projects, path=result.path, fmt=result.fmt, layout=result.layout))
    return 0


PLAN_FIELDS = ("category", "subcategory", "name", "content", "scale", "start_year", "end_year", "units")


def _merge_plan_fields(repo: Repository, plan_project: Project) -> Project:
    """The plan's fields over the stored project's tracking fields."""
    if plan_project.code not in repo:
        return plan_project
    current: Project = repo.get(plan_project.code)
    return current.model_copy(update={f: getattr(plan_project, f) for f in PLAN_FIELDS})


