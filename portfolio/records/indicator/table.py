"""The indicator's flat table (``export --kind indicator`` writes it, ``import --kind
indicator`` reads it back): its columns, each with the cell it writes in the interface language
and how a cell is read (``io.kind_table``); the reported values one per line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ...errors import printable
from ...i18n import _
from ...io.flat import LOG_SEPARATOR, CellError
from ...io.kind_table import Column, label_cell, labelled, text, whole
from . import model as ind


def _indicator_category(value: str) -> str:
    found = ind.find_indicator_category(value)
    if found is None:
        raise CellError(_("unknown category '{value}'").format(value=printable(value)))
    return found


def _attribute(value: str) -> str:
    found = ind.find_attribute(value)
    if found is None:
        raise CellError(_("unknown attribute '{value}'").format(value=printable(value)))
    return found


def values_text(values: Sequence[ind.IndicatorValue]) -> str:
    """``2023 | 57 | 2024-01-15 | 达标 | 来源 | 备注``, one reported value per line: year, value,
    date reported, judgement, source, note."""
    lines = []
    for v in values:
        parts = [str(v.year), v.value, str(v.date), label_cell(ind.JUDGEMENT_LABELS, v.judgement), v.source,
                 v.note]
        while len(parts) > 3 and not parts[-1]:
            parts.pop()
        lines.append(LOG_SEPARATOR.join(parts))
    return "\n".join(lines)


def parse_values(text: str) -> list[dict[str, Any]]:
    judgement = labelled(ind.JUDGEMENT_LABELS, _("judgement"))
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(LOG_SEPARATOR.strip(), 5)]
        if len(parts) < 3:
            raise CellError(_("reported value line {n} is not 'year | value | date | judgement | source | note'")
                            .format(n=n))
        parts += [""] * (6 - len(parts))
        out.append({"year": whole(parts[0]), "value": parts[1], "date": parts[2],
                    "judgement": judgement(parts[3]), "source": parts[4], "note": parts[5]})
    return out


COLUMNS: tuple[Column, ...] = (
    Column("code", lambda i: i.code, text),
    Column("category", lambda i: ind.category_text(i.category), _indicator_category),
    Column("number", lambda i: i.number, whole),
    Column("name", lambda i: i.name, text),
    Column("sub_name", lambda i: i.sub_name, text),
    Column("unit", lambda i: i.unit, text),
    Column("baseline_2020", lambda i: i.baseline_2020, text),
    Column("target_2025", lambda i: i.target_2025, text),
    Column("attribute", lambda i: ind.attribute_text(i.attribute), _attribute),
    Column("direction", lambda i: label_cell(ind.DIRECTION_LABELS, i.direction),
           labelled(ind.DIRECTION_LABELS, _("direction"))),
    Column("note", lambda i: i.note, text),
    Column("values", lambda i: values_text(i.values), parse_values),
)
