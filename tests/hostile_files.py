"""Damaged and hostile files, made from real exports: a zip's parts rewritten."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from docx import Document

from portfolio.io.export import export_projects
from portfolio.store.file import Repository

BILLION_LAUGHS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                             for i in range(1, 10))
                  + b"]>\n")


def rewrite_zip(source: Path, target: Path, edit: Callable[[str, bytes], bytes | None]) -> Path:
    """Copy a zip, passing each part through ``edit(name, data)`` (None keeps it)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            new = edit(info.filename, data)
            dst.writestr(info.filename, data if new is None else new)
    return target


def flat_xlsx(repo: Repository, folder: Path) -> Path:
    path = folder / "export.xlsx"
    export_projects(repo.projects(), path, "xlsx")
    return path


def plan_docx(folder: Path, rows: int = 3, span: str = "5", vmerge: str | None = None) -> Path:
    """A small Word appendix table: header row, a category row merged across, project rows."""
    doc = Document()
    table = doc.add_table(rows=0, cols=5)
    for texts in (["类别", "项目名称", "项目内容", "建设年限", "责任单位"],):
        cells = table.add_row().cells
        for c, t in zip(cells, texts, strict=True):
            c.text = t
    heading = table.add_row().cells
    heading[0].merge(heading[4])
    heading[0].text = "一、碧水工程"
    for i in range(rows):
        cells = table.add_row().cells
        for c, t in zip(cells, ["（一）饮用水", f"项目{i}", "内容", "2021-2023", "市生态环境局"], strict=True):
            c.text = t
    path = folder / "plan.docx"
    doc.save(str(path))
    if span != "5" or vmerge is not None:
        def edit(name: str, data: bytes) -> bytes | None:
            if name != "word/document.xml":
                return None
            out = data.replace(b'w:gridSpan w:val="5"', b'w:gridSpan w:val="%s"' % span.encode())
            if vmerge is not None:
                out = out.replace(b"<w:tcPr>", b'<w:tcPr><w:vMerge w:val="%s"/>' % vmerge.encode(), 1)
            return out
        patched = folder / "patched.docx"
        rewrite_zip(path, patched, edit)
        return patched
    return path


def with_dtd(data: bytes, dtd: bytes = BILLION_LAUGHS) -> bytes:
    """An XML part with a DTD before its root (any XML declaration replaced)."""
    body = data.split(b"?>", 1)[1] if data.lstrip().startswith(b"<?xml") else data
    return dtd + body
