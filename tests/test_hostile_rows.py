"""#19, from a tester: a tiny .docx of many table rows (under the element limit) and a unit
name too long for a file name."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

from portfolio.limits import MAX_DOCX_TABLE_ROWS
from portfolio.review.dispatch import NAME_BYTES, form_file_names

from .test_cli import run


def _docx(path: Path, rows: int) -> Path:
    body = b"<w:tbl>" + b"<w:tr><w:tc><w:p/></w:tc></w:tr>" * rows + b"</w:tbl>"
    document = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                + body + b"</w:body></w:document>")
    types = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
             b'2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.'
             b'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("word/document.xml", document)
    return path


def test_a_docx_of_many_table_rows_is_refused_at_once(capsys, db_path: Path, tmp_path: Path) -> None:
    bomb = _docx(tmp_path / "rows.docx", MAX_DOCX_TABLE_ROWS + 1)
    before = db_path.read_bytes()
    start = time.monotonic()
    code, _out, err = run(capsys, "import", str(bomb), "--db", str(db_path))
    assert code == 1 and "表格行" in err
    assert len(err.strip().splitlines()) == 1
    assert time.monotonic() - start < 10
    assert db_path.read_bytes() == before


def test_a_unit_name_too_long_for_a_file_name_gets_a_shortened_unique_file() -> None:
    long_a, long_b = "长" * 120 + "甲", "长" * 120 + "乙"
    names = form_file_names([long_a, long_b, "鹿寨县"])
    assert all(len(n.encode()) <= NAME_BYTES + 8 for n in names)
    assert len(set(names)) == 3 and names[2].endswith("鹿寨县.xlsx")


