"""One review, computed once: ``review`` makes an immutable ``Review`` holding every figure the
documents and the review screen show — the projects' states, the figures by category and in
total, by real unit (``unit_duties.units_index``), the indicators and the tasks in scope, the
lists of overdue and behind projects, and the findings drafted from them. txt, md, json, xlsx,
docx and the screen only render it (``tables`` gives the count tables every format shares).

As of a date, the tasks of plans issued later are out of the review (``lists.in_scope``), and
indicator values of later years are ignored (``records.indicator.known_at``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..i18n import _, format_date, format_number, format_percent, get_language
from ..records.project.categories import CATEGORIES, CategoryKey
from ..records.project.model import Project
from ..store.schema import gc_paused
from ..tracking import COMPUTING, SUMMING, advance, stage
from .dates import default_review_date
from .figures import CategoryFigures, TaskDuty, UnitDuty, UnitFigures, figures_of
from .lights import THRESHOLDS, Light, Thresholds
from .lists import ListsReview
from .states import DEFAULT_MARGIN, ProjectReview, ScheduleState, _schedule_state

CHUNK = 5000  # projects between two progress reports


@dataclass(frozen=True)
class Finding:
    """One point of 存在的问题 or 下一步工作建议: a heading and a paragraph drafted from the figures."""

    key: str  # what it is about: "indicators", "tasks", "overdue", "behind", "categories", "unreported", …
    heading: str
    text: str


@dataclass(frozen=True)
class Review:
    as_of: date
    margin: float
    items: tuple[ProjectReview, ...]
    categories: tuple[CategoryFigures, ...]
    totals: CategoryFigures
    by_category: Mapping[CategoryKey, tuple[ProjectReview, ...]]
    overdue: tuple[ProjectReview, ...]
    behind: tuple[ProjectReview, ...]
    red_other: tuple[ProjectReview, ...]  # red light, neither overdue nor behind (suspended past due)
    due: tuple[ProjectReview, ...]
    units: tuple[UnitFigures, ...]  # real units, most projects and tasks first
    running: Mapping[ScheduleState, int]  # the projects not due, not cancelled, started: by state
    thresholds: Thresholds = THRESHOLDS
    lists: ListsReview | None = None  # the indicators and tasks in scope, when reviewed
    summary: str = ""
    problems: tuple[Finding, ...] = ()
    suggestions: tuple[Finding, ...] = ()
    # the names standing for units the directory cannot name (各镇人民政府 …): no unit row, a note
    unnamed: tuple[str, ...] = ()
    _unit_index: Mapping[str, UnitFigures] = field(default_factory=dict, repr=False)
    _names: Mapping[str, str] = field(default_factory=dict, repr=False)  # as written -> canonical

    @property
    def late(self) -> tuple[ProjectReview, ...]:
        """The overdue and behind list: overdue, behind, then the other red-light projects."""
        return self.overdue + self.behind + self.red_other

    def cooperating(self, item: ProjectReview) -> list[str]:
        """The real units joining ``item`` (not leading it), groups expanded, in table order."""
        return [u.unit for u in self.units if any(d.project is item and not d.lead for d in u.projects)]

    def unit_name(self, name: str) -> str:
        """A unit name as written (鹿寨县人民政府), as the units directory calls it (鹿寨县)."""
        return self._names.get(name, name)

    def lead_of(self, item: ProjectReview) -> str:
        """The project's lead unit by its canonical name."""
        units = item.project.units
        return self.unit_name(units[0]) if units else ""

    def unit(self, name: str) -> UnitFigures | None:
        """A real unit's figures by its canonical name."""
        return self._unit_index.get(name)

    def by_state(self, *states: ScheduleState) -> list[ProjectReview]:
        return [r for r in self.items if r.state in states]

    def by_light(self, light: Light) -> list[ProjectReview]:
        return [r for r in self.items if r.light is light]

    def as_of_phrase(self) -> str:
        return as_of_phrase(self.as_of)


def as_of_phrase(when: date) -> str:
    if (when.month, when.day) == (12, 31):
        return _("the end of {year}").format(year=when.year)
    return format_date(when)


def _summary(as_of: date, margin: float, items: Sequence[ProjectReview], due: Sequence[ProjectReview],
             overdue: Sequence[ProjectReview], running: Mapping[ScheduleState, int], totals: CategoryFigures) -> str:
    """The paragraph written from the figures."""
    done_due = sum(1 for r in due if r.state is ScheduleState.COMPLETED)
    parts = [_("Of the {total} key projects, {due} were due by {date}: {done} completed, "
               "{overdue} overdue ({never} of them never reported).").format(
        total=len(items), due=len(due), date=as_of_phrase(as_of), done=done_due,
        overdue=len(overdue), never=totals.overdue_never_reported)]
    n = sum(running.values())
    if n:
        parts.append(_("Of the {n} projects still running, {on_track} are on track, {behind} behind "
                       "schedule (more than {margin} points below 序时进度) and {unreported} "
                       "not reported.").format(
            n=n, on_track=running.get(ScheduleState.ON_TRACK, 0), behind=running.get(ScheduleState.BEHIND, 0),
            margin=format_number(margin), unreported=running.get(ScheduleState.NOT_REPORTED, 0)))
    parts.append(_("Overall completion rate: {rate}.").format(rate=format_percent(totals.completion_rate, 1)))
    rate = totals.investment_rate
    if rate is not None:
        parts.append(_("Completed investment {done} (10k yuan), of the planned investment {planned} "
                       "(10k yuan) of the {n} projects that reported both, {rate}.").format(
            done=format_number(totals.paired_invested, 2), n=totals.paired,
            planned=format_number(totals.paired_planned, 2), rate=format_percent(rate, 1)))
    return ("" if get_language() == "zh_CN" else " ").join(parts)  # Chinese sentences need no space


def _units(items: Sequence[ProjectReview], lists: ListsReview | None, directory: Any) -> tuple[UnitFigures, ...]:
    from ..unit_duties import units_index

    tasks = lists.tasks if lists is not None else ()
    by_project = {id(r.project): r for r in items}
    index = units_index([r.project for r in items], [t.task for t in tasks], directory)
    by_task = {id(t.task): t for t in tasks}
    out = []
    for unit, duties in index.items():
        project_duties: list[UnitDuty] = []
        task_list: list[TaskDuty] = []
        for rec, lead in duties:
            found = by_project.get(id(rec))
            if found is not None:
                project_duties.append(UnitDuty(found, lead))
            else:
                task_list.append(TaskDuty(by_task[id(rec)], lead))
        projects, task_duties = tuple(project_duties), tuple(task_list)
        out.append(UnitFigures(unit, projects, task_duties, figures_of(None, [d.project for d in projects]),
                               sum(1 for d in task_duties if d.task.state.value == "overdue")))
    out.sort(key=lambda u: (-(len(u.projects) + len(u.tasks)), u.unit))
    return tuple(out)


def review(projects: Sequence[Project], as_of: date | None = None, margin: float = DEFAULT_MARGIN,
           thresholds: Thresholds = THRESHOLDS, *,
           indicators: Sequence[Any] | None = None, tasks: Sequence[Any] | None = None,
           directory: Any = None) -> Review:
    """The review of ``projects`` as of ``as_of`` (default: the plan's review date in force,
    ``dates.default_review_date``), with ``indicators`` and ``tasks`` when given (the tasks of
    plans issued later left out). Its stages and steps go to ``portfolio.tracking`` (the CLI's
    progress line, the review screen's bar; a cancelled tracker stops it at the next step).
    Units resolve through ``directory`` (default: the active one)."""
    when = as_of or default_review_date()
    day = when.toordinal()
    items: list[ProjectReview] = []
    total = len(projects)
    stage(COMPUTING, total)
    with gc_paused():
        for begin in range(0, total, CHUNK):
            items += [_schedule_state(p, when, day, margin, thresholds) for p in projects[begin:begin + CHUNK]]
            advance(min(CHUNK, total - begin))
        stage(SUMMING)  # figures by category and unit, the lists, the findings
        groups: dict[CategoryKey, list[ProjectReview]] = {c.key: [] for c in CATEGORIES}
        running = dict.fromkeys(ScheduleState, 0)
        for r in items:
            groups[r.project.category].append(r)
            if not (r.due or r.state is ScheduleState.CANCELLED or r.state is ScheduleState.NOT_STARTED_YET):
                running[r.state] += 1
        by_category = {k: tuple(v) for k, v in groups.items()}
        categories = tuple(figures_of(c.key, by_category[c.key]) for c in CATEGORIES)
        totals = figures_of(None, items)
        overdue = tuple(r for r in items if r.state is ScheduleState.OVERDUE)
        behind = tuple(r for r in items if r.state is ScheduleState.BEHIND)
        red_other = tuple(r for r in items if r.light is Light.RED and r.state is not ScheduleState.OVERDUE
                          and r.state is not ScheduleState.BEHIND)
        due = tuple(r for r in items if r.due)
        lists = None
        if indicators is not None or tasks is not None:
            from .lists import review_lists

            lists = review_lists(indicators or (), tasks or (), when)
        if directory is None:
            from ..units import active_directory

            directory = active_directory()
        units = _units(items, lists, directory)
        names = {n: directory.canonical(n) for n in {u for p in projects for u in p.units}}
    from ..unit_duties import unnamed_recipients

    in_view = [*projects, *(t.task for t in lists.tasks)] if lists is not None else projects
    unnamed = tuple(unnamed_recipients(in_view, directory))
    base = Review(when, margin, tuple(items), categories, totals, by_category, overdue, behind, red_other, due,
                  units, running, thresholds, lists,
                  _summary(when, margin, items, due, overdue, running, totals),
                  unnamed=unnamed, _unit_index={u.unit: u for u in units}, _names=names)
    from .findings import problems, suggestions

    return _with_findings(base, problems(base), suggestions(base))


def _with_findings(base: Review, found: Sequence[Finding], suggested: Sequence[Finding]) -> Review:
    from dataclasses import replace

    return replace(base, problems=tuple(found), suggestions=tuple(suggested))


def review_repo(repo: Any, projects: Sequence[Project], as_of: date | None = None,
                margin: float = DEFAULT_MARGIN) -> Review:
    """The review ``portfolio review`` and the review screen make: ``projects`` (the ones in
    view) with the store's indicators, tasks and units directory."""
    from ..units import directory_of

    return review(projects, as_of, margin, indicators=repo.records("indicator"),
                  tasks=repo.records("task"), directory=directory_of(repo))
