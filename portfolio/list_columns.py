"""The columns of the task and indicator lists (``RecordKind`` "task" and "indicator"), beside
the project columns (``project_columns``): the same table, sorting, column picker and status
bar serve all three lists.

* Indicators: number, indicator, sub-indicator, unit, the 2020 baseline and the 2025 target
  as written, attribute, the latest value reported by the review date in force and the state
  as of that date (``review_date``).
* Tasks: code (plan and number), task, lead units, the deadline as written and its date, status and the
  due state as of today (overdue in red, due within 30 days in yellow).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .columns import Column, RecordKind, Width, register
from .i18n import _
from .models import Status, status_label
from .project_columns import STATUS_COLOURS, STATUS_ORDER, review_date
from .records import indicator as ind
from .records import task as tk

UNIT_JOINER = "、"
STATE_ORDER = {s: i for i, s in enumerate(
    (ind.IndicatorState.OFF_PATH, ind.IndicatorState.NOT_MET, ind.IndicatorState.TO_JUDGE,
     ind.IndicatorState.NOT_REPORTED, ind.IndicatorState.ON_PATH, ind.IndicatorState.MET))}
STATE_COLOURS: dict[ind.IndicatorState, str | None] = {
    ind.IndicatorState.MET: "green", ind.IndicatorState.ON_PATH: "green", ind.IndicatorState.OFF_PATH: "red",
    ind.IndicatorState.NOT_MET: "red", ind.IndicatorState.TO_JUDGE: "yellow", ind.IndicatorState.NOT_REPORTED: None,
}
DUE_ORDER = {tk.DueState.OVERDUE: 0, tk.DueState.DUE_SOON: 1, tk.DueState.OPEN: 2, tk.DueState.DONE: 3}
DUE_COLOURS: dict[tk.DueState, str | None] = {
    tk.DueState.OVERDUE: "red", tk.DueState.DUE_SOON: "yellow", tk.DueState.OPEN: None, tk.DueState.DONE: "green",
}
ATTRIBUTE_ORDER = {zh: i for i, (zh, _en) in enumerate(ind.ATTRIBUTES)}
CATEGORY_ORDER = {zh: i for i, (zh, _en) in enumerate(ind.CATEGORIES)}


# -- indicators ----------------------------------------------------------------------------------
def indicator_state(i: ind.Indicator, as_of: date | None = None) -> ind.IndicatorState:
    """The state as of the review date in force (or ``as_of``)."""
    return ind.indicator_state(i, as_of or review_date())


def latest_text(i: ind.Indicator, as_of: date | None = None) -> str:
    latest = i.latest_value(as_of or review_date())
    return f"{latest.value}（{latest.year}）" if latest else ""


def _latest_key(i: ind.Indicator) -> tuple[int, float]:
    latest = i.latest_value(review_date())
    if latest is None:
        return (1, 0.0)
    number = latest.number
    return (0, number if number is not None else 0.0)


def _indicator_order(i: ind.Indicator) -> tuple[int, str]:
    return (len(i.code), i.code)


def _ic(key: str, cell: Any, **kwargs: Any) -> Column[ind.Indicator]:
    return Column(key, ind.FIELD_LABELS[key], cell, **kwargs)


INDICATOR_COLUMNS: tuple[Column[ind.Indicator], ...] = (
    _ic("code", lambda i: i.code, sort_key=_indicator_order, width=Width(max=5), aliases=("编号",)),
    _ic("category", lambda i: ind.category_text(i.category), sort_key=lambda i: CATEGORY_ORDER[i.category],
        width=Width(max=12), aliases=("cat", "类别")),
    _ic("number", lambda i: str(i.number), sort_key=lambda i: (i.number, _indicator_order(i)),
        width=Width(max=4), right=True, aliases=("no", "序号")),
    _ic("name", lambda i: i.name, width=Width(min=12, flex=True), aliases=("indicator", "指标")),
    _ic("sub_name", lambda i: i.sub_name, width=Width(max=14), aliases=("sub", "子指标")),
    _ic("unit", lambda i: i.unit, width=Width(max=10), aliases=("单位",)),
    _ic("baseline_2020", lambda i: i.baseline_2020, width=Width(max=10), aliases=("baseline", "基准值", "2020")),
    _ic("target_2025", lambda i: i.target_2025, width=Width(max=12), aliases=("target", "目标值", "2025")),
    _ic("attribute", lambda i: ind.attribute_text(i.attribute), sort_key=lambda i: ATTRIBUTE_ORDER[i.attribute],
        width=Width(max=8), aliases=("attr", "属性")),
    _ic("latest", lambda i: latest_text(i), sort_key=_latest_key, width=Width(max=14), aliases=("最新值",)),
    _ic("state", lambda i: ind.indicator_state_label(indicator_state(i)),
        sort_key=lambda i: STATE_ORDER[indicator_state(i)], width=Width(max=12),
        style=lambda i: STATE_COLOURS[indicator_state(i)], aliases=("状态",),
        labels=lambda: (ind.indicator_state_label(s) for s in ind.IndicatorState)),
    _ic("direction", lambda i: _direction_text(i), width=Width(max=6), aliases=("方向",)),
    _ic("note", lambda i: i.note, width=Width(max=20), aliases=("备注",)),
)


def _direction_text(i: ind.Indicator) -> str:
    return _(ind.DIRECTION_LABELS[i.direction]) if i.direction else ""


INDICATOR_KIND: RecordKind[ind.Indicator] = RecordKind(
    name="indicator",
    columns=INDICATOR_COLUMNS,
    default_columns=("number", "name", "sub_name", "unit", "baseline_2020", "target_2025", "attribute", "latest",
                     "state"),
    plan_order=_indicator_order,
    ident=lambda i: i.code,
    # the detail shows them; the sub-indicator goes last (I01/I02, I06-I11 differ only by it)
    narrow_drops=("latest", "attribute", "baseline_2020", "unit", "target_2025", "sub_name"),
)


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
    _tc("deadline_text", lambda t: t.deadline_text, sort_key=lambda t: (t.deadline or date.max, t.deadline_text),
        width=Width(max=12), aliases=("时限",)),
    _tc("deadline", lambda t: t.deadline.isoformat() if t.deadline else "",
        sort_key=lambda t: t.deadline or date.max, width=Width(fixed=10), aliases=("date", "日期")),
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

register(INDICATOR_KIND)
register(TASK_KIND)
