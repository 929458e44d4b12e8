"""XLSX writing (openpyxl): typed cells, styled header, autofilter, frozen header; the
appendix layout with merged heading rows and subcategory cells, wrapped text and an A4
landscape print setup. Text that a spreadsheet would evaluate is stored as text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import _
from ..records.project.model import Project
from ..tracking import SAVING, WRITING, between_steps, stage, track
from .appendix_layout import appendix_headers, appendix_lines
from .flat import XLSX_FLAT_FIELDS, flat_header, flat_value, is_formula_like
from .workbook import new_workbook, streaming, workbook_bytes
from .xlsx_print import (
    BORDER,
    CENTER,
    HEADER_FILL,
    HEADER_FONT,
    WRAP_TOP,
    Block,
    SheetWriter,
    apply_breaks,
    keep_blocks,
    no_single_row_last_page,
    page_capacity,
    page_setup,
    plan_breaks,
    row_height,
    set_widths,
    title_row,
)

HEADING_FONT = Font(bold=True, size=12)
HEADING_FILL = PatternFill("solid", fgColor="D9E1F2")

# column widths in Excel units (~ one Latin character; a Chinese character takes two): the 15
# default columns sum to 231, which prints at 9.5 pt on A3 landscape (fit to one page wide); the
# long texts (content, scale, log) wrap in the widest columns, a code or a date fits its own
FLAT_WIDTHS = {"code": 6, "category": 10, "subcategory": 12, "name": 22, "content": 40, "scale": 24,
               "start_year": 6, "end_year": 6, "years": 10, "units": 20, "status": 8,
               "progress_percent": 6, "planned_investment": 10, "completed_investment": 10,
               "progress_log": 30, "updated_at": 21, "lead_unit": 18}
FLAT_FORMATS = {"start_year": "0", "end_year": "0", "progress_percent": "0.0", "planned_investment": "#,##0.00",
                "completed_investment": "#,##0.00"}
APPENDIX_WIDTHS = (22, 28, 80, 11, 28)


def needs_text_guard(value: Any) -> bool:
    return isinstance(value, str) and is_formula_like(value)


def write_xlsx(projects: Sequence[Project], layout: str, columns: Sequence[str] | None) -> bytes:
    if layout == "appendix":
        return _appendix(projects)
    return _flat(projects, tuple(columns) if columns else XLSX_FLAT_FIELDS)


@between_steps
def _flat(projects: Sequence[Project], columns: tuple[str, ...]) -> bytes:
    """Streaming (write-only) through xlsx_print.SheetWriter: typed cells with number formats,
    each row as tall as its text needs (O(n))."""
    with streaming() as wb:
        sheet = SheetWriter(wb, _("Key projects"), [FLAT_WIDTHS.get(column, 14) for column in columns],
                            freeze="B3")
        sheet.title(_("Key projects"))
        header_row = sheet.header([flat_header(column) for column in columns])
        sheet.ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(columns))}{len(projects) + header_row}"
        formats = [FLAT_FORMATS.get(column) for column in columns]
        for p in track(projects, WRITING):
            sheet.row([flat_value(p, column) for column in columns], formats)
        stage(SAVING)
        return workbook_bytes(wb)


def _set(ws: Worksheet, row: int, col: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=col, value=value)
    if needs_text_guard(value):
        cell.data_type = "s"
    return cell


def _appendix(projects: Sequence[Project]) -> bytes:
    """The plan's table: a title, the header repeated on every page, category heading rows
    merged across, subcategory cells merged down. Pages are filled: a page ends after any row
    but a heading (a heading keeps its first row), a subcategory that goes on over a page break
    is merged on each page and named again at the top of the next, and the last page never
    holds a single row."""
    wb = new_workbook()
    ws = wb.active
    assert ws is not None
    ws.title = _("Key projects")
    widths = APPENDIX_WIDTHS
    set_widths(ws, widths)
    title_row(ws, 1, _("Key projects"), len(widths), widths)
    headers = appendix_headers()
    for col, text in enumerate(headers, start=1):
        cell = _set(ws, 2, col, text)
        cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
    ws.row_dimensions[2].height = row_height(headers, widths)
    lines = appendix_lines(projects)
    heights: dict[int, float] = {}
    groups: list[tuple[int, int, str]] = []  # subcategory cells: first row, last row, label
    headings: list[int] = []
    total_width = sum(widths)
    r = 2
    for line in track(lines, WRITING):
        r += 1
        if line.heading is not None:
            cell = _set(ws, r, 1, line.heading)
            cell.font, cell.fill = HEADING_FONT, HEADING_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            for col in range(1, 6):
                ws.cell(row=r, column=col).border = BORDER
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=5)
            heights[r] = row_height([line.heading], [total_width], HEADING_FONT.size)
            headings.append(r)
            continue
        for col, value in enumerate(line.cells, start=1):
            if col == 1 and not value:
                ws.cell(row=r, column=1).border = BORDER
                continue
            cell = _set(ws, r, col, value)
            cell.alignment = CENTER if col in (1, 4) else WRAP_TOP
            cell.border = BORDER
        # the subcategory cell spans its group: its own text is measured with the group below
        heights[r] = row_height(("", *line.cells[1:]), widths)
        if line.group_size and line.cells[0]:
            groups.append((r, r + max(line.group_size, 1) - 1, line.cells[0]))
    ws.freeze_panes = "A3"
    page_setup(ws, landscape=True, title_rows="2:2")
    capacity = page_capacity(widths, landscape=True, repeated=ws.row_dimensions[2].height)
    # the title takes room on the first page only: counted as a block of its own
    blocks = [Block(1, (ws.row_dimensions[1].height,)), *keep_blocks(heights, [], headings)]
    breaks = no_single_row_last_page([row for row in plan_breaks(blocks, capacity) if row > 1], r, headings)
    apply_breaks(ws, breaks)
    for first, last, label in groups:  # merged on each page the group prints on
        starts = [first, *(b + 1 for b in breaks if first <= b < last)]
        for a, z in zip(starts, [*(s - 1 for s in starts[1:]), last], strict=True):
            if a != first:
                cell = _set(ws, a, 1, label)
                cell.alignment = CENTER
            if z > a:
                ws.merge_cells(start_row=a, start_column=1, end_row=z, end_column=1)
            # a merged cell taller than its rows together: the last row grows
            need = row_height([label], widths[:1])
            have = sum(heights[row] for row in range(a, z + 1))
            if need > have:
                heights[z] += need - have
    for row, height in heights.items():
        ws.row_dimensions[row].height = height
    return workbook_bytes(wb)
