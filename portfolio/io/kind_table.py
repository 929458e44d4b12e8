"""The flat table of a record kind other than projects (tasks, indicators): its columns in
the interface language, each with the cell it writes and how a cell is read back.

One definition for both directions (``export --kind`` writes these cells; ``import --kind``
reads them), so that an export imported again changes nothing: a cell that reads as the
stored record would be written is the stored value, whatever formatting a spreadsheet gave
it; any other cell is parsed and validated as a change of its field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import printable
from ..i18n import _, load_catalog
from ..records.fields import find_status, status_label
from ..records.indicator import model as ind
from ..tables import plain_number
from .flat import LOG_SEPARATOR, CellError, cell_number, log_text, match_headers, normalize_header, parse_log

UNIT_JOINER = "、"


@dataclass(frozen=True)
class Column:
    field: str
    cell: Callable[[Any], Any]  # record -> the cell written (text in the interface language, or a number)
    read: Callable[[str], Any]  # the cell's text -> the field's value (raises CellError)


def find_label(text: str, labels: dict[str, str]) -> str | None:
    """A key of ``labels`` from itself, its English label or its Chinese label."""
    t = text.strip()
    zh = load_catalog("zh_CN")
    for key, msgid in labels.items():
        if t.lower() in (key, msgid.lower()) or t == zh.gettext(msgid):
            return key
    return None


def _text(value: str) -> str:
    return value


def _units(value: str) -> list[str]:
    from ..units import split_units

    return split_units(value)


def _whole(value: str) -> int:
    number = cell_number(value)  # the importers' one number rule
    if not isinstance(number, int) and not (isinstance(number, float) and number.is_integer()):
        raise CellError(_("'{value}' is not a whole number").format(value=printable(value)))
    return int(number)


def _number(value: str) -> Any:
    return cell_number(value, percent=True)


def _status(value: str) -> str:
    found = find_status(value)
    if found is None:
        raise CellError(_("unknown status '{value}'").format(value=printable(value)))
    return found.value


def _labelled(labels: dict[str, str], what: str) -> Callable[[str], str | None]:
    def read(value: str) -> str | None:
        if not value.strip():
            return None
        found = find_label(value, labels)
        if found is None:
            raise CellError(_("unknown {what} '{value}'").format(what=what, value=printable(value)))
        return found

    return read


def _label_cell(labels: dict[str, str], key: str | None) -> str:
    return _(labels[key]) if key else ""


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
        parts = [str(v.year), v.value, str(v.date), _label_cell(ind.JUDGEMENT_LABELS, v.judgement), v.source,
                 v.note]
        while len(parts) > 3 and not parts[-1]:
            parts.pop()
        lines.append(LOG_SEPARATOR.join(parts))
    return "\n".join(lines)


def parse_values(text: str) -> list[dict[str, Any]]:
    judgement = _labelled(ind.JUDGEMENT_LABELS, _("judgement"))
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(LOG_SEPARATOR.strip(), 5)]
        if len(parts) < 3:
            raise CellError(_("reported value line {n} is not 'year | value | date | judgement | source | note'")
                            .format(n=n))
        parts += [""] * (6 - len(parts))
        out.append({"year": _whole(parts[0]), "value": parts[1], "date": parts[2],
                    "judgement": judgement(parts[3]), "source": parts[4], "note": parts[5]})
    return out


def _date_cell(value: Any) -> str:
    return value.isoformat() if value else ""


TASK_COLUMNS: tuple[Column, ...] = (
    Column("code", lambda t: t.code, _text),
    Column("plan", lambda t: t.plan, _text),
    Column("plan_code", lambda t: t.plan_code, _text),
    Column("year", lambda t: t.year, _whole),
    Column("section", lambda t: t.section, _text),
    Column("subsection", lambda t: t.subsection, _text),
    Column("number", lambda t: t.number, _whole),
    Column("name", lambda t: t.name, _text),
    Column("content", lambda t: t.content, _text),
    Column("lead_units", lambda t: UNIT_JOINER.join(t.lead_units), _units),
    Column("cooperating_units", lambda t: UNIT_JOINER.join(t.cooperating_units), _units),
    Column("responsible_units", lambda t: UNIT_JOINER.join(t.responsible_units), _units),
    Column("deadline_text", lambda t: t.deadline_text, _text),
    Column("deadline", lambda t: _date_cell(t.deadline), lambda v: v.strip() or None),
    Column("status", lambda t: status_label(t.status), _status),
    Column("progress_percent", lambda t: _plain(t.progress_percent), _number),
    Column("progress_log", lambda t: log_text(t.progress_log), parse_log),
)
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("code", lambda i: i.code, _text),
    Column("category", lambda i: ind.category_text(i.category), _indicator_category),
    Column("number", lambda i: i.number, _whole),
    Column("name", lambda i: i.name, _text),
    Column("sub_name", lambda i: i.sub_name, _text),
    Column("unit", lambda i: i.unit, _text),
    Column("baseline_2020", lambda i: i.baseline_2020, _text),
    Column("target_2025", lambda i: i.target_2025, _text),
    Column("attribute", lambda i: ind.attribute_text(i.attribute), _attribute),
    Column("direction", lambda i: _label_cell(ind.DIRECTION_LABELS, i.direction),
           _labelled(ind.DIRECTION_LABELS, _("direction"))),
    Column("note", lambda i: i.note, _text),
    Column("values", lambda i: values_text(i.values), parse_values),
)
COLUMNS: dict[str, tuple[Column, ...]] = {"task": TASK_COLUMNS, "indicator": INDICATOR_COLUMNS}
# an empty cell keeps the stored value of these (a cleared status is not a new status)
KEEP_WHEN_EMPTY = {"status", "progress_percent", "code"}


def _plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def headers(kind: str) -> list[str]:
    from ..records.views import field_label

    return [field_label(kind, c.field) for c in COLUMNS[kind]]


def rows(kind: str, records: Sequence[Any]) -> list[list[Any]]:
    columns = COLUMNS[kind]
    return [[c.cell(r) for c in columns] for r in records]


def map_headers(kind: str, cells: Sequence[Any]) -> tuple[dict[int, Column], list[str]]:
    """Column index -> column (headers in Chinese, English or the field key); the unknown
    headers."""
    labels = ind.FIELD_LABELS if kind == "indicator" else _task_labels()
    zh = load_catalog("zh_CN")
    # field keys first, labels over them: the label "Deadline" is deadline_text, not deadline
    known: dict[str, Column] = {normalize_header(c.field): c for c in COLUMNS[kind]}
    for c in COLUMNS[kind]:
        msgid = labels[c.field]
        for name in (msgid, zh.gettext(msgid)):
            known[normalize_header(name)] = c
    return match_headers(cells, known)


def _task_labels() -> dict[str, str]:
    from ..records.task.model import FIELD_LABELS

    return FIELD_LABELS


def cell_text(value: Any) -> str:
    """A cell as text, for comparing what a file holds with what the export writes (a
    spreadsheet gives 40 back as 40.0, and may trim blanks)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return plain_number(value)
    return str(value).strip().replace("\r\n", "\n")
