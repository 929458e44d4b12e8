"""Print-ready worksheets, one helper for every workbook (exports, review pack, dispatch forms).

openpyxl never computes row heights, and Excel auto-fits only rows without a set height and
without merged cells (LibreOffice only on load, WPS never): a wrapped Chinese cell is cut
unless the file says how tall its row is. Here the height comes from the text itself:

* display width: 2 per East Asian wide character, 1 otherwise — computed as
  (UTF-8 bytes + characters) / 2, which equals wcwidth's count for ASCII and CJK text and
  over-estimates (never under-estimates) everything else, at the speed of ``str.encode``
  (a 100,000-row export computes its heights in O(n), no per-character Python loop);
* a column of width ``w`` (in widths of "0" of the default font) holds about ``(w - 1) / 1.1``
  display columns per line (a CJK glyph is a little wider than two "0"s, and a cell has padding);
* a line takes 1.35 × the font size in points, plus a margin so that Excel, WPS and
  LibreOffice all show the last line.

Pages: A4 (A3 landscape when A4 would print the text below 9 pt), fit to one page wide (any
number of pages tall), the title and header rows
repeated, a footer "第 &P 页 共 &N 页", and manual page breaks computed from the same heights
so that a heading row never ends a page and a block of rows (a merged cell) is not split.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from dataclasses import dataclass
from math import ceil
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from ..i18n import _
from .flat import is_formula_like
from .workbook import CELL_FONT

DEFAULT_FONT_SIZE = 11.0
LINE_FACTOR = 1.35  # a line of wrapped text, in font sizes (等线/DengXian in Excel ~1.3, LibreOffice ~1.25)
HEIGHT_MARGIN = 4.0  # points added to every computed height
GLYPH_FACTOR = 1.1  # a CJK glyph is ~2.2 "0" widths, wcwidth counts 2
TITLE_FONT = Font(bold=True, size=14, name=CELL_FONT)
TITLE_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
NUMBER_FORMATS = {"rate": "0.0%", "percent": "0%", "amount": "#,##0.00", "count": "0", "year": "0"}

# paper in points (portrait), and the margins set on every sheet (inches, as openpyxl takes them)
A4 = (595.3, 841.9)
A3 = (841.9, 1190.6)
PAPERS = {"A4": (A4, Worksheet.PAPERSIZE_A4), "A3": (A3, Worksheet.PAPERSIZE_A3)}
MIN_PRINTED_PT = 9.0  # the smallest text a sheet may print at (its font × the fit-to-width scale)
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.55, "bottom": 0.7, "header": 0.3, "footer": 0.3}
SAFETY = 0.95  # share of the printable height the page-break plan may fill (heights are generous)


def display_width(text: str) -> int:
    """Terminal/print columns of ``text`` (CJK 2, ASCII 1), an upper bound of wcwidth's."""
    return (len(text.encode("utf-8")) + len(text) + 1) // 2


def text_lines(text: str, width: float) -> int:
    """Lines that ``text`` wraps to in a column ``width`` "0"s wide (explicit newlines kept)."""
    per_line = max(1.0, (width - 1.0) / GLYPH_FACTOR)
    if "\n" not in text:
        return max(1, ceil(display_width(text) / per_line))
    return sum(max(1, ceil(display_width(part) / per_line)) for part in text.split("\n"))


def lines_height(lines: int, font_size: float = DEFAULT_FONT_SIZE) -> float:
    return round(lines * LINE_FACTOR * font_size + HEIGHT_MARGIN, 1)


def row_height(values: Iterable[Any], widths: Sequence[float], font_size: float = DEFAULT_FONT_SIZE) -> float:
    """The height (points) a row needs so that the text of every cell shows in full."""
    lines = 1
    for value, width in zip(values, widths, strict=False):
        if isinstance(value, str) and value:
            n = text_lines(value, width)
            if n > lines:
                lines = n
    return lines_height(lines, font_size)


def set_widths(ws: Any, widths: Sequence[float]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def title_row(ws: Any, row: int, text: str, columns: int, widths: Sequence[float], size: float = 14.0) -> None:
    """A centred bold title merged across the table's columns (not for write-only sheets)."""
    cell = ws.cell(row=row, column=1, value=text)
    cell.font = Font(bold=True, size=size, name=CELL_FONT)
    cell.alignment = TITLE_ALIGNMENT
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    ws.row_dimensions[row].height = lines_height(text_lines(text, sum(widths[:columns]) / (size / 11)), size)


def page_setup(ws: Any, *, landscape: bool, title_rows: str | None, footer: bool = True,
               paper: str = "A4") -> None:
    """Paper (A4 unless told), orientation, fit to one page wide, repeated rows, page-number
    footer, margins."""
    ws.page_setup.paperSize = PAPERS[paper][1]
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    for side, inches in MARGINS.items():
        setattr(ws.page_margins, side, inches)
    if title_rows:
        ws.print_title_rows = title_rows
    if footer:
        ws.oddFooter.center.text = footer_text()
        ws.oddFooter.center.size = 10


def footer_text() -> str:
    return _("Page &P of &N")


def column_points(width: float) -> float:
    """A column ``width`` "0"s wide, in points (7 px per "0" plus 5 px padding at 96 dpi)."""
    return (width * 7 + 5) * 0.75


def _printable(paper: str, landscape: bool) -> tuple[float, float]:
    """Width and height (points) inside the margins."""
    short, long = PAPERS[paper][0]
    paper_w, paper_h = (long, short) if landscape else (short, long)
    return (paper_w - (MARGINS["left"] + MARGINS["right"]) * 72,
            paper_h - (MARGINS["top"] + MARGINS["bottom"]) * 72)


def fit_scale(widths: Sequence[float], paper: str = "A4", landscape: bool = True) -> float:
    """The scale fit-to-one-page-wide prints columns ``widths`` at (1 when they fit)."""
    total = sum(column_points(w) for w in widths)
    return min(1.0, _printable(paper, landscape)[0] / total) if total else 1.0


def printed_size(widths: Sequence[float], paper: str = "A4", landscape: bool = True,
                 font_size: float = DEFAULT_FONT_SIZE) -> float:
    """Points the sheet's text prints at: its font size × the fit-to-width scale."""
    return font_size * fit_scale(widths, paper, landscape)


def choose_paper(widths: Sequence[float], landscape: bool = True) -> tuple[str, bool]:
    """The smallest paper that prints columns ``widths`` legibly (≥ ``MIN_PRINTED_PT``): A4 in
    the orientation asked for, A4 landscape, then A3 landscape (also when nothing is enough)."""
    for paper, wide in (("A4", landscape), ("A4", True), ("A3", True)):
        if printed_size(widths, paper, wide) >= MIN_PRINTED_PT:
            return paper, wide
    return "A3", True


def page_capacity(widths: Sequence[float], landscape: bool, repeated: float, paper: str = "A4") -> float:
    """The height (in the sheet's points, before fit-to-width scaling) of rows a page holds
    below the repeated title rows of height ``repeated``."""
    return (_printable(paper, landscape)[1] / fit_scale(widths, paper, landscape)) * SAFETY - repeated


@dataclass(frozen=True)
class Block:
    """Rows ``first``.. that should print on one page; ``heights`` of each row (points)."""

    first: int
    heights: tuple[float, ...]

    @property
    def last(self) -> int:
        return self.first + len(self.heights) - 1

    @property
    def height(self) -> float:
        return sum(self.heights)


def plan_breaks(blocks: Sequence[Block], capacity: float) -> list[int]:
    """The rows after which a page ends (greedy): a block starts a new page when it does not
    fit on the current one. A block taller than a page cannot stay whole: it starts a page and
    breaks between its rows, so that every page end is one of ours (a page never ends where
    the reader's application would choose, e.g. after a heading)."""
    breaks: list[int] = []
    used = 0.0
    for block in blocks:
        if used and used + block.height > capacity:
            breaks.append(block.first - 1)
            used = 0.0
        if block.height <= capacity:
            used += block.height
            continue
        for offset, height in enumerate(block.heights):
            if used and used + height > capacity:
                breaks.append(block.first + offset - 1)
                used = 0.0
            used += height
    return breaks


def no_single_row_last_page(breaks: list[int], last_row: int, keep_with_next: Iterable[int] = ()) -> list[int]:
    """The breaks with the last one moved up a row when the last page would hold one row only
    (unless that leaves a ``keep_with_next`` row, a heading, at the end of a page)."""
    if not breaks or last_row - breaks[-1] != 1:
        return breaks
    earlier = breaks[-1] - 1
    floor = breaks[-2] if len(breaks) > 1 else 0
    if earlier > floor + 1 and earlier not in set(keep_with_next):
        return [*breaks[:-1], earlier]
    return breaks


def apply_breaks(ws: Any, rows_after: Iterable[int]) -> None:
    for row in rows_after:
        ws.row_breaks.append(Break(id=row))


def keep_blocks(heights: dict[int, float], groups: Sequence[tuple[int, int]],
                keep_with_next: Iterable[int] = ()) -> list[Block]:
    """Blocks from row heights (consecutive rows): each (first, last) group is one block, every
    other row its own block, and a row in ``keep_with_next`` (a heading) joins the next block."""
    ends = dict(groups)
    rows = sorted(heights)
    blocks: list[Block] = []
    i = 0
    while i < len(rows):
        first = rows[i]
        last = ends.get(first, first)
        blocks.append(Block(first, tuple(heights[r] for r in range(first, last + 1))))
        i += last - first + 1
    joined: list[Block] = []
    pending: Block | None = None
    glue = set(keep_with_next)
    for block in blocks:
        if pending is not None:
            block = Block(pending.first, pending.heights + block.heights)
            pending = None
        if block.last in glue:
            pending = block
            continue
        joined.append(block)
    if pending is not None:
        joined.append(pending)
    return joined


def number_format(kind: str) -> str:
    return NUMBER_FORMATS[kind]


# -- a streaming sheet: title, header, typed rows, heights, print setup ---------------------------
HEADER_FONT = Font(bold=True, color="FFFFFF", name=CELL_FONT, size=DEFAULT_FONT_SIZE)
HEADER_FILL = PatternFill("solid", fgColor="305496")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="top")


def _cells_as_given(cells: list[Any], row_idx: int) -> list[Any]:
    return cells


class _ReusedCell(Cell):  # type: ignore[misc]
    """A cell written row after row with one style: its style id is looked up once (openpyxl
    looks it up in the workbook's style list for every cell it writes)."""

    __slots__ = ("_style_id",)

    @property
    def style_id(self) -> int:
        return self._style_id  # type: ignore[no-any-return]


class SheetWriter:
    """Rows appended to a write-only worksheet, each styled from a small cache of templates
    (format, fill, bold) and given the height its text needs; the print setup is set on
    creation. Usage: ``title()``, optional ``paragraph()``, ``header()``, ``row()`` …"""

    def __init__(self, wb: Any, name: str, widths: Sequence[float], *, landscape: bool = True,
                 freeze: str | None = None) -> None:
        """``freeze``: the top-left cell of the scrolling pane (e.g. "B3" below a title and a
        header); a write-only sheet writes its view before the first row, so it is set here."""
        self.ws = wb.create_sheet(name)
        if freeze:
            self.ws.freeze_panes = freeze
        self.widths = list(widths)
        self.paper, self.landscape = choose_paper(self.widths, landscape)
        self.rows = 0
        self._styles: dict[tuple[str | None, str | None, bool, bool], Any] = {}
        self._cells: dict[tuple[int, str | None, str | None, bool, bool], Any] = {}
        set_widths(self.ws, self.widths)
        page_setup(self.ws, landscape=self.landscape, title_rows=None, paper=self.paper)
        # rows are lists of ready cells (row and column set here): openpyxl's own conversion
        # re-assigns each value and takes an exception path for a cell object, 40% of the time
        self.ws._values_to_row = _cells_as_given

    # styles are built once per kind and copied into each cell (cheap: an array of 9 ints)
    def _style(self, fmt: str | None, fill: str | None, bold: bool, text: bool) -> Any:
        key = (fmt, fill, bold, text)
        style = self._styles.get(key)
        if style is None:
            template = WriteOnlyCell(self.ws)
            template.border = BORDER
            template.alignment = WRAP_TOP if text else RIGHT
            if fmt:
                template.number_format = fmt
            if fill:
                template.fill = PatternFill("solid", fgColor=fill)
            template.font = Font(bold=bold, name=CELL_FONT, size=DEFAULT_FONT_SIZE)
            style = self._styles[key] = template._style
        return style

    def _append(self, cells: list[Any], height: float) -> int:
        self.rows += 1
        for column, cell in enumerate(cells, start=1):
            cell.row, cell.column = self.rows, column
        self.ws.row_dimensions[self.rows].height = height
        self.ws.append(cells)
        del self.ws.row_dimensions[self.rows]  # written with the row; keeps memory flat
        return self.rows

    def _merge_across(self, row: int) -> None:
        if len(self.widths) > 1:
            self.ws.merged_cells.add(f"A{row}:{get_column_letter(len(self.widths))}{row}")

    def title(self, text: str, size: float = 14.0) -> int:
        cell = WriteOnlyCell(self.ws, value=text)
        cell.font = Font(bold=True, size=size, name=CELL_FONT)
        cell.alignment = TITLE_ALIGNMENT
        row = self._append([cell], lines_height(text_lines(text, sum(self.widths) * 11 / size), size))
        self._merge_across(row)
        return row

    def paragraph(self, text: str) -> int:
        cell = WriteOnlyCell(self.ws, value=text)
        cell.alignment = WRAP_TOP
        cell.font = Font(name=CELL_FONT, size=DEFAULT_FONT_SIZE)
        row = self._append([cell], row_height([text], [sum(self.widths)]))
        self._merge_across(row)
        return row

    def blank(self) -> int:
        return self._append([], lines_height(1))

    def header(self, labels: Sequence[str], *, repeat: bool = True) -> int:
        """The header row, repeated at the top of every printed page."""
        cells = []
        for label in labels:
            cell = WriteOnlyCell(self.ws, value=label)
            cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
            cells.append(cell)
        row = self._append(cells, row_height(labels, self.widths))
        if repeat:
            self.ws.print_title_rows = f"{row}:{row}"
        return row

    def row(self, values: Sequence[Any], formats: Sequence[str | None] = (),
            fills: Sequence[str | None] = (), bold: bool = False) -> int:
        """Numbers stay numbers (with their format), text wraps; a text that a spreadsheet
        would evaluate is stored as text. The row is written at once, so one cell object per
        column and style is reused for every row (no per-cell object or style look-up)."""
        cells = []
        cache = self._cells
        for i, value in enumerate(values):
            is_text = not isinstance(value, int | float) or isinstance(value, bool)
            key = (i, formats[i] if i < len(formats) else None, fills[i] if i < len(fills) else None,
                   bold, is_text)
            cell = cache.get(key)
            if cell is None:
                cell = cache[key] = _ReusedCell(self.ws)
                cell._style = copy(self._style(*key[1:]))
                cell._style_id = self.ws.parent._cell_styles.add(cell._style)
            cell.value = value
            if is_text and isinstance(value, str) and is_formula_like(value):
                cell.data_type = "s"  # never a formula
            cells.append(cell)
        return self._append(cells, row_height(values, self.widths))
