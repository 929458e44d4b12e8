"""Progress dispatch (调度): one XLSX form per responsible unit, filled in by the unit and
collected back. Read-only columns are locked (sheet protection); the status column has a
drop-down list. Collecting validates every row of every form first and writes nothing if any
row is wrong; collecting the same form twice changes nothing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ImportFormatError, InvalidProject, PortfolioError, printable
from ..i18n import _
from ..io.flat import CellError, parse_cell
from ..io.table_import import RowIssue
from ..progress import apply_rule
from ..records.fields import Status
from ..records.issues import describe_errors
from ..records.project.model import Project, project_dict
from ..records.task.model import Task
from ..store.base import Repository
from ..tracking import READING, SAVING, WRITING, shielded, stage, track
from ..unit_duties import units_index
from .dispatch_form import COLUMNS, FILL, FORM_MARKER, HEADER_ROW, META_SHEET, build_form
from .dispatch_form import headers as _headers

__all__ = ["HEADER_ROW", "CollectError", "CollectResult", "collect", "dispatch", "form_file_names"]

# characters a file name may not hold on Windows or Unix, blanks, and what ends a name badly
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


NAME_BYTES = 200  # a file name's bytes at most (file systems allow 255; room for a _NN suffix)


def form_file_name(unit: str) -> str:
    """The unit's form file name: unsafe characters replaced, a name too long for the file
    system shortened (a unit name may be any length; ``form_file_names`` keeps them unique)."""
    cleaned = _UNSAFE_FILE_CHARS.sub("_", unit).strip("._") or "_"
    name = _("progress_form_{unit}.xlsx").format(unit=cleaned)
    while len(name.encode()) > NAME_BYTES:
        cleaned = cleaned[:-1]
        name = _("progress_form_{unit}.xlsx").format(unit=cleaned + "…")
    return name


def form_file_names(units: Sequence[str]) -> list[str]:
    """One file name per unit, never two alike: units whose names clean to the same file name
    (测试:单位 and 测试/单位 both give 测试_单位; file systems that ignore case) get a suffix,
    _2, _3, … in the order given."""
    used: set[str] = set()
    out = []
    for unit in units:
        name = form_file_name(unit)
        stem, suffix = name.rsplit(".", 1)
        n = 1
        while name.casefold() in used:
            n += 1
            name = f"{stem}_{n}.{suffix}"
        used.add(name.casefold())
        out.append(name)
    return out


def tasks_in_scope(repo: Repository, as_of: date) -> list[Task]:
    """The tasks a form as of ``as_of`` holds: those of the plans issued by then, the review's
    scope (``lists.in_scope``)."""
    from .lists import in_scope

    return [t for t in repo.records("task") if in_scope(t, as_of)]


def unnamed_in_scope(repo: Repository, as_of: date) -> list[str]:
    """The responsible parties of the forms' records no unit stands for (各镇人民政府 …): they
    get no form; the dispatch summary names them."""
    from ..text import outgoing
    from ..unit_duties import unnamed_recipients
    from ..units import directory_of

    return unnamed_recipients([*outgoing(repo.projects()), *tasks_in_scope(repo, as_of)], directory_of(repo))


def unit_projects(repo: Repository, unit: str, as_of: date | None = None) -> list[tuple[Any, bool]]:
    """The unit's projects and tasks (of the plans issued by ``as_of`` when given) and whether
    it leads each."""
    from ..units import directory_of

    directory = directory_of(repo)
    tasks = repo.records("task") if as_of is None else tasks_in_scope(repo, as_of)
    return units_index(repo.projects(), tasks, directory).get(directory.canonical(unit), [])


def dispatch(repo: Repository, target: Path, as_of: date, unit: str | None = None,
             force: Path | None = None) -> list[Path]:
    """Write the forms: one per unit (or only ``unit``) into the folder ``target``, or into
    the file ``target`` when one unit is asked for and ``target`` ends in .xlsx."""
    from ..text import outgoing
    from ..units import directory_of

    directory = directory_of(repo)
    index = units_index(outgoing(repo.projects()), tasks_in_scope(repo, as_of), directory)
    units = list(index)
    if unit:
        # a group reaches each of its members: one form per member
        wanted = [u for u in sorted(directory.reach(unit)) if not directory.is_group(u)]
        units = [u for u in wanted if u in index]
        if not units:
            close = [u for u in index if unit in u]
            hint = _("; did you mean {units}?").format(units=", ".join(close[:5])) if close else ""
            raise PortfolioError(_("No project names the responsible unit '{unit}'").format(unit=unit) + hint)
    from ..io.output import OutputRefused, building, check_output, write_output

    if unit is not None and len(units) > 1 and target.suffix.lower() == ".xlsx":
        raise PortfolioError(_("'{unit}' is a group of {n} units: give a folder for their forms").format(
            unit=unit, n=len(units)))
    single_file = unit is not None and target.suffix.lower() == ".xlsx"
    if not single_file:
        if target.exists() and not target.is_dir():
            raise OutputRefused(_("{path} is not a folder; give a folder for the forms (or --unit NAME "
                                  "and a .xlsx file)").format(path=target))
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputRefused(_("Cannot create the folder {path}: {reason}").format(
                path=target, reason=exc.strerror or exc)) from None
    paths = [target] if single_file else [target / name for name in form_file_names(units)]
    for path in paths:
        check_output(path, force)  # every form checked before the first is written
    payloads = []
    for u, path in track(list(zip(units, paths, strict=True)), WRITING):
        with building(path):
            payloads.append(build_form(u, index[u], as_of))
    stage(SAVING)
    written = []
    with shielded():  # all the forms or none: an interrupt waits until every one is in place
        for path, payload in zip(paths, payloads, strict=True):
            write_output(path, payload, force)
            written.append(path)
    return written


# -- collect --------------------------------------------------------------------------------------
@dataclass
class CollectResult:
    updates: dict[str, Project] = field(default_factory=dict)  # code -> new version (as the rule makes it)
    # the tasks' rows (a form lists the unit's tasks after its projects): code -> fields, date, note
    task_changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    task_dates: dict[str, date] = field(default_factory=dict)
    task_notes: dict[str, str] = field(default_factory=dict)
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)  # code -> the fields reported
    dates: dict[str, date] = field(default_factory=dict)  # code -> the date of the report
    notes: dict[str, str] = field(default_factory=dict)  # code -> the unit's note
    rows: int = 0  # filled rows read
    unchanged: int = 0


class CollectError(PortfolioError):
    def __init__(self, problems: list[tuple[Path, RowIssue]]) -> None:
        self.problems = problems
        lines = [f"{path.name}: {issue}" for path, issue in problems[:40]]
        super().__init__(_("{n} problem(s) in the forms; nothing was collected:").format(n=len(problems))
                         + "\n  " + "\n  ".join(lines))


def _read_form(path: Path) -> tuple[str, date, list[tuple[Path, int, dict[str, Any]]]]:
    from ..io.sheets import read_xlsx_sheets

    sheets = read_xlsx_sheets(path, max_col=len(COLUMNS))  # streamed, within the limits, tag not trusted
    by_title = dict(sheets)
    meta_rows = by_title.get(META_SHEET)
    meta = {f"{'AB'[c]}{r}": v for r, values in meta_rows or [] for c, v in enumerate(values[:2])}
    if not sheets or meta_rows is None or meta.get("B1") != FORM_MARKER:
        raise ImportFormatError(_("{path} is not a progress form made by 'portfolio dispatch'").format(path=path))
    unit = str(meta.get("B2"))
    try:
        as_of = _date(meta.get("B3"), date.min)
    except ValueError:
        as_of = date.min
    if as_of == date.min:
        raise ImportFormatError(_("{path}: the form's review date '{value}' (sheet {sheet}, cell B3) is not a date "
                                  "such as 2023-12-31; the form was changed by hand").format(
            path=path, value=printable(str(meta.get("B3"))), sheet=META_SHEET))
    rows = _sheet_rows(sheets[0][1], _count(meta, "A4", "rows"), path)
    task_sheet = meta.get("B5")
    if meta.get("A5") == "task_sheet" and task_sheet in by_title:  # the tasks on a sheet of their own
        sheet = str(task_sheet)
        rows += _sheet_rows(by_title[sheet], _count(meta, "A6", "task_rows"), path.with_name(f"{path.name} ({sheet})"))
    return unit, as_of, rows


def _count(meta: dict[str, Any], cell: str, label: str) -> int | None:
    value = meta.get(cell.replace("A", "B"))
    return value if meta.get(cell) == label and isinstance(value, int) else None


def _sheet_rows(read: list[tuple[int, list[Any]]], count: int | None,
                where: Path) -> list[tuple[Path, int, dict[str, Any]]]:
    """The filled rows of one sheet of a form, as read (``where`` names the file and sheet in
    messages)."""
    rows = []
    for r, cells in read:
        if r <= HEADER_ROW or (count is not None and r > HEADER_ROW + count):
            continue
        values = dict(zip(COLUMNS, [*cells, *[None] * len(COLUMNS)], strict=False))
        if values["code"] is None and all(values[k] is None for k in FILL):
            continue
        rows.append((where, r, values))
    return rows


def _date(value: Any, default: date) -> date:
    if value is None or (isinstance(value, str) and not value.strip()):
        return default
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value).strip())


_FILLED_KEY = {"status": "status", "progress_percent": "percent", "completed_investment": "invested"}


def _is_task(repo: Repository, code: str) -> bool:
    try:
        repo.get(code, "task")
    except PortfolioError:
        return False
    return True


def _collect_task(repo: Repository, path: Path, r: int, v: dict[str, Any], as_of: date, result: CollectResult,
                  problems: list[tuple[Path, RowIssue]]) -> None:
    """One filled task row: status and progress (a task has no investment), validated with the
    progress rule like a project's."""
    headers = _headers()
    task: Task = repo.get(str(v["code"]).strip(), "task")
    filled: dict[str, Any] = {}
    issues: list[RowIssue] = []
    for key, field_name in (("status", "status"), ("percent", "progress_percent")):
        try:
            filled[key] = parse_cell(field_name, v[key])
        except CellError as exc:
            issues.append(RowIssue(r, headers[key], str(exc)))
    try:
        when = _date(v["date"], as_of)
    except ValueError:
        issues.append(RowIssue(r, headers["date"], _("'{value}' is not a date such as 2023-12-31").format(
            value=v["date"])))
        when = as_of
    if issues:
        problems.extend((path, i) for i in issues)
        return
    status = Status(filled["status"]) if filled.get("status") else task.status
    percent = filled.get("percent")
    if percent is None:
        percent = 100 if status == Status.COMPLETED else task.progress_percent
    if status == Status.NOT_REPORTED and not filled.get("status"):
        status = Status.IN_PROGRESS if percent and percent < 100 else (
            Status.COMPLETED if percent == 100 else Status.NOT_STARTED)
    changes = {"status": status, "progress_percent": percent}
    note = "" if v["note"] is None else str(v["note"]).strip()
    try:
        before = task.model_dump(mode="json")
        after = Task.model_validate({**task.model_dump(), **changes}).model_dump(mode="json")
        Task.model_validate(apply_rule(before, after, explicit=[k for k in changes if filled.get(_FILLED_KEY[k])
                                                                 is not None], when=when, note=note, code=task.code,
                                                                 kind="task"))
    except (ValidationError, InvalidProject) as exc:
        found = describe_errors(exc) if isinstance(exc, ValidationError) else exc.issues
        for issue in found:
            key = "percent" if issue.field.split(".")[-1] in ("progress_percent", "percent") else "status"
            problems.append((path, RowIssue(r, headers[key], issue.message)))
        return
    logged = any(e.date == when and e.percent == float(percent) and e.status == status and e.note == note
                 for e in task.progress_log)
    if status == task.status and float(percent) == task.progress_percent and (not note or logged):
        result.unchanged += 1
        return
    result.task_changes[task.code] = changes
    result.task_dates[task.code] = when
    result.task_notes[task.code] = note


def collect(repo: Repository, paths: list[Path]) -> CollectResult:
    """Validate every filled row of every form; returns the projects to write."""
    result = CollectResult()
    problems: list[tuple[Path, RowIssue]] = []
    headers = _headers()
    working: dict[str, Project] = {}
    for form in track(paths, READING):
        _unit, as_of, rows = _read_form(form)
        for path, r, v in rows:  # path: the form, and its sheet after the first
            if all(v[k] is None or str(v[k]).strip() == "" for k in FILL):
                continue
            result.rows += 1
            code = str(v["code"] or "").strip()
            if code not in repo and _is_task(repo, code):
                _collect_task(repo, path, r, v, as_of, result, problems)
                continue
            if code not in repo:
                problems.append((path, RowIssue(r, headers["code"], _("no project with code '{code}'").format(
                    code=code))))
                continue
            current = working.get(code) or repo.get(code)
            row_problems: list[RowIssue] = []
            # the same cell parsing as the spreadsheet importer
            filled: dict[str, Any] = {}
            for key, field_name in (("status", "status"), ("percent", "progress_percent"),
                                    ("invested", "completed_investment")):
                try:
                    filled[key] = parse_cell(field_name, v[key])
                except CellError as exc:
                    row_problems.append(RowIssue(r, headers[key], str(exc)))
            status = Status(filled["status"]) if filled.get("status") else current.status
            percent: Any = filled.get("percent")
            if percent is None:
                percent = 100 if status == Status.COMPLETED else current.progress_percent
            invested: Any = filled.get("invested")
            if invested is None:
                invested = current.completed_investment
            try:
                when = _date(v["date"], as_of)
            except ValueError:
                row_problems.append(RowIssue(r, headers["date"], _("'{value}' is not a date such as 2023-12-31")
                                             .format(value=v["date"])))
                when = as_of
            if status == Status.NOT_REPORTED and not filled.get("status"):
                status = Status.IN_PROGRESS if percent and percent < 100 else (
                    Status.COMPLETED if percent == 100 else Status.NOT_STARTED)
            if row_problems:
                problems.extend((path, p) for p in row_problems)
                continue
            note = "" if v["note"] is None else str(v["note"]).strip()
            changes = {"status": status, "progress_percent": percent, "completed_investment": invested}
            try:
                # the repository applies the progress rule when it writes; here it gives the preview
                updated = Project.model_validate(apply_rule(
                    project_dict(current), project_dict(Project.model_validate({**current.model_dump(), **changes})),
                    explicit=[k for k in changes if filled.get(_FILLED_KEY[k]) is not None],
                    when=when, note=note, code=code))
            except (ValidationError, InvalidProject) as exc:
                column_of = {"percent": "percent", "progress_percent": "percent",
                             "completed_investment": "invested", "date": "date"}
                issues = describe_errors(exc) if isinstance(exc, ValidationError) else exc.issues
                for issue in issues:
                    key = column_of.get(issue.field.split(".")[-1], "status")
                    problems.append((path, RowIssue(r, headers[key], issue.message)))
                continue
            working[code] = updated
            result.changes[code] = changes
            result.dates[code] = when
            result.notes[code] = note
    if problems:
        raise CollectError(problems)
    from ..store.kinds import same_content

    for code, project in working.items():
        if same_content(project, repo.get(code)):
            result.unchanged += 1
            for table in (result.changes, result.dates, result.notes):
                table.pop(code, None)
        else:
            result.updates[code] = project
    return result
