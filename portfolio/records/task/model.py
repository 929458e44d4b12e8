"""The task model: one key task of an annual work plan (重点工作任务清单), with status,
progress and a dated progress log like a project, and its due state as of a date.

Codes are stable and readable by plan and number: ``LZS2022W-05`` is task 5 of the plan
``LZS2022W`` (the initials of the place, 柳州市; the year; the subject, W for water, S for
soil, A for air, E otherwise).

**Deadline**: ``deadline_text`` keeps the plan's words (``全年``, ``年底前``, ``6月底前``,
``2024年12月31日前``, ``工作计划后45个工作日内``); ``deadline`` is the date they give, read by
``parse_deadline``: ``全年`` and ``年底前`` are 31 December of the plan's year, ``N月底前`` the last
day of month N, ``M月D日前`` that day, ``第N季度`` the quarter's last day; a year written before
them (``2022年9月底前``, ``2022年底前``, ``2022年上半年``) is that year's; a relative deadline (``…后N个工作日内``) and a plan without
a deadline column keep no date (and are never overdue). The date follows the text; a remark in
brackets leaves the text's meaning (``年底前`` → ``年底前（调整）`` keeps 31 December). A date set by hand (``portfolio set --kind task … deadline=2024-06-30``) is
flagged ``deadline_by_hand`` and stays until the date is cleared (``deadline=``).

**Due state** as of a date: ``done`` (completed or cancelled), ``overdue`` (the deadline has
passed), ``due_soon`` (due within 30 days), ``open``."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ...i18n import N_, _
from ...plan_boxes import drop_empty_links, links_validator
from ...text import entering_validator
from ..fields import Percent, ProgressEntry, Status, Year
from ..issues import add_labels

TASK_CODE = re.compile(r"^[A-Z]{1,8}\d{4}[A-Z]-\d{2,4}$")


PLAN_CODE = re.compile(r"^[A-Z]{1,8}\d{4}[A-Z]$")


DUE_SOON_DAYS = 30


Text = Annotated[str, StringConstraints(strip_whitespace=True)]


UnitName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Task(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[Text, Field(pattern=TASK_CODE.pattern)]
    plan: Annotated[Text, Field(min_length=1)]  # the plan's title
    plan_code: Annotated[Text, Field(pattern=PLAN_CODE.pattern)]
    year: Year
    section: Text = ""  # 一、巩固深化水污染治理
    subsection: Text = ""  # （一）工业污染防治
    number: Annotated[int, Field(ge=1, le=9999)]
    name: Text = ""  # 主要任务
    content: str = ""  # 任务内容
    lead_units: Annotated[list[UnitName], Field(min_length=1)]  # 牵头单位: at least one, as projects
    cooperating_units: list[UnitName] = Field(default_factory=list)  # 配合单位
    responsible_units: list[UnitName] = Field(default_factory=list)  # 责任单位
    deadline_text: Text = ""  # 完成时限, as written
    deadline: date | None = None
    # the date was set by hand (``deadline=2024-06-30``): it no longer follows the text
    deadline_by_hand: bool = False
    status: Status = Status.NOT_REPORTED
    progress_percent: Percent = 0
    progress_log: list[ProgressEntry] = Field(default_factory=list)
    # cells the plan writes once for several rows (merged down): carried from the row above
    continued: list[str] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)  # linked projects (W01) and boxes (专栏5)
    updated_at: datetime | None = None

    _entering = model_validator(mode="before")(entering_validator)  # the text sanitiser

    @field_validator("links", mode="before")
    @classmethod
    def _links(cls, value: Any) -> Any:
        return links_validator(value)

    @model_serializer(mode="wrap")
    def _without_empty_links(self, handler: SerializerFunctionWrapHandler) -> Any:
        out = drop_empty_links(handler(self))
        if isinstance(out, dict) and out.get("deadline_by_hand") is False:
            del out["deadline_by_hand"]  # stored only when set: the records read before it stay equal
        return out

    @model_validator(mode="after")
    def _deadline_follows_text(self) -> Task:
        """The date follows the deadline as written (a remark in brackets leaves its meaning:
        ``年底前（调整）`` is 年底前; a relative deadline gives none); a date set by hand stays."""
        if not self.deadline_by_hand:
            given = parse_deadline(self.deadline_text, self.year)
            if given != self.deadline:
                self.deadline = given
        return self

    @field_validator("lead_units", "cooperating_units", "responsible_units", mode="before")
    @classmethod
    def _split_units(cls, value: Any) -> Any:
        if isinstance(value, str):
            from ...units import split_units

            return split_units(value)
        return value

    @field_validator("deadline_text")
    @classmethod
    def _readable_deadline(cls, value: str) -> str:
        problem = deadline_problem(value)
        if problem is not None:
            raise PydanticCustomError("deadline_unreadable", "{problem}", {"problem": problem})
        return value

    @property
    def units(self) -> list[str]:
        """Every unit named, lead units first, each once."""
        return list(dict.fromkeys([*self.lead_units, *self.cooperating_units, *self.responsible_units]))

    @property
    def title(self) -> str:
        return self.name or self.content[:30]


_MONTH_END = re.compile(r"^(\d{1,2})月底(?:前)?$")


_DAY = re.compile(r"^(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:前|之前)?$")


_YEAR_END = ("全年", "年底前", "年底", "年内", "年底完成", "12月底前")


_MONTH = re.compile(r"(\d+)\s*月")


_MONTH_DAY = re.compile(r"(?:(\d{4})\s*年\s*)?(\d+)\s*月\s*(\d+)\s*日")


def deadline_problem(text: str) -> str | None:
    """Why a deadline as written names an impossible month or day (``13月底前``, ``2月30日前``); None
    when it names none (relative deadlines such as ``工作计划后45个工作日内`` name no date and are fine)."""
    for m in _MONTH.finditer(text):
        if not 1 <= int(m.group(1)) <= 12:
            return _("month {month} in '{text}' is not a month (1-12)").format(month=m.group(1), text=text)
    for m in _MONTH_DAY.finditer(text):
        year = int(m.group(1)) if m.group(1) else 2024  # a leap year: 2月29日 is a day
        try:
            date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return _("month {month} has no day {day} (in '{text}')").format(
                month=m.group(2), day=m.group(3), text=text)
    return None


_REMARK = re.compile(r"[（(][^）)]*[）)]$")


_IN_YEAR = re.compile(r"^(\d{4})年(.*)$")


_QUARTER = re.compile(r"^第?([1-4一二三四])季度(?:末|底)?(?:前)?$")


def parse_deadline(text: str, year: int) -> date | None:
    """The date a deadline as written gives, in the plan's ``year`` or the year it names
    (``2022年9月底前``, ``2022年底前``, ``2022年上半年``, ``2022年第3季度``); None when it gives
    none. A remark in brackets after it (``年底前（调整）``) leaves its meaning."""
    t = _REMARK.sub("", re.sub(r"\s+", "", text))
    if not t:
        return None
    m = _IN_YEAR.match(t)
    if m and not _DAY.match(t):
        year, t = int(m.group(1)), m.group(2)
        if t in ("", "底前", "底", "内", "底完成"):  # 2022年, 2022年底前: the end of that year
            return date(year, 12, 31)
    m = _QUARTER.match(t)
    if m:
        month = 3 * ("1234".find(m.group(1)) + 1 or "一二三四".find(m.group(1)) + 1)
        return date(year, month, calendar.monthrange(year, month)[1])
    if t in _YEAR_END:
        return date(year, 12, 31)
    if t in ("上半年", "6月底前"):
        return date(year, 6, 30)
    m = _MONTH_END.match(t)
    if m and 1 <= int(m.group(1)) <= 12:
        month = int(m.group(1))
        return date(year, month, calendar.monthrange(year, month)[1])
    m = _DAY.match(t)
    if m:
        try:
            return date(int(m.group(1) or year), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return None


def by_hand(changes: dict[str, Any]) -> dict[str, Any]:
    """The changes of an edit with the deadline flagged: a date given (``deadline=2024-06-30``)
    is set by hand and stays; a date cleared (``deadline=``) follows the text again. The CLI and
    the form call it."""
    if "deadline" not in changes or "deadline_by_hand" in changes:
        return changes
    given = changes["deadline"] or None
    return {**changes, "deadline": given, "deadline_by_hand": given is not None}


class DueState(StrEnum):
    DONE = "done"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    OPEN = "open"
    CANCELLED = "cancelled"  # neither done nor due: reads 已取消, not 已完成


DUE_LABELS: dict[DueState, str] = {
    DueState.DONE: N_("done"),
    DueState.OVERDUE: N_("overdue"),
    DueState.DUE_SOON: N_("due within 30 days"),
    DueState.OPEN: N_("open"),
    DueState.CANCELLED: N_("cancelled"),
}


def due_label(state: DueState | str) -> str:
    return _(DUE_LABELS[DueState(state)])


def due_state(task: Task, as_of: date) -> DueState:
    if task.status == Status.COMPLETED:
        return DueState.DONE
    if task.status == Status.CANCELLED:
        return DueState.CANCELLED
    if task.deadline is None:
        return DueState.OPEN
    if task.deadline < as_of:
        return DueState.OVERDUE
    if task.deadline <= as_of + timedelta(days=DUE_SOON_DAYS):
        return DueState.DUE_SOON
    return DueState.OPEN


@lru_cache(maxsize=1)
def task_list_adapter() -> TypeAdapter[list[Task]]:
    return TypeAdapter(list[Task])


def task_dict(task: Task) -> dict[str, Any]:
    return task.model_dump(mode="json")


def join_units(units: list[str]) -> str:
    return "、".join(units)


FIELD_LABELS: dict[str, str] = {
    "code": N_("Code"),
    "plan": N_("Plan"),
    "plan_code": N_("Plan code"),
    "year": N_("Year"),
    "section": N_("Section"),
    "subsection": N_("Subsection"),
    "number": N_("No."),
    "name": N_("Task"),
    "content": N_("Task content"),  # not the project label (项目内容)
    "lead_units": N_("Lead units"),
    "cooperating_units": N_("Cooperating units"),
    "responsible_units": N_("Responsible units"),
    "deadline_text": N_("Deadline"),
    "deadline": N_("Due date"),
    "deadline_by_hand": N_("Due date set by hand"),
    "status": N_("Status"),
    "progress_percent": N_("Progress %"),
    "progress_log": N_("Progress log"),
    "continued": N_("Merged cells"),
    "links": N_("Links"),
    "updated_at": N_("Updated"),
    "due": N_("Due state"),
}


add_labels(FIELD_LABELS)

# the fields `portfolio set --kind task` changes, by the names users type (labels too:
# ``records.assign``). deadline=年底前 is the text; deadline=2024-06-30 a date set by hand;
# deadline= follows the text again
SETTABLE: dict[str, str] = {
    "name": "name", "content": "content", "section": "section", "subsection": "subsection",
    "lead": "lead_units", "lead_units": "lead_units",
    "cooperating": "cooperating_units", "coop": "cooperating_units", "cooperating_units": "cooperating_units",
    "responsible": "responsible_units", "resp": "responsible_units", "responsible_units": "responsible_units",
    "deadline": "deadline_text", "deadline_text": "deadline_text", "due": "deadline", "due_date": "deadline",
    "status": "status", "progress": "progress_percent", "progress_percent": "progress_percent",
}
