"""Figures as the plan writes them (``100``, ``>98``, ``≥65``, ``[13]``, ``18.02%``, ``二级``,
``达到自治区考核要求``, ``/``) and their parsed form: comparator, number, cumulative flag.

The text is always kept as written; the parsed form is read from it where the text allows:

* a leading comparator ``>``, ``＞``, ``≥``, ``>=``, ``<``, ``＜``, ``≤``, ``<=`` (or the words
  不低于 / 不少于 / 以上 for ``≥`` and 不高于 / 不超过 / 以下 / 以内 for ``≤``);
* a number, optionally followed by ``%``;
* square brackets ``[13]`` mark a five-year cumulative figure (the plan's note 2: [ ]为5年累计数);
* ``/``, ``——``, ``[ / ]`` and an empty cell are *no figure*; any other text is qualitative."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER = re.compile(r"^[-+]?\d+(?:\.\d+)?$")


_COMPARATORS = (
    (">=", "≥"), ("<=", "≤"), ("≥", "≥"), ("≤", "≤"), ("＞", ">"), ("＜", "<"), (">", ">"), ("<", "<"),
    ("不低于", "≥"), ("不少于", "≥"), ("不高于", "≤"), ("不超过", "≤"), ("=", "="),
)


_SUFFIX_COMPARATORS = (("以上", "≥"), ("以下", "≤"), ("以内", "≤"))


NO_FIGURE = {"", "/", "／", "——", "—", "-", "无"}


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure cell: the text as written and what can be read from it."""

    text: str
    comparator: str | None = None  # ">", "≥", "<", "≤", "=" or None (a plain number)
    number: float | None = None
    cumulative: bool = False  # written in brackets: a five-year cumulative figure

    @property
    def empty(self) -> bool:
        """No figure at all (``/``, ``[ / ]``, an empty cell)."""
        return self.number is None and _inner(self.text)[0] in NO_FIGURE

    @property
    def qualitative(self) -> bool:
        """Text that states a figure in words (``二级``, ``达到自治区考核要求``)."""
        return self.number is None and not self.empty


def _inner(text: str) -> tuple[str, bool]:
    t = text.strip()
    for opening, closing in (("[", "]"), ("【", "】"), ("［", "］")):
        if t.startswith(opening) and t.endswith(closing):
            return t[1:-1].strip(), True
    return t, False


def parse_figure(text: str) -> Figure:
    inner, cumulative = _inner(text)
    rest = inner.replace(" ", "")
    comparator: str | None = None
    for prefix, symbol in _COMPARATORS:
        if rest.startswith(prefix):
            comparator, rest = symbol, rest[len(prefix):]
            break
    if comparator is None:
        for suffix, symbol in _SUFFIX_COMPARATORS:
            if rest.endswith(suffix):
                comparator, rest = symbol, rest[: -len(suffix)]
                break
    rest = rest.removesuffix("%").removesuffix("％")
    if NUMBER.match(rest):
        return Figure(text, comparator, float(rest), cumulative)
    return Figure(text, None, None, cumulative)


def number_in(text: str) -> float | None:
    """The number a reported value states (``96.5``, ``96.5%``, ``≥90``), else None."""
    return parse_figure(text).number


def satisfies(value: float, target: Figure, direction: str | None) -> bool:
    """Whether ``value`` meets ``target`` (a figure with a number)."""
    assert target.number is not None
    n = target.number
    if target.comparator == ">":
        return value > n
    if target.comparator == "≥":
        return value >= n
    if target.comparator == "<":
        return value < n
    if target.comparator == "≤":
        return value <= n
    if direction == "lower":
        return value <= n
    if direction == "higher":
        return value >= n
    return value == n
