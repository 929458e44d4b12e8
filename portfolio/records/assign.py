"""``FIELD=VALUE``: the changes ``portfolio set`` makes, for every kind.

Each kind declares the fields a user may set in its model module (``SETTABLE``: the names
users type → the field). A field's label, in Chinese or English as the list and the detail show
it (``完成时限``, ``Deadline``, ``进度``), names it too. The values are read here, once, by the
field's type: unit lists split as written, a status by its label or key, numbers through
``numbers.field_number`` (refused naming the field), a project's years as ``2021-2023``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ..errors import PortfolioError, printable
from ..i18n import _, load_catalog
from ..numbers import field_number
from . import kind_part
from .fields import find_status

ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
NUMBER_FIELDS = frozenset({"planned_investment", "completed_investment", "progress_percent", "number"})
LANGUAGES = ("zh_CN", "en")


class AssignmentError(PortfolioError):
    """An argument that is not ``FIELD=VALUE`` (the command line's shape: exit status 2)."""


def settable(kind: str) -> dict[str, str]:
    found: dict[str, str] = kind_part(kind, "model").SETTABLE
    return found


@cache
def _names(kind: str) -> dict[str, str]:
    """Every name that selects a field of ``kind``: its aliases, then its labels in every
    interface language (lower case; an alias wins over a label)."""
    aliases = settable(kind)
    labels: dict[str, str] = kind_part(kind, "model").FIELD_LABELS
    names: dict[str, str] = {}
    for field in dict.fromkeys(aliases.values()):
        label = labels.get(field)
        if label is None:
            continue
        for language in LANGUAGES:
            names.setdefault(load_catalog(language).gettext(label).strip().lower(), field)
    return names | aliases


def field_names(kind: str) -> str:
    """The fields of ``kind`` as help and errors list them: ``name（项目名称）, …``."""
    labels: dict[str, str] = kind_part(kind, "model").FIELD_LABELS
    shown: dict[str, str] = {}
    for alias, field in settable(kind).items():
        shown.setdefault(field, alias)
    return ", ".join(f"{alias}（{_(labels[field])}）" if field in labels else alias for field, alias in shown.items())


def field_of(kind: str, key: str) -> str:
    field = _names(kind).get(key.strip().lower())
    if field is None:
        raise PortfolioError(_("Unknown field '{key}'; fields: {fields}").format(
            key=printable(key), fields=field_names(kind)))
    return field


def _years(value: str) -> tuple[int, int]:
    from .project.model import parse_year_range

    years = parse_year_range(value)
    if years is None:
        raise AssignmentError(_("cannot read the years '{value}' (expected e.g. 2021-2023)").format(
            value=printable(value)))
    return years


def _value(kind: str, field: str, value: str) -> Any:
    from .views import field_label

    if field == "category" and kind == "project":
        from .project.categories import find_category

        found = find_category(value)
        return found.key if found else value
    if field == "status":
        return find_status(value) or value
    if field.endswith("_units"):
        from ..units import split_units

        return split_units(value)
    if field in NUMBER_FIELDS:
        return field_number(value, field_label(kind, field), percent=field == "progress_percent")
    if field == "direction":
        from .issues import find_value

        return find_value(field, value) or value or None
    return value


def parse_assignments(kind: str, assignments: Sequence[str]) -> dict[str, Any]:
    """``FIELD=VALUE`` arguments as changes of a ``kind`` record (the progress log is the
    repository's to keep). Raises ``AssignmentError`` for an argument without ``=``,
    ``PortfolioError`` naming the fields for an unknown field, ``NumberError`` for a number."""
    changes: dict[str, Any] = {}
    for item in assignments:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise AssignmentError(_("'{item}' is not FIELD=VALUE").format(item=printable(item)))
        field = field_of(kind, key)
        value = value.strip()
        if field == "years":
            changes["start_year"], changes["end_year"] = _years(value)
            continue
        if kind == "task" and field == "deadline_text" and key.strip().lower() == "deadline" and (
                not value or ISO_DATE.match(value)):
            field = "deadline"  # deadline=2024-06-30: a date by hand; deadline=: the text's date again
        changes[field] = _value(kind, field, value)
    if kind == "task":
        from .task.model import by_hand

        changes = by_hand(changes)
    return changes
