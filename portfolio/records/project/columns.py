"""The project list's columns (``RecordKind`` "project"): every field a planner may show,
sort or hide, plus the progress against 序时进度 as a small bar.

The review date in force (``review_date``) is the latest of the plan's review dates
(mid-term 2023-12-31, final 2025-12-31; ``portfolio.review.dates``) on or before today,
the mid-term one before it; the 序时进度 and light columns and the status bar use it."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...i18n import N_
from ...review.dates import default_review_date
from ...review.lights import LIGHT_COLOURS, Light
from ...review.states import ScheduleState, expected_progress, project_light, schedule_state
from ...store.kinds import plan_order
from ...tables import percent_text
from ..columns import Column, RecordKind, Width, register
from ..fields import Status
from .categories import ORDER
from .model import FIELD_LABELS, Project
from .views import CELLS, LIST_COLUMNS

STATUS_ORDER = {s: i for i, s in enumerate(Status)}


SCHEDULE_COLOURS: dict[ScheduleState, str | None] = {
    ScheduleState.COMPLETED: "green",
    ScheduleState.ON_TRACK: "green",
    ScheduleState.BEHIND: "red",
    ScheduleState.OVERDUE: "red",
    ScheduleState.NOT_REPORTED: "yellow",
    ScheduleState.NOT_STARTED_YET: None,
    ScheduleState.SUSPENDED: "magenta",
    ScheduleState.CANCELLED: None,
}


STATUS_COLOURS: dict[Status, str | None] = {
    Status.COMPLETED: "green", Status.IN_PROGRESS: "cyan", Status.NOT_STARTED: "yellow",
    Status.SUSPENDED: "magenta", Status.CANCELLED: "dim", Status.NOT_REPORTED: None,
}


LIGHT_ORDER = {Light.RED: 0, Light.YELLOW: 1, Light.GREEN: 2}  # red first; none last


def review_date(today: date | None = None) -> date:
    """The review date in force: the latest review date on or before ``today``."""
    return default_review_date(today)


def _light_colour(p: Project) -> str | None:
    light = project_light(p)
    return None if light is None else f"#{LIGHT_COLOURS[light]}"


def _light_order(p: Project) -> int | None:
    light = project_light(p)
    return None if light is None else LIGHT_ORDER[light]


def _schedule_bar(p: Project) -> tuple[float, float | None]:
    return p.progress_percent, expected_progress(p, review_date())


def _schedule_text(p: Project) -> str:
    expected = expected_progress(p, review_date())
    return f"{percent_text(p.progress_percent)}/{percent_text(round(expected))}"


def _schedule_colour(p: Project) -> str | None:
    return SCHEDULE_COLOURS[schedule_state(p, review_date()).state]


def _label(key: str) -> str:
    return FIELD_LABELS[key]


def _col(key: str, **kwargs: Any) -> Column[Project]:
    return Column(key, _label(key), CELLS[key], **kwargs)


PROJECT_COLUMNS: tuple[Column[Project], ...] = (
    _col("code", sort_key=plan_order, width=Width(max=6), aliases=("编号",)),
    _col("name", width=Width(min=16, flex=True), aliases=("名称", "项目名称")),
    _col("category", sort_key=lambda p: ORDER[p.category], width=Width(max=8), aliases=("cat", "类别")),
    _col("subcategory", width=Width(max=14), aliases=("sub", "子类")),
    _col("years", sort_key=lambda p: (p.start_year, p.end_year), width=Width(fixed=9), aliases=("year", "年限")),
    _col("start_year", sort_key=lambda p: p.start_year, width=Width(fixed=4), aliases=("start", "开始")),
    _col("end_year", sort_key=lambda p: p.end_year, width=Width(fixed=4), aliases=("end", "结束")),
    _col("lead_unit", width=Width(max=12), aliases=("lead", "牵头", "牵头单位")),
    _col("units", width=Width(max=24), aliases=("unit", "单位")),
    _col("status", sort_key=lambda p: STATUS_ORDER[p.status], width=Width(max=12),
         style=lambda p: STATUS_COLOURS[p.status], aliases=("状态",)),
    _col("progress_percent", sort_key=lambda p: p.progress_percent, width=Width(fixed=5), right=True,
         aliases=("progress", "进度")),
    _col("light", sort_key=_light_order, width=Width(max=8), style=_light_colour, aliases=("灯", "lights")),
    Column("schedule", N_("Progress vs 序时进度"), _schedule_text,
           sort_key=lambda p: p.progress_percent - expected_progress(p, review_date()),
           width=Width(fixed=12), style=_schedule_colour, bar=_schedule_bar, aliases=("序时进度", "gap")),
    _col("planned_investment", sort_key=lambda p: p.planned_investment, width=Width(max=12), right=True,
         aliases=("planned",)),
    _col("completed_investment", sort_key=lambda p: p.completed_investment, width=Width(max=12), right=True,
         aliases=("completed",)),
    _col("updated_at", sort_key=lambda p: p.updated_at, width=Width(max=16), aliases=("updated",)),
    _col("content", width=Width(max=30)),
    _col("scale", width=Width(max=20)),
)


PROJECT_KIND: RecordKind[Project] = RecordKind(
    name="project",
    columns=PROJECT_COLUMNS,
    default_columns=LIST_COLUMNS,
    plan_order=plan_order,
    ident=lambda p: p.code,
    narrow_drops=("category", "years", "progress_percent"),  # the detail shows them
)


register(PROJECT_KIND)
