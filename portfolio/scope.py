"""Scopes of the category tree (all, a category, a subcategory) and the counts it shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

from .records.project.categories import CATEGORIES, CategoryKey
from .records.project.model import Project
from .records.project.query import CAT, SUBCATEGORY, Row


@dataclass(frozen=True, slots=True)
class Scope:
    """What a tree node narrows the table to (None: everything)."""

    category: CategoryKey | None = None
    subcategory: str | None = None

    def contains(self, p: Project) -> bool:
        if self.category is not None and p.category != self.category:
            return False
        return self.subcategory is None or p.subcategory == self.subcategory

    def narrow(self, projects: Sequence[Project]) -> list[Project]:
        if self.category is None:
            return list(projects)
        return [p for p in projects if self.contains(p)]


ALL = Scope()


@dataclass
class ScopeCounts:
    total: int = 0
    by_category: Counter[CategoryKey] = field(default_factory=Counter)
    by_subcategory: Counter[tuple[CategoryKey, str]] = field(default_factory=Counter)


def _counts(pairs: list[tuple[CategoryKey, str]]) -> ScopeCounts:
    by_sub = Counter(pairs)
    by_cat: Counter[CategoryKey] = Counter()
    for (cat, _sub), n in by_sub.items():
        by_cat[cat] += n
    return ScopeCounts(len(pairs), by_cat, by_sub)


def count(projects: Iterable[Project]) -> ScopeCounts:
    return _counts([(p.category, p.subcategory) for p in projects])


def count_rows(rows: Sequence[Row]) -> ScopeCounts:
    """The same from query rows (reading tuples is faster than reading models). The pairs are
    counted by the category's identity (an enum hashes in Python: 0.3 s for 100,000), in the
    same order of first appearance."""
    members = {id(c): c for c in CategoryKey}
    by_id = Counter(zip(map(id, map(itemgetter(CAT), rows)), map(itemgetter(SUBCATEGORY), rows), strict=True))
    by_sub: Counter[tuple[CategoryKey, str]] = Counter({(members[i], sub): n for (i, sub), n in by_id.items()})
    by_cat: Counter[CategoryKey] = Counter()
    for (cat, _sub), n in by_sub.items():
        by_cat[cat] += n
    return ScopeCounts(len(rows), by_cat, by_sub)


def shape(counts: ScopeCounts) -> dict[CategoryKey, list[str]]:
    """Each category's subcategories (from the counts of all projects), in order of first
    appearance. Where a category has named subcategories and also projects without one, an
    empty name comes last: the tree shows it as its own node, so that a category's count is
    always the sum of its nodes'."""
    subs: dict[CategoryKey, list[str]] = {c.key: [] for c in CATEGORIES}
    unnamed: set[CategoryKey] = set()
    for cat, sub in counts.by_subcategory:
        if sub:
            subs[cat].append(sub)
        else:
            unnamed.add(cat)
    for cat in unnamed:
        if subs[cat]:
            subs[cat].append("")
    return subs
