"""The review workbook's 汇总 sheet prints whole numbers: the investment amounts (127,200.00)
fit their columns, and no header row is repeated alone above the charts' page."""

from __future__ import annotations

import openpyxl
from openpyxl.utils import get_column_letter

from portfolio.cli import main


def test_amounts_fit_and_no_header_repeats_above_the_charts(db_path, tmp_path) -> None:
    for code, done in (("W01", 100000), ("W02", 11200)):
        assert main(["--db", str(db_path), "set", code, "status=in_progress", "progress=50",
                     f"completed={done}", "planned=127200" if code == "W01" else "planned=20000",
                     "--date", "2023-06-30"]) == 0
    out = tmp_path / "r.xlsx"
    assert main(["--db", str(db_path), "review", "--as-of", "2023-12-31", "-f", "xlsx", "-o", str(out)]) == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    assert ws.title == "汇总"
    assert not ws.print_title_rows  # the two short tables' headers are not repeated above the charts
    [anchor] = [c.anchor._from.row for c in ws._charts][:1]
    assert any(b.id == anchor for b in ws.row_breaks.brk)  # the charts begin a page of their own
    checked = 0
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, int | float) and cell.number_format == "#,##0.00":
                text = f"{cell.value:,.2f}"
                width = ws.column_dimensions[get_column_letter(cell.column)].width
                assert width >= len(text) + 1, (cell.coordinate, text, width)
                checked += 1
    assert checked


def test_word_ledger_keeps_every_code_whole(db_path, tmp_path) -> None:
    """七、责任单位台账: one overdue code a line, its column as wide as the longest code."""
    import docx

    from portfolio.io.docx_tables import PADDING_MM, PT_PER_MM, text_em
    from portfolio.io.official_docx import TABLE_SIZE

    out = tmp_path / "r.docx"
    assert main(["--db", str(db_path), "review", "--as-of", "2023-12-31", "-f", "docx", "-o", str(out)]) == 0
    [ledger] = [t for t in docx.Document(str(out)).tables if t.rows[0].cells[1].text == "牵头项目"]
    grid = ledger._tbl.tblGrid.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}gridCol")
    width_mm = int(grid[-1].get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}w")) / 1440 * 25.4
    codes = [line.rstrip("…") for row in ledger.rows[1:] for line in row.cells[-1].text.split("\n") if line]
    assert codes and not any("、" in c for c in codes)
    longest = max(text_em(c) for c in codes) * TABLE_SIZE.pt / PT_PER_MM + PADDING_MM
    assert width_mm >= longest - 0.1
