"""Indicators and tasks as users read them: field labels, cell texts, text tables, the detail
of one record, and the trees the UI groups them by (tasks: plan -> section -> subsection;
indicators: category)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..i18n import _
from ..models import status_label
from . import indicator as ind
from . import task as tk

UNIT_JOINER = "、"


def field_label(kind: str, name: str) -> str:
    labels = ind.FIELD_LABELS if kind == "indicator" else tk.FIELD_LABELS
    return _(labels[name]) if name in labels else name


def latest_text(i: ind.Indicator, as_of: date | None = None) -> str:
    latest = i.latest_value(as_of)
    return f"{latest.value}（{latest.year}）" if latest else ""


INDICATOR_CELLS: dict[str, Callable[[ind.Indicator], str]] = {
    "code": lambda i: i.code,
    "category": lambda i: ind.category_text(i.category),
    "number": lambda i: str(i.number),
    "name": lambda i: i.name,
    "sub_name": lambda i: i.sub_name,
    "title": lambda i: i.title,
    "unit": lambda i: i.unit,
    "baseline_2020": lambda i: i.baseline_2020,
    "target_2025": lambda i: i.target_2025,
    "attribute": lambda i: ind.attribute_text(i.attribute),
    "direction": lambda i: _(ind.DIRECTION_LABELS[i.direction]) if i.direction else "",
    "latest": latest_text,
    "state": lambda i: ind.indicator_state_label(ind.indicator_state(i, date.today())),
}
TASK_CELLS: dict[str, Callable[[tk.Task], str]] = {
    "code": lambda t: t.code,
    "plan": lambda t: t.plan,
    "plan_code": lambda t: t.plan_code,
    "year": lambda t: str(t.year),
    "section": lambda t: t.section,
    "subsection": lambda t: t.subsection,
    "number": lambda t: str(t.number),
    "name": lambda t: t.name,
    "content": lambda t: t.content,
    "lead_units": lambda t: UNIT_JOINER.join(t.lead_units),
    "cooperating_units": lambda t: UNIT_JOINER.join(t.cooperating_units),
    "responsible_units": lambda t: UNIT_JOINER.join(t.responsible_units),
    "deadline_text": lambda t: t.deadline_text,
    "deadline": lambda t: t.deadline.isoformat() if t.deadline else "",
    "status": lambda t: status_label(t.status),
    "progress_percent": lambda t: f"{t.progress_percent:g}%",
    "due": lambda t: tk.due_label(tk.due_state(t, date.today())),
}
INDICATOR_COLUMNS = ("code", "category", "title", "unit", "baseline_2020", "target_2025", "attribute", "latest")
TASK_COLUMNS = ("code", "name", "lead_units", "deadline_text", "status", "progress_percent")
CELLS: dict[str, dict[str, Callable[[Any], str]]] = {"indicator": INDICATOR_CELLS, "task": TASK_CELLS}
COLUMNS: dict[str, tuple[str, ...]] = {"indicator": INDICATOR_COLUMNS, "task": TASK_COLUMNS}


def header(kind: str, column: str) -> str:
    if column == "title":
        return field_label(kind, "name")
    if column == "latest":
        return _(ind.FIELD_LABELS["latest"])
    if column == "due":
        return _(tk.FIELD_LABELS["due"])
    return field_label(kind, column)


def text_table(kind: str, records: Sequence[Any], columns: Sequence[str] | None = None) -> str:
    from ..views import tabulate

    cols = columns or COLUMNS[kind]
    cells = CELLS[kind]
    rows = [[_short(cells[c](r)) for c in cols] for r in records]
    return tabulate(rows, headers=[header(kind, c) for c in cols], tablefmt="simple", disable_numparse=True)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def detail_text(kind: str, record: Any) -> str:
    """Every field of one indicator or task, one per line, then its values or progress log."""
    from ..views import percent_text, tabulate

    if kind == "indicator":
        i: ind.Indicator = record
        names: tuple[str, ...] = ("code", "category", "number", "name", "sub_name", "unit", "baseline_2020", "target_2025",
                 "attribute", "direction")
        pairs = [(header(kind, n), INDICATOR_CELLS[n](i)) for n in names]
        pairs.append((header(kind, "state"), INDICATOR_CELLS["state"](i)))
        if i.note:
            pairs.append((header(kind, "note"), i.note))
        text = tabulate(pairs, tablefmt="plain", disable_numparse=True, maxcolwidths=[None, 60])
        if i.values:
            rows = [[str(v.year), v.value, str(v.date), _(ind.JUDGEMENT_LABELS[v.judgement]) if v.judgement else "",
                     v.source, v.note] for v in sorted(i.values, key=lambda v: (v.year, v.date))]
            text += "\n\n" + header(kind, "values") + "\n" + tabulate(
                rows, headers=[header(kind, h) for h in ("year", "value", "date", "judgement", "source", "note")],
                disable_numparse=True)
        return text
    t: tk.Task = record
    names = ("code", "plan", "section", "subsection", "number", "name", "lead_units", "cooperating_units",
             "responsible_units", "deadline_text", "deadline", "status", "progress_percent")
    pairs = [(header(kind, n), TASK_CELLS[n](t)) for n in names]
    pairs.append((header(kind, "due"), TASK_CELLS["due"](t)))
    pairs.append((header(kind, "content"), t.content))
    text = tabulate(pairs, tablefmt="plain", disable_numparse=True, maxcolwidths=[None, 60])
    if t.progress_log:
        from ..models import field_label as project_label

        log = [[str(e.date), percent_text(e.percent), status_label(e.status), e.note] for e in t.progress_log]
        text += "\n\n" + header(kind, "progress_log") + "\n" + tabulate(
            log, headers=[project_label(h) for h in ("date", "percent", "status", "note")], disable_numparse=True)
    return text


# -- trees (the UI's left pane) ----------------------------------------------------------------------
@dataclass
class Node:
    """One tree node: its label, the query that selects its records, how many it holds."""

    label: str
    where: str
    count: int = 0
    children: list[Node] = field(default_factory=list)


def _quoted(text: str) -> str:
    return f'"{text}"' if any(c.isspace() for c in text) else text


def task_tree(tasks: Sequence[tk.Task]) -> list[Node]:
    """Plans (in order of first appearance) -> sections -> subsections, with counts."""
    plans: dict[str, Node] = {}
    for t in tasks:
        plan = plans.setdefault(t.plan_code, Node(t.plan, f"plan:{t.plan_code}"))
        plan.count += 1
        if not t.section:
            continue
        section = next((n for n in plan.children if n.label == t.section), None)
        if section is None:
            section = Node(t.section, f"plan:{t.plan_code} sec:{_quoted(t.section)}")
            plan.children.append(section)
        section.count += 1
        if t.subsection:
            sub = next((n for n in section.children if n.label == t.subsection), None)
            if sub is None:
                sub = Node(t.subsection, f"plan:{t.plan_code} sec:{_quoted(t.subsection)}")
                section.children.append(sub)
            sub.count += 1
    return list(plans.values())


def indicator_tree(indicators: Sequence[ind.Indicator]) -> list[Node]:
    """The plan's five categories, in its order, with counts."""
    nodes = [Node(ind.category_text(zh), f"cat:{zh}") for zh, _en in ind.CATEGORIES]
    for i in indicators:
        for node, (zh, _en) in zip(nodes, ind.CATEGORIES, strict=True):
            if i.category == zh:
                node.count += 1
    return [n for n in nodes if n.count]
