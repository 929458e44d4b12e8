"""The progress form (进展填报表) a unit fills in: its projects on one sheet and its tasks on
another, each sheet titled with what it holds and with its own header (序时进度 % for projects,
完成时限 and 到期状态 for tasks), repeated on every printed page. Codes print on one line (the
code column is as wide as the longest code); the other read-only columns are locked (sheet
protection), the yellow ones are filled in (a drop-down list for the status, checks on the
numbers and the date); the signature block follows the last rows of the last sheet.

The hidden sheet ``_form`` says what the workbook is (read back by ``dispatch.collect``): the
unit, the date, the rows of the first sheet, and the name and rows of the tasks' sheet when the
form has both."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..i18n import _, format_date
from ..io.workbook import new_workbook, workbook_bytes
from ..records.fields import Status, status_label
from ..records.task.model import Task, due_label, due_state
from .states import expected_progress

FORM_MARKER = "portfolio-progress-form"
META_SHEET = "_form"
HEADER_ROW = 4
# read-only columns, then the columns the unit fills in
READ_ONLY = ("code", "name", "years", "role", "current_status", "current_progress", "expected")
FILL = ("status", "percent", "invested", "note", "date")
COLUMNS = (*READ_ONLY, *FILL)
FORM_WIDTHS = {"code": 8, "name": 30, "years": 11, "role": 7, "current_status": 10, "current_progress": 9,
               "expected": 11, "status": 12, "percent": 11, "invested": 14, "note": 28, "date": 13}
FILL_COLOUR = "FFF2CC"


def headers(kind: str = "project") -> dict[str, str]:
    """Column headers of a sheet of projects or of tasks (``kind``)."""
    out = {
        "code": _("Code"), "name": _("Name"), "years": _("Years"), "role": _("Role"),
        "current_status": _("Current status"), "current_progress": _("Current progress"),
        "expected": _("Expected % (序时进度)"),
        "status": _("Status (choose)"), "percent": _("Progress % (0-100)"),
        "invested": _("Completed investment (10k yuan)"), "note": _("Progress note"),
        "date": _("As of (date)"),
    }
    if kind == "task":
        out["years"], out["expected"] = _("Deadline"), _("Due state")
    return out


def row_values(item: Any, lead: bool, as_of: date) -> dict[str, Any]:
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


def _texts(kind: str, unit: str, as_of: date) -> tuple[str, str]:
    """The sheet's title (naming what it holds) and its instructions."""
    when = format_date(as_of, "long")
    if kind == "task":
        return (_("Key task progress form: {unit}").format(unit=unit),
                _("Fill in the yellow columns for each task as of {date}; the other columns are locked. "
                  "Choose the status from the list; progress is a percentage from 0 to 100.").format(date=when))
    return (_("Key project progress form: {unit}").format(unit=unit),
            _("Fill in the yellow columns for each project as of {date}; the other columns are "
              "locked. Choose the status from the list; progress is a percentage from 0 to 100.").format(date=when))


def _widths(rows: Sequence[dict[str, Any]]) -> list[float]:
    """Column widths: the code column holds the longest code on one line."""
    from ..io.xlsx_print import display_width

    code = max([FORM_WIDTHS["code"], *(display_width(str(v["code"])) + 2 for v in rows)])
    return [code if key == "code" else FORM_WIDTHS[key] for key in COLUMNS]


def build_form(unit: str, items: list[tuple[Any, bool]], as_of: date) -> bytes:
    """The unit's form: a sheet of its projects, a sheet of its tasks (either may be absent;
    an empty form has an empty projects sheet), then the hidden ``_form`` sheet."""
    from ..io.xlsx_print import page_setup

    projects = [(p, lead) for p, lead in items if not isinstance(p, Task)]
    tasks = [(t, lead) for t, lead in items if isinstance(t, Task)]
    sections = [(kind, rows) for kind, rows in (("project", projects), ("task", tasks)) if rows] or [
        ("project", projects)]
    wb = new_workbook()
    names = []
    for n, (kind, rows) in enumerate(sections):
        ws = wb.active if n == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = _("Key tasks") if kind == "task" else _("Key projects")
        names.append(ws.title)
        _sheet(ws, kind, unit, rows, as_of, signature=n == len(sections) - 1)
    meta = wb.create_sheet(META_SHEET)
    meta["A1"], meta["B1"] = "form", FORM_MARKER
    meta["A2"], meta["B2"] = "unit", unit
    meta["A3"], meta["B3"] = "as_of", as_of.isoformat()
    meta["A4"], meta["B4"] = "rows", len(sections[0][1])  # the signature block is not a row to read
    if len(sections) > 1:
        meta["A5"], meta["B5"] = "task_sheet", names[1]
        meta["A6"], meta["B6"] = "task_rows", len(sections[1][1])
    page_setup(meta, landscape=False, title_rows="1:1")  # hidden, but set up like every sheet
    meta.sheet_state = "hidden"
    return workbook_bytes(wb)


def _validations(ws: Any) -> dict[str, Any]:
    from openpyxl.worksheet.datavalidation import DataValidation

    labels = [status_label(s) for s in Status]
    checks = {
        "status": DataValidation(type="list", formula1='"' + ",".join(labels) + '"', allow_blank=True,
                                 showErrorMessage=True, errorTitle=_("Status"),
                                 error=_("Choose a status from the list")),
        "percent": DataValidation(type="decimal", operator="between", formula1="0", formula2="100",
                                  allow_blank=True, showErrorMessage=True,
                                  error=_("Progress is a percentage from 0 to 100")),
        "invested": DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0",
                                   allow_blank=True, showErrorMessage=True, error=_("Must be at least 0")),
        "date": DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True,
                               showErrorMessage=True, error=_("Enter a date such as 2023-12-31")),
    }
    for dv in checks.values():
        ws.add_data_validation(dv)
    return checks


def _sheet(ws: Any, kind: str, unit: str, items: list[tuple[Any, bool]], as_of: date, *, signature: bool) -> None:
    """One section: title, instructions, header (repeated on every page), rows, [signature]."""
    from openpyxl.styles import Alignment, Font, PatternFill, Protection

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

    values = [row_values(item, lead, as_of) for item, lead in items]
    widths = _widths(values)
    set_widths(ws, widths)
    title, instructions = _texts(kind, unit, as_of)
    title_row(ws, 1, title, len(COLUMNS), widths)
    ws["A2"] = instructions
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(COLUMNS))
    ws.row_dimensions[2].height = lines_height(text_lines(instructions, sum(widths)))
    labels = headers(kind)
    for c, key in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=labels[key])
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
    ws.row_dimensions[HEADER_ROW].height = row_height([labels[k] for k in COLUMNS], widths)
    checks = _validations(ws)
    formats = {"current_progress": NUMBER_FORMATS["rate"], "invested": NUMBER_FORMATS["amount"],
               "date": "yyyy-mm-dd"}
    if kind == "project":
        formats["expected"] = NUMBER_FORMATS["rate"]
    fill = PatternFill("solid", fgColor=FILL_COLOUR)
    letters = {key: ws.cell(row=HEADER_ROW, column=c).column_letter for c, key in enumerate(COLUMNS, start=1)}
    for r, row in enumerate(values, start=HEADER_ROW + 1):
        for c, key in enumerate(COLUMNS, start=1):
            cell = ws.cell(row=r, column=c, value=row.get(key))
            if needs_text_guard(row.get(key)):
                cell.data_type = "s"
            numeric = key in formats
            cell.alignment = Alignment(vertical="top", wrap_text=not numeric and key != "code",
                                       horizontal="right" if numeric else None)
            cell.border = BORDER
            if key in FILL and not (kind == "task" and key == "invested"):  # a task has no investment
                cell.protection = Protection(locked=False)
                cell.fill = fill
            if numeric:
                cell.number_format = formats[key]
        ws.row_dimensions[r].height = row_height([row.get(k) for k in COLUMNS], widths)
        for key in ("status", "percent", "invested", "date"):
            if kind == "task" and key == "invested":
                continue  # a task has no investment
            checks[key].add(f"{letters[key]}{r}")
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=3)
    page_setup(ws, landscape=True, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    if signature:
        sign = HEADER_ROW + len(values) + 2
        _signature_block(ws, sign, len(COLUMNS), Font, Alignment, Protection)
        _keep_signature_with_rows(ws, widths, sign)
    ws.protection.sheet = True  # locked cells cannot be edited; the yellow ones can
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False


def _keep_signature_with_rows(ws: Any, widths: Sequence[float], signature: int) -> None:
    """Page breaks so that the signature block prints with the last rows (never alone under a
    repeated header on a page of its own)."""
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
