"""The flat table of a record kind other than projects (tasks, indicators): its columns in
the interface language, each with the cell it writes and how a cell is read back (each kind
declares its columns in ``records/<kind>/table.py``; the readers they share are here).

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
from ..i18n import N_, _, load_catalog
from ..records import kind_part
from ..records.fields import find_status
from ..tables import plain_number
from .flat import CellError, cell_number, match_headers, normalize_header

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


def text(value: str) -> str:
    return value


def units(value: str) -> list[str]:
    from ..units import split_units

    return split_units(value)


def whole(value: str) -> int:
    number = cell_number(value)  # the importers' one number rule
    if not isinstance(number, int) and not (isinstance(number, float) and number.is_integer()):
        raise CellError(_("'{value}' is not a whole number").format(value=printable(value)))
    return int(number)


def number(value: str) -> Any:
    return cell_number(value, percent=True)


def status(value: str) -> str:
    found = find_status(value)
    if found is None:
        raise CellError(_("unknown status '{value}'").format(value=printable(value)))
    return found.value


def labelled(labels: dict[str, str], what: str) -> Callable[[str], str | None]:
    def read(value: str) -> str | None:
        if not value.strip():
            return None
        found = find_label(value, labels)
        if found is None:
            raise CellError(_("unknown {what} '{value}'").format(what=what, value=printable(value)))
        return found

    return read


def label_cell(labels: dict[str, str], key: str | None) -> str:
    return _(labels[key]) if key else ""


def date_cell(value: Any) -> str:
    return value.isoformat() if value else ""


# an empty cell keeps the stored value of these (a cleared status is not a new status)
KEEP_WHEN_EMPTY = {"status", "progress_percent", "code"}


def plain(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def columns(kind: str) -> tuple[Column, ...]:
    """The flat table of ``kind``, declared in its package (``records/<kind>/table.py``)."""
    declared: tuple[Column, ...] = kind_part(kind, "table").COLUMNS
    return declared


def headers(kind: str) -> list[str]:
    from ..records.views import field_label

    return [field_label(kind, c.field) for c in columns(kind)]


def rows(kind: str, records: Sequence[Any]) -> list[list[Any]]:
    declared = columns(kind)
    return [[c.cell(r) for c in declared] for r in records]


def map_headers(kind: str, cells: Sequence[Any]) -> tuple[dict[int, Column], list[str]]:
    """Column index -> column (headers in Chinese, English or the field key); the unknown
    headers."""
    labels: dict[str, str] = kind_part(kind, "model").FIELD_LABELS
    zh = load_catalog("zh_CN")
    # field keys first, labels over them: the label "Deadline" is deadline_text, not deadline
    known: dict[str, Column] = {normalize_header(c.field): c for c in columns(kind)}
    for c in columns(kind):
        msgid = labels[c.field]
        for name in (msgid, zh.gettext(msgid)):
            known[normalize_header(name)] = c
    return match_headers(cells, known)


def table_kind(cells: Sequence[Any], kinds: Sequence[str]) -> str | None:
    """The first of ``kinds`` whose columns the header ``cells`` are (a code column, none
    unknown): a task table imported as projects says so."""
    for kind in kinds:
        mapping, unknown = map_headers(kind, cells)
        if not unknown and any(c.field == "code" for c in mapping.values()):
            return kind
    return None


_OTHER_KIND = {
    "task": N_("{path} looks like a task table: add --kind task"),
    "indicator": N_("{path} looks like an indicator table: add --kind indicator"),
}


def other_kind_message(path: Any, kind: str) -> str:
    """What to add to import a table of ``kind`` (``看起来是任务表：请加 --kind task``)."""
    return _(_OTHER_KIND[kind]).format(path=path)


def cell_text(value: Any) -> str:
    """A cell as text, for comparing what a file holds with what the export writes (a
    spreadsheet gives 40 back as 40.0, and may trim blanks)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return plain_number(value)
    return str(value).strip().replace("\r\n", "\n")
