"""The plan's six project categories, in the plan's order."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

# the plan's period (the 14th Five-Year plan): a new project's years default to it
PLAN_START_YEAR = 2021


PLAN_END_YEAR = 2025


class CategoryKey(StrEnum):
    WATER = "water"
    AIR = "air"
    SOIL = "soil"
    WASTE = "waste"
    CLIMATE = "climate"
    CAPACITY = "capacity"


@dataclass(frozen=True, slots=True)
class Category:
    key: CategoryKey
    name_zh: str  # as the plan writes it: 碧水工程
    short_zh: str  # 碧水
    label_en: str
    prefix: str  # project code prefix: W01, A01, ...
    numeral: str  # the plan's heading numeral: 一、碧水工程

    @property
    def heading(self) -> str:
        return f"{self.numeral}、{self.name_zh}"


CATEGORIES: tuple[Category, ...] = (
    Category(CategoryKey.WATER, "碧水工程", "碧水", "Clean water", "W", "一"),
    Category(CategoryKey.AIR, "蓝天工程", "蓝天", "Blue sky", "A", "二"),
    Category(CategoryKey.SOIL, "净土工程", "净土", "Clean soil", "S", "三"),
    Category(CategoryKey.WASTE, "清废工程", "清废", "Waste clearance", "R", "四"),
    Category(CategoryKey.CLIMATE, "应对气候变化工程", "应对气候变化", "Climate change", "C", "五"),
    Category(CategoryKey.CAPACITY, "能力建设工程", "能力建设", "Capacity building", "K", "六"),
)


BY_KEY: dict[CategoryKey, Category] = {c.key: c for c in CATEGORIES}


ORDER: dict[CategoryKey, int] = {c.key: i for i, c in enumerate(CATEGORIES)}


def category(key: CategoryKey | str) -> Category:
    return BY_KEY[CategoryKey(key)]


def find_category(text: str) -> Category | None:
    """Resolve a category from its English key, Chinese name, short name or heading.

    Accepts what users type: ``water``, ``碧水``, ``碧水工程``, ``一、碧水工程``, ``气候``.
    """
    t = text.strip().lower()
    if not t:
        return None
    for c in CATEGORIES:
        if t in (c.key.value, c.name_zh, c.short_zh, c.heading, c.label_en.lower(), c.prefix.lower()):
            return c
    # unambiguous partial Chinese match (e.g. 气候 -> 应对气候变化工程)
    hits = [c for c in CATEGORIES if t in c.name_zh]
    return hits[0] if len(hits) == 1 else None
