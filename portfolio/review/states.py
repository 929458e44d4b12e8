"""Mid-term review computations (no UI): 序时进度, schedule states, figures by category,
investment, and the responsibility matrix.

A project runs from 1 January of its start year to 31 December of its end year and is due
at the end of its end year. Its 序时进度 (expected progress) at an as-of date is the elapsed
share of that span. Each project gets one schedule state (``ScheduleState``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from ..categories import CATEGORIES, CategoryKey
from ..i18n import N_, _, format_date, format_number, format_percent, get_language
from ..models import Project, Status
from ..store.schema import gc_paused

DEFAULT_MARGIN = 10.0
MID_TERM = date(2023, 12, 31)
FINAL = date(2025, 12, 31)


class ScheduleState(StrEnum):
    COMPLETED = "completed"
    OVERDUE = "overdue"
    BEHIND = "behind"
    ON_TRACK = "on_track"
    NOT_REPORTED = "not_reported"
    NOT_STARTED_YET = "not_started_yet"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


STATE_LABELS: dict[ScheduleState, str] = {
    ScheduleState.COMPLETED: N_("completed"),
    ScheduleState.OVERDUE: N_("overdue"),
    ScheduleState.BEHIND: N_("behind schedule"),
    ScheduleState.ON_TRACK: N_("on track"),
    ScheduleState.NOT_REPORTED: N_("not reported"),
    ScheduleState.NOT_STARTED_YET: N_("not started yet"),
    ScheduleState.SUSPENDED: N_("suspended"),
    ScheduleState.CANCELLED: N_("cancelled"),
}
# the order of the columns in the figures
STATE_ORDER = tuple(ScheduleState)


def state_label(state: ScheduleState | str) -> str:
    return _(STATE_LABELS[ScheduleState(state)])


def start_date(p: Project) -> date:
    return date(p.start_year, 1, 1)


def due_date(p: Project) -> date:
    return date(p.end_year, 12, 31)


def expected_progress(p: Project, as_of: date) -> float:
    """序时进度: the elapsed share (0-100) of the project's years at ``as_of``."""
    start, end = start_date(p), due_date(p)
    if as_of < start:
        return 0.0
    if as_of >= end:
        return 100.0
    return 100.0 * ((as_of - start).days + 1) / ((end - start).days + 1)


@dataclass(frozen=True)
class ProjectReview:
    project: Project
    state: ScheduleState
    expected: float  # 序时进度
    never_reported: bool  # flagged with overdue projects whose status was never reported

    @property
    def gap(self) -> float:
        """Reported progress minus 序时进度 (negative: behind)."""
        return self.project.progress_percent - self.expected


def schedule_state(p: Project, as_of: date, margin: float = DEFAULT_MARGIN) -> ProjectReview:
    expected = expected_progress(p, as_of)
    never = p.status == Status.NOT_REPORTED
    if p.status == Status.COMPLETED:
        state = ScheduleState.COMPLETED
    elif p.status == Status.CANCELLED:
        state = ScheduleState.CANCELLED
    elif p.status == Status.SUSPENDED:
        state = ScheduleState.SUSPENDED
    elif due_date(p) <= as_of:
        state = ScheduleState.OVERDUE
    elif start_date(p) > as_of:
        state = ScheduleState.NOT_STARTED_YET
    elif never:
        state = ScheduleState.NOT_REPORTED
    elif p.progress_percent < expected - margin:
        state = ScheduleState.BEHIND
    else:
        state = ScheduleState.ON_TRACK
    return ProjectReview(p, state, expected, never and state == ScheduleState.OVERDUE)


@dataclass(frozen=True)
class CategoryFigures:
    key: CategoryKey
    total: int
    counts: dict[ScheduleState, int]
    due: int  # due on or before the as-of date
    completed: int
    planned: float | None
    invested: float | None

    @property
    def completion_rate(self) -> float:
        """Completed among the projects not cancelled (0-100)."""
        active = self.total - self.counts.get(ScheduleState.CANCELLED, 0)
        return 100.0 * self.completed / active if active else 0.0

    @property
    def investment_rate(self) -> float | None:
        if not self.planned or self.invested is None:
            return None
        return 100.0 * self.invested / self.planned


@dataclass(frozen=True)
class UnitDuty:
    project: ProjectReview
    lead: bool


@dataclass
class Review:
    as_of: date
    margin: float
    items: list[ProjectReview]
    categories: list[CategoryFigures] = field(default_factory=list)
    totals: CategoryFigures | None = None

    def by_state(self, *states: ScheduleState) -> list[ProjectReview]:
        return [r for r in self.items if r.state in states]

    @property
    def overdue(self) -> list[ProjectReview]:
        return self.by_state(ScheduleState.OVERDUE)

    @property
    def behind(self) -> list[ProjectReview]:
        return self.by_state(ScheduleState.BEHIND)

    @property
    def due(self) -> list[ProjectReview]:
        return [r for r in self.items if due_date(r.project) <= self.as_of]

    def units(self) -> dict[str, list[UnitDuty]]:
        """Responsibility matrix: each unit -> its projects (lead or participating)."""
        matrix: dict[str, list[UnitDuty]] = {}
        for r in self.items:
            for i, unit in enumerate(r.project.units):
                matrix.setdefault(unit, []).append(UnitDuty(r, i == 0))
        return matrix

    def as_of_phrase(self) -> str:
        if (self.as_of.month, self.as_of.day) == (12, 31):
            return _("the end of {year}").format(year=self.as_of.year)
        return format_date(self.as_of)

    def summary(self) -> str:
        """A paragraph written from the figures, for the report."""
        total = len(self.items)
        due = self.due
        done_due = sum(1 for r in due if r.state == ScheduleState.COMPLETED)
        overdue = self.overdue
        never = sum(1 for r in overdue if r.never_reported)
        parts = [_("Of the {total} key projects, {due} were due by {date}: {done} completed, "
                   "{overdue} overdue ({never} of them never reported).").format(
            total=total, due=len(due), date=self.as_of_phrase(), done=done_due,
            overdue=len(overdue), never=never)]
        running = [r for r in self.items if r not in due and r.state not in (
            ScheduleState.CANCELLED, ScheduleState.NOT_STARTED_YET)]
        if running:
            parts.append(_("Of the {n} projects still running, {on_track} are on track, {behind} behind "
                           "schedule (more than {margin} points below 序时进度) and {unreported} "
                           "not reported.").format(
                n=len(running), on_track=sum(r.state == ScheduleState.ON_TRACK for r in running),
                behind=sum(r.state == ScheduleState.BEHIND for r in running),
                margin=format_number(self.margin), unreported=sum(
                    r.state == ScheduleState.NOT_REPORTED for r in running)))
        totals = self.totals
        if totals is not None:
            parts.append(_("Overall completion rate: {rate}.").format(
                rate=format_percent(totals.completion_rate, 1)))
            if totals.planned:
                parts.append(_("Completed investment {done} of planned {planned} (10k yuan), {rate}.").format(
                    done=format_number(totals.invested or 0, 2), planned=format_number(totals.planned, 2),
                    rate=format_percent(totals.investment_rate or 0, 1)))
        # Chinese sentences follow each other without a space
        return ("" if get_language() == "zh_CN" else " ").join(parts)


def _figures(key: CategoryKey, items: Sequence[ProjectReview], as_of: date) -> CategoryFigures:
    counts = {s: 0 for s in STATE_ORDER}
    for r in items:
        counts[r.state] += 1
    planned_values = [r.project.planned_investment for r in items if r.project.planned_investment is not None]
    invested_values = [r.project.completed_investment for r in items
                       if r.project.completed_investment is not None]
    return CategoryFigures(
        key=key, total=len(items), counts=counts,
        due=sum(1 for r in items if due_date(r.project) <= as_of),
        completed=counts[ScheduleState.COMPLETED],
        planned=sum(planned_values) if planned_values else None,
        invested=sum(invested_values) if invested_values else None,
    )


def review(projects: Sequence[Project], as_of: date | None = None,
           margin: float = DEFAULT_MARGIN) -> Review:
    when = as_of or date.today()
    with gc_paused():
        items = [schedule_state(p, when, margin) for p in projects]
    result = Review(when, margin, items)
    result.categories = [
        _figures(c.key, [r for r in items if r.project.category == c.key], when) for c in CATEGORIES
    ]
    result.totals = _figures(CategoryKey.WATER, items, when)
    return result
