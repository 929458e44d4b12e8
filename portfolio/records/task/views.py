"""Tasks as users read them: cell texts, the detail of one task with its progress log, and the
tree of plans, sections and subsections."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from ...i18n import _
from ...tables import UNIT_JOINER
from ..fields import status_label
from ..views import Node, quoted
from . import model as tk

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


TASK_COLUMNS = ("code", "name", "lead_units", "deadline_text", "status", "progress_percent")
CELLS = TASK_CELLS
COLUMNS = TASK_COLUMNS
HEADERS = {"due": tk.FIELD_LABELS["due"]}


def deadline_cell(t: tk.Task) -> str:
    """The due date, flagged when it was set by hand (it no longer follows the text)."""
    text = TASK_CELLS["deadline"](t)
    return _("{date} (set by hand)").format(date=text) if t.deadline_by_hand and text else text


def detail_text(t: tk.Task) -> str:
    """Every field of one task, one per line, then its progress log."""
    from ...tables import percent_text, tabulate
    from ..issues import field_label as shared_label
    from ..views import header

    names = ("code", "plan", "section", "subsection", "number", "name", "lead_units", "cooperating_units",
             "responsible_units", "deadline_text", "deadline", "status", "progress_percent")
    pairs = [(header("task", n), deadline_cell(t) if n == "deadline" else TASK_CELLS[n](t)) for n in names]
    pairs.append((header("task", "due"), TASK_CELLS["due"](t)))
    pairs.append((header("task", "content"), t.content))
    text = tabulate(pairs, tablefmt="plain", disable_numparse=True, maxcolwidths=[None, 60])
    if t.progress_log:
        log = [[str(e.date), percent_text(e.percent), status_label(e.status), e.note] for e in t.progress_log]
        text += "\n\n" + header("task", "progress_log") + "\n" + tabulate(
            log, headers=[shared_label(h) for h in ("date", "percent", "status", "note")], disable_numparse=True)
    return text


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
            section = Node(t.section, f"plan:{t.plan_code} sec:{quoted(t.section)}")
            plan.children.append(section)
        section.count += 1
        if t.subsection:
            sub = next((n for n in section.children if n.label == t.subsection), None)
            if sub is None:
                sub = Node(t.subsection, f"plan:{t.plan_code} sec:{quoted(t.subsection)}")
                section.children.append(sub)
            sub.count += 1
    return list(plans.values())
