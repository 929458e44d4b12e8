"""The figures of a review, counted once (``compute.review`` makes them; the writers only show
them): by category and in total (``CategoryFigures``), and by real unit (``UnitFigures``).

Every count partitions: a row's state counts sum to its number of projects, and the total row
is the sum of the category rows. The investment rate is over the projects that reported both a
planned and a completed investment, and the figures carry those amounts beside the rate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..records.project.categories import CategoryKey
from .lights import Light
from .states import STATE_ORDER, ProjectReview, ScheduleState


@dataclass(frozen=True)
class CategoryFigures:
    key: CategoryKey | None  # None: the total of every category
    total: int
    counts: Mapping[ScheduleState, int]  # one per state: they sum to ``total``
    due: int  # due on or before the as-of date
    completed: int
    planned: float | None  # every project's planned investment
    invested: float | None  # every project's completed investment as reported by the as-of date
    lights: Mapping[Light, int] = field(default_factory=dict)
    # the like-with-like base of the investment rate: the projects with BOTH a planned and a
    # completed investment, their count and the two sums over them
    paired: int = 0
    paired_planned: float = 0.0
    paired_invested: float = 0.0
    # overdue projects that had never reported by the date (a part of the overdue count)
    overdue_never_reported: int = 0

    @property
    def cancelled(self) -> int:
        return self.counts.get(ScheduleState.CANCELLED, 0)

    @property
    def active(self) -> int:
        """The base of the completion rate: the projects not cancelled."""
        return self.total - self.cancelled

    @property
    def completion_rate(self) -> float:
        """Completed among the projects not cancelled (0-100)."""
        return 100.0 * self.completed / self.active if self.active else 0.0

    @property
    def investment_rate(self) -> float | None:
        """Completed over planned investment, both summed over the projects that have both
        figures (``paired`` of them); None when no project has both."""
        if not self.paired or not self.paired_planned:
            return None
        return 100.0 * self.paired_invested / self.paired_planned

    @property
    def never_reported(self) -> int:
        """Never reported by the date: the running ones and the overdue ones (each once)."""
        return self.counts.get(ScheduleState.NOT_REPORTED, 0) + self.overdue_never_reported


def figures_of(key: CategoryKey | None, items: Sequence[ProjectReview]) -> CategoryFigures:
    counts = dict.fromkeys(STATE_ORDER, 0)
    lights = dict.fromkeys(Light, 0)
    due = 0
    planned: float | None = None
    invested: float | None = None
    paired = never = 0
    paired_planned = paired_invested = 0.0
    for r in items:
        counts[r.state] += 1
        never += r.never_reported
        if r.light is not None:
            lights[r.light] += 1
        due += r.due
        value = r.project.planned_investment
        if value is not None:
            planned = value if planned is None else planned + value
        if r.invested is not None:
            invested = r.invested if invested is None else invested + r.invested
            if value is not None:
                paired += 1
                paired_planned += value
                paired_invested += r.invested
    return CategoryFigures(key=key, total=len(items), counts=counts, due=due,
                           completed=counts[ScheduleState.COMPLETED], planned=planned, invested=invested,
                           lights=lights, paired=paired, paired_planned=paired_planned,
                           paired_invested=paired_invested, overdue_never_reported=never)


class UnitDuty(NamedTuple):  # a tuple: 300,000 of them are made for 100,000 projects
    project: ProjectReview
    lead: bool


class TaskDuty(NamedTuple):
    task: Any  # lists.TaskReview
    lead: bool


@dataclass(frozen=True)
class UnitFigures:
    """What one real unit (``unit_duties.units_index``) leads or joins, and how it stands."""

    unit: str
    projects: tuple[UnitDuty, ...]
    tasks: tuple[TaskDuty, ...]
    figures: CategoryFigures  # of its projects: states partition them
    tasks_overdue: int

    @property
    def projects_lead(self) -> tuple[str, ...]:
        return tuple(d.project.project.code for d in self.projects if d.lead)

    @property
    def projects_join(self) -> tuple[str, ...]:
        return tuple(d.project.project.code for d in self.projects if not d.lead)

    @property
    def tasks_lead(self) -> tuple[str, ...]:
        return tuple(d.task.task.code for d in self.tasks if d.lead)

    @property
    def tasks_join(self) -> tuple[str, ...]:
        return tuple(d.task.task.code for d in self.tasks if not d.lead)

    @property
    def overdue(self) -> tuple[str, ...]:
        """Its overdue projects, then its overdue tasks (codes)."""
        return (*(d.project.project.code for d in self.projects if d.project.state is ScheduleState.OVERDUE),
                *(d.task.task.code for d in self.tasks if d.task.state.value == "overdue"))
