"""How an indicator is edited: the form's fields, the bulk edit's fields and a new indicator's
first values (the category of the indicator under the cursor, the next number; the store gives
the code)."""

from __future__ import annotations

from typing import Any

from ...i18n import N_, _, ngettext
from ..editing import BulkField, FormField, choice_bulk, text_bulk
from . import model as ind

WORD = N_("indicator")
NEW_TITLE = N_("New indicator")


def counted(n: int) -> str:
    """``n`` indicators in a count (the measure word of Chinese comes with it)."""
    return ngettext("indicator (counted)", "indicators (counted)", n)


LOG = False


def categories() -> list[tuple[str, str]]:
    return [(ind.category_text(zh), zh) for zh, _en in ind.CATEGORIES]


def attributes() -> list[tuple[str, str]]:
    return [(ind.attribute_text(zh), zh) for zh, _en in ind.ATTRIBUTES]


def directions() -> list[tuple[str, str]]:
    return [(_(label), key) for key, label in ind.DIRECTION_LABELS.items()]


FORM: tuple[tuple[FormField, ...], ...] = (
    (FormField("category", "select", options=lambda repo: categories()),
     FormField("number", "integer")),
    (FormField("name"),),
    (FormField("sub_name"), FormField("unit")),
    (FormField("baseline_2020"), FormField("target_2025")),
    (FormField("attribute", "select", options=lambda repo: attributes()),
     FormField("direction", "select", empty=None, options=lambda repo: [(_("(none)"), ""), *directions()])),
    (FormField("note"),),
)


BULK: tuple[BulkField, ...] = (
    choice_bulk("attribute", ind.FIELD_LABELS["attribute"], attributes),
    choice_bulk("direction", ind.FIELD_LABELS["direction"], directions),
    text_bulk("unit", ind.FIELD_LABELS["unit"]),
    text_bulk("target_2025", ind.FIELD_LABELS["target_2025"]),
)


def new_values(repo: Any, scope: Any, current: Any) -> dict[str, Any]:
    """A new indicator in the category of the one under the cursor, numbered after the last."""
    records = repo.records("indicator")
    like = current if current is not None else (records[-1] if records else None)
    return {"category": like.category if like else ind.CATEGORIES[0][0],
            "attribute": like.attribute if like else ind.ATTRIBUTES[0][0],
            "number": max((i.number for i in records), default=0) + 1}
