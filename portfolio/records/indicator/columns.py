"""The indicator list's columns (``RecordKind`` "indicator"): number, indicator, sub-indicator,
unit, the 2020 baseline and the 2025 target as written, attribute, the latest value reported by
the review date in force and the state as of that date (``review_date``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from ...i18n import _
from ..columns import Column, RecordKind, Width, register
from ..project.columns import review_date
from . import model as ind
from .views import latest_text

STATE_ORDER = {s: i for i, s in enumerate(
    (ind.IndicatorState.OFF_PATH, ind.IndicatorState.NOT_MET, ind.IndicatorState.TO_JUDGE,
     ind.IndicatorState.NOT_REPORTED, ind.IndicatorState.ON_PATH, ind.IndicatorState.MET))}


STATE_COLOURS: dict[ind.IndicatorState, str | None] = {
    ind.IndicatorState.MET: "green", ind.IndicatorState.ON_PATH: "green", ind.IndicatorState.OFF_PATH: "red",
    ind.IndicatorState.NOT_MET: "red", ind.IndicatorState.TO_JUDGE: "yellow", ind.IndicatorState.NOT_REPORTED: None,
}


ATTRIBUTE_ORDER = {zh: i for i, (zh, _en) in enumerate(ind.ATTRIBUTES)}


CATEGORY_ORDER = {zh: i for i, (zh, _en) in enumerate(ind.CATEGORIES)}


# -- indicators ----------------------------------------------------------------------------------
def indicator_state(i: ind.Indicator, as_of: date | None = None) -> ind.IndicatorState:
    """The state as of the review date in force (or ``as_of``)."""
    return ind.indicator_state(i, as_of or review_date())


def _latest_key(i: ind.Indicator) -> tuple[int, float]:
    latest = i.latest_value(review_date())
    if latest is None:
        return (1, 0.0)
    number = latest.number
    return (0, number if number is not None else 0.0)


def _indicator_order(i: ind.Indicator) -> tuple[int, str]:
    return (len(i.code), i.code)


def _ic(key: str, cell: Any, **kwargs: Any) -> Column[ind.Indicator]:
    return Column(key, ind.FIELD_LABELS[key], cell, **kwargs)


INDICATOR_COLUMNS: tuple[Column[ind.Indicator], ...] = (
    _ic("code", lambda i: i.code, sort_key=_indicator_order, width=Width(max=5), aliases=("编号",)),
    _ic("category", lambda i: ind.category_text(i.category), sort_key=lambda i: CATEGORY_ORDER[i.category],
        width=Width(max=12), aliases=("cat", "类别")),
    _ic("number", lambda i: str(i.number), sort_key=lambda i: (i.number, _indicator_order(i)),
        width=Width(max=4), right=True, aliases=("no", "序号")),
    _ic("name", lambda i: i.name, width=Width(min=12, flex=True), aliases=("indicator", "指标")),
    _ic("sub_name", lambda i: i.sub_name, width=Width(max=14), aliases=("sub", "子指标")),
    _ic("unit", lambda i: i.unit, width=Width(max=10), aliases=("单位",)),
    _ic("baseline_2020", lambda i: i.baseline_2020, width=Width(max=10), aliases=("baseline", "基准值", "2020")),
    _ic("target_2025", lambda i: i.target_2025, width=Width(max=12), aliases=("target", "目标值", "2025")),
    _ic("attribute", lambda i: ind.attribute_text(i.attribute), sort_key=lambda i: ATTRIBUTE_ORDER[i.attribute],
        width=Width(max=8), aliases=("attr", "属性")),
    _ic("latest", lambda i: latest_text(i), sort_key=_latest_key, width=Width(max=14), aliases=("最新值",)),
    _ic("state", lambda i: ind.indicator_state_label(indicator_state(i)),
        sort_key=lambda i: STATE_ORDER[indicator_state(i)], width=Width(max=12),
        style=lambda i: STATE_COLOURS[indicator_state(i)], aliases=("状态",),
        labels=lambda: (ind.indicator_state_label(s) for s in ind.IndicatorState)),
    _ic("direction", lambda i: _direction_text(i), width=Width(max=6), aliases=("方向",)),
    _ic("note", lambda i: i.note, width=Width(max=20), aliases=("备注",)),
)


def _direction_text(i: ind.Indicator) -> str:
    return _(ind.DIRECTION_LABELS[i.direction]) if i.direction else ""


INDICATOR_KIND: RecordKind[ind.Indicator] = RecordKind(
    name="indicator",
    columns=INDICATOR_COLUMNS,
    default_columns=("number", "name", "sub_name", "unit", "baseline_2020", "target_2025", "attribute", "latest",
                     "state"),
    plan_order=_indicator_order,
    ident=lambda i: i.code,
    # the detail shows them; the 2020 baseline goes first (at 120 columns the latest value and
    # the attribute then fit beside the name), the sub-indicator last (I01/I02, I06-I11 differ
    # only by it)
    narrow_drops=("baseline_2020", "attribute", "latest", "unit", "target_2025", "sub_name"),
)


register(INDICATOR_KIND)
