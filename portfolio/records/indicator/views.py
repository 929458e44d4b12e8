"""Indicators as users read them: cell texts, the detail of one indicator with its reported
values, and the tree of the plan's categories."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from ...i18n import _
from ..views import Node
from . import model as ind


def latest_text(i: ind.Indicator, as_of: date | None = None) -> str:
    """The latest value by year known at ``as_of`` (default: the review date in force, as the list
    and the review read it): ``58（2023）``."""
    latest = i.latest_value(as_of or _review_date())
    return f"{latest.value}（{latest.year}）" if latest else ""


def _review_date() -> date:
    from ...review.dates import default_review_date

    return default_review_date()


INDICATOR_CELLS: dict[str, Callable[[ind.Indicator], str]] = {
    "code": lambda i: i.code,
    "category": lambda i: ind.category_text(i.category),
    "number": lambda i: str(i.number),
    "name": lambda i: i.name,
    "sub_name": lambda i: i.sub_name,
    "title": lambda i: i.title,
    "unit": lambda i: i.unit,
    "baseline_2020": lambda i: i.baseline_2020,
    "target_2025": lambda i: i.target_2025,
    "attribute": lambda i: ind.attribute_text(i.attribute),
    "direction": lambda i: _(ind.DIRECTION_LABELS[i.direction]) if i.direction else "",
    "latest": latest_text,
    "state": lambda i: ind.indicator_state_label(ind.indicator_state(i, _review_date())),
}


INDICATOR_COLUMNS = ("code", "category", "title", "unit", "baseline_2020", "target_2025", "attribute", "latest")
CELLS = INDICATOR_CELLS
COLUMNS = INDICATOR_COLUMNS
HEADERS = {"latest": ind.FIELD_LABELS["latest"]}


def detail_text(i: ind.Indicator) -> str:
    """Every field of one indicator, one per line, then its reported values."""
    from ...tables import tabulate
    from ..views import header

    names = ("code", "category", "number", "name", "sub_name", "unit", "baseline_2020", "target_2025",
             "attribute", "direction", "latest")
    pairs = [(header("indicator", n), INDICATOR_CELLS[n](i)) for n in names]
    pairs.append((header("indicator", "state"), INDICATOR_CELLS["state"](i)))
    if i.note:
        pairs.append((header("indicator", "note"), i.note))
    text = tabulate(pairs, tablefmt="plain", disable_numparse=True, maxcolwidths=[None, 60])
    if i.values:
        rows = [[str(v.year), v.value, str(v.date), _(ind.JUDGEMENT_LABELS[v.judgement]) if v.judgement else "",
                 v.source, v.note] for v in sorted(i.values, key=lambda v: (v.year, v.date))]
        text += "\n\n" + header("indicator", "values") + "\n" + tabulate(
            rows, headers=[header("indicator", h) for h in ("year", "value", "date", "judgement", "source", "note")],
            disable_numparse=True)
    return text


def indicator_tree(indicators: Sequence[ind.Indicator]) -> list[Node]:
    """The plan's five categories, in its order, with counts."""
    nodes = [Node(ind.category_text(zh), f"cat:{zh}") for zh, _en in ind.CATEGORIES]
    for i in indicators:
        for node, (zh, _en) in zip(nodes, ind.CATEGORIES, strict=True):
            if i.category == zh:
                node.count += 1
    return [n for n in nodes if n.count]
