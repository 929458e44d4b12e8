"""Review computations (no UI): 序时进度, schedule states, traffic lights, figures by
category, investment, and the responsibility matrix.

A project runs from 1 January of its start year to 31 December of its end year and is due
at the end of its end year. Its 序时进度 (expected progress) at an as-of date is the elapsed
share of that span. Each project gets one schedule state (``ScheduleState``) and a light.

**As of a date.** A project's status, progress and completed investment are those of its
last progress report dated on or before the as-of date (``reported_as_of``); reports dated
later are ignored; no report by then means ``not_reported``. A project whose progress log is
empty has its current status, progress and investment taken as a report of unknown date
that holds at every date: databases filled before the log existed (imports, the plan's
bundled data, whose projects are all ``not_reported``) keep their figures. Once a project
has a log, the log alone decides.

**Lights** (``light_of``): overdue is red; a project running (on track, behind, not
reported, suspended) gets ``lights.light_for`` of its progress against 序时进度 (a project
never reported counts as 0 %); completed is green; cancelled and not started yet (before its
start year) have no light: there is nothing to judge.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..i18n import N_, _
from ..records.fields import Status
from ..records.project.model import Project
from .dates import FINAL, MID_TERM, default_review_date
from .lights import THRESHOLDS, Light, Thresholds, light_for

__all__ = ["FINAL", "MID_TERM", "default_review_date"]  # the review dates live in .dates

DEFAULT_MARGIN = 10.0


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


# ordinals of 1 January / 31 December by year: the per-project arithmetic in integers
_JAN1: dict[int, int] = {}
_DEC31: dict[int, int] = {}


def _jan1(year: int) -> int:
    o = _JAN1.get(year)
    if o is None:
        o = _JAN1[year] = date(year, 1, 1).toordinal()
    return o


def _dec31(year: int) -> int:
    o = _DEC31.get(year)
    if o is None:
        o = _DEC31[year] = date(year, 12, 31).toordinal()
    return o


def _expected(start_year: int, end_year: int, day: int) -> float:
    start, end = _jan1(start_year), _dec31(end_year)
    if day < start:
        return 0.0
    if day >= end:
        return 100.0
    return 100.0 * (day - start + 1) / (end - start + 1)


def expected_progress(p: Project, as_of: date) -> float:
    """序时进度: the elapsed share (0-100) of the project's years at ``as_of``."""
    return _expected(p.start_year, p.end_year, as_of.toordinal())


@dataclass(frozen=True, slots=True)
class Reported:
    """What a project had reported by a date."""

    status: Status
    progress: float
    invested: float | None  # completed investment, 万元
    on: date | None  # the date of the report in force (None: no log, or none by then)


def reported_as_of(p: Project, as_of: date) -> Reported:
    """The project's status, progress and completed investment as last reported on or before
    ``as_of`` (see the module's docstring for a project without a log)."""
    log = p.progress_log
    if not log:
        return Reported(p.status, p.progress_percent, p.completed_investment, None)
    best = None
    invested: float | None = None
    invested_on: date | None = None
    any_investment = False
    latest = log[0].date
    for e in log:  # a short list, in any order: the latest date wins, then the later entry
        d = e.date
        if d > latest:
            latest = d
        if e.completed_investment is not None:
            any_investment = True
        if d <= as_of:
            if best is None or d >= best.date:
                best = e
            if e.completed_investment is not None and (invested_on is None or d >= invested_on):
                invested, invested_on = e.completed_investment, d
    if best is None:
        return Reported(Status.NOT_REPORTED, 0.0, None, None)
    if not any_investment and best.date == latest:
        # a log written before entries carried the investment: the current figure stands
        # once the latest report is in force
        invested = p.completed_investment
    return Reported(best.status, best.percent, invested, best.date)


@dataclass(slots=True, eq=False)  # not frozen: a frozen dataclass's __init__ costs 3x (100,000 made)
class ProjectReview:
    project: Project
    state: ScheduleState
    expected: float  # 序时进度
    never_reported: bool  # flagged with overdue projects that had never reported by the date
    status: Status  # as reported by the as-of date
    progress: float  # as reported by the as-of date
    invested: float | None  # completed investment as reported by the as-of date
    reported_on: date | None  # the date of that report
    due: bool  # due on or before the as-of date
    light: Light | None

    @property
    def gap(self) -> float:
        """Reported progress minus 序时进度 (negative: behind)."""
        return self.progress - self.expected


def light_of(state: ScheduleState, gap: float, due: bool, thresholds: Thresholds = THRESHOLDS) -> Light | None:
    """The light a project in ``state`` shows (see the module's docstring)."""
    if state is ScheduleState.COMPLETED:
        return Light.GREEN
    if state is ScheduleState.CANCELLED or state is ScheduleState.NOT_STARTED_YET:
        return None
    if state is ScheduleState.OVERDUE:
        return Light.RED
    return light_for(gap, due, thresholds)


def schedule_state(p: Project, as_of: date, margin: float = DEFAULT_MARGIN,
                   thresholds: Thresholds = THRESHOLDS) -> ProjectReview:
    return _schedule_state(p, as_of, as_of.toordinal(), margin, thresholds)


def _schedule_state(p: Project, as_of: date, day: int, margin: float, thresholds: Thresholds) -> ProjectReview:
    start_year, end_year = p.start_year, p.end_year
    expected = _expected(start_year, end_year, day)
    if p.progress_log:
        rep = reported_as_of(p, as_of)
        status, progress, invested, on = rep.status, rep.progress, rep.invested, rep.on
    else:  # most projects: no log (inlined: 100,000 calls)
        status, progress, invested, on = p.status, p.progress_percent, p.completed_investment, None
    never = status is Status.NOT_REPORTED
    due = _dec31(end_year) <= day
    if status is Status.COMPLETED:
        state = ScheduleState.COMPLETED
    elif status is Status.CANCELLED:
        state = ScheduleState.CANCELLED
    elif status is Status.SUSPENDED:
        state = ScheduleState.SUSPENDED
    elif due:
        state = ScheduleState.OVERDUE
    elif _jan1(start_year) > day:
        state = ScheduleState.NOT_STARTED_YET
    elif never:
        state = ScheduleState.NOT_REPORTED
    elif progress < expected - margin:
        state = ScheduleState.BEHIND
    else:
        state = ScheduleState.ON_TRACK
    return ProjectReview(p, state, expected, never and due and state is ScheduleState.OVERDUE, status, progress,
                         invested, on, due, light_of(state, progress - expected, due, thresholds))


def project_light(p: Project, as_of: date | None = None) -> Light | None:
    """The light of one project at ``as_of`` (default: the review date in force)."""
    return schedule_state(p, as_of or default_review_date()).light
