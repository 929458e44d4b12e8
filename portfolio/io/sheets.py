"""Reading untrusted tables safely: a CSV's encoding judged by evidence, XLSX and DOCX
containers checked against the limits (``portfolio.limits``) before they are parsed, and every
parser failure turned into one line naming the file."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path
from typing import Any

from ..errors import ImportFormatError
from ..i18n import _
from ..limits import (
    MAX_COLUMNS,
    MAX_DOCX_ELEMENTS,
    MAX_DOCX_TABLE_ROWS,
    MAX_ROWS,
    MAX_XLSX_ELEMENTS,
    MAX_XML_TEXT_BYTES,
    LimitError,
    MiB,
    check_zip,
)

_CJK = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
_DOCTYPE = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
PROLOGUE_BYTES = 64 * 1024


def _line_of(raw: bytes, pos: int) -> int:
    return raw.count(b"\n", 0, pos) + 1


def decode_csv(raw: bytes, path: Path) -> str:
    """The CSV's text: UTF-8 (with or without BOM) when the bytes are UTF-8; GBK (a CSV saved by
    Excel or WPS on Chinese Windows) when they are not UTF-8 at all and read as Chinese text
    in GBK. A UTF-8 file with a stray byte is refused naming the line (decoding it all as
    GB18030 would import mojibake); anything else is refused as ambiguous."""
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    if body is not raw:  # a UTF-8 BOM, then bytes that are not UTF-8
        raise ImportFormatError(_("{path}, line {line}: a byte that is not UTF-8 in a UTF-8 file (byte {pos}); "
                                  "nothing was imported").format(path=path, line=_line_of(body, first_bad),
                                                                 pos=first_bad + 3))
    # evidence for UTF-8: multi-byte characters that decode; against: bytes that do not
    decoded = body.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd")
    good = sum(1 for ch in decoded if ord(ch) > 0x7F and ch != "\ufffd")
    if good > 0 and bad * 20 <= good:
        raise ImportFormatError(_("{path}, line {line}: a byte that is not UTF-8 in a UTF-8 file (byte {pos}); "
                                  "nothing was imported").format(path=path, line=_line_of(body, first_bad),
                                                                 pos=first_bad))
    try:
        text = body.decode("gbk")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(_("{path}, line {line}: neither UTF-8 nor GBK text; save it as UTF-8 "
                                  "(CSV UTF-8 in Excel)").format(path=path, line=_line_of(body, exc.start))) from None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if wide and sum(1 for ch in wide if _CJK.match(ch)) >= 0.9 * len(wide):
        return text
    raise ImportFormatError(_("{path}, line {line}: the encoding is ambiguous (not UTF-8; as GBK it is not "
                              "Chinese text); save it as UTF-8").format(path=path, line=_line_of(body, first_bad)))


def check_container(path: Path, kind: str) -> None:
    """An XLSX or DOCX before parsing: within the zip limits, and no XML part declaring a DTD
    or entities (Office never writes one: it is how entity bombs are built)."""
    check_zip(path)
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(PROLOGUE_BYTES)
                    if _DOCTYPE.search(head):
                        raise LimitError(_("{path}: the part {name} declares a DTD or entities, which {kind} "
                                           "files never hold; refused").format(path=path, name=info.filename,
                                                                               kind=kind))
                    _check_text_nodes(fh, head, path, info.filename, kind)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError, zlib.error):
        return  # not a readable zip: the reader reports it


def _check_text_nodes(fh: Any, first: bytes, path: Path, name: str, kind: str) -> None:
    """Stream the part (bounded memory): no run of text between tags longer than the limit
    (a 200 MB cell compresses to 200 KB; parsers would hold it whole), and no more elements
    than the limit (4 million empty paragraphs compress to 74 KB)."""
    run = 0  # length of the text run still open at the end of the previous chunk
    limit = MAX_DOCX_ELEMENTS if kind == "DOCX" else MAX_XLSX_ELEMENTS
    elements = 0
    rows = 0  # Word table rows: python-docx spends ~0.3 ms on each, far more than on an element
    tail = b""
    chunk = first
    while chunk:
        # every element opens with '<' not followed by '/' (a '<' inside text is escaped)
        elements += chunk.count(b"<") - chunk.count(b"</")
        if elements > limit:
            raise LimitError(_("{path}: the part {name} holds more than {limit} elements (paragraphs, cells, "
                               "runs…); the limit is {limit}").format(path=path, name=name, limit=f"{limit:,}"))
        if kind == "DOCX":
            joined = tail + chunk
            rows += joined.count(b"<w:tr>") + joined.count(b"<w:tr ")  # 6 bytes: never all in the tail
            tail = chunk[-5:]
            if rows > MAX_DOCX_TABLE_ROWS:
                raise LimitError(_("{path}: the part {name} holds more than {limit} table rows; the limit is "
                                   "{limit}").format(path=path, name=name, limit=f"{MAX_DOCX_TABLE_ROWS:,}"))
        pieces = chunk.split(b"<")
        if len(pieces) == 1:
            run += len(chunk)
            longest = run
        else:
            longest = max(run + len(pieces[0]), max(len(p) for p in pieces[1:]))
            run = len(pieces[-1])
        if longest > MAX_XML_TEXT_BYTES:
            raise LimitError(_("{path}: the part {name} holds a text of more than {limit} MB; the limit is "
                               "{limit} MB").format(path=path, name=name, limit=MAX_XML_TEXT_BYTES // MiB))
        chunk = fh.read(PROLOGUE_BYTES * 16)


def unreadable(path: Path, kind: str, exc: BaseException) -> ImportFormatError:
    reason = " ".join(str(exc).split())[:160] or type(exc).__name__
    return ImportFormatError(_("{path} is not a readable {kind} file ({reason})").format(
        path=path, kind=kind, reason=reason))


def read_xlsx_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet, empty rows skipped, within the limits."""
    check_container(path, "XLSX")
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise unreadable(path, "XLSX", exc) from None
    try:
        if not wb.worksheets:
            raise ImportFormatError(_("{path} has no worksheet").format(path=path))
        ws = wb.worksheets[0]
        try:
            declared_rows, declared_cols = ws.max_row or 0, ws.max_column or 0
        except Exception:
            declared_rows = declared_cols = 0
        if declared_cols > MAX_COLUMNS or declared_rows > MAX_ROWS:
            raise LimitError(_("{path}: the sheet is {rows} rows × {cols} columns; the limits are {max_rows} rows "
                               "and {max_cols} columns").format(path=path, rows=declared_rows, cols=declared_cols,
                                                                max_rows=MAX_ROWS, max_cols=MAX_COLUMNS))
        out = sheet_rows(ws, path, None)
        width = max((len(cells) for _r, cells in out), default=0)
        return [(r, cells + [None] * (width - len(cells))) for r, cells in out]
    finally:
        wb.close()


def read_xlsx_sheets(path: Path, max_col: int = MAX_COLUMNS) -> list[tuple[str, list[tuple[int, list[Any]]]]]:
    """Every sheet of a workbook as (title, [(row number, its first ``max_col`` values)]), empty
    rows skipped: streamed in read-only mode (a cell far away, at Z1048576, costs nothing: the
    rows between are never made), within the limits (rows counted as read, not as the sheet's
    dimension tag says), every parser failure one line naming the file."""
    check_container(path, "XLSX")
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise unreadable(path, "XLSX", exc) from None
    sheets: list[tuple[str, list[tuple[int, list[Any]]]]] = []
    try:
        for ws in wb.worksheets:
            rows = sheet_rows(ws, path, max_col)
            sheets.append((ws.title, rows))
    finally:
        wb.close()
    return sheets


def sheet_rows(ws: Any, path: Path, max_col: int | None) -> list[tuple[int, list[Any]]]:
    """(row number, values) of a read-only sheet's non-empty rows, streamed. The sheet's
    dimension tag is not trusted (a tag saying A1:K10 would hide the rows below): the rows are
    counted as read, and beyond ``MAX_ROWS`` rows or ``MAX_COLUMNS`` columns (a cell at
    Z1048576 or XFD1) the sheet is refused at once."""
    ws.reset_dimensions()
    rows: list[tuple[int, list[Any]]] = []
    try:
        for i, values in enumerate(ws.iter_rows(max_col=max_col, values_only=True), start=1):
            if i > MAX_ROWS:
                raise LimitError(_("{path}: the sheet {sheet} goes beyond row {max_rows} (the limit)").format(
                    path=path, sheet=ws.title, max_rows=MAX_ROWS))
            if len(values) > MAX_COLUMNS:
                raise LimitError(_("{path}: row {row} of the sheet {sheet} has {n} columns; the limit is {limit}").format(
                    path=path, row=i, sheet=ws.title, n=len(values), limit=MAX_COLUMNS))
            if any(v is not None and str(v).strip() for v in values):
                rows.append((i, list(values)))
    except ImportFormatError:
        raise
    except Exception as exc:  # a truncated or malformed sheet
        raise unreadable(path, "XLSX", exc) from None
    return rows
