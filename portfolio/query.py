"""The one query language, shared by the CLI (``--where``) and the UI's filter.

Terms are separated by white space and AND-ed::

    cat:碧水 end:<=2023 unit:鹿寨 -status:completed 锂电池 ldc "工业 园区"

* ``key:value`` with the keys in ``KEYS`` (English or Chinese names; ``：`` works too);
* ``year`` (active in that year), ``start`` and ``end`` take ``2023``, ``<=2023``, ``>2022``,
  ``=2023`` or a range ``2021-2023``;
* a bare word matches the name, content and scale (case-insensitive), and the pinyin of
  the name, full or initials (``lidianchi``, ``ldc``);
* ``"..."`` or ``'...'`` quote a value holding spaces; a leading ``-`` negates a term.

An unknown key or a malformed value raises ``QueryError`` naming the term and the valid keys.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from .categories import CATEGORIES, find_category
from .errors import QueryError
from .i18n import N_, _
from .models import STATUS_LABELS, Project, Status, find_status

Predicate = Callable[[Project], bool]

# canonical key -> (aliases, description)
KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "cat": (("category", "类别", "工程"), N_("category: 碧水, 碧水工程 or water")),
    "sub": (("subcategory", "子类"), N_("subcategory (part of its name)")),
    "unit": (("units", "单位", "责任单位"), N_("any responsible unit (part of its name)")),
    "lead": (("牵头", "牵头单位"), N_("the lead (first) unit (part of its name)")),
    "year": (("年", "年份"), N_("active in that year: 2023, >=2024, 2021-2023")),
    "start": (("开始",), N_("start year: 2021, <2023, 2021-2022")),
    "end": (("结束", "完成"), N_("end year: 2023, <=2023, 2024-2025")),
    "status": (("状态",), N_("status: in_progress, 实施中 ...")),
    "code": (("编号",), N_("project code or its beginning: W01, W")),
}
_ALIASES: dict[str, str] = {}
for _key, (_aliases, _desc) in KEYS.items():
    _ALIASES[_key] = _key
    for _alias in _aliases:
        _ALIASES[_alias] = _key

_COLONS = ":："
_QUOTES = {'"': '"', "'": "'"}
_SPACE = re.compile(r"\s")
_YEAR_EXPR = re.compile(r"^(<=|>=|<|>|=)?\s*(\d{4})$")
_YEAR_RANGE = re.compile(r"^(\d{4})\s*[-~～]\s*(\d{4})$")
_OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
        "=": operator.eq, None: operator.eq}


@dataclass(frozen=True, slots=True)
class Term:
    key: str | None  # canonical key, None for a bare word
    value: str
    negate: bool
    text: str  # the term as typed, for error messages


def valid_keys_text() -> str:
    return ", ".join(KEYS)


def _error(term: str, message: str) -> QueryError:
    return QueryError(_("In '{term}': {message}").format(term=term, message=message))


def tokenize(text: str) -> list[Term]:
    terms: list[Term] = []
    i, n = 0, len(text)
    while i < n:
        if _SPACE.match(text[i]):
            i += 1
            continue
        start = i
        negate = False
        if text[i] == "-" and i + 1 < n and not _SPACE.match(text[i + 1]):
            negate = True
            i += 1
        key: str | None = None
        # a key: letters up to a colon, unquoted
        j = i
        while j < n and not _SPACE.match(text[j]) and text[j] not in _COLONS and text[j] not in _QUOTES:
            j += 1
        if j < n and text[j] in _COLONS and j > i:
            candidate = text[i:j]
            canonical = _ALIASES.get(candidate.lower())
            if canonical is not None:
                key = canonical
                i = j + 1
            elif candidate.isascii():
                typed = text[start:].split()[0] if text[start:].split() else candidate
                raise QueryError(
                    _("Unknown key '{key}' in '{term}'; valid keys: {keys}").format(
                        key=candidate, term=typed, keys=valid_keys_text())
                )
        # the value: quoted, or up to the next white space
        if i < n and text[i] in _QUOTES:
            close = text.find(_QUOTES[text[i]], i + 1)
            if close < 0:
                raise _error(text[start:], _("the quote is not closed"))
            value = text[i + 1:close]
            i = close + 1
        else:
            j = i
            while j < n and not _SPACE.match(text[j]):
                j += 1
            value = text[i:j]
            i = j
        typed = text[start:i]
        if key is not None and not value.strip():
            raise _error(typed, _("'{key}:' needs a value").format(key=key))
        if key is None and not value.strip():
            continue
        terms.append(Term(key, value.strip(), negate, typed))
    return terms


def _year_predicate(term: Term, get: Callable[[Project], tuple[int, int]]) -> Predicate:
    """``get`` gives the (low, high) years a project spans for this key."""
    value = term.value.replace(" ", "")
    m = _YEAR_RANGE.match(value)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi:
            raise _error(term.text, _("the range {lo}-{hi} is reversed").format(lo=lo, hi=hi))
        return lambda p: get(p)[0] <= hi and get(p)[1] >= lo
    m = _YEAR_EXPR.match(value)
    if not m:
        raise _error(term.text, _("expected a year such as 2023, <=2023, >2022 or 2021-2025"))
    op, year = m.group(1), int(m.group(2))
    if op in (None, "="):
        return lambda p: get(p)[0] <= year <= get(p)[1]
    cmp = _OPS[op]
    if op in ("<", "<="):
        return lambda p: cmp(get(p)[0], year)
    return lambda p: cmp(get(p)[1], year)


@lru_cache(maxsize=200_000)
def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case, no separators."""
    from pypinyin import lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(name, errors="ignore") if s.strip()]
    return "".join(syllables), "".join(s[0] for s in syllables if s)


def _word_predicate(word: str) -> Predicate:
    needle = word.lower()
    latin = needle.isascii() and needle.isalpha()

    def match(p: Project) -> bool:
        if needle in p.name.lower() or needle in p.content.lower() or needle in p.scale.lower():
            return True
        if latin:
            full, initials = name_pinyin(p.name)
            return needle in full or needle in initials
        return False

    return match


def _predicate(term: Term) -> Predicate:
    key, value = term.key, term.value
    low = value.lower()
    if key is None:
        return _word_predicate(value)
    if key == "cat":
        found = find_category(value)
        if found is None:
            names = ", ".join(f"{c.short_zh}/{c.key.value}" for c in CATEGORIES)
            raise _error(term.text, _("unknown category; use one of {names}").format(names=names))
        return lambda p: p.category == found.key
    if key == "sub":
        return lambda p: low in p.subcategory.lower()
    if key == "unit":
        return lambda p: any(low in u.lower() for u in p.units)
    if key == "lead":
        return lambda p: low in p.units[0].lower()
    if key == "year":
        return _year_predicate(term, lambda p: (p.start_year, p.end_year))
    if key == "start":
        return _year_predicate(term, lambda p: (p.start_year, p.start_year))
    if key == "end":
        return _year_predicate(term, lambda p: (p.end_year, p.end_year))
    if key == "status":
        status = find_status(value)
        if status is None:
            names = ", ".join(f"{s.value}/{_(STATUS_LABELS[s])}" for s in Status)
            raise _error(term.text, _("unknown status; use one of {names}").format(names=names))
        return lambda p: p.status == status
    if key == "code":
        code = value.upper()
        return lambda p: p.code.startswith(code)
    raise _error(term.text, _("unknown key; valid keys: {keys}").format(keys=valid_keys_text()))


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]
    predicates: tuple[tuple[Predicate, bool], ...]

    def matches(self, project: Project) -> bool:
        return all(pred(project) != negate for pred, negate in self.predicates)

    def filter(self, projects: Iterable[Project]) -> list[Project]:
        if not self.predicates:
            return list(projects)
        return [p for p in projects if self.matches(p)]

    @property
    def empty(self) -> bool:
        return not self.terms


def parse(text: str) -> Query:
    """Compile a query; raises ``QueryError`` with a message naming the bad term."""
    terms = tuple(tokenize(text or ""))
    return Query(text or "", terms, tuple((_predicate(t), t.negate) for t in terms))


def select(projects: Iterable[Project], where: str | None) -> list[Project]:
    return parse(where or "").filter(projects)
