"""The task list's columns (``RecordKind`` "task"): code (plan and number), task, lead units, the
deadline as written and its date, status and the due state as of today (overdue in red, due
within 30 days in yellow)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...tables import UNIT_JOINER
from ..columns import Column, RecordKind, Width, register
from ..fields import Status, status_label
from ..project.columns import STATUS_COLOURS, STATUS_ORDER
from . import model as tk

DUE_ORDER = {tk.DueState.OVERDUE: 0, tk.DueState.DUE_SOON: 1, tk.DueState.OPEN: 2, tk.DueState.DONE: 3,
             tk.DueState.CANCELLED: 4}


DUE_COLOURS: dict[tk.DueState, str | None] = {
    tk.DueState.OVERDUE: "red", tk.DueState.DUE_SOON: "yellow", tk.DueState.OPEN: None, tk.DueState.DONE: "green",
    tk.DueState.CANCELLED: None,
}


# -- tasks ---------------------------------------------------------------------------------------
def task_due(t: tk.Task, as_of: date | None = None) -> tk.DueState:
    """The due state as of today (or ``as_of``)."""
    return tk.due_state(t, as_of or date.today())


def _task_order(t: tk.Task) -> tuple[int, str, int]:
    return (t.year, t.plan_code, t.number)


def _tc(key: str, cell: Any, **kwargs: Any) -> Column[tk.Task]:
    return Column(key, tk.FIELD_LABELS[key], cell, **kwargs)


TASK_COLUMNS: tuple[Column[tk.Task], ...] = (
    _tc("code", lambda t: t.code, sort_key=_task_order, width=Width(max=12), aliases=("编号",)),
    _tc("plan", lambda t: t.plan, sort_key=lambda t: (t.year, t.plan_code), width=Width(max=10),
        aliases=("计划", "方案")),
    _tc("plan_code", lambda t: t.plan_code, width=Width(max=9)),
    _tc("year", lambda t: str(t.year), sort_key=lambda t: t.year, width=Width(fixed=4), aliases=("年度",)),
    _tc("section", lambda t: t.section, width=Width(max=16), aliases=("sec", "章节")),
    _tc("subsection", lambda t: t.subsection, width=Width(max=16)),
    _tc("number", lambda t: str(t.number), sort_key=_task_order, width=Width(max=4), right=True,
        aliases=("no", "序号")),
    _tc("name", lambda t: t.title, width=Width(min=14, flex=True), aliases=("task", "任务")),
    _tc("lead_units", lambda t: UNIT_JOINER.join(t.lead_units), width=Width(max=14), aliases=("lead", "牵头")),
    _tc("cooperating_units", lambda t: UNIT_JOINER.join(t.cooperating_units), width=Width(max=18),
        aliases=("配合",)),
    _tc("responsible_units", lambda t: UNIT_JOINER.join(t.responsible_units), width=Width(max=18),
        aliases=("unit", "责任")),
    _tc("deadline_text", lambda t: t.deadline_text, sort_key=lambda t: (t.deadline, t.deadline_text) if t.deadline else None,  # undated: last either way
        width=Width(max=12), aliases=("时限",)),
    _tc("deadline", lambda t: t.deadline.isoformat() if t.deadline else "",
        sort_key=lambda t: t.deadline, width=Width(fixed=10), aliases=("date", "日期")),
    _tc("status", lambda t: status_label(t.status), sort_key=lambda t: STATUS_ORDER[t.status], width=Width(max=10),
        style=lambda t: STATUS_COLOURS[t.status], aliases=("状态",),
        labels=lambda: (status_label(s) for s in Status)),
    _tc("progress_percent", lambda t: f"{t.progress_percent:g}%", sort_key=lambda t: t.progress_percent,
        width=Width(fixed=5), right=True, aliases=("progress", "进度")),
    _tc("due", lambda t: tk.due_label(task_due(t)), sort_key=lambda t: (DUE_ORDER[task_due(t)], _task_order(t)),
        width=Width(max=10), style=lambda t: DUE_COLOURS[task_due(t)], aliases=("期限状态",),
        labels=lambda: (tk.due_label(s) for s in tk.DueState)),
    _tc("content", lambda t: t.content, width=Width(max=30), aliases=("内容",)),
)


TASK_KIND: RecordKind[tk.Task] = RecordKind(
    name="task",
    columns=TASK_COLUMNS,
    # the code names plan and number (LZS2022W-01): number alone repeats across the plans
    default_columns=("code", "name", "lead_units", "deadline_text", "deadline", "status", "due"),
    plan_order=_task_order,
    ident=lambda t: t.code,
    narrow_drops=("deadline_text", "status", "deadline"),  # the detail shows them; the due state stays
)


register(TASK_KIND)
