"""Read the key-project appendix from the plan as plain text (the seed's layout).

In the text conversion every table cell starts on its own tab-indented line; a line without
the leading tab continues the cell above it (a content cell of several paragraphs); a blank
line ends a table row.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import ImportFormatError
from ..i18n import _
from ..records.project.model import Project
from .appendix import APPENDIX_TITLE, AppendixRow, rows_to_projects


def find_appendix(lines: list[str]) -> int:
    """Index of the first line after the appendix title (附件：…重点工程项目)."""
    for i, line in enumerate(lines):
        s = line.strip()
        if s.startswith("附件") and APPENDIX_TITLE in s:
            return i + 1
    raise ImportFormatError(
        _("No appendix titled '附件：…{title}' found").format(title=APPENDIX_TITLE)
    )


def text_rows(text: str) -> Iterator[AppendixRow]:
    lines = text.splitlines()
    start = find_appendix(lines)
    cells: list[str] = []
    first_line = start + 1
    for number, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() and not line.startswith("\t"):
            if cells:
                yield AppendixRow(tuple(cells), _("line {n}").format(n=first_line))
            cells = []
            continue
        if line.startswith("\t"):
            if not cells:
                first_line = number
            cells.append(line[1:])
        elif cells:
            cells[-1] += "\n" + line
        # text before the table (the repeated title) is not part of any row
    if cells:
        yield AppendixRow(tuple(cells), _("line {n}").format(n=first_line))


def read_plan_text(path: Path) -> list[Project]:
    from ..limits import check_file_size

    check_file_size(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            _("{path} is not UTF-8 text (byte {pos})").format(path=path, pos=exc.start)
        ) from None
    return rows_to_projects(text_rows(text))
