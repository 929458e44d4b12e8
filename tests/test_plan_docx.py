"""The plan as published in Word: merged category rows, subcategory cells merged down,
multi-paragraph cells. Documents are built here with python-docx the way Word lays them out."""

from __future__ import annotations

from pathlib import Path

import docx
import orjson
import pytest

from portfolio.cli import main
from portfolio.errors import ImportFormatError
from portfolio.io.plan_docx import read_plan_docx
from portfolio.io.plan_text import read_plan_text, text_rows
from portfolio.records.project.model import project_dict

from .conftest import BUNDLED, plan_path


def build_plan_docx(path: Path) -> None:
    """The appendix table of the seed plan, as Word would hold it."""
    rows = list(text_rows(plan_path().read_text(encoding="utf-8")))
    document = docx.Document()
    document.add_paragraph("附件：柳州市生态环境保护“十四五”规划重点工程项目")
    table = document.add_table(rows=0, cols=5)
    table.style = "Table Grid"
    sub_start = None
    for row in rows:
        cells = [c.strip("\t") for c in row.cells]
        new = table.add_row().cells
        if len(cells) == 1:  # a category heading: merged across the table
            merged = new[0].merge(new[4])
            merged.text = "　" + cells[0] + "　"  # full-width spaces around, as Word users type
            sub_start = None
            continue
        for i, text in enumerate(cells):
            if i == 0:
                continue
            parts = text.split("\n")
            new[i].text = parts[0]
            for extra in parts[1:]:  # 建设规模 as its own paragraph
                new[i].add_paragraph(extra)
        if cells[0].strip():
            new[0].text = cells[0]
            sub_start = new[0]
        elif sub_start is not None:
            sub_start = sub_start.merge(new[0])  # merged down: Word writes vMerge=continue
    document.save(str(path))


@pytest.fixture(scope="module")
def plan_docx(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("docx") / "plan.docx"
    build_plan_docx(path)
    return path


def test_docx_yields_the_same_records_as_the_text(plan_docx):
    from_word = [project_dict(p) for p in read_plan_docx(plan_docx)]
    from_text = [project_dict(p) for p in read_plan_text(plan_path())]
    assert len(from_word) == 34
    assert from_word == from_text


def test_the_document_really_has_merged_cells(plan_docx):
    xml = docx.Document(str(plan_docx)).tables[0]._tbl.xml
    assert "w:gridSpan" in xml and "w:vMerge" in xml


def test_cli_import_docx_creates_the_bundled_database(capsys, plan_docx, tmp_path):
    db = tmp_path / "from_word.json"
    assert main(["import", str(plan_docx), "--db", str(db)]) == 0
    made, bundled = orjson.loads(db.read_bytes()), orjson.loads(BUNDLED.read_bytes())
    assert made["projects"] == bundled["projects"]


def test_docx_without_the_table(tmp_path):
    path = tmp_path / "x.docx"
    d = docx.Document()
    d.add_paragraph("没有表格")
    d.add_table(rows=1, cols=2).cell(0, 0).text = "别的表"
    d.save(str(path))
    with pytest.raises(ImportFormatError, match="项目名称"):
        read_plan_docx(path)


def test_corrupt_docx(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(ImportFormatError, match="Word"):
        read_plan_docx(path)


def test_docx_made_from_the_text_version(tmp_path):
    """A document converted from the text (paragraphs, no table) reads the same."""
    document = docx.Document()
    for line in plan_path().read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "from_text.docx"
    document.save(str(path))
    assert [project_dict(p) for p in read_plan_docx(path)] == \
        [project_dict(p) for p in read_plan_text(plan_path())]
