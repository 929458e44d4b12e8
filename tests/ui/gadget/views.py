from __future__ import annotations

from collections.abc import Sequence

from portfolio.records.fields import status_label
from portfolio.records.views import Node, quoted

CELLS = {"code": lambda g: g.code, "name": lambda g: g.name, "unit": lambda g: g.unit,
         "status": lambda g: status_label(g.status)}
COLUMNS = ("code", "name", "unit", "status")


def detail_text(g) -> str:
    return f"{g.code} {g.name}\n单位 {g.unit}\n状态 {status_label(g.status)}"


def tree(gadgets: Sequence) -> list[Node]:
    units: dict[str, Node] = {}
    for g in gadgets:
        units.setdefault(g.unit, Node(g.unit or "—", f"unit:{quoted(g.unit)}")).count += 1
    return list(units.values())
