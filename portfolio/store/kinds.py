"""Record kinds: what the repository stores, one TinyDB table per kind.

A kind names its pydantic model, its table in the database file, how a new record's code
prefix is chosen and the order records are listed in. Projects are the first kind; others
(indicators, annual tasks) register themselves with ``register_kind`` and get the same
guarantees: the lock, the atomic save, the field-level merge, undo and the journal, all keyed
by (kind, code).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, TypeAdapter

from ..records.project.categories import BY_KEY, ORDER
from ..records.project.model import Project

Raw = dict[str, Any]


@dataclass(frozen=True)
class Kind:
    name: str  # "project": the key used in the journal, in Change.kind and by the CLI's --kind
    model: type[BaseModel]
    table: str  # the TinyDB table holding the records, keyed by code
    # the code prefix of a new record (from its validated fields), e.g. "W" for a water project
    prefix: Callable[[Any], str]
    # the sort key of the listing order (the plan's order for projects)
    order: Callable[[Any], Any]
    # fields the store sets itself and that never count as a change
    stamp_field: str | None = "updated_at"
    # a code the model accepts, to validate a new record before its code is allocated
    placeholder: str = "X00"

    def counter_key(self, prefix: str) -> str:
        """The key of this kind's code counter in ``meta.schema.counters`` (projects keep the
        bare prefix, as files before several kinds had it)."""
        return prefix if self.name == "project" else f"{self.name}:{prefix}"


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    """Make a kind known to every repository (call it at import time of the kind's module)."""
    if kind.name in KINDS and KINDS[kind.name] != kind:
        raise ValueError(f"record kind {kind.name!r} is already registered")
    if any(k.table == kind.table and k.name != kind.name for k in KINDS.values()):
        raise ValueError(f"table {kind.table!r} already belongs to another kind")
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError:
        raise ValueError(f"unknown record kind {name!r}; known: {', '.join(KINDS)}") from None


@cache
def list_adapter(model: type[BaseModel]) -> TypeAdapter[list[Any]]:
    """Validates a whole table in pydantic-core (built on first use: faster start-up)."""
    return TypeAdapter(list[model])  # type: ignore[valid-type]


def plan_order(p: Project) -> tuple[int, int, str]:
    """Category order, then code number: W2 < W10 (codes are zero-padded alike, so
    comparing the length first and then the text gives the numeric order without parsing)."""
    code = p.code
    return (ORDER[p.category], len(code), code)


def record_dict(record: BaseModel) -> Raw:
    """The JSON form of a record, fields in model order (what the database and exports hold)."""
    return record.model_dump(mode="json")


def same_content(a: BaseModel, b: BaseModel) -> bool:
    """Equal apart from the store's own time stamp."""
    return record_dict(a) | {"updated_at": None} == record_dict(b) | {"updated_at": None}


PROJECT = register_kind(Kind(
    name="project", model=Project, table="projects",
    prefix=lambda p: BY_KEY[p.category].prefix, order=plan_order))


# -- the other kinds: the plan's indicators, the annual tasks, the units directory --------------
def _register_other_kinds() -> None:
    from ..records.indicator.model import Indicator
    from ..records.task.model import Task
    from ..records.unit import UnitRecord

    register_kind(Kind(name="indicator", model=Indicator, table="indicators",
                       prefix=lambda i: "I", order=lambda i: (len(i.code), i.code), placeholder="I00"))
    register_kind(Kind(name="task", model=Task, table="tasks",
                       prefix=lambda t: f"{t.plan_code}-", order=lambda t: (t.year, t.plan_code, t.number)))
    register_kind(Kind(name="unit", model=UnitRecord, table="units",
                       prefix=lambda u: u.code, order=lambda u: 0))


_register_other_kinds()
