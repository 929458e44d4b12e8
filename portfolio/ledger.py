"""A unit's ledger (台账) across the three lists: every project and task a unit leads or joins,
overdue items first.

The unit is resolved as every per-unit view resolves it (``unit_duties``): aliases name the same
unit, a group stands for its members — the ledger of 鹿寨县 holds what was given to 各县区人民政府,
and asking for 各县区人民政府 gives what its members were given — and the meta-recipients
(本计划中所有牵头单位 …) stand for the units of their plan.
The plan's indicator table (专栏2) names no responsible unit, so indicators appear in no
ledger.

Overdue is as of ``today``: a project due (31 December of its end year) before it and not
completed; a task whose deadline has passed and that is not done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .i18n import N_, _
from .records.columns import Column, RecordKind, Width, register
from .records.fields import Status, status_label
from .records.project.model import Project
from .records.task import model as tk
from .review.states import ScheduleState, schedule_state, state_label


@dataclass(frozen=True)
class LedgerItem:
    kind: str  # "project" | "task"
    code: str
    title: str
    lead: bool  # the unit leads it (else it joins)
    deadline: str  # as written: a task's deadline, a project's years
    due: date | None
    state: str  # label in the interface language
    overdue: bool
    due_soon: bool

    @property
    def role(self) -> str:
        return "lead" if self.lead else "join"


def unit_names(repo: Any) -> list[str]:
    """The real units a user may pick: the directory's and every unit the data names, in
    canonical form; a group (各县区人民政府) or a meta-recipient (本计划中所有牵头单位) is no unit."""
    from .unit_duties import is_meta

    directory = _directory(repo)
    return [n for n in directory.known_names() if not directory.is_group(n) and not is_meta(n)]


def _directory(repo: Any) -> Any:
    from .units import directory_of

    return directory_of(repo)


def _project_item(p: Project, lead: bool, today: date) -> LedgerItem:
    review = schedule_state(p, today)
    overdue = review.state is ScheduleState.OVERDUE
    return LedgerItem("project", p.code, p.name, lead, p.years, date(p.end_year, 12, 31),
                      state_label(review.state), overdue, False)


def _task_item(t: tk.Task, lead: bool, today: date) -> LedgerItem:
    due = tk.due_state(t, today)
    label = tk.due_label(due) if due in (tk.DueState.OVERDUE, tk.DueState.DUE_SOON) else status_label(t.status)
    if t.status in (Status.COMPLETED, Status.CANCELLED):
        label = status_label(t.status)
    return LedgerItem("task", t.code, t.title, lead, t.deadline_text, t.deadline, label,
                      due is tk.DueState.OVERDUE, due is tk.DueState.DUE_SOON)


def unit_ledger(repo: Any, unit: str, today: date | None = None) -> list[LedgerItem]:
    """What ``unit`` (any name or alias; a group: its members) leads or joins, resolved as every
    per-unit view resolves it (``unit_duties.UnitResolver``: groups and meta-recipients stand for
    their units): overdue first, then due soon, then the rest; projects before tasks within each,
    each list in its own order."""
    from .store.kinds import KINDS
    from .unit_duties import UnitResolver

    day = today or date.today()
    projects = repo.projects()
    tasks = repo.records("task") if "task" in KINDS else []
    resolver = UnitResolver([*projects, *tasks], _directory(repo))
    wanted = set(resolver.real(unit))
    items: list[LedgerItem] = []
    for p in projects:
        duties = resolver.duties(p)
        if not wanted.isdisjoint(duties):
            items.append(_project_item(p, any(duties.get(u, False) for u in wanted), day))
    for t in tasks:
        duties = resolver.duties(t)
        if not wanted.isdisjoint(duties):
            items.append(_task_item(t, any(duties.get(u, False) for u in wanted), day))
    rank = {(True, False): 0, (False, True): 1, (False, False): 2}
    return sorted(items, key=lambda i: rank[(i.overdue, i.due_soon)])  # stable: each list keeps its order


# -- the unit view's columns (the generic table: sorting, column picker) ----------------------------
KIND_LABELS = {"project": N_("Project"), "task": N_("Key task")}
ROLE_LABELS = {"lead": N_("leads"), "join": N_("joins")}
OVERDUE_MARK = "⚠"


def _flag(i: LedgerItem) -> str:
    return OVERDUE_MARK if i.overdue else ("…" if i.due_soon else "")


def _colour(i: LedgerItem) -> str | None:
    return "red" if i.overdue else ("yellow" if i.due_soon else None)


LEDGER_COLUMNS: tuple[Column[LedgerItem], ...] = (
    Column("flag", N_("Overdue"), _flag, sort_key=lambda i: (not i.overdue, not i.due_soon), width=Width(fixed=2),
           style=_colour),
    Column("kind", N_("List"), lambda i: _(KIND_LABELS[i.kind]), width=Width(max=6)),
    Column("code", N_("Code"), lambda i: i.code, width=Width(max=12)),
    Column("title", N_("Item"), lambda i: i.title, width=Width(min=14, flex=True)),
    Column("role", N_("Role"), lambda i: _(ROLE_LABELS[i.role]), width=Width(max=6)),
    Column("deadline", N_("Deadline"), lambda i: i.deadline, sort_key=lambda i: i.due or date.max,
           width=Width(max=12)),
    Column("state", N_("State"), lambda i: i.state, width=Width(max=12), style=_colour),
)
LEDGER_KIND: RecordKind[LedgerItem] = register(RecordKind(
    name="ledger", columns=LEDGER_COLUMNS, default_columns=tuple(c.key for c in LEDGER_COLUMNS),
    plan_order=lambda i: 0, ident=lambda i: f"{i.kind}:{i.code}", narrow_drops=("kind", "role", "deadline")))
