"""The query keys of projects (``portfolio.query``) and their evaluation over rows: a project's
fields as a plain tuple, computed once per project (``KEYS``: ``cat:``, ``unit:``, ``year:``,
``light:`` ...; a bare word matches the name, content and scale and the pinyin of the name)."""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ...i18n import N_, _
from ...query import OPS, YEAR_EXPR, YEAR_RANGE, Term, query_error, tokenize
from ..fields import STATUS_LABELS, Status, find_status
from .categories import CATEGORIES, ORDER, CategoryKey, find_category
from .model import Project

# the filter box's example (the UI's placeholder)
FILTER_EXAMPLE = N_("Filter: 锂电池 ldc cat:碧水 end:<=2023 unit:鹿寨县 -status:completed")

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
    "light": (("灯", "灯号", "lights"), N_("traffic light at the review date in force: red, 红, yellow, green")),
}


ALIASES: dict[str, str] = {}


for _key, (_aliases, _desc) in KEYS.items():
    ALIASES[_key] = _key
    for _alias in _aliases:
        ALIASES[_alias] = _key


_COST = {"cat": 0, "status": 0, "code": 1, "year": 1, "start": 1, "end": 1, "lead": 2, "sub": 2,
         "unit": 3, "light": 4}


def valid_keys_text() -> str:
    return ", ".join(KEYS)


# -- rows: what the predicates read, computed once per project ----------------------------------
# A row is a plain tuple (reading pydantic attributes in a loop over 100,000 projects costs
# four times as much as reading tuples). Fields, by index:
P, CAT, START, END, STATUS, CODE, SUB, LEAD, UNITS, TEXT, NAME, PINYIN, SUBCATEGORY, LIGHT, STORED, UNIT_LIST = range(16)


Row = tuple[Any, ...]


RowPredicate = Callable[[Row], bool]


class _Readings(dict[int, str]):
    """Character -> its most common reading without tones (ü as v) or its initial, looked up
    in pypinyin's table on first use (``str.translate`` calls ``__missing__`` only for the
    characters that occur). ``str.translate`` runs in C: 100,000 names in about 0.1 s, where
    pypinyin's phrase segmentation takes 70 µs a name."""

    def __init__(self, initials: bool) -> None:
        super().__init__()
        self.initials = initials

    def __missing__(self, code: int) -> str:
        from pypinyin.constants import PINYIN_DICT

        readings = PINYIN_DICT.get(code)
        if readings is None:
            raise LookupError(code)  # not a Chinese character: str.translate keeps it
        first = unicodedata.normalize("NFKD", readings.split(",")[0]).replace("u\u0308", "v")
        syllable = "".join(ch for ch in first if not unicodedata.combining(ch)).lower()
        value = syllable[:1] if self.initials else syllable
        self[code] = value
        return value


_FULL = _Readings(initials=False)


_INITIALS = _Readings(initials=True)


def name_pinyin(name: str) -> tuple[str, str]:
    """(full pinyin, initials) of a name, lower case, no separators; other characters kept."""
    lowered = name.lower()
    return lowered.translate(_FULL), lowered.translate(_INITIALS)


def make_row(p: Project) -> Row:
    """The row of a project; its TEXT slot (``row_text``) and PINYIN slot are filled when a
    query first needs them (a query of cheaper terms first reads only the rows they keep:
    lowering 100,000 long texts costs 0.25 s), its LIGHT slot (review date -> light) when a
    ``light:`` term first reads it."""
    return (p, p.category, p.start_year, p.end_year, p.status, p.code, p.subcategory.lower(),
            p.units[0].lower(), "\x00".join(p.units).lower(), [None], p.name, [None], p.subcategory, {},
            None, p.units)


class StoredProjects(Protocol):
    """Where the project of a row made from a stored record comes from (the repository,
    which validates it when first asked), and the record as stored (a snapshot's row)."""

    def stored_project(self, code: str) -> Project: ...

    def stored_record(self, code: str) -> dict[str, Any]: ...


# what pydantic-core's ``strip_whitespace`` strips (Unicode White_Space; not str.strip's \x1c-\x1f)
_WHITE = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_CATEGORY: dict[str, CategoryKey] = {c.value: c for c in CategoryKey}
_STATUS: dict[str, Status] = {s.value: s for s in Status}


def stored_rows(table: dict[str, Any], source: StoredProjects) -> list[Row]:
    """The rows of a projects table as stored, in the plan's order, without building the
    models: only for a file whose records were all proved valid (``store.trust``). Each row's
    project is validated when first read (``project_of``); a record in a form this does not
    read directly (units written as one text, say) is validated at once."""
    rows: list[Row] = []
    for code, d in table.items():
        try:
            units = [u.strip(_WHITE) for u in d["units"]] if d["units"].__class__ is list else None
            if units is None:
                raise TypeError(code)
            sub = d.get("subcategory", "").strip(_WHITE)
            rows.append((source, _CATEGORY[d["category"]], d["start_year"], d["end_year"],
                         _STATUS[d.get("status", "not_reported")], code, sub.lower(), units[0].lower(),
                         "\x00".join(units).lower(), [None], d["name"].strip(_WHITE), [None], sub, {}, d, units))
        except (KeyError, TypeError, AttributeError, IndexError):
            rows.append(make_row(source.stored_project(code)))
    rows.sort(key=lambda r: (ORDER[r[CAT]], len(r[CODE]), r[CODE]))  # as ``kinds.plan_order``
    return rows


# the slots a row snapshot (``store.snapshot``) keeps: the rest are caches, or the source
_KEPT = (CAT, START, END, STATUS, CODE, SUB, LEAD, UNITS, NAME, SUBCATEGORY, UNIT_LIST)


def snapshot_fields(rows: Sequence[Row]) -> list[tuple[Any, ...]]:
    """The rows as plain values (marshal), equal strings one object: units repeat."""
    same: dict[str, str] = {}
    one = same.setdefault
    return [(r[CAT].value, r[START], r[END], r[STATUS].value, r[CODE], one(r[SUB], r[SUB]), one(r[LEAD], r[LEAD]),
             r[UNITS], r[NAME], one(r[SUBCATEGORY], r[SUBCATEGORY]), [one(u, u) for u in r[UNIT_LIST]])
            for r in rows]


def snapshot_rows(data: Sequence[tuple[Any, ...]], source: StoredProjects) -> list[Row]:
    """The rows of ``snapshot_fields``, their projects and records read from ``source``."""
    cat, status = _CATEGORY, _STATUS
    return [(source, cat[c], start, end, status[s], code, sub, lead, units, [None], name, [None], subcategory, {},
             None, unit_list)
            for c, start, end, s, code, sub, lead, units, name, subcategory, unit_list in data]


def project_of(r: Row) -> Project:
    """The project of a row (validated now if the row was made from its stored record)."""
    p = r[P]
    if p.__class__ is Project:
        return p
    return r[P].stored_project(r[CODE])  # type: ignore[no-any-return]


def row_text(r: Row) -> str:
    """The row's searchable text, lower case: name, content and scale."""
    slot = r[TEXT]
    text: str | None = slot[0]
    if text is None:
        stored = r[STORED]
        p = r[P]
        if stored is None and p.__class__ is Project:
            text = slot[0] = f"{p.name}\n{p.content}\n{p.scale}".lower()
        else:
            if stored is None:  # a snapshot's row: the record from the repository
                stored = p.stored_record(r[CODE])
            text = slot[0] = f"{r[NAME]}\n{stored.get('content', '')}\n{stored.get('scale', '')}".lower()
    return text


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def ensure_pinyin(rows: Sequence[Row]) -> None:
    """Fill the slots that a pinyin word (ASCII letters) is looked for in, for the rows that
    lack them: "full\x00initials\x00" and the ASCII runs of the row's text (a word of ASCII
    letters can only match inside such a run). One short one-byte string to search instead
    of the long text as well: 21 ms -> 11 ms for 100,000 rows."""
    for r in rows:
        slot = r[PINYIN]
        if slot[0] is None:
            full, initials = name_pinyin(r[NAME])
            slot[0] = f"{full}\x00{initials}\x00{_NOT_ASCII.sub(chr(0), row_text(r))}"


class _RowCache:
    """Rows keyed by the project object (weakly): an edited project is a new object and
    gets a new row; an unchanged one is not computed again."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[weakref.ref[Project], Row]] = {}

    def get(self, p: Project) -> Row:
        key = id(p)
        entry = self._cache.get(key)
        if entry is None or entry[0]() is not p:
            def forget(_ref: weakref.ref[Project], k: int = key) -> None:
                self._cache.pop(k, None)

            entry = (weakref.ref(p, forget), make_row(p))
            self._cache[key] = entry
        return entry[1]


ROWS = _RowCache()


def rows_of(projects: Iterable[Project]) -> list[Row]:
    get = ROWS.get
    return [get(p) for p in projects]


# -- predicates over rows --------------------------------------------------------------------
def _year_predicate(term: Term, lo_field: int, hi_field: int) -> RowPredicate:
    """Years of a row span [row[lo_field], row[hi_field]]."""
    value = term.value.replace(" ", "")
    m = YEAR_RANGE.match(value)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        if lo > hi:
            raise query_error(term.text, _("the range {lo}-{hi} is reversed").format(lo=lo, hi=hi))
        return lambda r: r[lo_field] <= hi and r[hi_field] >= lo
    m = YEAR_EXPR.match(value)
    if not m:
        raise query_error(term.text, _("expected a year such as 2023, <=2023, >2022 or 2021-2025"))
    op, year = m.group(1), int(m.group(2))
    if op in (None, "="):
        return lambda r: r[lo_field] <= year <= r[hi_field]
    cmp = OPS[op]
    if op in ("<", "<="):
        return lambda r: cmp(r[lo_field], year)
    return lambda r: cmp(r[hi_field], year)


def _is_pinyin(word: str) -> bool:
    return word.isascii() and word.isalpha()


def _word_predicate(word: str) -> RowPredicate:
    needle = word.lower()
    if _is_pinyin(needle):  # the pinyin slot holds the text's ASCII runs too
        return lambda r: needle in r[PINYIN][0]
    return lambda r: needle in (r[TEXT][0] or row_text(r))


def _predicate(term: Term) -> RowPredicate:
    key, value = term.key, term.value
    low = value.lower()
    if key is None:
        return _word_predicate(value)
    if key == "cat":
        found = find_category(value)
        if found is None:
            names = ", ".join(f"{c.short_zh}/{c.key.value}" for c in CATEGORIES)
            raise query_error(term.text, _("unknown category; use one of {names}").format(names=names))
        wanted = found.key
        return lambda r: r[CAT] is wanted
    if key == "sub":
        return lambda r: low in r[SUB]
    if key in ("unit", "lead"):
        # part of a unit's name, or a unit the directory resolves it to (aliases, and the
        # groups it belongs to: unit:鹿寨县 finds the projects of 各县区人民政府)
        from ...units import unit_matcher

        reaches = unit_matcher(value)
        if key == "unit":
            return lambda r: low in r[UNITS] or reaches(r[UNIT_LIST])
        return lambda r: low in r[LEAD] or reaches(r[UNIT_LIST][:1])
    if key == "year":
        return _year_predicate(term, START, END)
    if key == "start":
        return _year_predicate(term, START, START)
    if key == "end":
        return _year_predicate(term, END, END)
    if key == "status":
        status = find_status(value)
        if status is None:
            names = ", ".join(f"{s.value}/{_(STATUS_LABELS[s])}" for s in Status)
            raise query_error(term.text, _("unknown status; use one of {names}").format(names=names))
        return lambda r: r[STATUS] is status
    if key == "code":
        code = value.upper()
        return lambda r: r[CODE].startswith(code)
    if key == "light":
        return _light_predicate(term)
    raise query_error(term.text, _("unknown key; valid keys: {keys}").format(keys=valid_keys_text()))


def _light_predicate(term: Term) -> RowPredicate:
    """The project's traffic light at the plan's review date in force (computed once per
    project and date, kept in its row)."""
    from ...review.dates import default_review_date
    from ...review.lights import LIGHT_LABELS, Light, find_light
    from ...review.states import project_light

    wanted = find_light(term.value)
    if wanted is None:
        names = ", ".join(f"{light.value}/{_(LIGHT_LABELS[light])}" for light in Light)
        raise query_error(term.text, _("unknown light; use one of {names}").format(names=names))
    when = default_review_date()

    def test(r: Row) -> bool:
        cache = r[LIGHT]
        if when in cache:
            return cache[when] is wanted
        light = cache[when] = project_light(project_of(r), when)
        return light is wanted

    return test


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]
    predicates: tuple[tuple[RowPredicate, bool], ...]  # cheapest first
    _ordered_terms: tuple[Term, ...] = ()  # the terms in the order of ``predicates``

    def matches(self, project: Project) -> bool:
        return bool(self.filter_rows([ROWS.get(project)]))

    @property
    def needs_pinyin(self) -> bool:
        return any(t.key is None and _is_pinyin(t.value) for t in self.terms)

    def filter_rows(self, rows: Sequence[Row]) -> list[Project]:
        """The matching projects; each test narrows the list the next one reads."""
        return [project_of(r) for r in self.matching_rows(rows)]

    def matching_rows(self, rows: Sequence[Row]) -> Sequence[Row]:
        current: Sequence[Row] = rows
        first_word = True
        for (pred, negate), term in zip(self.predicates, self._ordered_terms, strict=True):
            if term.key is None and first_word and self.needs_pinyin:
                ensure_pinyin(current)  # only the rows that reach the first free-text test
                first_word = False
            current = [r for r in current if not pred(r)] if negate else [r for r in current if pred(r)]
        return current

    def filter(self, projects: Iterable[Project]) -> list[Project]:
        if not self.predicates:
            return list(projects)
        return self.filter_rows(rows_of(projects))

    @property
    def empty(self) -> bool:
        return not self.terms


def parse(text: str) -> Query:
    """Compile a query; raises ``QueryError`` with a message naming the bad term."""
    terms = tuple(tokenize(text or ""))
    # cheap, selective tests first; free-text search last
    ordered = tuple(sorted(terms, key=lambda t: _COST.get(t.key or "", 9)))
    return Query(text or "", terms, tuple((_predicate(t), t.negate) for t in ordered), ordered)


def select(projects: Iterable[Project], where: str | None) -> list[Project]:
    return parse(where or "").filter(projects)
