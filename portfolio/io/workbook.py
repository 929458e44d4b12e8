"""Every workbook the program writes is made here, saved here, and, when the work stops half-way
(ctrl+c between two rows, an error), closed here.

openpyxl writes a sheet through lxml's incremental writer, held open by generators (the sheet's
stream and, in a write-only sheet, its ``<sheetData>`` rows) writing to a temporary file. A write
cut by an exception leaves them open, in a reference cycle with the workbook: the collector
closes them later in any order (lxml then raises "not in an element" into the void), or the
interpreter's exit does, with modules half torn down, where it once crashed the process
(SIGSEGV) instead of exiting 130. So an unsaved workbook is closed here in order, rows first,
then each stream, and its temporary files removed, before the exception goes on; and a save
(which runs those generators to the end) is never cut in the middle.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from copy import copy
from typing import Any

from ..tracking import between_steps

# the cells' font: a Chinese face (every Chinese Windows, WPS and LibreOffice through its CJK
# aliases have one), so that Chinese prints at the font's size everywhere. Under a Latin face
# (Calibri) each application substitutes its own: LibreOffice's prints about 20 % smaller than
# Excel's, so text wraps, rows fit and the printed size differ from one to the other
CELL_FONT = "宋体"


def new_workbook(write_only: bool = False) -> Any:
    """A workbook with the Chinese default font (see ``chinese_default_font``). An ordinary
    workbook holds nothing open until its save (``workbook_bytes``); a write-only one streams
    its rows from the first ``append``: make that one with ``streaming``."""
    from openpyxl import Workbook

    wb = Workbook(write_only=write_only)
    chinese_default_font(wb)
    return wb


@contextmanager
def streaming() -> Iterator[Any]:
    """A write-only workbook: ``with streaming() as wb: ... return workbook_bytes(wb)``. On any
    exception its half-written sheets are closed and their temporary files removed (``discard``)."""
    wb = new_workbook(write_only=True)
    try:
        yield wb
    except BaseException:
        discard(wb)
        raise


@between_steps
def workbook_bytes(wb: Any) -> bytes:
    """The saved workbook. ``ctrl+c`` waits for the end of the save (``between_steps``): a save
    cut half-way would leave a sheet's writer open where ``discard`` cannot reach it."""
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def discard(wb: Any) -> None:
    """Close an unsaved workbook's open writers in the order they were opened from the inside
    out, and remove their temporary files. Errors are not raised: the workbook is thrown away,
    and the exception that stopped it is the one to report."""
    for ws in list(getattr(wb, "_sheets", ())):
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        if rows is not None:  # a write-only sheet's rows: ends <sheetData> while the stream is open
            with suppress(Exception):
                rows.close()
        if writer is not None:
            with suppress(Exception):
                writer.xf.close()  # ends <worksheet> and closes the temporary file
            with suppress(Exception):
                writer.cleanup()  # removes it (and forgets it in openpyxl's list of temp files)


def chinese_default_font(wb: Any) -> None:
    """Make ``CELL_FONT`` the workbook's default font (call on a new workbook). Column widths are
    counted in "0"s of the default font: under Calibri, an application without it (LibreOffice
    on Linux falls back to DejaVu Sans, a third wider) lays the columns out wider and prints
    everything smaller than Excel; a Chinese face is on every machine that opens these files."""
    from openpyxl.styles.fonts import DEFAULT_FONT
    from openpyxl.utils.indexed_list import IndexedList

    font = copy(DEFAULT_FONT)
    font.name, font.scheme, font.family, font.charset = CELL_FONT, None, 3, 134
    wb._fonts = IndexedList([font])
    wb._named_styles["Normal"].font = copy(font)


__all__ = ["CELL_FONT", "chinese_default_font", "discard", "new_workbook", "streaming", "workbook_bytes"]
