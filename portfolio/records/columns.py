"""Column definitions per record kind: what a list can show, how each column is headed,
measured, sorted and drawn. The UI's table, its column picker, the sort keys (keyboard and
``--sort``) and the status bar all read these, so a new kind (tasks, indicators) is a new
``RecordKind`` registered here, not new table code.

A ``Column``:

* ``key``: stable name (settings, ``--sort``); ``aliases``: other names users type;
* ``label``: an English msgid, translated when shown (``Column.header()``);
* ``cell(record) -> str``: the text shown (plain text, never markup);
* ``sort_key(record)``: a comparable value (``None``: sorts by ``collation_key`` of the
  cell text, the way a Chinese spreadsheet sorts); ``sortable=False`` for columns that
  make no sense to sort;
* ``width``: the rule the table fits the column by (fixed, measured up to a maximum, or
  flexible: takes the room the other columns leave);
* ``style(record) -> str | None``: a colour name for the cell (the UI maps it to a style);
* ``bar(record) -> (value, mark) | None``: drawn as a small bar (0-100) with a marker at
  ``mark`` instead of text, where the UI can draw (terminal); ``cell`` is the text
  fallback (exports, narrow terminals)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ..i18n import _

R = TypeVar("R")


@dataclass(frozen=True)
class Width:
    fixed: int | None = None  # cells; never measured
    max: int = 20  # measured from the data, at most this
    min: int = 3
    flex: bool = False  # takes the width the others leave (at least ``min``)


@dataclass(frozen=True)
class Column(Generic[R]):
    key: str
    label: str  # msgid
    cell: Callable[[R], str]
    sort_key: Callable[[R], Any] | None = None
    sortable: bool = True
    width: Width = field(default_factory=Width)
    aliases: tuple[str, ...] = ()
    style: Callable[[R], str | None] | None = None
    bar: Callable[[R], tuple[float, float | None] | None] | None = None
    right: bool = False  # numbers are right-aligned
    # every text the cell can show (a state's labels): the column fits the longest whatever the rows
    labels: Callable[[], Iterable[str]] | None = None

    def header(self) -> str:
        return _(self.label)

    def label_texts(self) -> list[str]:
        return list(self.labels()) if self.labels is not None else []

    def names(self) -> tuple[str, ...]:
        """Every name users may type for this column (lower case)."""
        return tuple(n.lower() for n in (self.key, *self.aliases, self.label, self.header()))


@dataclass(frozen=True)
class RecordKind(Generic[R]):
    """A kind of record a list shows: its columns, those shown by default, the plan's order
    and each record's identity."""

    name: str
    columns: tuple[Column[R], ...]
    default_columns: tuple[str, ...]
    plan_order: Callable[[R], Any]
    ident: Callable[[R], str]
    narrow_drops: tuple[str, ...] = ()  # dropped first when the terminal is narrow

    def column(self, key: str) -> Column[R]:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)

    def find(self, name: str) -> Column[R] | None:
        wanted = name.strip().lower()
        for c in self.columns:
            if wanted in c.names():
                return c
        return None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def sortable(self) -> list[Column[R]]:
        return [c for c in self.columns if c.sortable]

    def valid_columns(self, keys: Sequence[str] | None) -> tuple[str, ...]:
        """Known keys of ``keys`` in their order (settings may hold stale names); the
        defaults when none is left."""
        known = set(self.keys)
        chosen = tuple(dict.fromkeys(k for k in (keys or ()) if k in known))
        return chosen or self.default_columns


KINDS: dict[str, RecordKind[Any]] = {}


def register(kind: RecordKind[Any]) -> RecordKind[Any]:
    KINDS[kind.name] = kind
    return kind


def add_column(kind_name: str, column: Column[Any], after: str | None = None,
               default: bool = False) -> None:
    """Add a column to a registered kind (e.g. a traffic light), after ``after``; shown by
    default with ``default``."""
    kind = record_kind(kind_name)
    columns = [c for c in kind.columns if c.key != column.key]
    at = next((i + 1 for i, c in enumerate(columns) if c.key == after), len(columns))
    columns.insert(at, column)
    defaults = list(kind.default_columns)
    if default and column.key not in defaults:
        pos = next((i + 1 for i, k in enumerate(defaults) if k == after), len(defaults))
        defaults.insert(pos, column.key)
    KINDS[kind_name] = RecordKind(kind.name, tuple(columns), tuple(defaults), kind.plan_order,
                                  kind.ident, kind.narrow_drops)


def record_kind(name: str) -> RecordKind[Any]:
    """The columns of kind ``name`` (its package's ``columns`` module registers them when first
    asked for)."""
    if name not in KINDS:
        from . import kind_part

        kind_part(name, "columns")
    return KINDS[name]
