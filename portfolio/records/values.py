"""A stored field value as users read it in change reports (history, undo, import summaries)."""

from __future__ import annotations

from ..i18n import _
from ..tables import UNIT_JOINER, money_text, percent_text
from ..text import for_terminal
from .fields import status_label
from .project.views import category_label


def value_text(field: str, value: object) -> str:
    """A stored (JSON) field value as users read it, for change reports."""
    if value is None or value == "" or (value == [] and (field == "units" or field.endswith("_units"))):
        return _("(empty)")
    if field == "status":
        return status_label(str(value))
    if field == "category":
        return category_label(str(value))
    if field == "progress_percent" and isinstance(value, int | float):
        return percent_text(value)
    if field in ("planned_investment", "completed_investment") and isinstance(value, int | float):
        return money_text(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):  # units of every kind
        return for_terminal(UNIT_JOINER.join(value))
    if isinstance(value, list) and value and isinstance(value[0], dict):  # a log, reported values
        return _("{n} entries").format(n=len(value))
    if field == "progress_log" and isinstance(value, list):
        return _("{n} entries").format(n=len(value))
    return for_terminal(str(value))
