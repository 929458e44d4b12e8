"""The project model (pydantic v2): one key project of the plan plus its tracking fields."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ...i18n import N_
from ..fields import Money, Percent, ProgressEntry, Status, Stripped, Year, _check_stored_types
from ..issues import add_labels, add_value_labels
from .categories import CATEGORIES, CategoryKey, category

CODE_PATTERN = re.compile(r"^[A-Z][0-9]{2,6}$")


# 建设年限 as the plan, spreadsheets and the CLI write it: 2021-2023, 2021—2023, 2021至2023年, 2023
YEAR_RANGE = re.compile(r"^(\d{4})\s*(?:[-–—~～至到]\s*(\d{4}))?\s*年?$")


UNIT_SEPARATORS = re.compile(r"[、，,;；\n]+")


def parse_year_range(text: str) -> tuple[int, int] | None:
    """(start, end) from a written range; a single year is both. None when unreadable
    (whether the years are plausible and in order is the model's to say)."""
    m = YEAR_RANGE.match(text.strip())
    if not m:
        return None
    start = int(m.group(1))
    return start, int(m.group(2) or start)


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


def project_dict(project: Project) -> dict[str, Any]:
    """The JSON form of a project, fields in model order (what the database and exports hold)."""
    return project.model_dump(mode="json")


# The project's field labels (forms, errors, table headers).
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
add_labels(FIELD_LABELS, first=True)


def _category_name(key: str, language: str) -> str:
    c = category(key)
    return c.label_en if language == "en" else c.name_zh


add_value_labels("category", (c.key.value for c in CATEGORIES), _category_name)

# the fields `portfolio set` changes, by the names users type (labels are accepted too:
# ``records.assign``); the first name of each field is the one help and errors show
SETTABLE: dict[str, str] = {
    "name": "name", "content": "content", "scale": "scale",
    "category": "category", "cat": "category",
    "subcategory": "subcategory", "sub": "subcategory",
    "start": "start_year", "start_year": "start_year",
    "end": "end_year", "end_year": "end_year",
    "years": "years",
    "units": "units", "unit": "units",
    "status": "status",
    "progress": "progress_percent", "progress_percent": "progress_percent",
    "planned": "planned_investment", "planned_investment": "planned_investment",
    "completed": "completed_investment", "completed_investment": "completed_investment",
}
