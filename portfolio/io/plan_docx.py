"""Read the key-project appendix from the plan as published in Word (.docx).

The appendix is the table whose header row holds 项目名称 and 建设年限. Word lays it out with
category rows merged across the table (``gridSpan``), subcategory cells merged down
(``vMerge``) and cells of several paragraphs. The rows go through the same mapping as the
text importer (``appendix.rows_to_projects``): a continued (merged-down) cell reads as an
empty cell, exactly as the text conversion writes it.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import ImportFormatError, printable
from ..i18n import _
from ..limits import MAX_COLUMNS, MAX_FIELD_CHARS, MAX_GRID_SPAN, MAX_ROWS, LimitError
from ..records.project.model import Project
from .appendix import AppendixRow, clean_text, rows_to_projects
from .plan_text import text_rows
from .sheets import check_container, unreadable

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cell_text(tc: Any) -> str:
    paragraphs = []
    for p in tc.iter(f"{W}p"):
        paragraphs.append("".join(t.text or "" for t in p.iter(f"{W}t")))
    return "\n".join(paragraphs)


def _grid_span(tc: Any, where: str) -> int:
    span = tc.find(f"{W}tcPr/{W}gridSpan")
    if span is None:
        return 1
    value = span.get(f"{W}val", "1")
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= MAX_GRID_SPAN:
        raise LimitError(_("{where}: a cell spans '{value}' columns (gridSpan); expected a whole number from 1 "
                           "to {limit}").format(where=where, value=printable(value[:20]), limit=MAX_GRID_SPAN))
    return int(value)


def _continues_above(tc: Any, where: str) -> bool:
    merge = tc.find(f"{W}tcPr/{W}vMerge")
    if merge is None:
        return False
    value = merge.get(f"{W}val", "continue")
    if value not in ("continue", "restart"):
        raise ImportFormatError(_("{where}: a vertical merge (vMerge) of '{value}'; expected restart or "
                                  "continue").format(where=where, value=printable(value[:20])))
    return bool(value == "continue")


def table_rows(table: Any, t_index: int = 1, path: Path | None = None) -> list[list[str]]:
    """The cell texts of each row, one per grid column: a horizontally merged cell repeats
    its text, a vertically continued cell is empty. Shapes beyond the limits are refused."""
    rows: list[list[str]] = []
    for r_index, tr in enumerate(table._tbl.findall(f"{W}tr"), start=1):
        where = _("table {t}, row {r}").format(t=t_index, r=r_index)
        if path is not None:
            where = f"{path}, {where}"
        if r_index > MAX_ROWS:
            raise LimitError(_("{where}: a table is limited to {limit} rows").format(where=where, limit=MAX_ROWS))
        cells: list[str] = []
        for tc in tr.findall(f"{W}tc"):
            text = "" if _continues_above(tc, where) else _cell_text(tc)
            if len(text) > MAX_FIELD_CHARS:
                raise LimitError(_("{where}: a cell of {n} characters; a cell is limited to {limit}").format(
                    where=where, n=len(text), limit=MAX_FIELD_CHARS))
            cells.extend([text] * _grid_span(tc, where))
            if len(cells) > MAX_COLUMNS:
                raise LimitError(_("{where}: more than {limit} columns").format(where=where, limit=MAX_COLUMNS))
        rows.append(cells)
    return rows


def _is_appendix_header(cells: list[str]) -> bool:
    joined = "".join(clean_text(c).replace(" ", "") for c in cells)
    return "项目名称" in joined and "建设年限" in joined


def open_docx(path: Path) -> Any:
    """The one way to open an untrusted Word document: the container checked against the
    limits first (zip sizes, DTDs, text nodes), every parser failure one line naming the file."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_container(path, "DOCX")
    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ImportFormatError(_("{path} is not a readable Word document ({reason})").format(
            path=path, reason=type(exc).__name__)) from None
    except Exception as exc:  # lxml: broken XML, a text node over its 10 MB limit...
        raise unreadable(path, "DOCX", exc) from None


def docx_rows(path: Path) -> Iterator[AppendixRow]:
    document = open_docx(path)
    for t_index, table in enumerate(document.tables, start=1):
        rows = table_rows(table, t_index, path)
        if not rows or not any(_is_appendix_header(r) for r in rows[:3]):
            continue
        for r_index, cells in enumerate(rows, start=1):
            yield AppendixRow(tuple(cells), _("table {t}, row {r}").format(t=t_index, r=r_index))
        return
    # no table: a document made from the text version (one cell per tab-indented paragraph)
    text = "\n".join(p.text for p in document.paragraphs)
    if any(line.startswith("\t") and "建设年限" in line for line in text.splitlines()):
        yield from text_rows(text)
        return
    raise ImportFormatError(_("{path}: no table with the columns 项目名称 and 建设年限").format(path=path))


def read_plan_docx(path: Path) -> list[Project]:
    return rows_to_projects(docx_rows(path))
