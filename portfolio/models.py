"""The project model (pydantic v2): one key project of the plan plus its tracking fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .categories import CategoryKey
from .i18n import N_, _
from .limits import MAX_INVESTMENT_WAN

YEAR_MIN = 2000
YEAR_MAX = 2100
CODE_PATTERN = re.compile(r"^[A-Z][0-9]{2,6}$")
# 建设年限 as the plan, spreadsheets and the CLI write it: 2021-2023, 2021—2023, 2021至2023年, 2023
YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:[-–—~～至到]\s*(\d{4}))?\s*年?$")
UNIT_SEPARATORS = re.compile(r"[、，,;；\n]+")


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


def find_status(text: str) -> Status | None:
    """A status from its key (``in_progress``), English label or Chinese label (``实施中``)."""
    from .i18n import load_catalog

    t = text.strip().lower().replace("-", "_").replace(" ", "_")
    for s in Status:
        if t in (s.value, STATUS_LABELS[s].lower().replace(" ", "_")):
            return s
        if text.strip() == load_catalog("zh_CN").gettext(STATUS_LABELS[s]):
            return s
    return None


def parse_year_range(text: str) -> tuple[int, int] | None:
    """(start, end) from a written range; a single year is both. None when unreadable
    (whether the years are plausible and in order is the model's to say)."""
    m = YEAR_RANGE.match(text.strip())
    if not m:
        return None
    start = int(m.group(1))
    return start, int(m.group(2) or start)


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
        from .text import entering

        return entering(data)
    _check_json_types(data)
    if info.context.get("entering"):
        from .text import entering

        return entering(data)
    return data


def _check_json_types(data: dict[str, Any]) -> None:
    for name in _STORED_INTS:
        value = data.get(name)
        if name in data and type(value) is not int:
            raise PydanticCustomError("stored_type", "{field} must be stored as a whole number, not {value}",
                                      {"field": name, "value": repr(value)})
    for name in _STORED_NUMBERS:
        value = data.get(name)
        if value is not None and type(value) not in (int, float):
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


Unit = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Project(BaseModel):
    # constraints are declared (checked in pydantic-core) rather than written as Python
    # validators where possible: loading 100,000 records stays fast
    # Short fields are stripped here; the long texts (content, scale) are stripped where they are
    # typed or imported (form, CLI, importers): stripping 100,000 long strings on every load
    # cost a third of the validation time (0.63 s -> 0.43 s).
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    code: Annotated[Stripped, Field(pattern=CODE_PATTERN.pattern)]
    category: CategoryKey
    subcategory: Stripped = ""
    name: Annotated[Stripped, Field(min_length=1)]
    content: str = ""
    scale: str = ""
    start_year: Year
    end_year: Year
    units: Annotated[list[Unit], Field(min_length=1)]
    status: Status = Status.NOT_REPORTED
    progress_percent: Percent = 0
    progress_log: list[ProgressEntry] = Field(default_factory=list)
    planned_investment: Money | None = None
    completed_investment: Money | None = None
    updated_at: datetime | None = None

    _stored_types = model_validator(mode="before")(_check_stored_types)

    @field_validator("units", mode="before")
    @classmethod
    def _split_units(cls, value: Any) -> Any:
        """Units typed as one text: 甲、乙，丙."""
        if isinstance(value, str):
            return UNIT_SEPARATORS.split(value)
        return value

    @field_validator("end_year")
    @classmethod
    def _years_in_order(cls, end: int, info: ValidationInfo) -> int:
        # a field validator (not a model one) so that it is reported with the other errors
        start = info.data.get("start_year")
        if start is not None and start > end:
            raise PydanticCustomError(
                "years_order", "end year {end} is before start year {start}", {"start": start, "end": end}
            )
        return end

    @property
    def lead_unit(self) -> str:
        return self.units[0]

    @property
    def years(self) -> str:
        return f"{self.start_year}-{self.end_year}"

    def active_in(self, year: int) -> bool:
        return self.start_year <= year <= self.end_year


@lru_cache(maxsize=1)
def project_list_adapter() -> TypeAdapter[list[Project]]:
    """Validates a whole list in pydantic-core (built on first use: faster start-up)."""
    return TypeAdapter(list[Project])

# Field labels shown to users (forms, errors, table headers).
FIELD_LABELS: dict[str, str] = {
    "code": N_("Code"),
    "category": N_("Category"),
    "subcategory": N_("Subcategory"),
    "name": N_("Name"),
    "content": N_("Content"),
    "scale": N_("Scale"),
    "start_year": N_("Start year"),
    "end_year": N_("End year"),
    "years": N_("Years"),
    "units": N_("Responsible units"),
    "lead_unit": N_("Lead unit"),
    "status": N_("Status"),
    "progress_percent": N_("Progress %"),
    "progress_log": N_("Progress log"),
    "planned_investment": N_("Planned investment (10k yuan)"),
    "completed_investment": N_("Completed investment (10k yuan)"),
    "updated_at": N_("Updated"),
    "light": N_("Light"),
    "date": N_("Date"),
    "percent": N_("Percent"),
    "note": N_("Note"),
}


def field_label(name: str) -> str:
    return _(FIELD_LABELS[name]) if name in FIELD_LABELS else name


# pydantic error types -> messages in the user's language. ``{...}`` takes the error's ctx.
_ERROR_MESSAGES: dict[str, str] = {
    "missing": N_("is required"),
    "string_too_short": N_("must not be empty"),
    "too_short": N_("needs at least {min_length} entry"),
    "string_type": N_("must be text"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "finite_number": N_("is not a finite number (NaN and infinity are refused)"),
    "greater_than_equal": N_("must be at least {ge}"),
    "less_than_equal": N_("must be at most {le}"),
    "enum": N_("must be one of: {expected}"),
    "literal_error": N_("must be one of: {expected}"),
    "extra_forbidden": N_("is not a known field"),
    "list_type": N_("must be a list"),
    "model_type": N_("must be an object"),
    "dict_type": N_("must be an object"),
    "date_parsing": N_("must be a date such as 2023-12-31"),
    "date_from_datetime_parsing": N_("must be a date such as 2023-12-31"),
    "date_type": N_("must be a date such as 2023-12-31"),
    "datetime_parsing": N_("must be a date and time such as 2023-12-31T09:00:00"),
    "datetime_from_date_parsing": N_("must be a date and time such as 2023-12-31T09:00:00"),
    "datetime_type": N_("must be a date and time such as 2023-12-31T09:00:00"),
    "code_format": N_("code must be a capital letter followed by 2-6 digits, e.g. W01"),
    "unit_empty": N_("responsible unit {index} is empty"),
    "years_order": N_("end year {end} is before start year {start}"),
    "stored_type": N_("must be stored as a number in the file, not {value}"),
    "text_control": N_("holds the control character {char}; remove it"),
    "text_line_break": N_("must be one line (it holds a line break)"),
    "text_format": N_("holds the invisible formatting character {char}; remove it"),
    "text_too_long": N_("is {n} characters long; the limit is {limit}"),
}


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field, ready to show."""

    field: str  # dotted path, e.g. ``end_year`` or ``progress_log.2.percent``
    message: str

    @property
    def label(self) -> str:
        parts = self.field.split(".")
        head = field_label(parts[0])
        if len(parts) > 1:
            rest = [field_label(p) if not p.isdigit() else f"#{int(p) + 1}" for p in parts[1:]]
            return " ".join([head, *rest])
        return head

    def __str__(self) -> str:
        return _("{label} ({field}): {message}").format(
            label=self.label, field=self.field, message=self.message)


def describe_errors(exc: ValidationError) -> list[FieldIssue]:
    """Translate pydantic's errors into field-named messages in the active language."""
    issues: list[FieldIssue] = []
    for err in exc.errors(include_url=False):
        loc = [str(p) for p in err["loc"]]
        kind = err["type"]
        if kind == "string_pattern_mismatch" and loc[:1] == ["code"]:
            kind = "code_format"
        if kind == "string_too_short" and loc[:1] == ["units"] and len(loc) == 2:
            kind = "unit_empty"
            loc = ["units"]
            err = {**err, "ctx": {"index": int(err["loc"][1]) + 1}}
        if kind in ("stored_type", "text_control", "text_line_break", "text_format", "text_too_long"):
            loc = [*loc, str((err.get("ctx") or {}).get("field", ""))]
        template = _ERROR_MESSAGES.get(kind)
        if err.get("input", "") is None and kind.endswith("_type"):
            template = _ERROR_MESSAGES["missing"]  # an empty form field
        ctx = dict(err.get("ctx") or {})
        if err["type"] in ("enum", "literal_error") and "expected" in ctx:
            ctx["expected"] = str(ctx["expected"]).replace("'", "").replace(" or ", ", ")
        for key, value in ctx.items():
            if isinstance(value, float) and value.is_integer():
                ctx[key] = int(value)
        if template is not None:
            try:
                message = _(template).format(**ctx)
            except (KeyError, IndexError):
                message = err["msg"]
        else:
            message = err["msg"]
        issues.append(FieldIssue(field=".".join(loc) or "record", message=message))
    return issues


def project_dict(project: Project) -> dict[str, Any]:
    """The JSON form of a project, fields in model order (what the database and exports hold)."""
    return project.model_dump(mode="json")
