"""Progress dispatch (调度): one XLSX form per responsible unit, filled in by the unit and
collected back. Read-only columns are locked (sheet protection); the status column has a
drop-down list. Collecting validates every row of every form first and writes nothing if any
row is wrong; collecting the same form twice changes nothing."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ImportFormatError, InvalidProject, PortfolioError
from ..i18n import _, format_date
from ..io.flat import CellError, parse_cell
from ..io.table_import import RowIssue
from ..progress import apply_rule
from ..records.fields import Status, status_label
from ..records.issues import describe_errors
from ..records.project.model import Project, project_dict
from ..records.task.model import Task, due_label, due_state
from ..store.base import Repository
from ..unit_duties import units_index
from .states import expected_progress

FORM_MARKER = "portfolio-progress-form"
META_SHEET = "_form"
HEADER_ROW = 4
# read-only columns, then the columns the unit fills in
READ_ONLY = ("code", "name", "years", "role", "current_status", "current_progress", "expected")
FILL = ("status", "percent", "invested", "note", "date")
_UNSAFE_FILE_CHARS = re.compile(r'[\\/:*?"<>|\s]+')


def _headers() -> dict[str, str]:
    return {
        "code": _("Code"), "name": _("Name"), "years": _("Years"), "role": _("Role"),
        "current_status": _("Current status"), "current_progress": _("Current progress"),
        "expected": _("Expected % (序时进度)"),
        "status": _("Status (choose)"), "percent": _("Progress % (0-100)"),
        "invested": _("Completed investment (10k yuan)"), "note": _("Progress note"),
        "date": _("As of (date)"),
    }


def form_file_name(unit: str) -> str:
    return _("progress_form_{unit}.xlsx").format(unit=_UNSAFE_FILE_CHARS.sub("_", unit))


def unit_projects(repo: Repository, unit: str) -> list[tuple[Any, bool]]:
    """The unit's projects and tasks and whether it leads each."""
    from ..units import directory_of

    directory = directory_of(repo)
    return units_index(repo.projects(), repo.records("task"), directory).get(directory.canonical(unit), [])


def _row_values(item: Any, lead: bool, as_of: date) -> dict[str, Any]:
    """The read-only cells of one form row: a project, or a task (its deadline in the years
    column, its due state in the expected column)."""
    role = _("lead") if lead else _("joins")
    if isinstance(item, Task):
        return {"code": item.code, "name": item.name or item.content[:40], "years": item.deadline_text,
                "role": role, "current_status": status_label(item.status),
                "current_progress": item.progress_percent / 100, "expected": due_label(due_state(item, as_of))}
    return {"code": item.code, "name": item.name, "years": item.years, "role": role,
            "current_status": status_label(item.status), "current_progress": item.progress_percent / 100,
            "expected": round(expected_progress(item, as_of) / 100, 4)}


def build_form(unit: str, projects: list[tuple[Any, bool]], as_of: date) -> bytes:
    """One landscape A4 form: a title, the instructions, the projects (borders, rows as tall as
    their text, the header repeated), then a signature block; as many pages as the rows need.
    A unit's tasks follow its projects (deadline in the years column, due state in the last)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..io.xlsx import needs_text_guard
    from ..io.xlsx_print import (
        BORDER,
        CENTER,
        HEADER_FILL,
        HEADER_FONT,
        NUMBER_FORMATS,
        lines_height,
        page_setup,
        row_height,
        set_widths,
        text_lines,
        title_row,
    )

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Progress")
    headers = _headers()
    columns = (*READ_ONLY, *FILL)
    widths = [FORM_WIDTHS[key] for key in columns]
    set_widths(ws, widths)
    title_row(ws, 1, _("Key project progress form: {unit}").format(unit=unit), len(columns), widths)
    instructions = _("Fill in the yellow columns for each project as of {date}; the other columns are "
                     "locked. Choose the status from the list; progress is a percentage from 0 to 100.").format(
        date=format_date(as_of, "long"))
    ws["A2"] = instructions
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    ws.row_dimensions[2].height = lines_height(text_lines(instructions, sum(widths)))
    fill_colour = PatternFill("solid", fgColor="FFF2CC")
    for c, key in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=headers[key])
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
    ws.row_dimensions[HEADER_ROW].height = row_height([headers[k] for k in columns], widths)
    labels = [status_label(s) for s in Status]
    status_list = DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                 showErrorMessage=True, errorTitle=_("Status"),
                                 error=_("Choose a status from the list"))
    percent_check = DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                   allow_blank=True, showErrorMessage=True,
                                   error=_("Progress is a percentage from 0 to 100"))
    money_check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                 allow_blank=True, showErrorMessage=True, error=_("Must be at least 0"))
    date_check = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                                showErrorMessage=True, error=_("Enter a date such as 2023-12-31"))
    for dv in (status_list, percent_check, money_check, date_check):
        ws.add_data_validation(dv)
    formats = {"current_progress": NUMBER_FORMATS["rate"], "expected": NUMBER_FORMATS["rate"],
               "invested": NUMBER_FORMATS["amount"], "date": "yyyy-mm-dd"}
    for r, (p, lead) in enumerate(projects, start=HEADER_ROW + 1):
        values = _row_values(p, lead, as_of)
        for c, key in enumerate(columns, start=1):
            cell = ws.cell(row=r, column=c, value=values.get(key))
            if needs_text_guard(values.get(key)):
                cell.data_type = "s"
            numeric = key in formats
            cell.alignment = Alignment(vertical="top", wrap_text=not numeric,
                                       horizontal="right" if numeric else None)
            cell.border = BORDER
            if key in FILL:
                cell.protection = Protection(locked=False)
                cell.fill = fill_colour
            if key in formats:
                cell.number_format = formats[key]
        ws.row_dimensions[r].height = row_height([values.get(k) for k in columns], widths)
        letter = {key: ws.cell(row=r, column=c).column_letter for c, key in enumerate(columns, start=1)}
        status_list.add(f"{letter['status']}{r}")
        percent_check.add(f"{letter['percent']}{r}")
        money_check.add(f"{letter['invested']}{r}")
        date_check.add(f"{letter['date']}{r}")
    signature = HEADER_ROW + len(projects) + 2
    _signature_block(ws, signature, len(columns), Font, Alignment, Protection)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    _keep_signature_with_rows(ws, widths, signature)
    ws.protection.sheet = True  # locked cells cannot be edited; the yellow ones can
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    meta = wb.create_sheet(META_SHEET)
    meta["A1"], meta["B1"] = "form", FORM_MARKER
    meta["A2"], meta["B2"] = "unit", unit
    meta["A3"], meta["B3"] = "as_of", as_of.isoformat()
    meta["A4"], meta["B4"] = "rows", len(projects)  # the signature block below is not a project row
    page_setup(meta, landscape=False, title_rows="1:1")  # hidden, but set up like every sheet
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


FORM_WIDTHS = {"code": 8, "name": 30, "years": 11, "role": 7, "current_status": 10, "current_progress": 9,
               "expected": 11, "status": 12, "percent": 11, "invested": 14, "note": 28, "date": 13}


def _keep_signature_with_rows(ws: Any, widths: Sequence[float], signature: int) -> None:
    """Page breaks so that the signature block prints with the last project rows (never alone
    under a repeated header on a page of its own)."""
    from ..io.xlsx_print import Block, apply_breaks, keep_blocks, page_capacity, plan_breaks

    last = signature + 1
    heights = {r: float(ws.row_dimensions[r].height or 15) for r in range(HEADER_ROW + 1, last + 1)}
    blocks = keep_blocks(heights, [(signature - 2, last)] if signature - 2 > HEADER_ROW else [])
    first_page = sum(float(ws.row_dimensions[r].height or 15) for r in range(1, HEADER_ROW))
    capacity = page_capacity(widths, landscape=True, repeated=float(ws.row_dimensions[HEADER_ROW].height or 15))
    rows = plan_breaks([Block(1, (first_page,)), *blocks], capacity)
    apply_breaks(ws, [row for row in rows if row > HEADER_ROW])


def signature_labels() -> list[str]:
    return [_("Reporting unit (seal):"), _("Filled in by:"), _("Telephone:"), _("Date:      year    month    day")]


def _signature_block(ws: Any, row: int, columns: int, font: Any, alignment: Any, protection: Any) -> None:
    """填报单位（盖章）、填报人 / 联系电话、填报日期: two lines of two fields, room to write by hand
    (the cells are left unlocked for typing)."""
    half = columns // 2
    labels = signature_labels()
    for offset, pair in enumerate((labels[:2], labels[2:])):
        r = row + offset
        for start, end, label in ((1, half, pair[0]), (half + 1, columns, pair[1])):
            cell = ws.cell(row=r, column=start, value=label)
            cell.font = font(bold=True)
            cell.alignment = alignment(vertical="bottom")
            cell.protection = protection(locked=False)
            ws.merge_cells(start_row=r, start_column=start, end_row=r, end_column=end)
        ws.row_dimensions[r].height = 36


def dispatch(repo: Repository, target: Path, as_of: date, unit: str | None = None,
             force: Path | None = None) -> list[Path]:
    """Write the forms: one per unit (or only ``unit``) into the folder ``target``, or into
    the file ``target`` when one unit is asked for and ``target`` ends in .xlsx."""
    from ..text import outgoing
    from ..units import directory_of

    directory = directory_of(repo)
    index = units_index(outgoing(repo.projects()), repo.records("task"), directory)
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
    paths = [target if single_file else target / form_file_name(u) for u in units]
    for path in paths:
        check_output(path, force)  # every form checked before the first is written
    written = []
    for u, path in zip(units, paths, strict=True):
        with building(path):
            payload = build_form(u, index[u], as_of)
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


def _read_form(path: Path) -> tuple[str, date, list[tuple[int, dict[str, Any]]]]:
    from openpyxl import load_workbook

    from ..io.sheets import check_container, unreadable

    check_container(path, "XLSX")  # the limits (sizes, DTDs, text nodes) before parsing
    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFormatError(_("{path} is not a readable XLSX workbook ({reason})").format(
            path=path, reason=type(exc).__name__)) from None
    except Exception as exc:  # a truncated or malformed part
        raise unreadable(path, "XLSX", exc) from None
    if META_SHEET not in wb.sheetnames or wb[META_SHEET]["B1"].value != FORM_MARKER:
        raise ImportFormatError(_("{path} is not a progress form made by 'portfolio dispatch'").format(path=path))
    meta = wb[META_SHEET]
    unit = str(meta["B2"].value)
    as_of = date.fromisoformat(str(meta["B3"].value))
    ws = wb.worksheets[0]
    columns = (*READ_ONLY, *FILL)
    rows = []
    count = meta["B4"].value if meta["A4"].value == "rows" and isinstance(meta["B4"].value, int) else None
    last = ws.max_row if count is None else min(ws.max_row, HEADER_ROW + count)
    for r in range(HEADER_ROW + 1, last + 1):
        values = {key: ws.cell(row=r, column=c).value for c, key in enumerate(columns, start=1)}
        if values["code"] is None and all(values[k] is None for k in FILL):
            continue
        rows.append((r, values))
    return unit, as_of, rows


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
                                                                 is not None], when=when, note=note, code=task.code))
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
    for path in paths:
        _unit, as_of, rows = _read_form(path)
        for r, v in rows:
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
