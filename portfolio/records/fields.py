"""Field types and states every kind with a progress log shares: years, percentages, amounts,
the status (``Status``) and one dated progress report (``ProgressEntry``); and the check of
number types in records read from the database."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..i18n import N_, _
from ..limits import MAX_INVESTMENT_WAN
from .issues import add_value_labels, find_value, message_label

YEAR_MIN = 2000


YEAR_MAX = 2100


class Status(StrEnum):
    NOT_REPORTED = "not_reported"
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


STATUS_LABELS: dict[Status, str] = {
    Status.NOT_REPORTED: N_("not reported"),
    Status.NOT_STARTED: N_("not started"),
    Status.IN_PROGRESS: N_("in progress"),
    Status.COMPLETED: N_("completed"),
    Status.SUSPENDED: N_("suspended"),
    Status.CANCELLED: N_("cancelled"),
}


def status_label(status: Status | str) -> str:
    return _(STATUS_LABELS[Status(status)])


add_value_labels("status", Status, message_label(STATUS_LABELS))


def find_status(text: str) -> Status | None:
    """A status from its key (``in_progress``), English label or Chinese label (``实施中``)."""
    found = find_value("status", text)
    return Status(found) if found else None


# validation context of records read from the database: numbers must be stored as numbers
# (``"2021"`` or ``true`` is a hand-edit gone wrong, refused on load; typed input is converted)
STORED = {"stored": True}


_STORED_INTS = ("start_year", "end_year")


_STORED_NUMBERS = ("progress_percent", "planned_investment", "completed_investment", "percent")


# validation context of records imported from a JSON file: typed like the database (``true`` is
# not 1 %, ``"2021"`` not a year) and sanitised like any entering text
IMPORTED_JSON = {"stored": True, "entering": True}


def _check_stored_types(data: Any, info: ValidationInfo) -> Any:
    """Records entering (typed, edited, imported): the text sanitiser. Records loaded from the
    database (one Python call per record): the JSON type of each number field. Records of an
    imported JSON file: both."""
    if not isinstance(data, dict):
        return data
    if not info.context or not info.context.get("stored"):
        from ..text import entering

        return entering(data)
    _check_json_types(data)
    if info.context.get("entering"):
        from ..text import entering

        return entering(data)
    return data


def _check_json_types(data: dict[str, Any]) -> None:
    # ``__class__ is``, one lookup a field: run for every record on every load (True is no int)
    for name in _STORED_INTS:
        if name in data and data[name].__class__ is not int:
            value = data[name]
            raise PydanticCustomError("stored_type", "{field} must be stored as a whole number, not {value}",
                                      {"field": name, "value": repr(value)})
    for name in _STORED_NUMBERS:
        value = data.get(name)
        if value is not None and value.__class__ is not float and value.__class__ is not int:
            raise PydanticCustomError("stored_type", "{field} must be stored as a number, not {value}",
                                      {"field": name, "value": repr(value)})


Year = Annotated[int, Field(ge=YEAR_MIN, le=YEAR_MAX)]


Stripped = Annotated[str, StringConstraints(strip_whitespace=True)]


# finite numbers only: inf/nan (and 1e308) are refused before anything is written
Percent = Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]


Money = Annotated[float, Field(ge=0, le=MAX_INVESTMENT_WAN, allow_inf_nan=False)]


class ProgressEntry(BaseModel):
    """One dated progress report."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    date: date
    percent: Percent
    status: Status
    note: str = ""
    # the completed investment (万元) as reported on that date, when the report gave it
    completed_investment: Money | None = None

    _stored_types = model_validator(mode="before")(_check_stored_types)
