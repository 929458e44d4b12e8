"""Command line: ``portfolio list|show|set|undo|import``.

``portfolio`` with no command opens the terminal UI; that is wired in ``tui.launch`` (the
core never imports the UI). Errors are one line on stderr and exit status 1 (2 for usage).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import orjson
from pydantic import ValidationError

from . import __version__
from .categories import find_category
from .errors import InvalidProject, PortfolioError, printable
from .i18n import N_, UnknownLanguage, _, resolve_language, set_language
from .models import ProgressEntry, Project, Status, field_label, find_status, parse_year_range, project_dict
from .paths import resolve_db
from .query import parse as parse_query
from .store.file import Change, Repository
from .views import detail_text, text_table, value_text

EXIT_ERROR = 1
EXIT_USAGE = 2

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


class UsageError(PortfolioError):
    pass


def _common() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("database file (default: $PORTFOLIO_DB or data/projects.json)"))
    common.add_argument("--lang", metavar="LANG", default=argparse.SUPPRESS,
                        help=_("zh_CN (default) or en; also $PORTFOLIO_LANG"))
    return common


# argparse's own words (its usage line, section titles, errors), translated like ours while
# the parser is built and used; outside that, argparse is left as it was.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"), N_("ignored explicit argument %r"),
)


@contextlib.contextmanager
def argparse_in_language() -> Iterator[None]:
    saved = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: _(message) if message else message  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = saved  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="portfolio", parents=[common],
        description=_("Key projects of the five-year ecological environment plan."))
    parser.add_argument("--version", action="version", version=f"portfolio {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("list", parents=[common], help=_("list projects"))
    p.add_argument("--where", "-w", default="", metavar="QUERY", help=_("filter, e.g. 'cat:碧水 end:<=2023'"))
    p.add_argument("--format", "-f", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", parents=[common], help=_("show one project"))
    p.add_argument("code")
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("set", parents=[common], help=_("change fields: portfolio set W01 status=in_progress progress=40"))
    p.add_argument("code")
    p.add_argument("assignments", nargs="+", metavar="FIELD=VALUE")
    p.add_argument("--note", default="", help=_("note for the progress log entry"))
    p.set_defaults(func=cmd_set)

    p = sub.add_parser("undo", parents=[common], help=_("undo the last change"))
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("import", parents=[common],
                       help=_("import the plan (.txt, .docx) or a flat table (.csv, .xlsx)"))
    p.add_argument("file", type=Path)
    p.add_argument("--dry-run", action="store_true", help=_("report what would change, write nothing"))
    p.set_defaults(func=cmd_import)

    from .io.export import FORMATS, LAYOUTS

    p = sub.add_parser("export", parents=[common], help=_("export projects: csv, xlsx, md, html, json, txt"))
    p.add_argument("--format", "-f", choices=FORMATS, default=None, help=_("default: from the file name"))
    p.add_argument("--where", "-w", default="", metavar="QUERY")
    p.add_argument("--layout", choices=LAYOUTS, default="flat")
    p.add_argument("--columns", default=None, help=_("flat layout: comma-separated fields (default: all)"))
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("review", parents=[common], help=_("mid-term review: figures, overdue and behind projects"))
    p.add_argument("--as-of", type=_iso_date, default=None, metavar="DATE",
                   help=_("review date (default today; the mid-term review is 2023-12-31)"))
    p.add_argument("--where", "-w", default="", metavar="QUERY")
    p.add_argument("--margin", type=float, default=10.0,
                   help=_("points below 序时进度 that count as behind (default 10)"))
    p.add_argument("--format", "-f", choices=("txt", "md", "xlsx", "docx"), default=None)
    p.add_argument("-o", "--output", type=Path, default=None, metavar="FILE",
                   help=_("write to FILE (txt and md print to the terminal without it)"))
    p.set_defaults(func=cmd_review)

    p = sub.add_parser("dispatch", parents=[common], help=_("write a progress form (XLSX) per responsible unit"))
    p.add_argument("--unit", default=None, help=_("only this unit"))
    p.add_argument("--as-of", type=_iso_date, default=None, metavar="DATE")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="FOLDER_OR_FILE")
    p.set_defaults(func=cmd_dispatch)

    p = sub.add_parser("collect", parents=[common], help=_("read filled progress forms back"))
    p.add_argument("forms", type=Path, nargs="+", metavar="FORM.xlsx")
    p.add_argument("--dry-run", action="store_true")
    p.set_defaults(func=cmd_collect)
    return parser


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date such as 2023-12-31") from None


# -- helpers ---------------------------------------------------------------------------------
_opened: list[Repository] = []  # the command's database, kept for the process's end


def open_repo(args: argparse.Namespace) -> Repository:
    repo = Repository.open(resolve_db(getattr(args, "db", None)))
    # held until the process ends: the console script leaves without freeing it object by
    # object (tui.launch.console_main), which takes 0.24 s for 100,000 projects
    _opened[:] = [repo]
    return repo


def print_changes(changes: Sequence[Change], out: Callable[[str], None] = print) -> None:
    for change in changes:
        if change.before is None and change.after is not None:
            out(_("{code}: added ({name})").format(code=change.code, name=change.after.name))
        elif change.after is None and change.before is not None:
            out(_("{code}: deleted ({name})").format(code=change.code, name=change.before.name))
        else:
            fields = change.changed_fields()
            if not fields:
                out(_("{code}: no change").format(code=change.code))
            for key, old, new in fields:
                out(_("{code} {field}: {old} → {new}").format(
                    code=change.code, field=field_label(key),
                    old=value_text(key, old), new=value_text(key, new)))


def parse_assignments(project: Project, assignments: Sequence[str], note: str) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(_("'{item}' is not FIELD=VALUE").format(item=printable(item)))
        field = SETTABLE.get(key.lower())
        if field is None:
            raise UsageError(_("Unknown field '{key}'; fields: {fields}").format(
                key=key, fields=", ".join(sorted(set(SETTABLE.values())))))
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
        elif field in ("planned_investment", "completed_investment"):
            changes[field] = value or None
        else:
            changes[field] = value
    status_changed = "status" in changes and changes["status"] != project.status
    percent_changed = "progress_percent" in changes
    if status_changed or percent_changed or note:
        status = changes.get("status", project.status)
        percent = changes.get("progress_percent", project.progress_percent)
        try:
            entry = ProgressEntry(date=date.today(), percent=percent, status=status, note=note)
        except ValidationError:
            return changes  # the project's own validation reports the bad value
        if status == Status.COMPLETED and "progress_percent" not in changes:
            entry = entry.model_copy(update={"percent": 100.0})
            changes["progress_percent"] = 100
        changes["progress_log"] = [*project_dict(project)["progress_log"], entry.model_dump(mode="json")]
    return changes


# -- commands --------------------------------------------------------------------------------
def cmd_list(args: argparse.Namespace) -> int:
    query = parse_query(args.where)  # before opening: a bad query is reported as such
    repo = open_repo(args)
    projects = repo.search(query)
    if args.format == "json":
        sys.stdout.buffer.write(orjson.dumps([project_dict(p) for p in projects], option=orjson.OPT_INDENT_2) + b"\n")
        return 0
    print(text_table(projects))
    print(_("{n} of {total} projects").format(n=len(projects), total=len(repo)))
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    project = repo.get(args.code.upper())
    if args.format == "json":
        sys.stdout.buffer.write(orjson.dumps(project_dict(project), option=orjson.OPT_INDENT_2) + b"\n")
    else:
        print(detail_text(project))
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    code = args.code.upper()
    project = repo.get(code)
    changes = parse_assignments(project, args.assignments, args.note)
    print_changes([repo.update(code, changes)])
    return 0


def cmd_undo(args: argparse.Namespace) -> int:
    repo = open_repo(args)
    changes = repo.undo()
    if not changes:
        print(_("Nothing to undo"))
        return 0
    print(_("Undone:"))
    print_changes(changes)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.exists():
        raise UsageError(_("{path}: no such file").format(path=path))
    suffix = path.suffix.lower()
    if suffix in (".csv", ".xlsx", ".xlsm"):
        return _import_table(args, path)
    if suffix == ".docx":
        from .io.plan_docx import read_plan_docx

        projects = read_plan_docx(path)
    else:
        from .io.plan_text import read_plan_text

        projects = read_plan_text(path)
    db = resolve_db(getattr(args, "db", None))
    if not db.exists():
        if args.dry_run:
            print(_("Would create {db} with {n} projects").format(db=db, n=len(projects)))
            return 0
        Repository.create(db, projects)
        print(_("Created {db} with {n} projects").format(db=db, n=len(projects)))
        return 0
    repo = Repository.open(db)
    merged = [_merge_plan_fields(repo, p) for p in projects]
    if args.dry_run:
        print(_("{n} projects would change").format(n=len(repo.differing(merged))))
        return 0
    changes = repo.upsert_many(merged)
    print_changes(changes)
    print(_("{n} projects changed").format(n=len(changes)))
    return 0


def _import_table(args: argparse.Namespace, path: Path) -> int:
    from .io.table_import import apply_import, plan_import

    repo = open_repo(args)
    plan = plan_import(repo, path)
    preview = [Change("import", p.code, None, p) for p in plan.added] + \
        [Change("import", after.code, before, after) for before, after in plan.changed]
    print_changes(preview)
    summary = _("{added} new, {changed} changed, {same} unchanged").format(
        added=len(plan.added), changed=len(plan.changed), same=plan.unchanged)
    if args.dry_run:
        print(_("Dry run: {summary}; nothing written").format(summary=summary))
        return 0
    apply_import(repo, plan)
    print(_("Imported: {summary}").format(summary=summary))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .io.export import export_projects

    query = parse_query(args.where)
    repo = open_repo(args)
    projects = repo.search(query)
    columns = [c.strip() for c in args.columns.split(",") if c.strip()] if args.columns else None
    result = export_projects(projects, args.output, args.format, args.layout, columns)
    print(_("Exported {n} projects to {path} ({fmt}, {layout})").format(
        n=result.projects, path=result.path, fmt=result.fmt, layout=result.layout))
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    from .review.report import text_report, write_review
    from .review.states import review

    query = parse_query(args.where)
    repo = open_repo(args)
    result = review(repo.search(query), args.as_of, args.margin)
    if args.output is None:
        if args.format in ("xlsx", "docx"):
            raise UsageError(_("--format {fmt} needs -o FILE").format(fmt=args.format))
        print(text_report(result, args.format or "txt"))
        return 0
    fmt = write_review(result, args.output, args.format)
    print(_("Review written to {path} ({fmt})").format(path=args.output, fmt=fmt))
    return 0


def cmd_dispatch(args: argparse.Namespace) -> int:
    from .review.dispatch import dispatch

    repo = open_repo(args)
    written = dispatch(repo, args.output, args.as_of or date.today(), args.unit)
    for path in written:
        print(path)
    print(_("{n} progress form(s) written").format(n=len(written)))
    return 0


def cmd_collect(args: argparse.Namespace) -> int:
    from .review.dispatch import collect

    for path in args.forms:
        if not path.exists():
            raise UsageError(_("{path}: no such file").format(path=path))
    repo = open_repo(args)
    result = collect(repo, list(args.forms))
    preview = [Change("collect", code, repo.get(code), p) for code, p in result.updates.items()]
    print_changes(preview)
    summary = _("{rows} filled row(s): {changed} project(s) changed, {same} unchanged").format(
        rows=result.rows, changed=len(result.updates), same=result.unchanged)
    if args.dry_run:
        print(_("Dry run: {summary}; nothing written").format(summary=summary))
        return 0
    if result.updates:
        repo.upsert_many(list(result.updates.values()), action="collect")
    print(summary)
    return 0


PLAN_FIELDS = ("category", "subcategory", "name", "content", "scale", "start_year", "end_year", "units")


def _merge_plan_fields(repo: Repository, plan_project: Project) -> Project:
    """The plan's fields over the stored project's tracking fields."""
    if plan_project.code not in repo:
        return plan_project
    current = repo.get(plan_project.code)
    return current.model_copy(update={f: getattr(plan_project, f) for f in PLAN_FIELDS})


def run(args: argparse.Namespace) -> int:
    try:
        return int(args.func(args))
    except InvalidProject as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_ERROR
    except UsageError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_USAGE
    except PortfolioError as exc:
        print(_("Error: {message}").format(message=exc), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


VALUE_OPTIONS = ("--where", "-w")


def _join_negated_values(argv: Sequence[str]) -> list[str]:
    """``--where -cat:碧水``: argparse would take the query for an option; join it as
    ``--where=-cat:碧水``."""
    out: list[str] = []
    items = list(argv)
    i = 0
    while i < len(items):
        if items[i] in VALUE_OPTIONS and i + 1 < len(items) and items[i + 1].startswith("-"):
            out.append(f"{items[i]}={items[i + 1]}")
            i += 2
            continue
        out.append(items[i])
        i += 1
    return out


def _language_from(argv: Sequence[str]) -> str | None:
    """``--lang`` before parsing, so that the help itself is in the chosen language."""
    for i, item in enumerate(argv):
        if item == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if item.startswith("--lang="):
            return item.split("=", 1)[1]
    return None


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    items = list(sys.argv[1:] if argv is None else argv)
    with contextlib.suppress(UnknownLanguage):  # reported below, once the arguments are parsed
        set_language(resolve_language(_language_from(items)))
    with argparse_in_language():
        args = build_parser().parse_args(_join_negated_values(items))
    try:
        set_language(resolve_language(getattr(args, "lang", None)))
    except UnknownLanguage as exc:
        print(f"Error: unknown language '{exc}'; use zh_CN or en", file=sys.stderr)
        raise SystemExit(EXIT_USAGE) from None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.command is None:
        print(_("Run 'portfolio' from an installed package to open the terminal UI."), file=sys.stderr)
        return EXIT_USAGE
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
