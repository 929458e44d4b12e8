"""Indicators and tasks as users read them: field labels, cell texts, text tables, the detail
of one record, and the trees the UI groups them by (tasks: plan -> section -> subsection;
indicators: category)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _
from . import kind_part


def field_label(kind: str, name: str) -> str:
    from . import KINDS
    from .issues import field_label as any_label

    if kind not in KINDS:  # the units directory: the labels every kind shares
        return any_label(name)
    labels: dict[str, str] = kind_part(kind, "model").FIELD_LABELS
    return _(labels[name]) if name in labels else name


def cells(kind: str) -> dict[str, Callable[[Any], str]]:
    """The cell texts of ``kind`` by column (``records/<kind>/views.py``: ``CELLS``)."""
    found: dict[str, Callable[[Any], str]] = kind_part(kind, "views").CELLS
    return found


def header(kind: str, column: str) -> str:
    if column == "title":
        return field_label(kind, "name")
    headers: dict[str, str] = getattr(kind_part(kind, "views"), "HEADERS", {})
    if column in headers:
        return _(headers[column])
    return field_label(kind, column)


def text_table(kind: str, records: Sequence[Any], columns: Sequence[str] | None = None) -> str:
    from ..tables import tabulate

    cols = columns or kind_part(kind, "views").COLUMNS
    by_column = cells(kind)
    rows = [[_short(by_column[c](r)) for c in cols] for r in records]
    return tabulate(rows, headers=[header(kind, c) for c in cols], tablefmt="simple", disable_numparse=True)


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def detail_text(kind: str, record: Any) -> str:
    """Every field of one record, one per line, then its values or progress log."""
    text: str = kind_part(kind, "views").detail_text(record)
    return text


# -- trees (the UI's left pane) ----------------------------------------------------------------------
@dataclass
class Node:
    """One tree node: its label, the query that selects its records, how many it holds."""

    label: str
    where: str
    count: int = 0
    children: list[Node] = field(default_factory=list)


def quoted(text: str) -> str:
    return f'"{text}"' if any(c.isspace() for c in text) else text
