"""The indicator model: one row of the plan's indicator table (专栏2), its yearly reported
values, and its state as of a date.

Texts are kept as the plan writes them (category, name, sub-indicator, unit, the 2020
baseline, the 2025 target, the attribute); ``baseline`` and ``target`` give their parsed
form (``figures.parse_figure``).

**Direction** (higher or lower is better) is stored with the record (the importer derives it,
a user may correct it with ``portfolio set I05 direction=lower``). It is derived from the
target's comparator where it has one (``≥``/``>``: higher, ``≤``/``<``: lower), else from
the indicator's meaning: concentrations, noise levels and the share of the worst water class
(劣Ⅴ类) are better lower; rates, shares, coverages and reductions (率, 比例, 下降, 降低) are
better higher; anything else has no direction (qualitative).

**State as of a date** (``indicator_state``): the values known then are those whose date, or
the end of whose year, is on or before it; the latest of them is judged:

* ``met``: it meets the 2025 target (or a hand judgement says met);
* ``on_path`` / ``off_path``: it is at least as good as / worse than the linear path from
  the 2020 baseline to the 2025 target at its year (baseline + (target - baseline) x
  (year - 2020) / 5; a cumulative target's path starts at 0; without a numeric baseline the
  path is the target itself);
* ``not_met``: a hand judgement says not met (qualitative targets are judged by hand);
* ``to_judge``: a value is reported but the target is qualitative and no judgement is given;
* ``not_reported``: no value yet."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    TypeAdapter,
    field_validator,
    model_serializer,
    model_validator,
)

from ...i18n import N_, _, get_language
from ...plan_boxes import drop_empty_links, links_validator
from ...text import entering_validator
from ..issues import add_labels, add_value_labels, message_label
from .figures import Figure, number_in, parse_figure, satisfies

BASE_YEAR = 2020


TARGET_YEAR = 2025


INDICATOR_CODE = re.compile(r"^I\d{2,4}$")


# the plan's five categories, in its order, with English labels
CATEGORIES: tuple[tuple[str, str], ...] = (
    ("环境质量改善", N_("Environmental quality")),
    ("污染防治治理", N_("Pollution prevention and control")),
    ("生态保护", N_("Ecological protection")),
    ("环境经济", N_("Environmental economy")),
    ("应对气候变化", N_("Climate change")),
)


ATTRIBUTES: tuple[tuple[str, str], ...] = (
    ("约束性", N_("binding")),
    ("预期性", N_("expected")),
    ("指导性", N_("guiding")),
)


CategoryText = Literal["环境质量改善", "污染防治治理", "生态保护", "环境经济", "应对气候变化"]


AttributeText = Literal["约束性", "预期性", "指导性"]


Direction = Literal["higher", "lower"]


Judgement = Literal["met", "not_met"]


Text = Annotated[str, StringConstraints(strip_whitespace=True)]


def category_text(value: str) -> str:
    """A category in the interface language (the plan's text in Chinese)."""
    if get_language() == "en":
        return _(dict(CATEGORIES).get(value, value))
    return value


def attribute_text(value: str) -> str:
    if get_language() == "en":
        return _(dict(ATTRIBUTES).get(value, value))
    return value


def find_indicator_category(text: str) -> str | None:
    t = text.strip().lower()
    for zh, en in CATEGORIES:
        if t and (t == zh.lower() or t in zh or t == en.lower()):
            return zh
    return None


def find_attribute(text: str) -> str | None:
    t = text.strip().lower()
    for zh, en in ATTRIBUTES:
        if t and t in (zh, en, zh[:2]):
            return zh
    return None


class IndicatorValue(BaseModel):
    """One reported value: the figure for ``year``, as reported (text), when and where from."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    year: Annotated[int, Field(ge=BASE_YEAR, le=2030)]  # reports are checked to 2025 (report.check_value)
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    date: date
    source: str = ""
    note: str = ""
    judgement: Judgement | None = None  # a hand judgement (qualitative targets)

    _entering = model_validator(mode="before")(entering_validator)  # the text sanitiser

    @property
    def number(self) -> float | None:
        return number_in(self.value)


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: Annotated[Text, Field(pattern=INDICATOR_CODE.pattern)]
    category: CategoryText
    number: Annotated[int, Field(ge=1, le=999)]
    name: Annotated[Text, Field(min_length=1)]
    sub_name: Text = ""
    unit: Text = ""
    baseline_2020: Text = ""
    target_2025: Text = ""
    attribute: AttributeText
    direction: Direction | None = None
    note: str = ""  # the table's footnote for this row (e.g. what the * marks)
    # cells the plan writes once for several rows (merged down): carried from the row above
    continued: list[str] = Field(default_factory=list)
    values: list[IndicatorValue] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)  # linked projects (W01) and boxes (专栏5)
    updated_at: datetime | None = None

    _entering = model_validator(mode="before")(entering_validator)  # the text sanitiser

    @field_validator("links", mode="before")
    @classmethod
    def _links(cls, value: Any) -> Any:
        return links_validator(value)

    @model_serializer(mode="wrap")
    def _without_empty_links(self, handler: SerializerFunctionWrapHandler) -> Any:
        return drop_empty_links(handler(self))

    @model_validator(mode="before")
    @classmethod
    def _labels(cls, data: Any) -> Any:
        """Categories and attributes typed in English or in part (``binding``, ``约束``)."""
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("category"), str):
                data["category"] = find_indicator_category(data["category"]) or data["category"]
            if isinstance(data.get("attribute"), str):
                data["attribute"] = find_attribute(data["attribute"]) or data["attribute"]
            if data.get("direction") == "":
                data["direction"] = None
        return data

    @property
    def title(self) -> str:
        """The indicator and its sub-indicator: 集中式饮用水水源地水质达标率（市级）."""
        return f"{self.name}（{self.sub_name}）" if self.sub_name else self.name

    @property
    def baseline(self) -> Figure:
        return parse_figure(self.baseline_2020)

    @property
    def target(self) -> Figure:
        return parse_figure(self.target_2025)

    def latest_value(self, as_of: date | None = None) -> IndicatorValue | None:
        known = [v for v in self.values if as_of is None or known_at(v, as_of)]
        return max(known, key=lambda v: (v.year, v.date)) if known else None


def known_at(value: IndicatorValue, as_of: date) -> bool:
    """A value counts at ``as_of`` once dated, or once its year is over; never a value of a
    year after ``as_of``'s (a review as of 2023-12-31 ignores a 2024 value, however dated)."""
    return value.year <= as_of.year and (value.date <= as_of or date(value.year, 12, 31) <= as_of)


_REDUCTION_WORDS = ("下降", "降低")


_LOWER_WORDS = ("劣Ⅴ类", "劣V类", "浓度", "噪声", "声级")


_HIGHER_WORDS = ("率", "比例", "覆盖")


def derive_direction(name: str, sub_name: str, target: str) -> Direction | None:
    """Higher or lower is better: from the target's comparator, else from the meaning."""
    comparator = parse_figure(target).comparator
    if comparator in (">", "≥"):
        return "higher"
    if comparator in ("<", "≤"):
        return "lower"
    text = f"{name} {sub_name}"
    for words, direction in ((_REDUCTION_WORDS, "higher"), (_LOWER_WORDS, "lower"),
                             (_HIGHER_WORDS, "higher")):
        if any(w in text for w in words):
            return direction  # type: ignore[return-value]
    return None


class IndicatorState(StrEnum):
    MET = "met"
    ON_PATH = "on_path"
    OFF_PATH = "off_path"
    NOT_MET = "not_met"
    TO_JUDGE = "to_judge"
    NOT_REPORTED = "not_reported"


STATE_LABELS: dict[IndicatorState, str] = {
    IndicatorState.MET: N_("target met"),
    IndicatorState.ON_PATH: N_("on the path"),
    IndicatorState.OFF_PATH: N_("off the path"),
    IndicatorState.NOT_MET: N_("judged not met"),
    IndicatorState.TO_JUDGE: N_("to be judged"),
    IndicatorState.NOT_REPORTED: N_("not reported"),
}


def indicator_state_label(state: IndicatorState | str) -> str:
    return _(STATE_LABELS[IndicatorState(state)])


def find_indicator_state(text: str) -> IndicatorState | None:
    from ...i18n import load_catalog

    t = text.strip().lower().replace("-", "_").replace(" ", "_")
    for s in IndicatorState:
        if t in (s.value, STATE_LABELS[s].replace(" ", "_")):
            return s
        if text.strip() == load_catalog("zh_CN").gettext(STATE_LABELS[s]):
            return s
    return None


def expected_on_path(indicator: Indicator, year: int) -> float | None:
    """The value the linear path from the baseline to the target calls for in ``year``."""
    target = indicator.target
    if target.number is None:
        return None
    if target.cumulative:
        start = 0.0
    else:
        baseline = indicator.baseline
        if baseline.number is None or baseline.cumulative:
            return target.number
        start = baseline.number
    share = min(max((year - BASE_YEAR) / (TARGET_YEAR - BASE_YEAR), 0.0), 1.0)
    return start + (target.number - start) * share


def _direction(indicator: Indicator) -> Direction | None:
    if indicator.direction is not None:
        return indicator.direction
    expected_start = indicator.baseline.number
    target = indicator.target.number
    if expected_start is None or target is None or expected_start == target:
        return None
    return "higher" if target > expected_start else "lower"


def indicator_state(indicator: Indicator, as_of: date) -> IndicatorState:
    latest = indicator.latest_value(as_of)
    if latest is None:
        return IndicatorState.NOT_REPORTED
    if latest.judgement is not None:
        return IndicatorState.MET if latest.judgement == "met" else IndicatorState.NOT_MET
    target = indicator.target
    value = latest.number
    if target.number is None or value is None:
        return IndicatorState.TO_JUDGE
    direction = _direction(indicator)
    if satisfies(value, target, direction):
        return IndicatorState.MET
    expected = expected_on_path(indicator, latest.year)
    if expected is None or direction is None:
        return IndicatorState.OFF_PATH
    good = value >= expected if direction == "higher" else value <= expected
    return IndicatorState.ON_PATH if good else IndicatorState.OFF_PATH


@lru_cache(maxsize=1)
def indicator_list_adapter() -> TypeAdapter[list[Indicator]]:
    return TypeAdapter(list[Indicator])


def indicator_dict(indicator: Indicator) -> dict[str, Any]:
    return indicator.model_dump(mode="json")


FIELD_LABELS: dict[str, str] = {
    "code": N_("Code"),
    "category": N_("Category"),
    "number": N_("No."),
    "name": N_("Indicator"),
    "sub_name": N_("Sub-indicator"),
    "unit": N_("Unit"),
    "baseline_2020": N_("2020 baseline"),
    "target_2025": N_("2025 target"),
    "attribute": N_("Attribute"),
    "direction": N_("Better when"),
    "note": N_("Note"),
    "continued": N_("Merged cells"),
    "values": N_("Reported values"),
    "links": N_("Links"),
    "updated_at": N_("Updated"),
    "year": N_("Year"),
    "value": N_("Value"),
    "date": N_("Date"),
    "source": N_("Source"),
    "judgement": N_("Judgement"),
    "state": N_("State"),
    "latest": N_("Latest value"),
}


DIRECTION_LABELS: dict[str, str] = {"higher": N_("higher"), "lower": N_("lower")}
add_value_labels("direction", DIRECTION_LABELS, message_label(DIRECTION_LABELS))


JUDGEMENT_LABELS: dict[str, str] = {"met": N_("met"), "not_met": N_("not met")}


add_labels(FIELD_LABELS)

# the fields `portfolio set --kind indicator` changes, by the names users type (labels too:
# ``records.assign``); yearly values are reported with `portfolio report`
SETTABLE: dict[str, str] = {
    "category": "category", "cat": "category", "name": "name", "sub_name": "sub_name", "sub": "sub_name",
    "unit": "unit", "baseline": "baseline_2020", "baseline_2020": "baseline_2020",
    "target": "target_2025", "target_2025": "target_2025", "attribute": "attribute", "attr": "attribute",
    "direction": "direction", "note": "note",
}
