"""Exports of indicators and tasks (``portfolio export --kind indicator|task``): the same six
formats as projects, one row per record in the columns of ``kind_table`` (labels and values in
the interface language; ``import --kind`` reads them back), JSON as the records are stored.
Written through the output guard and atomically, like the project exports."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from ..store.kinds import record_dict
from ..tracking import WRITING, between_steps, track
from .export import ExportResult, format_of, write_csv, write_tabulate
from .kind_table import headers, rows
from .output import building, check_output, write_output
from .workbook import streaming, workbook_bytes


@between_steps
def _xlsx(kind: str, records: Sequence[Any]) -> bytes:
    from openpyxl.cell import WriteOnlyCell

    from ..i18n import _

    with streaming() as wb:
        ws = wb.create_sheet(_("Indicator list") if kind == "indicator" else _("Task list"))
        ws.append(headers(kind))
        for row in track(rows(kind, records), WRITING, len(records)):
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # a text starting with = stays text
                cells.append(cell)
            ws.append(cells)
        return workbook_bytes(wb)


def default_kind_file_name(kind: str, fmt: str) -> str:
    """The export dialog's file name for a list of ``kind``: 重点任务_20260101.xlsx."""
    from datetime import date

    from ..i18n import _

    stem = _("key_tasks") if kind == "task" else _("indicator_list")
    return f"{stem}_{date.today():%Y%m%d}.{fmt}"


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



