"""A registered kind's place in the repository (``records.register``), from what its model
module declares as ``STORE``: ``{"table": "gadgets", "prefix": record -> "G", "order": record
-> sort key, "placeholder": a code its model accepts}`` (the order defaults to the code; the
placeholder validates a new record before the store allocates its code)."""

from __future__ import annotations

from types import ModuleType
from typing import Any


def register_store(kind: str, model: ModuleType) -> None:
    from ..store.kinds import KINDS, Kind, register_kind

    if kind in KINDS:
        return
    store: dict[str, Any] = model.STORE
    register_kind(Kind(name=kind, model=store["model"], table=store["table"], prefix=store["prefix"],
                       order=store.get("order", lambda r: (len(r.code), r.code)),
                       placeholder=store.get("placeholder", "X00")))
