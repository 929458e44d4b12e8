"""Bulk edits: one change (status, progress, add or remove a unit, years) for many projects,
planned first so that the user sees every change (code, field, before -> after) before one
save through ``repo.update_many`` (one undo step, one journal entry per project).

``plan_bulk`` validates the value once (a one-line ``BulkError`` naming what is wrong) and
each project's result with the model (a project the change would make invalid is listed
in ``refused`` with the reason, and left out); projects the change would not alter are left
out too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .errors import InvalidProject, PortfolioError, printable
from .i18n import N_, _
from .progress import TRACKED, apply_rule
from .records.fields import find_status
from .records.issues import field_label
from .records.project.model import Project, parse_year_range, project_dict
from .records.values import value_text

# what a bulk edit can change: key -> label msgid
BULK_FIELDS: dict[str, str] = {
    "status": N_("Status"),
    "progress_percent": N_("Progress %"),
    "unit_add": N_("Add a responsible unit"),
    "unit_remove": N_("Remove a responsible unit"),
    "years": N_("Years"),
}
HINTS: dict[str, str] = {
    "status": N_("实施中, 已完成, in_progress, completed …"),
    "progress_percent": N_("a number from 0 to 100"),
    "unit_add": N_("a unit's name, added last"),
    "unit_remove": N_("a unit's exact name"),
    "years": N_("2021-2025, 2023"),
}


class BulkError(PortfolioError):
    """The value cannot be used for the chosen field."""


@dataclass(frozen=True)
class PreviewRow:
    code: str
    field: str  # label
    before: str
    after: str


@dataclass
class BulkPlan:
    changes: dict[str, dict[str, Any]] = field(default_factory=dict)
    preview: list[PreviewRow] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (code, reason)
    unchanged: int = 0


def _value(field_key: str, text: str) -> Any:
    text = text.strip()
    if not text:
        raise BulkError(_("Type a value for {field}").format(field=_(BULK_FIELDS[field_key])))
    if field_key == "status":
        status = find_status(text)
        if status is None:
            raise BulkError(_("'{value}' is not a status").format(value=printable(text)))
        return status.value
    if field_key == "progress_percent":
        from .numbers import NumberError, parse_number

        try:
            number = float(parse_number(text, percent=True))
        except NumberError as exc:
            raise BulkError(str(exc)) from None
        if not 0 <= number <= 100:
            raise BulkError(_("Progress must be between 0 and 100, not {value}").format(value=printable(text)))
        return int(number) if number.is_integer() else number
    if field_key == "years":
        years = parse_year_range(text)
        if years is None:
            raise BulkError(_("cannot read the years '{value}' (expected e.g. 2021-2023)").format(
                value=printable(text)))
        return years
    return text


def _fields(field_key: str, value: Any, p: Project) -> dict[str, Any]:
    if field_key == "status":
        return {"status": value}
    if field_key == "progress_percent":
        return {"progress_percent": value}
    if field_key == "years":
        return {"start_year": value[0], "end_year": value[1]}
    units = list(p.units)
    if field_key == "unit_add":
        return {} if value in units else {"units": [*units, value]}
    if value not in units:
        return {}
    return {"units": [u for u in units if u != value]}


def plan_bulk(projects: Sequence[Project], field_key: str, text: str) -> BulkPlan:
    """What setting ``field_key`` to ``text`` would change in each of ``projects``."""
    if field_key not in BULK_FIELDS:
        raise BulkError(_("Unknown field '{key}'; fields: {fields}").format(
            key=printable(field_key), fields=", ".join(BULK_FIELDS)))
    value = _value(field_key, text)
    plan = BulkPlan()
    for p in projects:
        fields = _fields(field_key, value, p)
        before = project_dict(p)
        fields = {k: v for k, v in fields.items() if before.get(k) != v}
        if not fields:
            plan.unchanged += 1
            continue
        if field_key == "unit_remove" and not fields["units"]:
            plan.refused.append((p.code, _("a project needs at least one responsible unit")))
            continue
        try:
            # what the save will write: the progress rule (e.g. 已完成 sets progress to 100 %)
            # runs in the repository's update path, so the preview runs the very same rule
            after = apply_rule(before, {**before, **fields}, explicit=tuple(fields), code=p.code)
            Project.model_validate(after)
        except InvalidProject as exc:
            plan.refused.append((p.code, str(exc)))
            continue
        except ValidationError as exc:
            first = exc.errors()[0]
            plan.refused.append((p.code, str(first.get("msg", ""))))
            continue
        plan.changes[p.code] = fields
        if field_key == "years":
            plan.preview.append(PreviewRow(p.code, field_label("years"), p.years,
                                           f"{fields.get('start_year', p.start_year)}-"
                                           f"{fields.get('end_year', p.end_year)}"))
            continue
        shown = [*fields, *(k for k in TRACKED if k not in fields and after.get(k) != before.get(k))]
        for key in shown:
            plan.preview.append(PreviewRow(p.code, field_label(key), value_text(key, before.get(key)),
                                           value_text(key, after.get(key))))
    return plan
