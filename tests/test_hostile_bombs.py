"""Issue 19, bombs by count and not only by bytes: a document of millions of empty paragraphs,
a workbook of millions of cells, a progress form with one cell far away or a dimension tag
that lies, and a form whose hidden sheet holds a bad date. Each is refused (or read) in one
line, quickly, in bounded memory, with the database unchanged. (Speed targets live in
``bench/``; these files are built so that the old code took minutes and GBs.)"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.limits import MAX_DOCX_ELEMENTS, MAX_ROWS


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rewrite(source: Path, target: Path, part: str, change) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            zout.writestr(info, change(data) if info.filename == part else data)
    return target


@pytest.fixture
def empty_paragraphs(tmp_path: Path) -> Path:
    from docx import Document

    base = tmp_path / "base.docx"
    Document().save(str(base))

    def stuff(xml: bytes) -> bytes:
        at = xml.index(b"<w:body>") + len(b"<w:body>")
        return xml[:at] + b"<w:p/>" * (MAX_DOCX_ELEMENTS + 10) + xml[at:]

    return _rewrite(base, tmp_path / "bomb.docx", "word/document.xml", stuff)


def test_a_document_of_empty_paragraphs_is_refused_by_count(capsys, db_path, empty_paragraphs):
    assert empty_paragraphs.stat().st_size < 200_000  # small on disk, huge in elements
    before = db_path.read_bytes()
    code, out, err = run(capsys, "import", str(empty_paragraphs), "--db", str(db_path))
    assert code == 1 and out == "" and err.count("\n") == 1
    assert "word/document.xml" in err and f"{MAX_DOCX_ELEMENTS:,}" in err
    assert db_path.read_bytes() == before


def test_a_workbook_of_too_many_cells_is_refused_by_count(capsys, db_path, tmp_path):
    from portfolio.limits import MAX_XLSX_ELEMENTS

    exported = tmp_path / "all.xlsx"
    assert run(capsys, "export", "-o", str(exported), "--db", str(db_path))[0] == 0

    def stuff(xml: bytes) -> bytes:
        at = xml.index(b"</sheetData>")
        return xml[:at] + b"<row/>" * (MAX_XLSX_ELEMENTS + 10) + xml[at:]

    bomb = _rewrite(exported, tmp_path / "bomb.xlsx", "xl/worksheets/sheet1.xml", stuff)
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "import", str(bomb), "--db", str(db_path))
    assert code == 1 and "xl/worksheets/sheet1.xml" in err and err.count("\n") == 1
    assert db_path.read_bytes() == before


# -- progress forms ------------------------------------------------------------------------------
@pytest.fixture
def form(capsys, db_path: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    code, _out, err = run(capsys, "dispatch", "-o", str(folder), "--unit", "市生态环境局", "--as-of", "2023-12-31",
                          "--db", str(db_path))
    assert code == 0, err
    (found,) = folder.glob("*.xlsx")
    return found


def _edit(path: Path, target: Path, change) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(path)
    change(wb)
    wb.save(target)
    return target


def test_a_form_with_a_far_cell_is_refused_in_one_line(capsys, db_path, form, tmp_path):
    def far(wb):
        wb.worksheets[0]["Z1048576"] = "x"

    source = _edit(form, tmp_path / "far.xlsx", far)
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "collect", str(source), "--db", str(db_path))
    assert code == 1 and err.count("\n") == 1 and str(MAX_ROWS) in err
    assert db_path.read_bytes() == before


def test_a_dimension_tag_that_lies_does_not_hide_rows(capsys, db_path, form, tmp_path):
    from portfolio.review.dispatch import HEADER_ROW

    def fill(wb):
        ws = wb.worksheets[0]
        for r in range(HEADER_ROW + 1, ws.max_row + 1):
            if re.fullmatch(r"[A-Z]\d{2}", str(ws.cell(row=r, column=1).value)):
                last = r
        ws.cell(row=last, column=9, value=37)  # percent of the last project row

    filled = _edit(form, tmp_path / "filled.xlsx", fill)
    lying = _rewrite(filled, tmp_path / "lying.xlsx", "xl/worksheets/sheet1.xml",
                     lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B2"/>', xml))
    code, out, err = run(capsys, "collect", str(lying), "--db", str(db_path))
    assert code == 0, err
    assert "37%" in out


def test_a_bad_date_in_the_hidden_sheet_is_one_line(capsys, db_path, form, tmp_path):
    def bad(wb):
        wb["_form"]["B3"] = "2023-13-45"

    source = _edit(form, tmp_path / "bad.xlsx", bad)
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "collect", str(source), "--db", str(db_path))
    assert code == 1 and err.count("\n") == 1 and "2023-13-45" in err and "B3" in err
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01"])
def test_a_form_row_dated_out_of_range_is_refused(capsys, db_path, form, tmp_path, value):
    from portfolio.review.dispatch import HEADER_ROW

    def fill(wb):
        ws = wb.worksheets[0]
        assert ws.cell(row=HEADER_ROW + 1, column=1).value == "W01"
        ws.cell(row=HEADER_ROW + 1, column=9, value=37)
        ws.cell(row=HEADER_ROW + 1, column=12, value=value)

    source = _edit(form, tmp_path / "dated.xlsx", fill)
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "collect", str(source), "--db", str(db_path))
    assert code == 1 and value in err and "Traceback" not in err
    assert db_path.read_bytes() == before
