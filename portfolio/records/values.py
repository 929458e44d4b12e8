"""A stored field value as users read it in change reports (history, undo, import summaries)."""

from __future__ import annotations

from typing import Any

from ..i18n import _
from ..tables import UNIT_JOINER, money_text, percent_text
from ..text import for_terminal
from .fields import status_label
from .project.views import category_label


def value_text(field: str, value: object) -> str:
    """A stored (JSON) field value as users read it, for change reports."""
    if field == "deadline_by_hand" and value is None:
        value = False  # stored only when set
    if value is None or value == "" or value == []:
        return _("(empty)")
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field == "values" and isinstance(value, list):  # an indicator's reported values, year by year
        return _("; ").join(_year_value(v) for v in value if isinstance(v, dict))
    if field == "direction" and isinstance(value, str):
        from .indicator.model import DIRECTION_LABELS

        return _(DIRECTION_LABELS[value]) if value in DIRECTION_LABELS else for_terminal(value)
    if field == "continued" and isinstance(value, list):
        from .issues import field_label

        return UNIT_JOINER.join(field_label(str(v)) for v in value)
    if field == "status":
        return status_label(str(value))
    if field == "attribute" and isinstance(value, str):  # an indicator's
        from .indicator.model import attribute_text

        return attribute_text(value)
    if field == "category":
        from .project.categories import BY_KEY

        if value not in BY_KEY:  # an indicator's category: the plan's text
            from .indicator.model import category_text

            return category_text(str(value))
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


def _year_value(v: dict[str, object]) -> str:
    """One reported value: 2023年 57 (达到)."""
    text = _("{year}: {value}").format(year=_year(v.get("year")), value=for_terminal(str(v.get("value", ""))))
    judgement = v.get("judgement")
    if isinstance(judgement, str):
        from .indicator.model import JUDGEMENT_LABELS

        text += " " + _("({judgement})").format(judgement=_(JUDGEMENT_LABELS.get(judgement, judgement)))
    return text


def _year(year: object) -> str:
    return _("{year} (year)").format(year=year)


def change_text(field: str, old: object, new: object) -> str:
    """What a change did to a field, as users read it: ``57 → 58``; an indicator's values year by
    year (``2023年 57 → 58``, only the years it changed)."""
    if field == "progress_log":
        return _log_change(old, new) or _("no change")
    if field == "values" and isinstance(old, list | type(None)) and isinstance(new, list | type(None)):
        before = {v.get("year"): v for v in old or [] if isinstance(v, dict)}
        after = {v.get("year"): v for v in new or [] if isinstance(v, dict)}
        parts = []
        for year in sorted({*before, *after}, key=str):
            b, a = before.get(year), after.get(year)
            if b == a:
                continue
            parts.append(_("{year} {old} → {new}").format(
                year=_year(year), old=_one(b), new=_one(a)))
        return _("; ").join(parts) or _("no change")
    return _("{old} → {new}").format(old=value_text(field, old), new=value_text(field, new))


def _one(v: dict[str, object] | None) -> str:
    if v is None:
        return _("(empty)")
    text = for_terminal(str(v.get("value", "")))
    judgement = v.get("judgement")
    if isinstance(judgement, str):
        from .indicator.model import JUDGEMENT_LABELS

        text += " " + _("({judgement})").format(judgement=_(JUDGEMENT_LABELS.get(judgement, judgement)))
    return text


def _log_change(before: Any, after: Any) -> str:
    """What a change did to a progress log: the entries it added (+) and removed (−)."""
    old = before if isinstance(before, list) else []
    new = after if isinstance(after, list) else []
    parts = [("+", e) for e in new if e not in old] + [("−", e) for e in old if e not in new]
    out = []
    for sign, e in parts:
        if not isinstance(e, dict):
            continue
        text = f"{sign}{e.get('date')} {percent_text(float(e.get('percent', 0)))} {status_label(str(e.get('status')))}"
        if isinstance(e.get("completed_investment"), int | float):
            text += " " + _("{amount} (10k yuan) completed").format(amount=money_text(e["completed_investment"]))
        if e.get("note"):
            text += f" {e['note']}"
        out.append(text)
    return _("; ").join(out)
