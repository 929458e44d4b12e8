"""The review of the two other lists beside the key projects, as of a date: the indicator
table (baseline, target, latest value, state) and task completion by plan and by deadline, for
the tasks of the plans issued by then (``in_scope``). The per-unit figures over projects and tasks
are the review's (``compute``, through ``unit_duties``).

A task's status as of the date is its last progress report on or before it (a task without a
log: its current status holds at every date, as for projects); its due state follows
(``records.task.due_state``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..i18n import _
from ..records.fields import Status
from ..records.indicator.model import (
    Indicator,
    IndicatorState,
    IndicatorValue,
    indicator_state,
    indicator_state_label,
)
from ..records.task.model import DueState, Task, due_state


@dataclass(frozen=True)
class IndicatorReview:
    indicator: Indicator
    state: IndicatorState
    latest: IndicatorValue | None


@dataclass(frozen=True)
class TaskReview:
    task: Task
    status: Status  # as reported by the date
    state: DueState


@dataclass
class PlanFigures:
    """Task completion of one plan (or one deadline of it)."""

    label: str
    total: int = 0
    done: int = 0
    overdue: int = 0
    due_soon: int = 0
    open: int = 0

    def add(self, state: DueState) -> None:
        self.total += 1
        if state in (DueState.DONE, DueState.CANCELLED):  # a cancelled task is off the list of work
            self.done += 1
        elif state is DueState.OVERDUE:
            self.overdue += 1
        elif state is DueState.DUE_SOON:
            self.due_soon += 1
        else:
            self.open += 1

    @property
    def rate(self) -> float:
        return 100.0 * self.done / self.total if self.total else 0.0


def _status_as_of(task: Task, as_of: date) -> Status:
    if not task.progress_log:
        return task.status
    known = [e for e in task.progress_log if e.date <= as_of]
    return max(known, key=lambda e: e.date).status if known else Status.NOT_REPORTED


def review_indicators(indicators: Sequence[Indicator], as_of: date) -> list[IndicatorReview]:
    return [IndicatorReview(i, indicator_state(i, as_of), i.latest_value(as_of)) for i in indicators]


def in_scope(task: Task, as_of: date) -> bool:
    """Is the task's plan issued by ``as_of``? A plan of year Y is issued in Y at the earliest:
    as of 2023-12-31, the tasks of the 2024 plans are neither counted nor listed."""
    return date(task.year, 1, 1) <= as_of


def review_tasks(tasks: Sequence[Task], as_of: date) -> list[TaskReview]:
    """The tasks of the plans issued by ``as_of``, each with its status and due state then."""
    out = []
    for t in tasks:
        if not in_scope(t, as_of):
            continue
        status = _status_as_of(t, as_of)
        out.append(TaskReview(t, status, due_state(t.model_copy(update={"status": status}), as_of)))
    return out


def _by_plan(tasks: Sequence[TaskReview]) -> tuple[tuple[PlanFigures, tuple[PlanFigures, ...]], ...]:
    """Each plan's figures, then the figures of each of its deadlines (in date order; deadlines
    without a date last, as written)."""
    plans: dict[str, tuple[PlanFigures, dict[str, PlanFigures]]] = {}
    order: dict[str, tuple[int, str]] = {}
    for r in tasks:
        t = r.task
        plan, deadlines = plans.setdefault(t.plan_code, (PlanFigures(t.plan), {}))
        plan.add(r.state)
        key = t.deadline.isoformat() if t.deadline else (t.deadline_text or _("no deadline"))
        label = f"{t.deadline.isoformat()}（{t.deadline_text}）" if t.deadline else key
        deadlines.setdefault(key, PlanFigures(label)).add(r.state)
        order[key] = (0, key) if t.deadline else (1, key)
    return tuple((plan, tuple(d for k, d in sorted(deadlines.items(), key=lambda kv: order[kv[0]])))
                 for plan, deadlines in plans.values())


@dataclass(frozen=True)
class ListsReview:
    """The indicators and the tasks in scope as of a date, counted once."""

    as_of: date
    indicators: tuple[IndicatorReview, ...]
    tasks: tuple[TaskReview, ...]
    plans: tuple[tuple[PlanFigures, tuple[PlanFigures, ...]], ...]  # by plan, then by deadline
    task_totals: PlanFigures  # the sum of the plans
    indicator_counts: dict[IndicatorState, int]  # one per state: they sum to the indicators


def review_lists(indicators: Sequence[Indicator], tasks: Sequence[Task], as_of: date) -> ListsReview:
    """The indicators and the tasks (of the plans issued by then) as of ``as_of``."""
    reviewed = review_tasks(tasks, as_of)
    indicator_reviews = tuple(review_indicators(indicators, as_of))
    counts = dict.fromkeys(IndicatorState, 0)
    for x in indicator_reviews:
        counts[x.state] += 1
    totals = PlanFigures(_("Total"))
    for r in reviewed:
        totals.add(r.state)
    return ListsReview(as_of, indicator_reviews, tuple(reviewed), _by_plan(reviewed), totals, counts)


# -- tables (text, Markdown, and the document writers) ------------------------------------------------
def indicator_table(r: ListsReview) -> tuple[list[str], list[list[str]]]:
    from ..records.views import header

    headers = [header("indicator", c) for c in ("code", "title", "unit", "baseline_2020", "target_2025",
                                                 "attribute", "latest")] + [_("State")]
    rows = [[x.indicator.code, x.indicator.title, x.indicator.unit, x.indicator.baseline_2020,
             x.indicator.target_2025, x.indicator.attribute,
             f"{x.latest.value}（{x.latest.year}）" if x.latest else "", indicator_state_label(x.state)]
            for x in r.indicators]
    return headers, rows


def lists_data(r: ListsReview) -> dict[str, Any]:
    """The JSON form (``review --format json``): ``indicators`` and ``tasks`` with their state."""
    return {
        "indicators": [{"code": x.indicator.code, "state": x.state.value, "attribute": x.indicator.attribute,
                        "latest": None if x.latest is None else {"year": x.latest.year, "value": x.latest.value}}
                       for x in r.indicators],
        "indicator_states": {s.value: n for s, n in r.indicator_counts.items()},
        "tasks": [{"code": x.task.code, "plan": x.task.plan_code, "state": x.state.value, "status": x.status.value,
                   "deadline": None if x.task.deadline is None else x.task.deadline.isoformat()}
                  for x in r.tasks],
        "task_plans": [_plan_data(plan) | {"deadlines": [_plan_data(d) for d in deadlines]}
                       for plan, deadlines in r.plans],
        "task_totals": _plan_data(r.task_totals),
    }


def _plan_data(f: PlanFigures) -> dict[str, Any]:
    return {"label": f.label, "tasks": f.total, "done": f.done, "overdue": f.overdue, "due_soon": f.due_soon,
            "open": f.open, "completion_rate": round(f.rate, 2)}
