"""Who answers for what: the one resolver from the unit names a project or task is written with
to the real units that answer for it, and whether each leads.

Every per-unit table, sheet, ledger and dispatch form goes through ``units_index`` (or, for one
record, ``UnitResolver.duties``):

* names are read through the units directory (``units.Directory``): canonical names, aliases
  merged (区审批局 is 区行政审批局);
* a group (各县区人民政府) stands for its members, and is never a unit of its own;
* the meta-recipients of an annual plan stand for the units they name *in that plan*:
  本计划中所有牵头单位 and 本计划中各项任务的牵头单位 for every lead unit of the plan's other
  tasks, 本计划中所有配合单位 for every cooperating unit of them. The key projects form one plan
  (the five-year plan's appendix): a project naming them stands for the projects' units.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from .units import Directory, active_directory, normalise

ALL_LEADS = "本计划中所有牵头单位"
EACH_TASK_LEADS = "本计划中各项任务的牵头单位"
ALL_COOPERATING = "本计划中所有配合单位"
META_LEADS = frozenset({normalise(ALL_LEADS), normalise(EACH_TASK_LEADS)})
META_COOPERATING = frozenset({normalise(ALL_COOPERATING)})
META_RECIPIENTS = META_LEADS | META_COOPERATING


_META: dict[str, bool] = {}
# a name standing for several units without naming them: 各镇人民政府, 各相关企业, 相关锅炉使用单位,
# 市应对气候变化及节能减排工作领导小组成员单位 (unless the directory knows it as a group)
_COLLECTIVE = re.compile(r"^(各|相关|有关)|成员单位$")


def is_unnamed(name: str, directory: Directory | None = None) -> bool:
    """Does ``name`` stand for units the directory cannot name (a group without known members,
    or a meta-recipient)? Such a name is never a unit: no row, sheet or form of its own."""
    d = directory or active_directory()
    if is_meta(name):
        return True
    return not d.is_group(name) and bool(_COLLECTIVE.search(d.canonical(name)))


def unnamed_recipients(records: Iterable[Any], directory: Directory | None = None) -> list[str]:
    """The names of ``records`` standing for units the directory cannot name (groups without
    known members; not the meta-recipients, which stand for the units of their plan), canonical,
    each once, in the order met: the note under a unit table lists them."""
    d = directory or active_directory()
    found: dict[str, None] = {}
    seen: set[str] = set()
    for record in records:
        for name in record.units:
            if name in seen:
                continue
            seen.add(name)
            if not is_meta(name) and is_unnamed(name, d):
                found.setdefault(d.canonical(name), None)
    return list(found)


def is_meta(name: str) -> bool:
    """Does ``name`` stand for the units of a plan (本计划中所有牵头单位 …)?"""
    found = _META.get(name)
    if found is None:
        found = _META[name] = normalise(name) in META_RECIPIENTS
    return found


_TASK_LIKE: dict[type, bool] = {}


def _names_of(record: Any) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...] | None]:
    """A record's plan ("" for the projects: the five-year plan), the names it leads with, the
    others, and its cooperating units when it names them apart (tasks); read without a failing
    attribute look-up (pydantic's costs ~30 µs: 100,000 projects)."""
    kind = type(record)
    task_like = _TASK_LIKE.get(kind)
    if task_like is None:
        task_like = _TASK_LIKE[kind] = hasattr(record, "lead_units")
    if task_like:
        leads = tuple(record.lead_units)
        return (str(record.plan_code or ""), leads, tuple(u for u in record.units if u not in leads),
                tuple(record.cooperating_units))
    units = tuple(record.units)
    return "", units[:1], units[1:], None


class UnitResolver:
    """Resolves the names of records to real canonical units (see the module's docstring).
    Built over every record of the plans in view, so that a meta-recipient knows its plan."""

    def __init__(self, records: Iterable[Any], directory: Directory | None = None) -> None:
        self.directory = directory or active_directory()
        self._real: dict[str, tuple[str, ...]] = {}
        leads: dict[str, set[str]] = {}
        cooperating: dict[str, set[str]] = {}
        self._duties: dict[tuple[str, tuple[str, ...], tuple[str, ...]], dict[str, bool]] = {}
        seen: set[tuple[str, tuple[str, ...], tuple[str, ...] | None]] = set()
        for record in records:
            plan, lead_names, other_names, others = _names_of(record)
            if (plan, lead_names, others if others is not None else other_names) in seen:
                continue  # 100,000 projects name a few hundred combinations of units
            seen.add((plan, lead_names, others if others is not None else other_names))
            leads.setdefault(plan, set()).update(u for n in lead_names if not is_meta(n) for u in self.real(n))
            names = other_names if others is None else others
            cooperating.setdefault(plan, set()).update(u for n in names if not is_meta(n) for u in self.real(n))
        self._leads = {plan: tuple(sorted(units)) for plan, units in leads.items()}
        self._cooperating = {plan: tuple(sorted(units)) for plan, units in cooperating.items()}

    def real(self, name: str) -> tuple[str, ...]:
        """The real units a name stands for without a plan: itself, or a group's members."""
        found = self._real.get(name)
        if found is None:
            d = self.directory
            found = self._real[name] = () if is_unnamed(name, d) else tuple(
                sorted(u for u in d.reach(name) if not d.is_group(u)))
        return found

    def units_of(self, name: str, plan: str = "") -> tuple[str, ...]:
        """The real units ``name`` stands for in ``plan`` (the meta-recipients resolved)."""
        if is_meta(name):
            key = normalise(name)
            return self._leads.get(plan, ()) if key in META_LEADS else self._cooperating.get(plan, ())
        return self.real(name)

    def duties(self, record: Any) -> dict[str, bool]:
        """The real units answering for ``record`` -> whether each leads it; in the order named
        (shared between records naming the same units: read it, do not change it)."""
        plan, lead_names, other_names, _others = _names_of(record)
        key = (plan, lead_names, other_names)
        found = self._duties.get(key)
        if found is not None:
            return found
        out: dict[str, bool] = {}
        self._duties[key] = out
        for name in lead_names:
            for unit in self.units_of(name, plan):
                out[unit] = True
        for name in other_names:
            for unit in self.units_of(name, plan):
                out.setdefault(unit, False)
        return out


def units_index(projects: Sequence[Any], tasks: Sequence[Any] = (),
                directory: Directory | None = None) -> dict[str, list[tuple[Any, bool]]]:
    """THE resolver of per-unit views: each real unit -> its projects, then its tasks, and
    whether it leads each (one pass; units in the order first met)."""
    resolver = UnitResolver([*projects, *tasks], directory)
    index: dict[str, list[tuple[Any, bool]]] = {}
    for record in (*projects, *tasks):
        for unit, lead in resolver.duties(record).items():
            index.setdefault(unit, []).append((record, lead))
    return index
