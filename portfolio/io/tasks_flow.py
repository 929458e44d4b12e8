"""Read a key-task list whose table was flowed into text lines (a PDF conversion, seeds 000
and 003): each cell broken over several short lines, in reading order (序号, 主要任务, 任务内容,
牵头单位, 配合单位, 责任单位, 完成时限), and the column headers repeated at each page.

How the lines are told apart:

* a page starts with a line indented by one space; header words there (序, 号, 主要, 任务 …)
  are skipped, as is the header under the table's title;
* ``一、…`` and ``（一）…`` lines are section headings; a line starting with the next task
  number (alone, or followed by a space and the first line of a cell) starts a task;
* after the number, short lines (at most 5 characters) are the task's name (主要任务), then the
  wide lines are its content: a short line still belongs to the content when it ends a
  sentence (``任务。``) or when the line before it was a full-width line not ending one;
* what follows are the unit columns and the deadline, cut into cells where a line ends a unit
  name (…局, …会, …人民政府, …单位, …等, …牵头) without a 、 after it, and where a line holds
  several cells separated by spaces (``区水利局 各镇人民政府 全年``). Justified lines
  (``区 工 业 和``: a space between every character) are read without their spaces and continue
  on the next line. With two unit cells, the second is the 责任单位 if it names a government
  (人民政府, 管委会 …), else the 配合单位.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..errors import ImportFormatError, printable
from ..i18n import _
from .tasklist import SECTION, SUBSECTION, TaskRow, is_government, squeeze

HEADER_WORDS = {"序", "号", "序号", "主要", "任务", "主要任务", "任务内容", "牵头", "单位", "牵头单位",
                "配合单位", "责任单位", "责任", "完成", "时限", "完成时限"}
NAME_MAX = 10  # display width of a name line (5 characters)
NARROW = 16  # display width of a unit or deadline line (8 characters)
UNIT_END = set("局会府委位等头进办院心")
NO_UNIT_START = set("、，,等会局府委单)）")
SENTENCE_END = ("。", "；", "！", "？")
_NUMBER = re.compile(r"^(\d{1,4})(?:\s+(\S.*))?$")
_CELL_GAP = re.compile(r"(?<=[\u4e00-\u9fff）)])\s+(?=[\u4e00-\u9fff（(])")


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _is_header_line(text: str) -> bool:
    words = text.split()
    return bool(words) and all(w in HEADER_WORDS or w == "任务内容" for w in words)


@dataclass
class _Piece:
    text: str
    line: int
    justified: bool = False  # a space between every character: the cell goes on
    new_cell: bool = False  # a cell of its own (several cells on one line)


def _unjustify(text: str) -> tuple[str, bool]:
    tokens = text.split()
    if len(tokens) >= 2 and all(len(t) == 1 for t in tokens):
        return "".join(tokens), True
    return text, False


@dataclass
class _Task:
    number: str
    line: int
    section: str
    subsection: str
    lines: list[tuple[str, int]]


def _title_index(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        s = squeeze(line)
        if s.endswith("重点工作任务清单") and not s.startswith("附件") and "《" not in s:
            return i
    raise ImportFormatError(_("No key-task list titled '…重点工作任务清单' found"))


def _gather(lines: list[str]) -> tuple[list[_Task], bool]:
    """The tasks' raw lines, and whether the table has a deadline column."""
    start = _title_index(lines)
    tasks: list[_Task] = []
    section = subsection = ""
    in_header = True
    header: list[str] = []
    for index in range(start + 1, len(lines)):
        raw = lines[index]
        s = raw.strip()
        if not s:
            continue
        number = index + 1
        if raw.startswith(" ") and _is_header_line(s):
            in_header = True
        if in_header:
            if _is_header_line(s):
                header.extend(s.split())
                continue
            in_header = False
        if s.startswith("附件"):
            break
        if len(s) <= 30 and (SECTION.match(s) or SUBSECTION.match(s)):
            if SECTION.match(s):
                section, subsection = s, ""
            else:
                subsection = s
            continue
        m = _NUMBER.match(s)
        if m and int(m.group(1)) == len(tasks) + 1:
            tasks.append(_Task(m.group(1), number, section, subsection, []))
            if m.group(2):
                tasks[-1].lines.append((m.group(2), number))
            continue
        if not tasks:
            raise ImportFormatError(_("line {n}: text before the first task: '{text}'").format(
                n=number, text=printable(s[:40])))
        tasks[-1].lines.append((s, number))
    words = "".join(header)
    return tasks, ("完成" in words or "时限" in words)


def _split_task(task: _Task, full: int, has_deadline: bool) -> TaskRow:
    where = _("line {n}").format(n=task.line)
    items = [(_unjustify(text), line) for text, line in task.lines]
    i = 0
    name: list[str] = []
    while i < len(items) and width(items[i][0][0]) <= NAME_MAX and len(_CELL_GAP.split(items[i][0][0])) == 1:
        name.append(items[i][0][0])
        i += 1
    content: list[str] = []
    while i < len(items):
        text = items[i][0][0]
        parts = _CELL_GAP.split(text)
        several_cells = len(parts) > 1 and all(width(p) <= NARROW for p in parts)
        if content and (several_cells or width(text) <= NARROW):
            before = content[-1]
            goes_on = text.endswith(SENTENCE_END) or (
                width(before) >= full and not before.endswith(SENTENCE_END))
            if several_cells or not goes_on:
                break
        content.append(text)
        i += 1
    if not content:
        raise ImportFormatError(_("{where}: task {n} has no content").format(where=where, n=task.number))
    pieces: list[_Piece] = []
    for (text, justified), line in items[i:]:
        parts = _CELL_GAP.split(text) if not justified else [text]
        for k, part in enumerate(parts):
            pieces.append(_Piece(part, line, justified and k == len(parts) - 1, new_cell=k > 0))
    cells: list[str] = []
    previous: _Piece | None = None
    for piece in pieces:
        boundary = previous is None or piece.new_cell or (
            previous.text[-1:] in UNIT_END and not previous.justified
            and piece.text[:1] not in NO_UNIT_START)
        if boundary:
            cells.append(piece.text)
        else:
            cells[-1] += piece.text
        previous = piece
    deadline = ""
    if has_deadline and cells and cells[-1][-1:] not in UNIT_END:
        deadline = cells.pop()
    lead = cooperating = responsible = ""
    if len(cells) == 1:
        lead = cells[0]
    elif len(cells) == 2:
        lead = cells[0]
        if is_government(cells[1]):
            responsible = cells[1]
        else:
            cooperating = cells[1]
    elif len(cells) == 3:
        lead, cooperating, responsible = cells
    else:
        raise ImportFormatError(
            _("{where}: task {n}: cannot tell the unit columns apart ({cells})").format(
                where=where, n=task.number, cells=" | ".join(cells) or "∅"))
    return TaskRow(
        number=task.number, name="".join(name), content="".join(content), lead=lead,
        cooperating=cooperating, responsible=responsible,
        deadline=squeeze(deadline),  # a PDF conversion's spaces, not the authors'
        section=task.section, subsection=task.subsection, where=where)


def flowed_rows(lines: list[str]) -> Iterator[TaskRow]:
    tasks, has_deadline = _gather(lines)
    if not tasks:
        raise ImportFormatError(_("No numbered tasks found after the key-task list's title"))
    widths = [width(_unjustify(text)[0]) for t in tasks for text, _line in t.lines]
    full = max(widths, default=0) - 10
    for task in tasks:
        yield _split_task(task, full, has_deadline)
