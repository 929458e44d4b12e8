"""The query language (``portfolio.query``) for indicators and tasks: the same terms, quoting,
negation and errors, with the keys of each kind (``KEYS_BY_KIND``; an unknown key lists
those of the kind queried).

* tasks: ``plan:`` (plan code or part of its title), ``year:``, ``due:<=2024-06-30`` (the
  deadline, compared as a date; also ``due:overdue|soon|open|done``, the due state today),
  ``lead:``, ``unit:`` (any unit the task names, through the units directory), ``status:``,
  ``sec:`` (section or subsection), ``code:``; a bare word searches the task, its content and
  its units;
* indicators: ``attr:约束性``, ``state:met`` (the state today), ``cat:``, ``code:``; a bare
  word searches the indicator and its sub-indicator.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import QueryError, printable
from .i18n import N_, _
from .models import STATUS_LABELS, Status, find_status
from .query import KEYS, Query, Term, tokenize
from .query import parse as parse_projects
from .records.indicator import (
    ATTRIBUTES,
    CATEGORIES,
    STATE_LABELS,
    IndicatorState,
    find_attribute,
    find_indicator_category,
    find_indicator_state,
    indicator_state,
)
from .records.task import DUE_LABELS, DueState, due_state

KeyTable = dict[str, tuple[tuple[str, ...], str]]
TASK_KEYS: KeyTable = {
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
INDICATOR_KEYS: KeyTable = {
    "attr": (("attribute", "属性", "指标属性"), N_("attribute: 约束性, 预期性, 指导性 (binding, expected, guiding)")),
    "state": (("状态",), N_("state today: met, on_path, off_path, not_met, to_judge, not_reported")),
    "cat": (("category", "类别"), N_("category: 环境质量改善, 污染防治治理, 生态保护, 环境经济, 应对气候变化")),
    "code": (("编号",), N_("indicator code or its beginning: I05, I1")),
    "link": (("links", "关联"), N_("a linked project or box: W01, 专栏5, any, none")),
}
KEYS_BY_KIND: dict[str, KeyTable] = {"project": KEYS, "task": TASK_KEYS, "indicator": INDICATOR_KEYS}
_DATE_EXPR = re.compile(r"^(<=|>=|<|>|=)?\s*(\d{4}-\d{1,2}-\d{1,2})$")
_YEAR_EXPR = re.compile(r"^(<=|>=|<|>|=)?\s*(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-~～]\s*(\d{4})$")
_OPS: dict[str | None, Callable[[Any, Any], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq, None: operator.eq}
Predicate = Callable[[Any], bool]


def _aliases(keys: KeyTable) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, (aliases, _desc) in keys.items():
        out[key] = key
        for alias in aliases:
            out[alias] = key
    return out


def keys_text(kind: str) -> str:
    return ", ".join(KEYS_BY_KIND[kind])


def _error(term: Term, message: str) -> QueryError:
    return QueryError(_("In '{term}': {message}").format(term=printable(term.text), message=message))


def _year(term: Term, get: Callable[[Any], int]) -> Predicate:
    value = term.value.replace(" ", "")
    m = _YEAR_RANGE.match(value)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return lambda r: lo <= get(r) <= hi
    m = _YEAR_EXPR.match(value)
    if not m:
        raise _error(term, _("expected a year such as 2023, <=2023, >2022 or 2021-2025"))
    cmp, year = _OPS[m.group(1)], int(m.group(2))
    return lambda r: cmp(get(r), year)


def _due(term: Term, today: date) -> Predicate:
    value = term.value.replace(" ", "")
    states = {s.value: s for s in DueState} | {"soon": DueState.DUE_SOON}
    from .i18n import load_catalog

    zh = load_catalog("zh_CN")
    states |= {zh.gettext(label): s for s, label in DUE_LABELS.items()}
    if value.lower() in states:
        wanted = states[value.lower()]
        return lambda t: due_state(t, today) is wanted
    m = _DATE_EXPR.match(value)
    if not m:
        raise _error(term, _("expected a date such as <=2024-06-30, or overdue, soon, open, done"))
    try:
        when = date.fromisoformat("-".join(f"{int(p):02d}" for p in m.group(2).split("-")))
    except ValueError:
        raise _error(term, _("'{value}' is not a date").format(value=m.group(2))) from None
    cmp = _OPS[m.group(1)]
    return lambda t: t.deadline is not None and cmp(t.deadline, when)


def _status(term: Term, get: Callable[[Any], Status]) -> Predicate:
    status = find_status(term.value)
    if status is None:
        names = ", ".join(f"{s.value}/{_(STATUS_LABELS[s])}" for s in Status)
        raise _error(term, _("unknown status; use one of {names}").format(names=names))
    return lambda r: get(r) is status or get(r) == status


def _link(term: Term) -> Predicate:
    """``link:W01``, ``link:专栏5`` (a record linked to it), ``link:any``, ``link:none``."""
    from .plan_boxes import normalise_link

    low = term.value.strip().lower()
    if low in ("any", "yes", "有"):
        return lambda r: bool(r.links)
    if low in ("none", "no", "无"):
        return lambda r: not r.links
    link = normalise_link(term.value)
    if link is None:
        raise _error(term, _("expected a project code (W01), a box (专栏5), any or none"))
    return lambda r: link in r.links


def _task_predicate(term: Term, today: date) -> Predicate:
    from .units import unit_matcher

    key, value, low = term.key, term.value, term.value.lower()
    if key is None:
        return lambda t: low in f"{t.name}\n{t.content}\n{'、'.join(t.units)}".lower()
    if key == "plan":
        return lambda t: t.plan_code.lower().startswith(low) or low in t.plan.lower()
    if key == "year":
        return _year(term, lambda t: t.year)
    if key == "due":
        return _due(term, today)
    if key == "lead":
        reaches = unit_matcher(value)
        return lambda t: any(low in u.lower() for u in t.lead_units) or reaches(t.lead_units)
    if key == "unit":
        reaches = unit_matcher(value)
        return lambda t: any(low in u.lower() for u in t.units) or reaches(t.units)
    if key == "status":
        return _status(term, lambda t: t.status)
    if key == "sec":
        return lambda t: low in t.section.lower() or low in t.subsection.lower()
    if key == "code":
        return lambda t: t.code.upper().startswith(value.upper())
    if key == "link":
        return _link(term)
    raise _error(term, _("unknown key; valid keys: {keys}").format(keys=keys_text("task")))


def _indicator_predicate(term: Term, today: date) -> Predicate:
    key, value, low = term.key, term.value, term.value.lower()
    if key is None:
        return lambda i: low in f"{i.name}\n{i.sub_name}".lower()
    if key == "attr":
        attribute = find_attribute(value)
        if attribute is None:
            names = ", ".join(f"{zh}/{_(en)}" for zh, en in ATTRIBUTES)
            raise _error(term, _("unknown attribute; use one of {names}").format(names=names))
        return lambda i: i.attribute == attribute
    if key == "state":
        state = find_indicator_state(value)
        if state is None:
            names = ", ".join(f"{s.value}/{_(STATE_LABELS[s])}" for s in IndicatorState)
            raise _error(term, _("unknown state; use one of {names}").format(names=names))
        return lambda i: indicator_state(i, today) is state
    if key == "cat":
        category = find_indicator_category(value)
        if category is None:
            names = ", ".join(zh for zh, _en in CATEGORIES)
            raise _error(term, _("unknown category; use one of {names}").format(names=names))
        return lambda i: i.category == category
    if key == "code":
        return lambda i: i.code.upper().startswith(value.upper())
    if key == "link":
        return _link(term)
    raise _error(term, _("unknown key; valid keys: {keys}").format(keys=keys_text("indicator")))


@dataclass(frozen=True)
class RecordQuery:
    """A compiled query over indicators or tasks (``filter`` keeps the given order)."""

    kind: str
    text: str
    terms: tuple[Term, ...]
    predicates: tuple[tuple[Predicate, bool], ...]

    @property
    def empty(self) -> bool:
        return not self.terms

    def matches(self, record: Any) -> bool:
        return all(pred(record) != negate for pred, negate in self.predicates)

    def filter(self, records: Iterable[Any]) -> list[Any]:
        return [r for r in records if self.matches(r)]


def parse_kind(text: str, kind: str = "project", today: date | None = None) -> Query | RecordQuery:
    """Compile a query for records of ``kind``; ``QueryError`` names a bad term and, for an
    unknown key, lists the keys of that kind."""
    if kind == "project":
        return parse_projects(text)
    if kind not in KEYS_BY_KIND:
        raise QueryError(_("Unknown kind '{kind}'; kinds: {kinds}").format(
            kind=printable(kind), kinds=", ".join(KEYS_BY_KIND)))
    day = today or date.today()
    terms = tuple(tokenize(text or "", _aliases(KEYS_BY_KIND[kind]), lambda: keys_text(kind)))
    build = _task_predicate if kind == "task" else _indicator_predicate
    return RecordQuery(kind, text or "", terms, tuple((build(t, day), t.negate) for t in terms))


def select_kind(records: Sequence[Any], kind: str, where: str | None,
                today: date | None = None) -> list[Any]:
    query = parse_kind(where or "", kind, today)
    return list(records) if query.empty else query.filter(records)
