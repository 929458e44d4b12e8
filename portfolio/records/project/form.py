"""How a project is edited: the form's rows (category, subcategory chosen or typed new, years,
units one a line, status and progress, investments, then the progress report), the bulk
edit's fields and a new project's first values (the category and subcategory of the tree's
node in view, the plan's years)."""

from __future__ import annotations

from typing import Any

from ...errors import printable
from ...i18n import N_, _, ngettext
from ..editing import BulkField, FormField, percent_bulk, status_bulk, unit_add_bulk, unit_remove_bulk
from ..fields import Status, status_label
from .categories import CATEGORIES, PLAN_END_YEAR, PLAN_START_YEAR
from .model import parse_year_range

WORD = N_("project")
NEW_TITLE = N_("New project")


def counted(n: int) -> str:
    """``n`` projects in a count (the measure word of Chinese comes with it)."""
    return ngettext("project (counted)", "projects (counted)", n)


LOG = True


def _categories(repo: Any) -> list[tuple[str, str]]:
    from .views import category_label

    return [(category_label(c.key, short=False), c.key.value) for c in CATEGORIES]


def _statuses(repo: Any) -> list[tuple[str, str]]:
    return [(status_label(s), s.value) for s in Status]


FORM: tuple[tuple[FormField, ...], ...] = (
    (FormField("category", "select", options=_categories),
     FormField("subcategory", "suggest", depends="category",
               suggest=lambda repo, category: list(repo.subcategories(category)))),
    (FormField("subcategory", "new", label=N_("New subcategory"), placeholder=N_("or type a new subcategory")),),
    (FormField("name"),),
    (FormField("content", "text"),),
    (FormField("scale", "text"),),
    (FormField("start_year", "integer", empty=None), FormField("end_year", "integer", empty=None)),
    (FormField("units", "lines", label=N_("Responsible units (one per line, lead first)")),),
    (FormField("status", "select", options=_statuses), FormField("progress_percent", "number", empty=0)),
    (FormField("planned_investment", "number", empty=None), FormField("completed_investment", "number", empty=None)),
)


def _years(text: str) -> tuple[int, int]:
    years = parse_year_range(text)
    if years is None:
        raise ValueError(_("cannot read the years '{value}' (expected e.g. 2021-2023)").format(value=printable(text)))
    return years


def _years_preview(p: Any, fields: dict[str, Any]) -> tuple[str, str, str]:
    from ..issues import field_label

    return (field_label("years"), p.years,
            f"{fields.get('start_year', p.start_year)}-{fields.get('end_year', p.end_year)}")


BULK: tuple[BulkField, ...] = (
    status_bulk(),
    percent_bulk(),
    unit_add_bulk("units"),
    unit_remove_bulk("units", needs_one=N_("a project needs at least one responsible unit")),
    BulkField("years", N_("Years"), N_("2021-2025, 2023"), _years,
              lambda value, p: {"start_year": value[0], "end_year": value[1]}, preview=_years_preview),
)


def new_values(repo: Any, scope: Any, current: Any) -> dict[str, Any]:
    """A new project: in the category (and subcategory) of the tree's node in view."""
    category = getattr(scope, "category", None) or CATEGORIES[0].key
    return {"category": category.value if hasattr(category, "value") else category,
            "subcategory": getattr(scope, "subcategory", None) or "",
            "start_year": PLAN_START_YEAR, "end_year": PLAN_END_YEAR, "units": [],
            "status": Status.NOT_REPORTED.value, "progress_percent": 0}
