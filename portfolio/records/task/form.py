"""How a task is edited: the form's fields (the deadline as written and its date, which follows
the text unless typed by hand; the progress report as for projects), the bulk edit's fields and
a new task's first values (the plan, section and subsection of the task under the cursor, the
plan's next number)."""

from __future__ import annotations

from typing import Any

from ...i18n import N_, ngettext
from ..editing import (
    BulkField,
    FormField,
    percent_bulk,
    status_bulk,
    text_bulk,
    unit_add_bulk,
    unit_remove_bulk,
)
from ..fields import Status, status_label
from . import model as tk

WORD = N_("task")
NEW_TITLE = N_("New task")


def counted(n: int) -> str:
    """``n`` tasks in a count (the measure word of Chinese comes with it)."""
    return ngettext("task (counted)", "tasks (counted)", n)


LOG = True


def _statuses(repo: Any) -> list[tuple[str, str]]:
    return [(status_label(s), s.value) for s in Status]


FORM: tuple[tuple[FormField, ...], ...] = (
    (FormField("name"),),
    (FormField("content", "text"),),
    (FormField("section"), FormField("subsection")),
    (FormField("lead_units", "units"),),
    (FormField("cooperating_units", "units"),),
    (FormField("responsible_units", "units"),),
    (FormField("deadline_text"), FormField("deadline", empty=None)),
    (FormField("status", "select", options=_statuses), FormField("progress_percent", "number", empty=0)),
)


BULK: tuple[BulkField, ...] = (
    status_bulk(),
    percent_bulk(),
    text_bulk("deadline_text", N_("Deadline"), N_("年底前, 6月底前, 全年 …")),
    unit_add_bulk("lead_units", N_("Add a lead unit")),
    unit_remove_bulk("lead_units", N_("Remove a lead unit"), needs_one=N_("a task needs at least one lead unit")),
    unit_add_bulk("responsible_units"),
    unit_remove_bulk("responsible_units"),
)


def collected(data: dict[str, Any], record: Any) -> dict[str, Any]:
    """The due date follows the text (the model) unless a date is typed: a date left as shown
    is not one set by hand."""
    shown = record.deadline.isoformat() if record is not None and record.deadline else None
    if "deadline" in data and data["deadline"] == shown:
        data = {k: v for k, v in data.items() if k != "deadline"}
    return tk.by_hand(data)


def new_values(repo: Any, scope: Any, current: Any) -> dict[str, Any]:
    """A new task in the plan (section, subsection) of the task under the cursor, numbered next."""
    tasks = repo.records("task")
    like = current if current is not None else (tasks[-1] if tasks else None)
    if like is None:
        return {}
    used = [t.number for t in tasks if t.plan_code == like.plan_code]
    number = max([*used, repo.code_counter(f"{like.plan_code}-", "task")]) + 1
    return {"code": f"{like.plan_code}-{number:02d}", "plan": like.plan, "plan_code": like.plan_code,
            "year": like.year, "section": like.section, "subsection": like.subsection, "number": number,
            "lead_units": [], "status": Status.NOT_REPORTED.value, "progress_percent": 0}
