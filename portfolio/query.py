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

Every record kind is queried in this language, with its own keys (``records/<kind>/query.py``:
``KEYS`` and a ``predicate`` per term; projects compile to row predicates, ``Query``); an
unknown key lists those of the kind queried.

* tasks: ``plan:`` (plan code or part of its title), ``year:``, ``due:<=2024-06-30`` (the
  deadline, compared as a date; also ``due:overdue|soon|open|done``, the due state today),
  ``lead:``, ``unit:`` (any unit the task names, through the units directory), ``status:``,
  ``sec:`` (section or subsection), ``code:``; a bare word searches the task, its content and
  its units;
* indicators: ``attr:约束性``, ``state:met`` (the state today), ``cat:``, ``code:``; a bare
  word searches the indicator and its sub-indicator."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from .errors import QueryError, printable
from .i18n import _
from .records import KINDS, kind_part
from .records.fields import STATUS_LABELS, Status, find_status

if TYPE_CHECKING:
    from .records.project.query import Query

_COLONS = ":："


_QUOTES = {'"': '"', "'": "'"}


_SPACE = re.compile(r"\s")


YEAR_EXPR = re.compile(r"^(<=|>=|<|>|=)?\s*(\d{4})$")


YEAR_RANGE = re.compile(r"^(\d{4})\s*[-~～]\s*(\d{4})$")


OPS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
        "=": operator.eq, None: operator.eq}


@dataclass(frozen=True, slots=True)
class Term:
    key: str | None  # canonical key, None for a bare word
    value: str
    negate: bool
    text: str  # the term as typed, for error messages


def query_error(term: str, message: str) -> QueryError:
    return QueryError(_("In '{term}': {message}").format(term=printable(term), message=message))


def tokenize(text: str, aliases: dict[str, str] | None = None,
             keys_text: Callable[[], str] | None = None) -> list[Term]:
    """The terms of a query; ``aliases`` (key name -> canonical key) are the keys of the record
    kind queried (projects by default), ``keys_text`` lists them for the error message."""
    if aliases is None or keys_text is None:
        from .records.project.query import ALIASES, valid_keys_text

        aliases = ALIASES if aliases is None else aliases
        keys_text = valid_keys_text if keys_text is None else keys_text
    known, listing = aliases, keys_text
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
            canonical = known.get(candidate.lower())
            if canonical is not None:
                key = canonical
                i = j + 1
            elif candidate.isascii():
                typed = text[start:].split()[0] if text[start:].split() else candidate
                raise QueryError(
                    _("Unknown key '{key}' in '{term}'; valid keys: {keys}").format(
                        key=printable(candidate), term=printable(typed), keys=listing())
                )
        # the value: quoted, or up to the next white space
        if i < n and text[i] in _QUOTES:
            close = text.find(_QUOTES[text[i]], i + 1)
            if close < 0:
                raise query_error(text[start:], _("the quote is not closed"))
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
            raise query_error(typed, _("'{key}:' needs a value").format(key=key))
        if key is None and (value.strip() == "-" or (negate and not value.strip())):
            raise query_error(typed, _("'-' must be followed by the term it negates, e.g. -cat:碧水"))
        if key is None and not value.strip():
            continue
        terms.append(Term(key, value.strip(), negate, typed))
    return terms


KeyTable = dict[str, tuple[tuple[str, ...], str]]




Predicate = Callable[[Any], bool]


def aliases_of(keys: KeyTable) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, (aliases, _desc) in keys.items():
        out[key] = key
        for alias in aliases:
            out[alias] = key
    return out


def keys_of(kind: str) -> KeyTable:
    """The query keys of ``kind`` (declared in its package, ``records/<kind>/query.py``)."""
    keys: KeyTable = kind_part(kind, "query").KEYS
    return keys


def keys_text(kind: str) -> str:
    return ", ".join(keys_of(kind))


def term_error(term: Term, message: str) -> QueryError:
    return QueryError(_("In '{term}': {message}").format(term=printable(term.text), message=message))


def year_is(term: Term, get: Callable[[Any], int]) -> Predicate:
    value = term.value.replace(" ", "")
    m = YEAR_RANGE.match(value)
    if m:
        lo, hi = int(m.group(1)), int(m.group(2))
        return lambda r: lo <= get(r) <= hi
    m = YEAR_EXPR.match(value)
    if not m:
        raise term_error(term, _("expected a year such as 2023, <=2023, >2022 or 2021-2025"))
    cmp, year = OPS[m.group(1)], int(m.group(2))
    return lambda r: cmp(get(r), year)


def status_is(term: Term, get: Callable[[Any], Status]) -> Predicate:
    status = find_status(term.value)
    if status is None:
        names = ", ".join(f"{s.value}/{_(STATUS_LABELS[s])}" for s in Status)
        raise term_error(term, _("unknown status; use one of {names}").format(names=names))
    return lambda r: get(r) is status or get(r) == status


def link_is(term: Term) -> Predicate:
    """``link:W01``, ``link:专栏5`` (a record linked to it), ``link:any``, ``link:none``."""
    from .plan_boxes import normalise_link

    low = term.value.strip().lower()
    if low in ("any", "yes", "有"):
        return lambda r: bool(r.links)
    if low in ("none", "no", "无"):
        return lambda r: not r.links
    link = normalise_link(term.value)
    if link is None:
        raise term_error(term, _("expected a project code (W01), a box (专栏5), any or none"))
    return lambda r: link in r.links


@dataclass(frozen=True)
class RecordQuery:
    """A compiled query over indicators or tasks (``filter`` keeps the given order)."""

    kind: str
    text: str
    terms: tuple[Term, ...]
    predicates: tuple[tuple[Predicate, bool], ...]

    @property
    def empty(self) -> bool:
        return not self.terms

    def matches(self, record: Any) -> bool:
        return all(pred(record) != negate for pred, negate in self.predicates)

    def filter(self, records: Iterable[Any]) -> list[Any]:
        return [r for r in records if self.matches(r)]


def parse_kind(text: str, kind: str = "project", today: date | None = None) -> Query | RecordQuery:
    """Compile a query for records of ``kind``; ``QueryError`` names a bad term and, for an
    unknown key, lists the keys of that kind."""
    if kind not in KINDS:
        raise QueryError(_("Unknown kind '{kind}'; kinds: {kinds}").format(
            kind=printable(kind), kinds=", ".join(KINDS)))
    module = kind_part(kind, "query")
    if kind == "project":
        query: Query = module.parse(text)
        return query
    day = today or date.today()
    terms = tuple(tokenize(text or "", aliases_of(module.KEYS), lambda: keys_text(kind)))
    return RecordQuery(kind, text or "", terms, tuple((module.predicate(t, day), t.negate) for t in terms))


def select_kind(records: Sequence[Any], kind: str, where: str | None,
                today: date | None = None) -> list[Any]:
    query = parse_kind(where or "", kind, today)
    return list(records) if query.empty else query.filter(records)
