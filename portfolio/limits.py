"""Every size limit in one place: far above what a real plan reaches (the Liuzhou plan has 34
projects, its longest cell about 600 characters, its Word version about 100 KB), low enough
that a hostile or broken file is refused at once, in bounded memory, with a message naming
the limit and where it was met."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from .errors import ImportFormatError
from .files import FileRefused, open_regular
from .i18n import _

MiB = 1024 * 1024

# files read by `import` and `collect` (plan text or Word, CSV, XLSX, JSON export)
MAX_IMPORT_BYTES = 64 * MiB
# zip containers (xlsx, docx): members and their declared uncompressed sizes (zip bombs)
MAX_ZIP_MEMBERS = 2_000
MAX_ZIP_MEMBER_BYTES = 256 * MiB
MAX_ZIP_TOTAL_BYTES = 512 * MiB
# one XML text node (a cell's text) inside an xlsx/docx part, in bytes
MAX_XML_TEXT_BYTES = 1 * MiB
# one text field of a project (name, content, scale, a unit, a note) and one table cell
MAX_FIELD_CHARS = 20_000
# amounts of money in 万元 (the whole plan is about 1e6 万元): finite, never above this
MAX_INVESTMENT_WAN = 1e10
# the settings file (columns, filter history, saved filters: a few KB)
MAX_SETTINGS_BYTES = 1 * MiB
# the journal, read whole by `log`, undo and redo (about 500 bytes a change: 2 million changes)
MAX_JOURNAL_BYTES = 1024 * MiB
# XML elements in one part of a document or workbook (counted while streaming, before parsing):
# a paragraph, a run, a cell and its value are one each. The plan's Word version holds 15,000;
# 4 million empty paragraphs fit in a 74 KB .docx and would take python-docx minutes and GBs.
MAX_DOCX_ELEMENTS = 500_000
# rows of all the Word tables of a document: the plan's appendix has 40, an annual plan ~60
MAX_DOCX_TABLE_ROWS = 20_000
# a flat export of MAX_ROWS projects (15 columns, a cell and its value two each) stays inside
MAX_XLSX_ELEMENTS = 8_000_000  # read in streaming mode
# table shapes: rows of a CSV/XLSX/Word table, columns of a row
MAX_ROWS = 200_000
MAX_COLUMNS = 200
# Word tables: a cell spanning columns (gridSpan) never spans more than the table has
MAX_GRID_SPAN = MAX_COLUMNS


class LimitError(ImportFormatError):
    """Input beyond one of the limits above."""


def check_file_size(path: Path) -> int:
    """The file's size, refused beyond ``MAX_IMPORT_BYTES``; a folder, FIFO, device or socket is
    refused at once (every reader of imported files and collected forms starts here)."""
    try:
        fd = open_regular(path, os.O_RDONLY)
    except FileRefused as exc:
        # a FIFO would block the reader for ever; a device never ends
        raise ImportFormatError(str(exc)) from None
    except OSError as exc:
        raise ImportFormatError(_("{path}: {reason}").format(path=path, reason=exc.strerror or exc)) from None
    try:
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    if size > MAX_IMPORT_BYTES:
        raise LimitError(_("{path} is {size} MB; files to import are limited to {limit} MB").format(
            path=path, size=size // MiB, limit=MAX_IMPORT_BYTES // MiB))
    return size


def check_zip(path: Path) -> None:
    """A zip container (xlsx, docx) within the limits, judged by its directory before any
    member is decompressed. Not a zip at all is left to the reader to report."""
    check_file_size(path)
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return
    if len(infos) > MAX_ZIP_MEMBERS:
        raise LimitError(_("{path} holds {n} parts; a workbook or document is limited to {limit}").format(
            path=path, n=len(infos), limit=MAX_ZIP_MEMBERS))
    total = 0
    for info in infos:
        if info.file_size > MAX_ZIP_MEMBER_BYTES:
            raise LimitError(_("{path}: the part {name} unpacks to {size} MB; the limit is {limit} MB").format(
                path=path, name=info.filename, size=info.file_size // MiB, limit=MAX_ZIP_MEMBER_BYTES // MiB))
        total += info.file_size
    if total > MAX_ZIP_TOTAL_BYTES:
        raise LimitError(_("{path} unpacks to {size} MB; the limit is {limit} MB").format(
            path=path, size=total // MiB, limit=MAX_ZIP_TOTAL_BYTES // MiB))


def check_shape(path: Path, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise LimitError(_("{path} has more than {limit} rows (the limit)").format(path=path, limit=MAX_ROWS))
    if columns > MAX_COLUMNS:
        raise LimitError(_("{path}: a row has {n} columns; the limit is {limit}").format(
            path=path, n=columns, limit=MAX_COLUMNS))
