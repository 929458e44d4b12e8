"""Exports of indicators and tasks (``portfolio export --kind indicator|task``): the same six
formats as projects, one row per record, every field; texts as written in the plan, lists of
units joined with 、, an indicator's reported values and a task's progress log one per line.
Written through the output guard and atomically, like the project exports."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from ..store.kinds import record_dict
from .export import ExportResult, format_of, write_csv, write_tabulate
from .output import building, check_output, write_output

FIELDS: dict[str, tuple[str, ...]] = {
    "indicator": ("code", "category", "number", "name", "sub_name", "unit", "baseline_2020", "target_2025",
                  "attribute", "direction", "note", "values"),
    "task": ("code", "plan", "year", "section", "subsection", "number", "name", "content", "lead_units",
             "cooperating_units", "responsible_units", "deadline_text", "deadline", "status",
             "progress_percent", "progress_log"),
}


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "\n".join(" | ".join("" if v is None else str(v) for v in entry.values()) for entry in value)
        return "、".join(str(v) for v in value)
    return "" if value is None else value


def headers(kind: str) -> list[str]:
    from ..records.views import field_label

    return [field_label(kind, f) for f in FIELDS[kind]]


def rows(kind: str, records: Sequence[Any]) -> list[list[Any]]:
    return [[_cell(record_dict(r).get(f)) for f in FIELDS[kind]] for r in records]


def _xlsx(kind: str, records: Sequence[Any]) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(kind)
    ws.append(headers(kind))
    for row in rows(kind, records):
        cells = []
        for value in row:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a text starting with = stays text
            cells.append(cell)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def export_records(kind: str, records: Sequence[Any], path: Path, fmt: str | None = None,
                   force: Path | None = None) -> ExportResult:
    chosen = format_of(path, fmt)
    check_output(path, force)
    with building(path):
        if chosen == "json":
            payload = orjson.dumps([record_dict(r) for r in records], option=orjson.OPT_INDENT_2) + b"\n"
        elif chosen == "xlsx":
            payload = _xlsx(kind, records)
        elif chosen == "csv":
            payload = write_csv(headers(kind), rows(kind, records))
        else:
            payload = write_tabulate(headers(kind), rows(kind, records), chosen)
    write_output(path, payload, force)
    return ExportResult(path, len(records), chosen, "flat")



