"""One field's value as a short line of text (the conflict dialog, the form's banner, the
history tab): statuses and categories in the interface language, numbers as typed, lists
joined, a progress log as its number of entries."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from portfolio.i18n import N_, _, ngettext
from portfolio.records.fields import Status, status_label
from portfolio.records.issues import field_label
from portfolio.records.project.views import category_label
from portfolio.tables import UNIT_JOINER, money_text, percent_text, plain_number
from portfolio.text import one_line

LIMIT = 60

ACTIONS = {
    "add": N_("added"), "update": N_("edited"), "delete": N_("deleted"), "import": N_("imported"),
    "bulk": N_("bulk edit"), "collect": N_("collected form"), "undo": N_("undone"), "redo": N_("redone"),
}


def kind_label(kind: str, name: str) -> str:
    """A field's label for a record of ``kind``."""
    if kind == "project":
        return field_label(name)
    from portfolio.records.views import field_label as record_label

    return record_label(kind, name)


def action_label(action: str) -> str:
    """A journal entry's action in the interface language."""
    return _(ACTIONS[action]) if action in ACTIONS else action


def value_text(field: str, value: Any, limit: int = LIMIT, kind: str = "project") -> str:
    if value is None or value == "":
        text = "—"
    elif field == "status" and value in {s.value for s in Status}:
        text = status_label(value)
    elif field == "category" and kind == "project":
        try:
            text = category_label(str(value), short=False)
        except (KeyError, ValueError):
            text = str(value)
    elif field == "progress_percent" and isinstance(value, int | float):
        text = percent_text(float(value))
    elif field in ("planned_investment", "completed_investment") and isinstance(value, int | float):
        text = money_text(float(value))
    elif field == "progress_log" and isinstance(value, list):
        text = ngettext("{n} entry", "{n} entries", len(value)).format(n=len(value))
    elif isinstance(value, list):
        text = UNIT_JOINER.join(str(v) for v in value)
    elif isinstance(value, float):
        text = plain_number(value)
    else:
        text = str(value)
    text = one_line(" ".join(text.split()))  # one line: no line breaks; control characters escaped
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(field, before, after) of every field that differs (time stamps aside)."""
    keys = dict.fromkeys([*before, *after])
    return [(k, before.get(k), after.get(k)) for k in keys
            if k != "updated_at" and before.get(k) != after.get(k)]


def changes_text(changes: list[tuple[str, Any, Any]], limit: int = 24, kind: str = "project") -> str:
    """进度 0% → 66%；名称 甲 → 乙"""
    return _("; ").join(
        _("{field} {before} → {after}").format(field=kind_label(kind, f), before=value_text(f, b, limit, kind),
                                               after=value_text(f, a, limit, kind))
        for f, b, a in changes)
