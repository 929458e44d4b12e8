"""Sorting lists by one or several columns, the way a Chinese spreadsheet sorts.

* Text collates by pinyin, character by character (广 guang3 < 挥 hui1 < 柳 liu3 < 原 yuan2;
  each character's usual reading, the one it has most often in pypinyin's phrases, so 长 is
  cháng; punctuation such as quotes is ignored), Latin letters case-insensitively among them; a syllable that is a prefix of
  another sorts first (西安 xi1|an1 < 先 xian1, as in WPS and Excel); equal readings fall
  back to the characters themselves. The reading of each character comes from pypinyin's
  table, applied with ``str.translate`` (in C) through a lazily filled table, so 100,000
  names take a fraction of a second.
* Numbers sort as numbers, years and dates as such (each column's ``sort_key``); empty
  values last in either direction.
* Several keys: the first decides, the next break ties; each ascending or descending.
  Sorting is stable, so equal records keep the plan's order.

Keys are computed once per record and column and kept (by the record object: an edited
record is a new object and gets new keys), so re-sorting after a filter or a direction
change does not recompute them.

A sort spec is a list of ``(column key, descending)``; ``parse_sort("name,-end")`` reads
the CLI form and ``sort_text`` writes it back.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .collector import paused
from .errors import PortfolioError, printable
from .i18n import _
from .records.columns import Column, RecordKind, record_kind

R = TypeVar("R")
SortKey = tuple[str, bool]  # (column key, descending)


class SortError(PortfolioError):
    """An unknown sort field (the message lists the sortable ones)."""


# -- collation ----------------------------------------------------------------------------------
class _Collation(dict[int, str]):
    """Character -> its collation string: a Chinese character's first reading with its tone
    number (``guang3``; the digit ends the syllable so that shorter syllables sort first),
    a letter in lower case (full-width forms folded); other characters stay as they are.
    Every character seen is stored, so ``__missing__`` runs once per distinct character."""

    def __missing__(self, code: int) -> str:
        from pypinyin.constants import PINYIN_DICT

        readings = PINYIN_DICT.get(code)
        if readings is None:
            folded = unicodedata.normalize("NFKC", chr(code)).lower()
            if unicodedata.category(folded[:1] or " ").startswith("P"):
                folded = ""  # quotes and other punctuation do not count (柳州市“天地…” among 柳州市…)
            self[code] = folded
            return folded
        from pypinyin.contrib.tone_convert import to_tone3

        value = to_tone3(_usual_reading(chr(code), readings.split(",")), neutral_tone_with_five=True).replace(
            "ü", "v")
        if not value[-1:].isdigit():
            value += "5"
        self[code] = value
        return value


_COLLATION = _Collation()
_PHRASE_READINGS: dict[tuple[str, str], int] = {}


def _usual_reading(char: str, readings: list[str]) -> str:
    """The reading a character has most often in pypinyin's phrase dictionary (长 cháng, not
    the table's first reading zhǎng: 柳州长安… sorts among 柳州长…/柳州常…, as in WPS and
    Excel); a character with one reading, or none in phrases, keeps the table's first."""
    if len(readings) == 1:
        return readings[0]
    if not _PHRASE_READINGS:  # one pass over the phrases (a fifth of a second), the first time
        from pypinyin.constants import PHRASES_DICT

        counts = _PHRASE_READINGS
        for phrase, phrase_readings in PHRASES_DICT.items():
            for ch, options in zip(phrase, phrase_readings, strict=False):
                counts[ch, options[0]] = counts.get((ch, options[0]), 0) + 1
    return max(readings, key=lambda r: (_PHRASE_READINGS.get((char, r), 0), -readings.index(r)))


def collation_key(text: str) -> str:
    """The key a Chinese spreadsheet sorts text by: the pinyin with tones, then the text
    itself for equal readings (one string, ``\x00`` between: compares as the pair would,
    faster than a tuple)."""
    return f"{text.translate(_COLLATION)}\x00{text}"


# -- keys per record ------------------------------------------------------------------------------
_MISSING = object()


class _KeyCache:
    """Sort keys by column and record. An entry holds the record itself and is used only
    for that very object (an edited record is a new object and gets a new key); entries of
    records no longer shown are dropped when the cache grows past twice what is asked for."""

    def __init__(self) -> None:
        self._cache: dict[str, dict[int, tuple[Any, Any]]] = {}
        self._ranks: dict[str, dict[int, tuple[Any, int | None]]] = {}

    def keys(self, column: Column[Any], records: Sequence[Any]) -> list[Any]:
        compute = _key_function(column)
        cache = self._cache.setdefault(column.key, {})
        get = cache.get
        out: list[Any] = []
        append = out.append
        for r in records:
            entry = get(id(r))
            if entry is None or entry[0] is not r:
                entry = (r, compute(r))
                cache[id(r)] = entry
            append(entry[1])
        if len(cache) > 2 * len(records) + 1000:
            self._cache[column.key] = {id(r): (r, k) for r, k in zip(records, out, strict=True)}
        return out

    def ranks(self, column: Column[Any], records: Sequence[Any]) -> list[int | None]:
        """Each record's rank among the records last ranked for this column (equal keys share
        a rank; None: no value). Ranks sort as the keys do, but compare as small integers: a
        re-sort (the other direction, a filter's subset) no longer compares long pinyin
        strings. Records not ranked yet (new, edited) have the whole list ranked again."""
        table = self._ranks.get(column.key)
        if table is not None:
            get = table.get
            out: list[int | None] = []
            append = out.append
            for r in records:
                entry = get(id(r))
                if entry is None or entry[0] is not r:
                    break
                append(entry[1])
            else:
                return out
        values = self.keys(column, records)
        order = sorted((i for i, v in enumerate(values) if v is not None), key=values.__getitem__)
        ranks: list[int | None] = [None] * len(values)
        rank, previous = 0, _MISSING
        for i in order:
            if values[i] != previous:
                rank += 1
                previous = values[i]
            ranks[i] = rank
        self._ranks[column.key] = {id(r): (r, k) for r, k in zip(records, ranks, strict=True)}
        return ranks

    def clear(self) -> None:
        self._cache.clear()
        self._ranks.clear()


KEYS = _KeyCache()


def _key_function(column: Column[Any]) -> Callable[[Any], Any]:
    if column.sort_key is not None:
        return column.sort_key
    cell = column.cell
    return lambda r: collation_key(cell(r))


def sort_records(records: Sequence[R], spec: Sequence[SortKey], kind: RecordKind[R] | str) -> list[R]:
    """``records`` sorted by ``spec`` (stable; empty spec: the order given)."""
    if not spec:
        return list(records)
    rk: RecordKind[R] = record_kind(kind) if isinstance(kind, str) else kind
    order = list(range(len(records)))
    # the collector paused: 100,000 new keys would have it scan the kept ones again and again
    with paused(freeze=False):
        # least significant key first: each stable pass keeps the order of the previous one
        for key, descending in reversed(spec):
            values: list[Any] = KEYS.ranks(rk.column(key), records)
            if None in values:
                present = [i for i in order if values[i] is not None]
                missing = [i for i in order if values[i] is None]
                present.sort(key=values.__getitem__, reverse=descending)
                order = present + missing
            else:
                order.sort(key=values.__getitem__, reverse=descending)
        return [records[i] for i in order]


# -- the spec, as typed and as shown -----------------------------------------------------------------
def sortable_text(kind: RecordKind[Any]) -> str:
    return ", ".join(c.key for c in kind.sortable())


def parse_sort(text: str | None, kind: RecordKind[Any] | str = "project") -> list[SortKey]:
    """``name,-end_year`` -> ``[("name", False), ("end_year", True)]``; a leading ``-``
    sorts descending; fields by key, alias or header. Raises ``SortError`` (one line listing
    the sortable fields) for an unknown one."""
    rk = record_kind(kind) if isinstance(kind, str) else kind
    spec: list[SortKey] = []
    for part in (text or "").replace("，", ",").split(","):
        part = part.strip()
        if not part:
            continue
        descending = part[0] in "-−"
        name = part[1:].strip() if descending or part[0] == "+" else part
        column = rk.find(name)
        if column is None or not column.sortable:
            raise SortError(_("Cannot sort by '{field}'; sortable fields: {fields}").format(
                field=printable(name), fields=sortable_text(rk)))
        spec = [s for s in spec if s[0] != column.key]
        spec.append((column.key, descending))
    return spec


def sort_text(spec: Sequence[SortKey]) -> str:
    return ",".join(("-" if d else "") + k for k, d in spec)


def cycle(spec: Sequence[SortKey], key: str, add: bool = False) -> list[SortKey]:
    """The keyboard's rule. Without ``add``: sort by ``key`` ascending, pressed again
    descending, a third time back to the plan's order. With ``add`` (shift): ``key`` joins
    the keys as the last one (ascending), again turns it descending, a third time removes it."""
    current = list(spec)
    if add:
        for i, (k, d) in enumerate(current):
            if k == key:
                if d:
                    return current[:i] + current[i + 1:]
                current[i] = (k, True)
                return current
        return [*current, (key, False)]
    if current and current[0][0] == key:
        if not current[0][1]:
            return [(key, True), *current[1:]]
        return []
    return [(key, False)]
