"""The query keys of tasks (``portfolio.query``): ``plan:`` (plan code or part of its title),
``year:``, ``due:<=2024-06-30`` (the deadline, compared as a date; also
``due:overdue|soon|open|done``, the due state today), ``lead:``, ``unit:`` (any unit the task
names, through the units directory), ``status:``, ``sec:`` (section or subsection), ``code:``,
``link:``; a bare word searches the task, its content and its units."""

from __future__ import annotations

import re
from datetime import date

from ...i18n import N_, _
from ...query import OPS, KeyTable, Predicate, Term, keys_text, link_is, status_is, term_error, year_is
from .model import DUE_LABELS, DueState, due_state

KEYS: KeyTable = {
    "plan": (("计划", "方案"), N_("plan: its code (LZS2022W) or part of its title")),
    "year": (("年", "年份", "年度"), N_("the plan's year: 2024, >=2023, 2022-2024")),
    "due": (("期限", "时限", "完成时限"), N_("deadline: <=2024-06-30, 2024-12-31, or overdue, soon, open, done")),
    "lead": (("牵头", "牵头单位"), N_("a lead unit (its name, an alias or part of it)")),
    "unit": (("units", "单位", "责任单位"), N_("any unit the task names, groups included")),
    "status": (("状态",), N_("status: in_progress, 实施中 ...")),
    "sec": (("section", "章节", "部分"), N_("section or subsection (part of its heading)")),
    "code": (("编号",), N_("task code or its beginning: LZS2022W-05, LJQ")),
    "link": (("links", "关联"), N_("a linked project or box: W01, 专栏5, any, none")),
}


_DATE_EXPR = re.compile(r"^(<=|>=|<|>|=)?\s*(\d{4}-\d{1,2}-\d{1,2})$")


def _due(term: Term, today: date) -> Predicate:
    value = term.value.replace(" ", "")
    states = {s.value: s for s in DueState} | {"soon": DueState.DUE_SOON}
    from ...i18n import load_catalog

    zh = load_catalog("zh_CN")
    states |= {zh.gettext(label): s for s, label in DUE_LABELS.items()}
    if value.lower() in states:
        wanted = states[value.lower()]
        return lambda t: due_state(t, today) is wanted
    m = _DATE_EXPR.match(value)
    if not m:
        raise term_error(term, _("expected a date such as <=2024-06-30, or overdue, soon, open, done"))
    try:
        when = date.fromisoformat("-".join(f"{int(p):02d}" for p in m.group(2).split("-")))
    except ValueError:
        raise term_error(term, _("'{value}' is not a date").format(value=m.group(2))) from None
    cmp = OPS[m.group(1)]
    return lambda t: t.deadline is not None and cmp(t.deadline, when)


def predicate(term: Term, today: date) -> Predicate:
    from ...units import unit_matcher

    key, value, low = term.key, term.value, term.value.lower()
    if key is None:
        return lambda t: low in f"{t.name}\n{t.content}\n{'、'.join(t.units)}".lower()
    if key == "plan":
        return lambda t: t.plan_code.lower().startswith(low) or low in t.plan.lower()
    if key == "year":
        return year_is(term, lambda t: t.year)
    if key == "due":
        return _due(term, today)
    if key == "lead":
        reaches = unit_matcher(value)
        return lambda t: any(low in u.lower() for u in t.lead_units) or reaches(t.lead_units)
    if key == "unit":
        reaches = unit_matcher(value)
        return lambda t: any(low in u.lower() for u in t.units) or reaches(t.units)
    if key == "status":
        return status_is(term, lambda t: t.status)
    if key == "sec":
        return lambda t: low in t.section.lower() or low in t.subsection.lower()
    if key == "code":
        return lambda t: t.code.upper().startswith(value.upper())
    if key == "link":
        return link_is(term)
    raise term_error(term, _("unknown key; valid keys: {keys}").format(keys=keys_text("task")))
