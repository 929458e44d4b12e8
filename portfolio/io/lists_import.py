"""Importing the three lists into a database: what ``portfolio import`` does with a plan
(projects and its indicator table) or an annual work plan (tasks).

A re-import takes the plan's fields from the file and keeps what was tracked since (a task's
status, progress and log; an indicator's reported values): importing the same file twice
changes nothing. Everything is written through the repository (``upsert_many``: one atomic
step per kind, journalled, undoable).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ImportFormatError
from ..i18n import _
from ..records.indicator.model import Indicator
from ..records.task.model import Task
from ..store import Change, Repository

TASK_PLAN_FIELDS = ("plan", "plan_code", "year", "section", "subsection", "number", "name", "content",
                    "lead_units", "cooperating_units", "responsible_units", "deadline_text", "deadline",
                    "continued")
INDICATOR_PLAN_FIELDS = ("category", "number", "name", "sub_name", "unit", "baseline_2020", "target_2025",
                         "attribute", "direction", "note", "continued")


@dataclass
class PlanFile:
    """What a plan file holds: the projects of its appendix and its indicators, or tasks."""

    kind: str  # "plan" or "tasks"
    projects: list[Any]
    indicators: list[Indicator]
    tasks: list[Task]


def read_plan_file(path: Path) -> PlanFile:
    """Recognise a plan (.txt/.docx): an annual work plan gives tasks; the five-year plan its
    key projects and, where the text holds it, the indicator table (专栏2)."""
    from .indicators import has_indicator_table, indicators_from_text
    from .tasklist import looks_like_task_plan
    from .tasks_text import read_text

    if path.suffix.lower() == ".docx":
        from .tasks_docx import docx_text, read_tasks_docx

        text = docx_text(path)
        if looks_like_task_plan(text) or _has_task_table(path):
            return PlanFile("tasks", [], [], read_tasks_docx(path))
        from .plan_docx import read_plan_docx

        projects = read_plan_docx(path)
    else:
        text = read_text(path)
        if looks_like_task_plan(text):
            from .tasks_text import tasks_from_text

            return PlanFile("tasks", [], [], tasks_from_text(text))
        from .plan_text import read_plan_text

        projects = read_plan_text(path)
    indicators = indicators_from_text(text) if has_indicator_table(text) else []
    return PlanFile("plan", projects, indicators, [])


def _has_task_table(path: Path) -> bool:
    from .plan_docx import open_docx, table_rows
    from .tasklist import squeeze

    for t_index, table in enumerate(open_docx(path).tables, start=1):
        for row in table_rows(table, t_index, path)[:3]:
            cells = [squeeze(c) for c in row]
            if "序号" in cells and "主要任务" in cells:
                return True
    return False


def merged(repo: Repository, kind: str, records: list[Any], plan_fields: tuple[str, ...]) -> list[Any]:
    """The file's plan fields over the stored records' other fields."""
    out = []
    for record in records:
        try:
            current = repo.get(record.code, kind)
        except Exception:
            out.append(record)
            continue
        out.append(current.model_copy(update={f: getattr(record, f) for f in plan_fields}))
    return out


def import_records(repo: Repository, kind: str, records: list[Any], dry_run: bool = False) -> list[Any] | list[Change]:
    """Upsert ``records`` of ``kind`` (plan fields only for existing ones). With ``dry_run``,
    the records that would change; else the changes written."""
    fields = TASK_PLAN_FIELDS if kind == "task" else INDICATOR_PLAN_FIELDS
    todo = merged(repo, kind, records, fields)
    if dry_run:
        return repo.differing(todo, kind)
    if not todo:
        return []
    return repo.upsert_many(todo, kind=kind)


def check_plan_codes(repo: Repository, tasks: list[Task]) -> None:
    """Two different plans must not share a plan code (the same place, year and subject)."""
    if not tasks:
        return
    code, title = tasks[0].plan_code, tasks[0].plan
    for stored in repo.records("task"):
        if stored.plan_code == code and stored.plan != title:
            raise ImportFormatError(_("Plan code {code} is already used by '{other}'").format(
                code=code, other=stored.plan))
