"""The review of the two other lists beside the key projects, as of a date: the indicator
table (baseline, target, latest value, state), task completion by plan and by deadline, and the
per-unit ledger over projects and tasks (the indicators name no unit in the plan).

A task's status as of the date is its last progress report on or before it (a task without a
log: its current status holds at every date, as for projects); its due state follows
(``records.task.model.due_state``). Units are read through the units directory: a task or project of
各县区人民政府 is in the ledger of each of its members.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
from ..records.task.model import DueState, Task, due_label, due_state


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
        if state is DueState.DONE:
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


@dataclass
class LedgerLine:
    """What one unit leads or joins across the lists, and what of it is overdue."""

    unit: str
    projects_lead: list[str] = field(default_factory=list)
    projects_join: list[str] = field(default_factory=list)
    tasks_lead: list[str] = field(default_factory=list)
    tasks_join: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)


def _status_as_of(task: Task, as_of: date) -> Status:
    if not task.progress_log:
        return task.status
    known = [e for e in task.progress_log if e.date <= as_of]
    return max(known, key=lambda e: e.date).status if known else Status.NOT_REPORTED


def review_indicators(indicators: Sequence[Indicator], as_of: date) -> list[IndicatorReview]:
    return [IndicatorReview(i, indicator_state(i, as_of), i.latest_value(as_of)) for i in indicators]


def review_tasks(tasks: Sequence[Task], as_of: date) -> list[TaskReview]:
    out = []
    for t in tasks:
        status = _status_as_of(t, as_of)
        out.append(TaskReview(t, status, due_state(t.model_copy(update={"status": status}), as_of)))
    return out


@dataclass
class ListsReview:
    as_of: date
    indicators: list[IndicatorReview]
    tasks: list[TaskReview]
    ledger: list[LedgerLine]

    def by_plan(self) -> list[tuple[PlanFigures, list[PlanFigures]]]:
        """Each plan's figures, then the figures of each of its deadlines (in date order;
        deadlines without a date last, as written)."""
        plans: dict[str, tuple[PlanFigures, dict[str, PlanFigures]]] = {}
        order: dict[str, tuple[int, str]] = {}
        for r in self.tasks:
            t = r.task
            plan, deadlines = plans.setdefault(t.plan_code, (PlanFigures(t.plan), {}))
            plan.add(r.state)
            key = t.deadline.isoformat() if t.deadline else (t.deadline_text or _("no deadline"))
            label = f"{t.deadline.isoformat()}（{t.deadline_text}）" if t.deadline else key
            deadlines.setdefault(key, PlanFigures(label)).add(r.state)
            order[key] = (0, key) if t.deadline else (1, key)
        return [(plan, [d for k, d in sorted(deadlines.items(), key=lambda kv: order[kv[0]])])
                for plan, deadlines in plans.values()]

    def indicator_counts(self) -> dict[IndicatorState, int]:
        counts = {s: 0 for s in IndicatorState}
        for r in self.indicators:
            counts[r.state] += 1
        return counts


def ledger(projects: Sequence[Any], project_overdue: set[str], tasks: Sequence[TaskReview],
           directory: Any = None) -> list[LedgerLine]:
    """Per canonical unit: the projects and tasks it leads or joins, and which are overdue."""
    if directory is None:
        from ..units import active_directory

        directory = active_directory()
    lines: dict[str, LedgerLine] = {}

    def line(unit: str) -> LedgerLine:
        found = lines.get(unit)
        if found is None:
            found = lines[unit] = LedgerLine(unit)
        return found

    # a few hundred unit names for 100,000 projects: each is read through the directory once
    # (reading them again per project cost 5.5 s of a 100k review)
    reached: dict[str, frozenset[str]] = {}
    groups: dict[str, bool] = {}

    def reach(name: str) -> frozenset[str]:
        found = reached.get(name)
        if found is None:
            found = reached[name] = frozenset(directory.reach(name))
        return found

    def is_group(unit: str) -> bool:
        found = groups.get(unit)
        if found is None:
            found = groups[unit] = bool(directory.is_group(unit))
        return found

    for p in projects:
        lead = reach(p.units[0]) if p.units else frozenset()
        units = reach(p.units[0]) if len(p.units) == 1 else frozenset().union(*(reach(u) for u in p.units))
        for unit in sorted(units):
            if is_group(unit):
                continue
            entry = line(unit)
            (entry.projects_lead if unit in lead else entry.projects_join).append(p.code)
            if p.code in project_overdue:
                entry.overdue.append(p.code)
    for r in tasks:
        t = r.task
        lead = frozenset().union(*(reach(u) for u in t.lead_units)) if t.lead_units else frozenset()
        everyone = frozenset().union(*(reach(u) for u in t.units)) if t.units else frozenset()
        for unit in sorted(everyone):
            if is_group(unit):
                continue
            entry = line(unit)
            (entry.tasks_lead if unit in lead else entry.tasks_join).append(t.code)
            if r.state is DueState.OVERDUE:
                entry.overdue.append(t.code)
    return sorted(lines.values(), key=lambda ln: (-(len(ln.projects_lead) + len(ln.tasks_lead)), ln.unit))


def review_lists(repo: Any, as_of: date, projects: Sequence[Any] | None = None,
                 project_overdue: set[str] | None = None) -> ListsReview:
    """The indicators and tasks of ``repo`` as of ``as_of``, and the ledger over ``projects``
    (default: all) and the tasks."""
    from ..units import directory_of

    tasks = review_tasks(repo.records("task"), as_of)
    return ListsReview(as_of, review_indicators(repo.records("indicator"), as_of), tasks,
                       ledger(repo.projects() if projects is None else projects, project_overdue or set(), tasks,
                              directory_of(repo)))


def attach_lists(result: Any, repo: Any) -> None:
    """Give the review ``result`` (states.Review) the indicators, tasks and unit ledger of ``repo``:
    the one way the command line (``portfolio review``) and the review screen do it, so their
    reports hold the same chapters."""
    result.lists = review_lists(repo, result.as_of, [x.project for x in result.items],
                                {x.project.code for x in result.overdue})


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


def task_table(r: ListsReview) -> tuple[list[str], list[list[str]]]:
    from ..tables import percent_text

    headers = [_("Plan / deadline"), _("Tasks"), due_label(DueState.DONE), due_label(DueState.OVERDUE),
               due_label(DueState.DUE_SOON), due_label(DueState.OPEN), _("Completion rate")]
    rows: list[list[str]] = []
    for plan, deadlines in r.by_plan():
        for i, f in enumerate([plan, *deadlines]):
            label = f.label if i == 0 else "  " + f.label
            rows.append([label, str(f.total), str(f.done), str(f.overdue), str(f.due_soon), str(f.open),
                         percent_text(round(f.rate, 1))])
    return headers, rows


def ledger_table(r: ListsReview) -> tuple[list[str], list[list[str]]]:
    headers = [_("Unit"), _("Projects led"), _("Projects joined"), _("Tasks led"), _("Tasks joined"),
               _("Overdue")]
    rows = [[ln.unit, str(len(ln.projects_lead)), str(len(ln.projects_join)), str(len(ln.tasks_lead)),
             str(len(ln.tasks_join)), "、".join(ln.overdue[:8]) + ("…" if len(ln.overdue) > 8 else "")]
            for ln in r.ledger]
    return headers, rows


def lists_data(r: ListsReview) -> dict[str, Any]:
    """The JSON form (``review --format json``): ``indicators`` and ``tasks`` with their state."""
    return {
        "indicators": [{"code": x.indicator.code, "state": x.state.value,
                        "latest": None if x.latest is None else {"year": x.latest.year, "value": x.latest.value}}
                       for x in r.indicators],
        "tasks": [{"code": x.task.code, "state": x.state.value, "status": x.status.value,
                   "deadline": None if x.task.deadline is None else x.task.deadline.isoformat()}
                  for x in r.tasks],
        "ledger": [{"unit": ln.unit, "projects_lead": ln.projects_lead, "projects_join": ln.projects_join,
                    "tasks_lead": ln.tasks_lead, "tasks_join": ln.tasks_join, "overdue": ln.overdue}
                   for ln in r.ledger],
    }


def lists_text(r: ListsReview, fmt: str = "txt") -> str:
    """The three sections the txt/md review adds after the projects'."""
    from ..tables import tabulate

    tablefmt = "pipe" if fmt == "md" else "simple"
    h2 = "## " if fmt == "md" else ""
    out: list[str] = []
    if r.indicators:
        counts = r.indicator_counts()
        out += [h2 + _("Indicators"), "",
                _("; ").join(f"{indicator_state_label(s)} {n}" for s, n in counts.items() if n), ""]
        headers, rows = indicator_table(r)
        out += [tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True), ""]
    if r.tasks:
        headers, rows = task_table(r)
        out += [h2 + _("Key tasks by plan and deadline"), "",
                tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True), ""]
    if r.ledger:
        headers, rows = ledger_table(r)
        out += [h2 + _("Ledger by unit (projects and tasks)"), "",
                tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True), ""]
    return "\n".join(out)
