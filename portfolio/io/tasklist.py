"""Annual work plans (年度…工作计划 / 实施方案) -> tasks: what the text, flowed-text and Word
readers share.

A reader yields the plan's title and ``TaskRow``s (the cells of one task row, as written,
with the section and subsection in force); ``rows_to_tasks`` turns them into ``Task``
records: codes by plan and number, the task name carried down where the plan merges it over
several rows (an empty 主要任务 cell continues the one above, within the same subsection),
units split at the plan's separators, the deadline read into a date where it gives one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from pydantic import ValidationError

from ..errors import ImportFormatError
from ..i18n import _
from ..records.issues import describe_errors
from ..records.task.model import Task, parse_deadline
from ..units import split_units

TITLE = re.compile(r"^(?P<place>[^\d《》“”]{2,12}?)\s*(?P<year>\d{4})\s*年度?(?P<subject>\S*?)(?:工作计划|实施方案|工作方案)$")
SECTION = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*\S")
SUBSECTION = re.compile(r"^[（(]\s*[一二三四五六七八九十]+\s*[)）]\s*\S")
_PARAGRAPH_MARKS = re.compile(r"</?p>")
SUBJECTS = (("水", "W"), ("土壤", "S"), ("大气", "A"), ("固体废物", "R"))


@dataclass(frozen=True)
class PlanInfo:
    title: str  # as written, white space removed: 柳州市2022年度水污染防治工作计划
    year: int
    code: str  # LZS2022W


@dataclass
class TaskRow:
    """The cells of one task as written, and where it came from (for messages)."""

    number: str
    name: str
    content: str
    lead: str
    cooperating: str
    responsible: str
    deadline: str
    section: str
    subsection: str
    where: str
    extra: dict[str, str] = field(default_factory=dict)


def squeeze(text: str) -> str:
    """No white space at all (titles, unit names, deadlines: the conversion's spaces)."""
    return re.sub(r"\s+", "", text)


def clean_cell(text: str) -> str:
    """A cell's text: conversion markers (<p>) removed, lines trimmed and joined."""
    text = _PARAGRAPH_MARKS.sub("", text).replace("\u3000", " ")
    return "".join(line.strip() for line in text.splitlines()).strip()


def heading(text: str) -> str:
    """A section or subsection heading with its numbering in full-width form: （五）…"""
    t = squeeze(text)
    return re.sub(r"^[(（]([一二三四五六七八九十]+)[)）]", r"（\1）", t)


def plan_info(title: str) -> PlanInfo | None:
    t = squeeze(title)
    m = TITLE.match(t)
    if not m:
        return None
    from ..records.project.query import name_pinyin

    place = m.group("place")
    initials = name_pinyin(place)[1].upper()
    initials = re.sub(r"[^A-Z]", "", initials)[:8] or "P"
    subject = next((letter for word, letter in SUBJECTS if word in m.group("subject")), "E")
    return PlanInfo(t, int(m.group("year")), f"{initials}{m.group('year')}{subject}")


def find_plan_title(lines: list[str]) -> tuple[PlanInfo, int]:
    """The plan's title (the first line that reads like one) and its line index."""
    for i, line in enumerate(lines[:40]):
        info = plan_info(line.strip())
        if info is not None:
            return info, i
    raise ImportFormatError(_("No annual work plan title (e.g. '柳州市2022年度水污染防治工作计划') "
                              "in the first 40 lines"))


def looks_like_task_plan(text: str) -> bool:
    """An annual work plan: a plan title near the top and a key-task list."""
    lines = text.splitlines()
    has_title = any(plan_info(line.strip()) for line in lines[:40])
    return has_title and "重点工作任务清单" in squeeze(text)


_GOVERNMENT = ("人民政府", "政府", "管委会", "各镇", "各县", "各乡镇")


def is_government(cell: str) -> bool:
    """A 责任单位-like cell (governments and administrative committees)."""
    return any(w in cell for w in _GOVERNMENT)


def rows_to_tasks(info: PlanInfo, rows: Iterable[TaskRow]) -> list[Task]:
    tasks: list[Task] = []
    seen: set[int] = set()
    previous_name = ""
    previous_scope: tuple[str, str] | None = None
    for row in rows:
        number = row.number.strip()
        if not number.isdigit():
            raise ImportFormatError(_("{where}: task number '{value}' is not a number").format(
                where=row.where, value=number))
        n = int(number)
        if n in seen:
            raise ImportFormatError(_("{where}: task number {n} appears twice").format(where=row.where, n=n))
        seen.add(n)
        scope = (row.section, row.subsection)
        name = clean_cell(row.name)
        continued: list[str] = []
        if not name and previous_scope == scope and previous_name:
            name, continued = previous_name, ["name"]
        previous_name, previous_scope = name, scope
        deadline_text = " ".join(clean_cell(row.deadline).split())  # as written: spaces kept, runs of them one
        data = {
            "code": f"{info.code}-{n:02d}",
            "plan": info.title,
            "plan_code": info.code,
            "year": info.year,
            "section": heading(row.section),
            "subsection": heading(row.subsection),
            "number": n,
            "name": name,
            "content": clean_cell(row.content),
            "lead_units": split_units(row.lead),
            "cooperating_units": split_units(row.cooperating),
            "responsible_units": split_units(row.responsible),
            "deadline_text": deadline_text,
            "deadline": parse_deadline(deadline_text, info.year),
            "continued": continued,
        }
        try:
            tasks.append(Task.model_validate(data))
        except ValidationError as exc:
            issues = _("; ").join(str(i) for i in describe_errors(exc))
            raise ImportFormatError(f"{row.where}: {issues}") from None
    if not tasks:
        raise ImportFormatError(_("No tasks found in the key-task list ({title})").format(title=info.title))
    return tasks
