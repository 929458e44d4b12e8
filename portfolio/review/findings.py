"""存在的问题 and 下一步工作建议, drafted from the figures of all three lists (the writers mark them
as drafts to edit): binding (约束性) indicators off their path or judged not met, overdue tasks by
lead unit, overdue and behind projects by lead unit, slower categories, unreported projects.
The counts are the review's own (``compute.Review``); nothing is counted twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from ..i18n import _, format_date, get_language
from ..records.indicator.model import IndicatorState
from ..records.project.views import category_label
from ..tables import percent_text
from .states import ScheduleState

MOST = 3  # units named among those with the most overdue items
CODES = 12  # codes named before "and others"
BINDING = "约束性"


def _zh() -> bool:
    return get_language() == "zh_CN"


def join(items: Sequence[str]) -> str:
    return ("、" if _zh() else ", ").join(items)


def codes(items: Sequence[str]) -> str:
    """Codes joined (the Word report lets a line break after each 、: ``docx_report``)."""
    shown = ("、" if _zh() else ", ").join(items[:CODES])
    return shown + (_(" and others") if len(items) > CODES else "")


def _date(when: date) -> str:
    from ..io.official_docx import chinese_date

    return chinese_date(when) if _zh() else format_date(when, "long")


def _counted(unit: str, n: object) -> str:
    return f"{unit}（{n}）" if _zh() else f"{unit} ({n})"


def binding_off(r: Any) -> tuple[list[Any], list[Any]]:
    """The binding indicators off their path, and those judged not met (or below the target at
    the end), as of the review date."""
    if r.lists is None:
        return [], []
    binding = [x for x in r.lists.indicators if x.indicator.attribute == BINDING]
    return ([x for x in binding if x.state is IndicatorState.OFF_PATH],
            [x for x in binding if x.state is IndicatorState.NOT_MET])


def _indicator_names(items: Sequence[Any]) -> str:
    out = []
    for x in items:
        value = f"{x.latest.year}年 {x.latest.value}" if x.latest and _zh() else (
            f"{x.latest.value} in {x.latest.year}" if x.latest else "")
        name = f"{x.indicator.code} {x.indicator.title}"
        out.append(f"{name}（{value}）" if _zh() and value else (f"{name} ({value})" if value else name))
    return join(out)


def overdue_task_leads(r: Any) -> list[tuple[str, int]]:
    """Each real unit leading overdue tasks, with how many; most first."""
    counts = [(u.unit, sum(1 for d in u.tasks if d.lead and d.task.state.value == "overdue")) for u in r.units]
    return sorted([c for c in counts if c[1]], key=lambda c: (-c[1], c[0]))


def overdue_project_leads(r: Any) -> list[tuple[str, int]]:
    counts = [(u.unit, sum(1 for d in u.projects if d.lead and d.project.state is ScheduleState.OVERDUE))
              for u in r.units]
    return sorted([c for c in counts if c[1]], key=lambda c: (-c[1], c[0]))


def overdue_tasks(r: Any) -> list[Any]:
    return [] if r.lists is None else [t for t in r.lists.tasks if t.state.value == "overdue"]


def _slow(r: Any) -> list[Any]:
    average = r.totals.completion_rate
    return [f for f in r.categories if f.total and f.completion_rate < average]


def problems(r: Any) -> list[Any]:
    from .compute import Finding

    out: list[Finding] = []
    off, not_met = binding_off(r)
    if off or not_met:
        parts = []
        if off:
            parts.append(_("{n} binding indicators are off their path to the 2025 target: {names}").format(
                n=len(off), names=_indicator_names(off)))
        if not_met:
            parts.append(_("{n} binding indicators are judged not met: {names}").format(
                n=len(not_met), names=_indicator_names(not_met)))
        out.append(Finding("indicators", _("Binding indicators are off their path"),
                           _("; ").join(parts) + _(".")))
    late_tasks = overdue_tasks(r)
    if late_tasks:
        leads = overdue_task_leads(r)
        out.append(Finding("tasks", _("Key tasks are overdue"), _(
            "{n} key tasks of the annual work plans passed their deadline by {date} without being done. "
            "The units leading the most of them are {units}.").format(
            n=len(late_tasks), date=_date(r.as_of), units=join([_counted(u, n) for u, n in leads[:MOST]]))))
    if r.overdue:
        leads = overdue_project_leads(r)
        out.append(Finding("overdue", _("Some projects are overdue"), _(
            "{n} projects due by {date} are not completed. The units leading the most overdue projects are "
            "{units}.").format(n=len(r.overdue), date=_date(r.as_of),
                               units=join([_counted(u, n) for u, n in leads[:MOST]]))))
    if r.behind:
        out.append(Finding("behind", _("Some running projects are behind schedule"), _(
            "{n} running projects are more than {margin} points below 序时进度: {codes}.").format(
            n=len(r.behind), margin=f"{r.margin:g}", codes=codes([i.project.code for i in r.behind]))))
    slow = _slow(r)
    if slow:
        names = [_counted(category_label(f.key, short=False), percent_text(round(f.completion_rate, 1)))
                 for f in slow]
        out.append(Finding("categories", _("Some categories progress more slowly than the average"), _(
            "The completion rate of {categories} is below the average of all projects ({average}).").format(
            categories=join(names), average=percent_text(round(r.totals.completion_rate, 1)))))
    never = r.totals.never_reported
    if never:
        unreported = [i.project.code for i in r.items if i.state is ScheduleState.NOT_REPORTED or i.never_reported]
        out.append(Finding("unreported", _("Progress is not reported"), _(
            "{n} projects have never reported their progress ({codes}): their state cannot be "
            "judged.").format(n=never, codes=codes(unreported))))
    return out


def suggestions(r: Any) -> list[Any]:
    from .compute import Finding

    out: list[Finding] = []
    off, not_met = binding_off(r)
    if off or not_met:
        out.append(Finding("indicators", _("Bring the binding indicators back on their path"), _(
            "Analyse the gap of {codes} indicator by indicator with the units answering for them, and set "
            "out measures and dates that reach the 2025 target.").format(
            codes=join([x.indicator.code for x in [*off, *not_met]]))))
    leads = overdue_task_leads(r)
    if leads:
        out.append(Finding("tasks", _("Close the overdue key tasks"), _(
            "Ask the lead units of the {n} overdue key tasks ({units}) to finish them or report why and "
            "by when, and check them at the next dispatch.").format(
            n=len(overdue_tasks(r)), units=join([_counted(u, n) for u, n in leads[:MOST]]))))
    if r.overdue:
        units = [u for u, _n in overdue_project_leads(r)[:MOST]]
        out.append(Finding("overdue", _("Press on the overdue projects"), _(
            "Ask the lead units ({units}) to report why their projects are overdue and to commit to a "
            "completion date, and follow them up every month.").format(units=join(units))))
    if r.behind:
        out.append(Finding("behind", _("Speed up the projects behind schedule"), _(
            "Dispatch {codes} every month until they are back within {margin} points of 序时进度.").format(
            codes=codes([i.project.code for i in r.behind]), margin=f"{r.margin:g}")))
    slow = _slow(r)
    if slow:
        out.append(Finding("categories", _("Dispatch the slower categories"), _(
            "Strengthen the dispatch of {categories}: check the projects one by one and remove what holds "
            "them up.").format(categories=join([category_label(f.key, short=False) for f in slow]))))
    never = r.totals.never_reported
    if never:
        out.append(Finding("unreported", _("Report progress regularly"), _(
            "Set up regular progress reporting: the units of the {n} projects never reported fill in the "
            "dispatch forms before the next review.").format(n=never)))
    stalled = [i.project.code for i in r.overdue if i.progress < 50]
    if stalled:
        out.append(Finding("stalled", _("Adjust the plan where needed"), _(
            "For {codes}, overdue and less than half done, assess whether they can still be carried out "
            "and propose adjustments to the plan through the procedure.").format(codes=codes(stalled))))
    return out
