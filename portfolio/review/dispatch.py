"""Progress dispatch (调度): one XLSX form per responsible unit, filled in by the unit and
collected back. Read-only columns are locked (sheet protection); the status column has a
drop-down list. Collecting validates every row of every form first and writes nothing if any
row is wrong; collecting the same form twice changes nothing."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ImportFormatError, PortfolioError
from ..i18n import _, format_date
from ..io.flat import CellError, parse_cell
from ..io.table_import import RowIssue
from ..models import ProgressEntry, Project, Status, describe_errors, status_label
from ..store.file import Repository
from ..store.storage import atomic_write
from ..views import percent_text
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


def unit_projects(repo: Repository, unit: str) -> list[tuple[Project, bool]]:
    """The unit's projects and whether it leads each."""
    return units_index(repo.projects()).get(unit, [])


def units_index(projects: list[Project]) -> dict[str, list[tuple[Project, bool]]]:
    """Each unit -> its projects and whether it leads each, in one pass (a scan of every
    project per unit made dispatching quadratic: units grow with projects)."""
    index: dict[str, list[tuple[Project, bool]]] = {}
    for p in projects:
        for i, unit in enumerate(p.units):
            index.setdefault(unit, []).append((p, i == 0))
    return index


def build_form(unit: str, projects: list[tuple[Project, bool]], as_of: date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    from ..io.xlsx import CENTER, HEADER_FILL, HEADER_FONT, needs_text_guard

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Progress")
    headers = _headers()
    columns = (*READ_ONLY, *FILL)
    ws["A1"] = _("Key project progress form: {unit}").format(unit=unit)
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = _("Fill in the yellow columns for each project as of {date}; the other columns are "
                 "locked. Choose the status from the list; progress is a percentage from 0 to 100.").format(
        date=format_date(as_of, "long"))
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    ws.row_dimensions[2].height = 36
    fill_colour = PatternFill("solid", fgColor="FFF2CC")
    for c, key in enumerate(columns, start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=headers[key])
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTER
    widths = {"code": 8, "name": 40, "years": 11, "role": 8, "current_status": 10, "current_progress": 9,
              "expected": 11, "status": 12, "percent": 11, "invested": 14, "note": 36, "date": 13}
    for c, key in enumerate(columns, start=1):
        ws.column_dimensions[ws.cell(row=1, column=c).column_letter].width = widths[key]
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
    for r, (p, lead) in enumerate(projects, start=HEADER_ROW + 1):
        values: dict[str, Any] = {
            "code": p.code, "name": p.name, "years": p.years, "role": _("lead") if lead else _("joins"),
            "current_status": status_label(p.status), "current_progress": percent_text(p.progress_percent),
            "expected": percent_text(round(expected_progress(p, as_of), 1)),
        }
        for c, key in enumerate(columns, start=1):
            cell = ws.cell(row=r, column=c, value=values.get(key))
            if needs_text_guard(values.get(key)):
                cell.data_type = "s"
            cell.alignment = Alignment(vertical="top", wrap_text=key in ("name", "note"))
            if key in FILL:
                cell.protection = Protection(locked=False)
                cell.fill = fill_colour
            if key == "date":
                cell.number_format = "yyyy-mm-dd"
        letter = {key: ws.cell(row=r, column=c).column_letter for c, key in enumerate(columns, start=1)}
        status_list.add(f"{letter['status']}{r}")
        percent_check.add(f"{letter['percent']}{r}")
        money_check.add(f"{letter['invested']}{r}")
        date_check.add(f"{letter['date']}{r}")
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    ws.protection.sheet = True  # locked cells cannot be edited; the yellow ones can
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    meta = wb.create_sheet(META_SHEET)
    meta["A1"], meta["B1"] = "form", FORM_MARKER
    meta["A2"], meta["B2"] = "unit", unit
    meta["A3"], meta["B3"] = "as_of", as_of.isoformat()
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def dispatch(repo: Repository, target: Path, as_of: date, unit: str | None = None) -> list[Path]:
    """Write the forms: one per unit (or only ``unit``) into the folder ``target``, or into
    the file ``target`` when one unit is asked for and ``target`` ends in .xlsx."""
    index = units_index(repo.projects())
    units = [unit] if unit else list(index)
    if unit and unit not in index:
        close = [u for u in index if unit in u]
        hint = _("; did you mean {units}?").format(units=", ".join(close[:5])) if close else ""
        raise PortfolioError(_("No project names the responsible unit '{unit}'").format(unit=unit) + hint)
    single_file = unit is not None and target.suffix.lower() == ".xlsx"
    if not single_file:
        target.mkdir(parents=True, exist_ok=True)
    written = []
    for u in units:
        path = target if single_file else target / form_file_name(u)
        atomic_write(path, build_form(u, index[u], as_of))
        written.append(path)
    return written


# -- collect --------------------------------------------------------------------------------------
@dataclass
class CollectResult:
    updates: dict[str, Project] = field(default_factory=dict)  # code -> new version
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

    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise ImportFormatError(_("{path} is not a readable XLSX workbook ({reason})").format(
            path=path, reason=type(exc).__name__)) from None
    if META_SHEET not in wb.sheetnames or wb[META_SHEET]["B1"].value != FORM_MARKER:
        raise ImportFormatError(_("{path} is not a progress form made by 'portfolio dispatch'").format(path=path))
    meta = wb[META_SHEET]
    unit = str(meta["B2"].value)
    as_of = date.fromisoformat(str(meta["B3"].value))
    ws = wb.worksheets[0]
    columns = (*READ_ONLY, *FILL)
    rows = []
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
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
            try:
                entry = ProgressEntry(date=when, percent=percent, status=status, note=note,
                                      completed_investment=filled.get("invested"))
                log = list(current.progress_log)
                if entry not in log:
                    log.append(entry)
                updated = Project.model_validate({**current.model_dump(), "status": status,
                                                  "progress_percent": percent,
                                                  "completed_investment": invested,
                                                  "progress_log": [e.model_dump() for e in log]})
            except ValidationError as exc:
                column_of = {"percent": "percent", "progress_percent": "percent",
                             "completed_investment": "invested", "date": "date"}
                for issue in describe_errors(exc):
                    key = column_of.get(issue.field.split(".")[-1], "status")
                    problems.append((path, RowIssue(r, headers[key], issue.message)))
                continue
            working[code] = updated
    if problems:
        raise CollectError(problems)
    from ..store.file import same_content

    for code, project in working.items():
        if same_content(project, repo.get(code)):
            result.unchanged += 1
        else:
            result.updates[code] = project
    return result
