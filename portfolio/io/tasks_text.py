"""Read an annual work plan's key-task list from plain text.

Two layouts are recognised:

* **tab-separated** (seeds 001, 002): the header ``序号⇥主要任务⇥任务内容⇥牵头单位⇥配合单位⇥
  责任单位⇥完成时限`` (repeated at each page), one task per line, section rows (``一、…``,
  ``（一）…``) either as tab rows with empty cells or as lines of their own;
* **flowed** (seeds 000, 003, converted from PDF): every cell broken over several lines and
  page headers in between; read by ``tasks_flow``.

The table ends at the next ``附件`` heading. Any other line inside it is an error naming it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import ImportFormatError, printable
from ..i18n import _
from ..records.task.model import Task
from .tasklist import SECTION, SUBSECTION, TaskRow, find_plan_title, rows_to_tasks, squeeze

HEADER_CELLS = ("序号", "主要任务", "任务内容", "牵头单位", "配合单位", "责任单位", "完成时限")
_RULE = re.compile(r"^[-\s\t—]+$")
_ANNEX = re.compile(r"^附件\s*\d")


def read_text(path: Path) -> str:
    from ..limits import check_file_size

    check_file_size(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            _("{path} is not UTF-8 text (byte {pos})").format(path=path, pos=exc.start)) from None


def _is_header(cells: list[str]) -> bool:
    return len(cells) >= 6 and squeeze(cells[0]) == "序号" and squeeze(cells[1]) == "主要任务"


def tab_rows(lines: list[str]) -> Iterator[TaskRow]:
    """The task rows of the tab-separated layout."""
    start = next((i for i, line in enumerate(lines) if _is_header(line.split("\t"))), None)
    if start is None:
        raise ImportFormatError(_("No key-task table (a header row 序号, 主要任务, 任务内容 …) found"))
    header = [squeeze(c) for c in lines[start].split("\t")]
    width = len(header)
    has_deadline = "完成时限" in header
    section = subsection = ""
    for number, line in enumerate(lines[start:], start=start + 1):
        where = _("line {n}").format(n=number)
        stripped = line.strip()
        if not stripped or _RULE.match(line):
            continue
        if _ANNEX.match(stripped):
            return
        cells = line.split("\t")
        if _is_header(cells):
            continue
        first = cells[0].strip()
        rest = [c for c in cells[1:] if c.strip()]
        if not rest and SECTION.match(first):
            section, subsection = first, ""
            continue
        if not rest and SUBSECTION.match(first):
            subsection = first
            continue
        if not first.isdigit() or len(cells) < 3:
            raise ImportFormatError(
                _("{where}: not a task row (number, task, content …) nor a section heading: '{text}'")
                .format(where=where, text=printable(stripped[:40])))
        if len(cells) > width:
            raise ImportFormatError(_("{where}: {n} cells, the header has {width}").format(
                where=where, n=len(cells), width=width))
        cells = cells + [""] * (width - len(cells))
        by_name = dict(zip(header, cells, strict=True))
        yield TaskRow(
            number=first, name=by_name.get("主要任务", ""), content=by_name.get("任务内容", ""),
            lead=by_name.get("牵头单位", ""), cooperating=by_name.get("配合单位", ""),
            responsible=by_name.get("责任单位", ""),
            deadline=by_name.get("完成时限", "") if has_deadline else "",
            section=section, subsection=subsection, where=where)


def tasks_from_text(text: str) -> list[Task]:
    lines = text.splitlines()
    info, _index = find_plan_title(lines)
    if any(_is_header(line.split("\t")) for line in lines):
        return rows_to_tasks(info, tab_rows(lines))
    from .tasks_flow import flowed_rows

    return rows_to_tasks(info, flowed_rows(lines))


def read_tasks_text(path: Path) -> list[Task]:
    return tasks_from_text(read_text(path))
