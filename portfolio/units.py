"""Unit names: splitting a cell into names, and the units directory (canonical names,
aliases, groups) that ``unit:`` queries, dispatch and the per-unit ledger resolve through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .errors import PortfolioError
from .i18n import _

# a cell lists units separated by these; 各县、区人民政府 is one name written with a 、
_SEPARATORS = re.compile(r"[、，,;；\n]+")
_ONE_NAME = re.compile(r"([县市])、(区)")
_KEEP = "\u2063"  # invisible separator: protects the 、 inside one name while splitting
NO_UNITS = {"", "/", "／", "无", "——", "—", "-"}


def split_units(cell: str) -> list[str]:
    """The unit names a cell lists, as written (white space, a conversion artefact, removed)."""
    text = re.sub(r"[ \t\u3000]+", "", cell).strip()
    if text in NO_UNITS:
        return []
    text = _ONE_NAME.sub(rf"\1{_KEEP}\2", text)
    names = [part.replace(_KEEP, "、").strip() for part in _SEPARATORS.split(text)]
    return [n for n in names if n and n not in NO_UNITS]


# -- the units directory ------------------------------------------------------------------------
# Liuzhou's counties and districts (the members of 各县区人民政府 and its variants)
LIUZHOU_COUNTIES = ("城中区", "鱼峰区", "柳南区", "柳北区", "柳江区", "柳城县", "鹿寨县", "融安县",
                    "融水苗族自治县", "三江侗族自治县")
_SHORT_NAMES = {"融水苗族自治县": ("融水县",), "三江侗族自治县": ("三江县",)}
# words a cell appends to a unit's name that are not part of it
_SUFFIXES = ("按职责分工推进", "按职责牵头", "等")
# a name starting with one of these already says whose it is (no 市 prefix is implied)
_PLACE_START = ("区", "县", "镇", "各", "相关", "本", "柳州", "柳江", "柳东", "柳南", "柳北", "柳城", "钦州", "钦南",
                "钦北", "北部", "自治区", "广西", "阳和", "灵山", "浦北", "融安", "融水", "三江", "鹿寨", "城中",
                "鱼峰", "新区", "自贸")
TABLE = "units"


class UnitNameError(PortfolioError):
    """A name the units directory cannot take (a cycle of groups, an alias that is a unit's
    own name, a control or format character)."""


def _checked(name: str, what: str) -> str:
    from .text import check_name_text

    text = check_name_text(name, what, UnitNameError)
    if not text:
        raise UnitNameError(_("{what} is empty").format(what=what))
    return text


@dataclass
class UnitEntry:
    """One unit (or group of units) of the directory: its canonical name, the other names it
    is written with, and for a group the canonical names of its members."""

    name: str
    aliases: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)

    def to_raw(self) -> dict[str, Any]:
        return {"name": self.name, "aliases": list(self.aliases), "members": list(self.members)}


def default_entries() -> list[UnitEntry]:
    """The Liuzhou directory the bundled database starts with."""
    entries = [
        UnitEntry("市生态环境局", ["柳州市生态环境局", "生态环境局"]),
        UnitEntry("市住房城乡建设局", ["市住房和城乡建设局", "住房和城乡建设局", "住房城乡建设局",
                                    "住房城乡建局", "市住房城乡建局"]),
        UnitEntry("市发展改革委", ["柳州市发展和改革委员会", "市发展和改革委员会", "发展改革委", "市发改委"]),
        UnitEntry("市工业和信息化局", ["柳州市工业和信息化局", "工业和信息化局", "市工信局"]),
        UnitEntry("市自然资源和规划局", ["自然资源和规划局", "市自然资源局"]),
        UnitEntry("市应急局", ["市应急管理局", "应急局"]),
        UnitEntry("柳东新区管委会", ["柳东新区"]),
        UnitEntry("北部生态新区（阳和工业新区）管委会", ["阳和工业新区（北部生态新区）管委会", "北部生态新区管委会"]),
        UnitEntry("柳江生态环境局", ["柳州市柳江生态环境局", "柳州市生态环境局柳江分局"]),
        UnitEntry("市行政审批局", ["市审批局", "柳州市行政审批局"]),
        # the district's bureaus as the Liujiang plans spell them (区审批局 beside 区行政审批局 …)
        UnitEntry("区行政审批局", ["区审批局"]),
        UnitEntry("区农业农村局", ["区农业农村"]),
    ]
    for county in LIUZHOU_COUNTIES:
        names = (county, *_SHORT_NAMES.get(county, ()))
        aliases = [f"{n}{suffix}" for n in names for suffix in ("人民政府", "政府")]
        entries.append(UnitEntry(county, [*names[1:], *aliases]))
    entries += [
        UnitEntry("各县区人民政府", ["各县、区人民政府", "各县（区）人民政府", "各县区政府", "各县（区）政府"],
                  list(LIUZHOU_COUNTIES)),
        UnitEntry("各相关县区人民政府", ["相关县区人民政府", "相关县、区人民政府", "各相关县（区）人民政府",
                                     "各有关县区人民政府", "相关设区人民政府", "相关设区市人民政府"],
                  list(LIUZHOU_COUNTIES)),
        UnitEntry("新区管委会", [], ["柳东新区管委会", "北部生态新区（阳和工业新区）管委会"]),
        UnitEntry("市应急局水利局", [], ["市应急局", "市水利局"]),
    ]
    return entries


def normalise(name: str) -> str:
    """The key a name is looked up by: no white space, full-width brackets, the appended words
    (等, 按职责牵头 …) dropped, 柳州市… read as 市…"""
    t = re.sub(r"\s+", "", name).replace("(", "（").replace(")", "）")
    changed = True
    while changed:
        changed = False
        for suffix in _SUFFIXES:
            if t.endswith(suffix) and len(t) > len(suffix) + 1:
                t, changed = t[: -len(suffix)], True
    if t.startswith("柳州市") and len(t) > 3:
        t = "市" + t[3:]
    return t


class Directory:
    """Canonical names, aliases and groups; resolves any unit name as written."""

    def __init__(self, entries: Iterable[UnitEntry], observed: Iterable[str] = ()) -> None:
        self.entries: dict[str, UnitEntry] = {entry.name: entry for entry in entries}
        self.observed = list(dict.fromkeys(observed))
        self._observed_keys = {normalise(n) for n in self.observed}
        self._index()

    def _index(self) -> None:
        self._by_key: dict[str, str] = {}
        for entry in self.entries.values():
            for alias in entry.aliases:
                self._by_key.setdefault(normalise(alias), entry.name)
        for entry in self.entries.values():  # a member is a unit of its own
            for member in entry.members:
                self._by_key.setdefault(normalise(member), member)
        for entry in self.entries.values():  # a canonical name always wins over an alias
            self._by_key[normalise(entry.name)] = entry.name

    @classmethod
    def from_raw(cls, table: dict[str, Any] | None, observed: Iterable[str] = ()) -> Directory:
        """The directory stored in a database (its ``units`` table), else the default one."""
        if not table:
            return cls(default_entries(), observed)
        entries = [UnitEntry(str(v.get("name", k)), [str(a) for a in v.get("aliases", [])],
                             [str(m) for m in v.get("members", [])]) for k, v in table.items()]
        return cls(entries, observed)

    def to_raw(self) -> dict[str, Any]:
        return {name: entry.to_raw() for name, entry in self.entries.items()}

    def canonical(self, name: str) -> str:
        key = normalise(name)
        found = self._by_key.get(key)
        if found is not None:
            return found
        says_whose = key.startswith(_PLACE_START) or (key.startswith("市") and not key.startswith("市场"))
        if not says_whose and key.endswith(("局", "委")):
            prefixed = "市" + key
            return self._by_key.get(prefixed, prefixed)
        return key

    def members(self, name: str) -> list[str]:
        entry = self.entries.get(self.canonical(name))
        return list(entry.members) if entry else []

    def is_group(self, name: str) -> bool:
        return bool(self.members(name))

    def reach(self, name: str) -> set[str]:
        """The canonical units a name stands for: itself and, for a group, its members."""
        canonical = self.canonical(name)
        return {canonical, *(self.canonical(m) for m in self.members(canonical))}

    def known_names(self) -> list[str]:
        """Every canonical name: the directory's and those of the names seen in the data."""
        names = list(self.entries)
        for n in self.observed:
            c = self.canonical(n)
            if c not in names:
                names.append(c)
        return names

    def targets(self, text: str) -> set[str]:
        """What a query term names: the canonical unit it resolves to when it is a known name
        or alias; else every known unit whose name or an alias contains it."""
        key = normalise(text)
        if key in self._by_key or key in self._observed_keys:
            return {self.canonical(text)}
        low = text.strip().lower()
        hits = set()
        for name in self.known_names():
            entry = self.entries.get(name)
            spellings = [name, *(entry.aliases if entry else [])]
            if any(low in s.lower() for s in spellings):
                hits.add(name)
        for n in self.observed:
            if low in n.lower():
                hits.add(self.canonical(n))
        return hits

    def matcher(self, text: str) -> Callable[[Iterable[str]], bool]:
        """A test over a record's unit names: does one of them reach what ``text`` names?"""
        wanted = self.targets(text)
        cache: dict[str, bool] = {}

        def test(names: Iterable[str]) -> bool:
            for n in names:
                hit = cache.get(n)
                if hit is None:
                    hit = cache[n] = not wanted.isdisjoint(self.reach(n))
                if hit:
                    return True
            return False

        return test

    # -- editing (the caller stores ``to_raw()``) ------------------------------------------------
    def add_alias(self, canonical: str, alias: str) -> None:
        canonical = _checked(canonical, _("Unit name"))
        alias = _checked(alias, _("Alias"))
        if normalise(alias) != normalise(canonical) and normalise(alias) in {normalise(n) for n in self.entries}:
            raise UnitNameError(_("'{alias}' is a unit's own name in the directory; it cannot also be an alias "
                                  "of {unit}").format(alias=alias, unit=canonical))
        entry = self.entries.setdefault(canonical, UnitEntry(canonical))
        owner = self._by_key.get(normalise(alias))
        if owner is not None and owner != canonical and owner in self.entries:
            other = self.entries[owner]
            other.aliases = [a for a in other.aliases if normalise(a) != normalise(alias)]
        if alias != canonical and alias not in entry.aliases:
            entry.aliases.append(alias)
        self._index()

    def remove_alias(self, alias: str) -> bool:
        removed = False
        for entry in self.entries.values():
            kept = [a for a in entry.aliases if a != alias]
            removed |= len(kept) != len(entry.aliases)
            entry.aliases = kept
        self._index()
        return removed

    def set_group(self, group: str, members: list[str]) -> None:
        """``group`` stands for ``members`` from now on; a member that is the group itself or
        reaches it through other groups is refused, naming the path (groups stay acyclic)."""
        name = self.canonical(_checked(group, _("Group name")))
        canonical = [self.canonical(_checked(m, _("Member"))) for m in members]
        for member in canonical:
            path = self._path(member, name)
            if path is not None:
                if len(path) == 1:
                    raise UnitNameError(_("{group} cannot be a member of itself; nothing was changed").format(
                        group=name))
                raise UnitNameError(_("{member} cannot be a member of {group}: that would make a cycle "
                                      "{path}; nothing was changed").format(
                    member=member, group=name, path=" → ".join([name, *path])))
        entry = self.entries.setdefault(name, UnitEntry(name))
        entry.members = list(dict.fromkeys(canonical))
        self._index()

    def _path(self, start: str, goal: str) -> list[str] | None:
        """The chain of groups from ``start`` down to ``goal`` (``[start, …, goal]``), else None."""
        seen: set[str] = set()
        stack: list[list[str]] = [[start]]
        while stack:
            path = stack.pop()
            if path[-1] == goal:
                return path
            if path[-1] in seen:
                continue
            seen.add(path[-1])
            entry = self.entries.get(path[-1])
            for member in entry.members if entry else ():
                stack.append([*path, self.canonical(member)])
        return None


_active: list[Directory] = []
_source: list[Callable[[], Directory]] = []


def active_directory() -> Directory:
    """The directory queries resolve unit names through: the open database's (built when a
    query first needs it), else the default one."""
    if not _active:
        _active.append(_source[0]() if _source else Directory.from_raw(None))
    return _active[0]


def unit_matcher(text: str) -> Callable[[Iterable[str]], bool]:
    """``active_directory().matcher(text)``, made when first used: a query is compiled before
    the database it runs on is opened (a bad query is reported without opening it)."""
    made: list[Callable[[Iterable[str]], bool]] = []

    def test(names: Iterable[str]) -> bool:
        if not made:
            made.append(active_directory().matcher(text))
        return made[0](names)

    return test


def reset_directory() -> None:
    """Back to the default directory (tests; a new database opened in the same process)."""
    _active.clear()
    _source.clear()


def use_directory(directory: Directory) -> None:
    _active[:] = [directory]


def use_directory_of(repo: Any) -> None:
    """Queries resolve through ``repo``'s directory from now on (built lazily: opening a large
    database for a query without unit terms costs nothing more)."""
    _active.clear()
    _source[:] = [lambda: directory_of(repo)]


def directory_of(repo: Any) -> Directory:
    """The directory stored in a repository (its ``unit`` records; the defaults when it has
    none), knowing every unit name its projects and tasks use."""
    stored = {r.code: {"name": r.code, "aliases": r.aliases, "members": r.members} for r in repo.records("unit")}
    observed = [*repo.units(), *(u for t in repo.records("task") for u in t.units)]
    return Directory.from_raw(stored, observed)


def save_directory(repo: Any, directory: Directory) -> list[Any]:
    """Write the directory's entries as the repository's ``unit`` records (one undoable step)."""
    from .records.unit import UnitRecord

    records = [UnitRecord(code=e.name, aliases=e.aliases, members=e.members) for e in directory.entries.values()]
    changes: list[Any] = repo.upsert_many(records, action="units", kind="unit")
    gone = [r.code for r in repo.records("unit") if r.code not in directory.entries]
    for code in gone:
        changes.append(repo.delete(code, kind="unit"))
    use_directory(directory)
    return changes
