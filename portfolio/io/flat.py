"""The flat table layout: one row per project, every field.

One definition for both directions: exports write these columns, the spreadsheet importer
reads them back (headers in Chinese or English, or the field keys), so that an export
imported again changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from ..errors import printable
from ..i18n import _, load_catalog
from ..records.fields import ProgressEntry, find_status, status_label
from ..records.project.categories import find_category
from ..records.project.model import FIELD_LABELS, Project, parse_year_range
from ..records.project.views import category_label
from ..tables import UNIT_JOINER, plain_number

T = TypeVar("T")

# the flat layout's columns, in order; XLSX writes the years as two number columns
FLAT_FIELDS: tuple[str, ...] = (
    "code", "category", "subcategory", "name", "content", "scale", "years", "units", "status",
    "progress_percent", "planned_investment", "completed_investment", "progress_log", "updated_at",
)
XLSX_FLAT_FIELDS: tuple[str, ...] = tuple(
    f for field in FLAT_FIELDS for f in (("start_year", "end_year") if field == "years" else (field,))
)
NUMERIC_FIELDS = {"start_year", "end_year", "progress_percent", "planned_investment", "completed_investment"}
EXACT_TEXT_FIELDS = {"content", "scale"}
LOG_SEPARATOR = " | "
# characters that make spreadsheets evaluate a cell (OWASP CSV injection); spreadsheets also
# take the full-width forms (a Chinese input method types ＝) and skip leading blanks
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
LEADING_BLANKS = " \t\r\n\u3000\u00a0"


def log_text(entries: Sequence[ProgressEntry]) -> str:
    """``2023-12-31 | 60 | 实施中 | 120 | 备注``, one entry per line: date, percent, status, the
    completed investment (万元) reported on that date and the note; the last two only when
    given (an empty investment before a note)."""
    lines = []
    for e in entries:
        parts = [str(e.date), plain_number(e.percent), status_label(e.status)]
        if e.completed_investment is not None or e.note:
            parts.append(plain_number(e.completed_investment))
        if e.note:
            parts.append(e.note)
        lines.append(LOG_SEPARATOR.join(parts))
    return "\n".join(lines)


def flat_value(p: Project, field: str) -> str | int | float | None:
    """A cell of the flat layout: numbers as numbers, text in the user's language."""
    if field == "years":
        return p.years
    if field == "category":
        return category_label(p.category, short=False)
    if field == "units":
        return UNIT_JOINER.join(p.units)
    if field == "lead_unit":
        return p.lead_unit
    if field == "status":
        return status_label(p.status)
    if field == "progress_log":
        return log_text(p.progress_log)
    if field == "updated_at":
        return p.updated_at.isoformat(sep=" ") if p.updated_at else ""
    if field == "progress_percent":
        v = p.progress_percent
        return int(v) if float(v).is_integer() else v
    value = getattr(p, field)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value  # type: ignore[no-any-return]


def flat_header(field: str) -> str:
    return _(FIELD_LABELS[field])


def is_formula_like(value: str) -> bool:
    """A spreadsheet would evaluate it: a trigger first, or after leading blanks."""
    return value.startswith(FORMULA_TRIGGERS) or value.lstrip(LEADING_BLANKS).startswith(FORMULA_TRIGGERS)


def neutralize(value: str) -> str:
    """Make a CSV text cell inert in a spreadsheet: a leading ' before anything a spreadsheet
    would evaluate — and before a value that itself starts with ', so that ``unneutralize``
    gives back exactly what was written (a name starting with '= keeps its apostrophe)."""
    return "'" + value if value.startswith("'") or is_formula_like(value) else value


def unneutralize(value: str) -> str:
    """The inverse of ``neutralize`` (for CSV cells): ``unneutralize(neutralize(v)) == v``."""
    if value.startswith("'") and (value[1:].startswith("'") or is_formula_like(value[1:])):
        return value[1:]
    return value


def normalize_header(text: str) -> str:
    return re.sub(r"[\s（）()%]+", "", text).lower()


def header_fields() -> dict[str, str]:
    """Every accepted header (Chinese label, English label, field key) -> field."""
    out: dict[str, str] = {}
    zh = load_catalog("zh_CN")
    for field in {*XLSX_FLAT_FIELDS, *FLAT_FIELDS}:
        msgid = FIELD_LABELS[field]
        for name in (field, msgid, zh.gettext(msgid)):
            out[normalize_header(name)] = field
    return out


def map_headers(headers: Sequence[Any]) -> tuple[dict[int, str], list[str]]:
    """Column index -> field; and the headers that mean nothing to us."""
    return match_headers(headers, header_fields())


def match_headers(headers: Sequence[Any], known: Mapping[str, T]) -> tuple[dict[int, T], list[str]]:
    """Column index -> what ``known`` (keyed by ``normalize_header``) says of its header;
    and the headers it does not know."""
    mapping: dict[int, T] = {}
    unknown: list[str] = []
    for i, h in enumerate(headers):
        text = "" if h is None else str(h)
        if not text.strip():
            continue
        found = known.get(normalize_header(text))
        if found is None:
            unknown.append(text)
        else:
            mapping[i] = found
    return mapping, unknown


class CellError(ValueError):
    pass


def parse_cell(field: str, raw: Any) -> Any:
    """A cell as read from a spreadsheet -> the value the model takes (None: empty)."""
    if raw is None:
        return None
    if isinstance(raw, str):
        from ..limits import MAX_FIELD_CHARS

        if len(raw) > MAX_FIELD_CHARS:
            raise CellError(_("{n} characters; a cell is limited to {limit}").format(
                n=len(raw), limit=MAX_FIELD_CHARS))
        if field in EXACT_TEXT_FIELDS:
            return raw or None  # long texts come back exactly as exported (leading blanks and all)
        raw = raw.strip()
        if raw == "":
            return None
    if field == "category":
        found = find_category(str(raw))
        if found is None:
            raise CellError(_("unknown category '{value}'").format(value=printable(raw)))
        return found.key.value
    if field == "status":
        status = find_status(str(raw))
        if status is None:
            raise CellError(_("unknown status '{value}'").format(value=printable(raw)))
        return status.value
    if field == "units":
        return str(raw)
    if field == "progress_log":
        return parse_log(str(raw))
    if field in NUMERIC_FIELDS:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            return raw
        return cell_number(str(raw), percent=field == "progress_percent")
    if field == "code":
        return str(raw).strip().upper()
    return str(raw) if not isinstance(raw, str) else raw


def cell_number(text: str, percent: bool = False) -> int | float:
    """A number written in a cell, read by the one parser (``5,0`` refused, ``5,000`` read)."""
    from ..numbers import NumberError, parse_number

    try:
        return parse_number(text, percent=percent)
    except NumberError as exc:
        raise CellError(str(exc)) from None


def parse_log(text: str) -> list[dict[str, Any]]:
    """The entries of ``log_text`` (also its older form without the investment:
    ``date | percent | status | note``)."""
    entries = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(LOG_SEPARATOR.strip(), 3)]
        if len(parts) < 3:
            raise CellError(_("progress log line {n} is not 'date | percent | status | investment | note'").format(
                n=n))
        status = find_status(parts[2])
        if status is None:
            raise CellError(_("unknown status '{value}'").format(value=printable(parts[2])))
        investment, note = _investment_and_note(parts[3] if len(parts) > 3 else "", n)
        entries.append({"date": parts[0], "percent": cell_number(parts[1], percent=True), "status": status.value,
                        "completed_investment": investment, "note": note})
    return entries


_AMOUNT = re.compile(r"^[0-9][0-9,._]*$")


def _investment_and_note(rest: str, n: int) -> tuple[Any, str]:
    """What follows the status: ``investment | note``, ``investment`` alone, or (the older form)
    a note alone."""
    head, sep, tail = rest.partition(LOG_SEPARATOR.strip())
    head = head.strip()
    if sep and (head == "" or _AMOUNT.match(head)):
        return _log_amount(head, n), tail.strip()
    if _AMOUNT.match(rest.strip()):
        return _log_amount(rest.strip(), n), ""
    return None, rest


def _log_amount(text: str, n: int) -> Any:
    if not text:
        return None
    try:
        return cell_number(text)  # the importers' one number rule
    except CellError as exc:
        raise CellError(_("progress log line {n}: {problem}").format(n=n, problem=exc)) from None


def years_from_cell(value: Any) -> tuple[int, int]:
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a spreadsheet's number cell: 2023.0
    text = str(value).strip()
    years = parse_year_range(text)
    if years is None:
        raise CellError(_("cannot read the years '{value}' (expected e.g. 2021-2023)").format(value=printable(text)))
    return years
