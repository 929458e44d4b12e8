"""XLSX writing (openpyxl): typed cells, styled header, autofilter, frozen header; the
appendix layout with merged heading rows and subcategory cells, wrapped text and an A4
landscape print setup. Text that a spreadsheet would evaluate is stored as text."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from wcwidth import wcswidth

from ..i18n import _
from ..models import Project
from .appendix_layout import appendix_headers, appendix_lines
from .flat import XLSX_FLAT_FIELDS, flat_header, flat_value, is_formula_like

Progress = Callable[[int, int], None]

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
HEADING_FONT = Font(bold=True, size=12)
HEADING_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# column widths in Excel units (~ one Latin character; a Chinese character takes two)
FLAT_WIDTHS = {"code": 8, "category": 14, "subcategory": 18, "name": 36, "content": 60, "scale": 40,
               "start_year": 9, "end_year": 9, "years": 11, "units": 36, "status": 10,
               "progress_percent": 8, "planned_investment": 14, "completed_investment": 14,
               "progress_log": 40, "updated_at": 18, "lead_unit": 20}
APPENDIX_WIDTHS = (18, 28, 70, 11, 28)


def needs_text_guard(value: Any) -> bool:
    return isinstance(value, str) and is_formula_like(value)


def _to_bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(projects: Sequence[Project], layout: str, columns: Sequence[str] | None,
               progress: Progress | None = None) -> bytes:
    if layout == "appendix":
        return _appendix(projects, progress)
    return _flat(projects, tuple(columns) if columns else XLSX_FLAT_FIELDS, progress)


def _flat(projects: Sequence[Project], columns: tuple[str, ...], progress: Progress | None) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Key projects"))
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = FLAT_WIDTHS.get(column, 14)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(projects) + 1}"
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=flat_header(column))
        cell.font, cell.fill, cell.alignment = HEADER_FONT, HEADER_FILL, CENTER
        header.append(cell)
    ws.append(header)
    total = len(projects)
    for n, p in enumerate(projects, start=1):
        row: list[Any] = []
        for column in columns:
            value = flat_value(p, column)
            if needs_text_guard(value):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # never a formula
                row.append(cell)
            else:
                row.append(value)
        ws.append(row)
        if progress and n % 1000 == 0:
            progress(n, total)
    return _to_bytes(wb)


def _set(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=col, value=value)
    if needs_text_guard(value):
        cell.data_type = "s"
    return cell


def _appendix(projects: Sequence[Project], progress: Progress | None) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Key projects")
    for i, width in enumerate(APPENDIX_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for col, text in enumerate(appendix_headers(), start=1):
        cell = _set(ws, 1, col, text)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
    lines = appendix_lines(projects)
    r = 1
    for n, line in enumerate(lines, start=1):
        r += 1
        if line.heading is not None:
            cell = _set(ws, r, 1, line.heading)
            cell.font, cell.fill = HEADING_FONT, HEADING_FILL
            cell.alignment = Alignment(vertical="center")
            for col in range(1, 6):
                ws.cell(row=r, column=col).border = BORDER
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            continue
        for col, value in enumerate(line.cells, start=1):
            if col == 1 and not value:
                ws.cell(row=r, column=1).border = BORDER
                continue
            cell = _set(ws, r, col, value)
            cell.alignment = CENTER if col in (1, 4) else WRAP_TOP
            cell.border = BORDER
        if line.group_size > 1:
            ws.merge_cells(start_row=r, start_column=1, end_row=r + line.group_size - 1, end_column=1)
        # a row tall enough for the wrapped content (Excel does not grow merged rows itself)
        longest = max(wcswidth(line.cells[2]) // (APPENDIX_WIDTHS[2] - 2) + line.cells[2].count("\n") + 1,
                      wcswidth(line.cells[1]) // (APPENDIX_WIDTHS[1] - 2) + 1,
                      wcswidth(line.cells[4]) // (APPENDIX_WIDTHS[4] - 2) + 1)
        ws.row_dimensions[r].height = max(15, 15 * longest)
        if progress and n % 500 == 0:
            progress(n, len(lines))
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    return _to_bytes(wb)
