"""Read an annual work plan's key-task list from its Word version (.docx).

The list is the table whose header row holds 序号 and 主要任务 (repeated header rows are
skipped); section rows are rows whose only text is a heading (``一、…``, ``（一）…``, merged
across or in the first cell); a name cell merged down (``vMerge``) reads as empty and is carried
down as in the text. A document without such a table (the text version saved as Word) is read
through the text layouts (``tasks_text``). Both give the same records.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import ImportFormatError, printable
from ..i18n import _
from ..records.task.model import Task
from .plan_docx import open_docx, table_rows
from .tasklist import SECTION, SUBSECTION, TaskRow, find_plan_title, rows_to_tasks, squeeze
from .tasks_text import tasks_from_text


def _open(path: Path) -> object:
    return open_docx(path)  # limits checked, parser failures one line


def _header(cells: list[str]) -> list[str] | None:
    names = [squeeze(c) for c in cells]
    return names if "序号" in names and "主要任务" in names else None


def _table_task_rows(rows: list[list[str]], t_index: int) -> Iterator[TaskRow]:
    header: list[str] | None = None
    section = subsection = ""
    for r_index, cells in enumerate(rows, start=1):
        where = _("table {t}, row {r}").format(t=t_index, r=r_index)
        found = _header(cells)
        if found:
            header = found
            continue
        if header is None:
            continue
        texts = [c.strip() for c in cells]
        distinct = {t for t in texts if t}
        if not distinct:
            continue
        if len(distinct) == 1 and not texts[0].isdigit():
            only = distinct.pop()
            if SECTION.match(only):
                section, subsection = only, ""
                continue
            if SUBSECTION.match(only):
                subsection = only
                continue
        if not texts[0].isdigit():
            raise ImportFormatError(_("{where}: not a task row nor a section heading: '{text}'").format(
                where=where, text=printable(" | ".join(texts)[:40])))
        by_name = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=False))
        yield TaskRow(
            number=texts[0], name=by_name.get("主要任务", ""), content=by_name.get("任务内容", ""),
            lead=by_name.get("牵头单位", ""), cooperating=by_name.get("配合单位", ""),
            responsible=by_name.get("责任单位", ""), deadline=by_name.get("完成时限", ""),
            section=section, subsection=subsection, where=where)


def read_tasks_docx(path: Path) -> list[Task]:
    document = _open(path)
    paragraphs = [p.text for p in document.paragraphs]  # type: ignore[attr-defined]
    for t_index, table in enumerate(document.tables, start=1):  # type: ignore[attr-defined]
        rows = table_rows(table, t_index, path)
        if any(_header(r) for r in rows[:3]):
            info, _i = find_plan_title(paragraphs)
            return rows_to_tasks(info, _table_task_rows(rows, t_index))
    return tasks_from_text("\n".join(paragraphs))


def docx_text(path: Path) -> str:
    """The paragraphs' text (to recognise what kind of plan a .docx holds)."""
    document = _open(path)
    return "\n".join(p.text for p in document.paragraphs)  # type: ignore[attr-defined]
