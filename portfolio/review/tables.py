"""The review's count tables, defined once for every format (txt, md, xlsx, docx, the screen):
the headers, the kind of each column and the values, read from the review object's figures.
Nothing here counts or divides: a rate is the figures' own; each writer only formats.

Every count table partitions: the state columns of a row sum to its 项目数 (a column per state),
and a 合计 row is the sum of the rows above it. The investment table prints, beside its rate,
the amounts the rate is computed from (the projects that reported both amounts) and says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import _, get_language
from ..records.project.views import category_label, header
from ..tables import money_text, percent_text
from .figures import CategoryFigures
from .states import STATE_ORDER, state_label

TEXT, COUNT, RATE, AMOUNT = "text", "count", "rate", "amount"


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    kinds: tuple[str, ...]  # TEXT, COUNT, RATE (0-100) or AMOUNT per column
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None  # the 合计 row: the sum of ``rows``
    note: str = ""  # what the reader must know to check the table (the base of a rate)
    keys: tuple[str, ...] = ()  # what each row stands for (a category key), for the screen

    def all_rows(self) -> list[tuple[Any, ...]]:
        return [*self.rows, *([self.total] if self.total is not None else [])]

    def text_rows(self) -> list[list[str]]:
        """Every row (合计 last) as text."""
        return [[cell_text(v, k) for v, k in zip(row, self.kinds, strict=True)] for row in self.all_rows()]


def cell_text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == COUNT:
        return str(value)
    if kind == RATE:
        return percent_text(round(value, 1))
    if kind == AMOUNT:
        return money_text(value)
    return str(value)


def _category_name(f: CategoryFigures) -> str:
    return _("Total") if f.key is None else category_label(f.key, short=False)


def state_headers() -> list[str]:
    return [state_label(s) for s in STATE_ORDER]


def _count_row(label: str, f: CategoryFigures) -> tuple[Any, ...]:
    return (label, f.total, f.due, *[f.counts[s] for s in STATE_ORDER], f.completion_rate)


def category_table(r: Any) -> Table:
    """表1: projects by category and state; 合计 last."""
    shown = [f for f in r.categories if f.total]
    return Table(
        (header("category"), _("Projects"), _("Due"), *state_headers(), _("Completion rate")),
        (TEXT, COUNT, COUNT, *[COUNT] * len(STATE_ORDER), RATE),
        tuple(_count_row(_category_name(f), f) for f in shown),
        _count_row(_("Total"), r.totals),
        _("Completion rate: completed projects among those not cancelled."),
        tuple(f.key.value for f in shown if f.key is not None))


def _investment_row(label: str, f: CategoryFigures) -> tuple[Any, ...]:
    return (label, f.total, f.paired, f.paired_planned if f.paired else None,
            f.paired_invested if f.paired else None, f.investment_rate)


def investment_table(r: Any) -> Table:
    """表2: investment by category, over the projects that reported both amounts."""
    shown = [f for f in r.categories if f.total]
    return Table(
        (header("category"), _("Projects"), _("Projects with both amounts"), _("Planned (10k yuan)"),
         _("Completed (10k yuan)"), _("Investment rate")),
        (TEXT, COUNT, COUNT, AMOUNT, AMOUNT, RATE),
        tuple(_investment_row(_category_name(f), f) for f in shown),
        _investment_row(_("Total"), r.totals),
        _("Planned and completed investment are summed over the projects that reported both amounts; "
          "the investment rate is completed over planned of the same row."))


def unit_table(r: Any) -> Table:
    """The responsible units (real units: groups and meta-recipients resolved) by state of
    their projects; a unit's state counts sum to its projects. No total: units share projects."""
    units = sorted((u for u in r.units if u.projects), key=lambda u: -u.figures.total)  # stable: ties keep order
    return Table(
        (_("Responsible unit"), _("Projects"), _("Leads"), _("Joins"), *state_headers(), _("Completion rate")),
        (TEXT, COUNT, COUNT, COUNT, *[COUNT] * len(STATE_ORDER), RATE),
        tuple((u.unit, u.figures.total, len(u.projects_lead), len(u.projects_join),
               *[u.figures.counts[s] for s in STATE_ORDER], u.figures.completion_rate) for u in units),
        None, _join_notes(_("A project of a group (各县区人民政府) counts for each of its members."),
                          unnamed_note(r)))


def unnamed_note(r: Any) -> str:
    """The note under a unit table naming the responsible parties no unit stands for
    (未能对应到具体单位的责任主体：各镇人民政府、…); empty when there are none."""
    unnamed = getattr(r, "unnamed", ())
    return _("Responsible parties not matched to a unit: {names}").format(names="、".join(unnamed)) if unnamed else ""


def _join_notes(*notes: str) -> str:
    return ("" if get_language() == "zh_CN" else " ").join(n for n in notes if n)


def ledger_table(r: Any) -> Table:
    """Each real unit across projects and tasks: what it leads, joins, and what is overdue."""
    return Table(
        (_("Unit"), _("Projects led"), _("Projects joined"), _("Tasks led"), _("Tasks joined"), _("Overdue")),
        (TEXT, COUNT, COUNT, COUNT, COUNT, TEXT),
        tuple((u.unit, len(u.projects_lead), len(u.projects_join), len(u.tasks_lead), len(u.tasks_join),
               "、".join(u.overdue[:8]) + ("…" if len(u.overdue) > 8 else "")) for u in r.units),
        None, unnamed_note(r))


def _plan_row(label: str, f: Any) -> tuple[Any, ...]:
    return (label, f.total, f.done, f.overdue, f.due_soon, f.open, f.rate)


def task_headers() -> tuple[str, ...]:
    from ..records.task.model import DueState, due_label

    return (_("Tasks"), *[due_label(s) for s in (DueState.DONE, DueState.OVERDUE, DueState.DUE_SOON,
                                                   DueState.OPEN)], _("Completion rate"))


def task_table(r: Any) -> Table:
    """The key tasks in scope by plan; 合计 last."""
    lists = r.lists
    return Table(
        (_("Plan"), *task_headers()), (TEXT, COUNT, COUNT, COUNT, COUNT, COUNT, RATE),
        tuple(_plan_row(plan.label, plan) for plan, _deadlines in lists.plans),
        _plan_row(_("Total"), lists.task_totals),
        _("Only the plans issued by the review date; completion rate: done among the plan's tasks."))


def deadline_table(r: Any) -> Table:
    """The key tasks of each plan by deadline (the plan's row first, its deadlines indented)."""
    rows: list[tuple[Any, ...]] = []
    for plan, deadlines in r.lists.plans:
        rows.append(_plan_row(plan.label, plan))
        rows += [_plan_row("  " + d.label, d) for d in deadlines]
    return Table((_("Plan / deadline"), *task_headers()), (TEXT, COUNT, COUNT, COUNT, COUNT, COUNT, RATE),
                 tuple(rows))


def indicator_count_table(r: Any) -> Table:
    from ..records.indicator.model import indicator_state_label

    counts = r.lists.indicator_counts
    return Table((_("Indicators"), *[indicator_state_label(s) for s in counts]), (COUNT,) * (1 + len(counts)),
                 ((sum(counts.values()), *counts.values()),))
