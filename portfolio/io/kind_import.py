"""``portfolio import --kind task|indicator FILE``: a CSV, XLSX or JSON export of tasks or
indicators read back. Every row is validated and every problem listed with its row and
column; nothing is written unless every row is valid. Unchanged rows change nothing (the
file is not even written); changed rows become field changes through the repository (one
journalled, undoable step)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ImportFormatError, printable
from ..i18n import _
from ..progress import new_entries_date_problem
from ..records.fields import IMPORTED_JSON
from ..records.issues import describe_errors
from ..store.base import Repository
from ..store.kinds import get_kind, record_dict
from ..tracking import CHECKING, track
from .kind_table import KEEP_WHEN_EMPTY, cell_text, map_headers
from .table_import import MAX_SHOWN, ImportPlan, ImportRowsError, RowIssue, numbered_records, read_rows

Values = dict[str, Any]


def _label(kind: str, name: str) -> str:
    from ..records.views import field_label

    return field_label(kind, name)


def _table_rows(kind: str, path: Path, repo: Repository) -> tuple[list[tuple[int, str, Values]], list[RowIssue]]:
    """(row number, code, changed fields) of each data row of a CSV/XLSX, and the problems."""
    rows = read_rows(path)
    if not rows:
        raise ImportFormatError(_("{path} is empty").format(path=path))
    start = next((i for i, (_n, cells) in enumerate(rows[:3])
                  if any(c.field == "code" for c in map_headers(kind, cells)[0].values())), None)
    if start is None:
        raise ImportFormatError(_("{path}: no code column (编号/Code) in its first rows").format(path=path))
    header_row, header = rows[start]
    mapping, unknown = map_headers(kind, header)
    if unknown:
        from .kind_table import other_kind_message, table_kind

        other = table_kind(header, [k for k in ("task", "indicator") if k != kind])
        if other is not None:
            raise ImportFormatError(other_kind_message(path, other))
        shown = ", ".join(printable(u[:40]) for u in unknown[:MAX_SHOWN])
        from .kind_table import headers

        raise ImportFormatError(_("{path}: {n} unknown column(s) in row {row}: {columns}{more}; known columns: "
                                  "{known}").format(path=path, n=len(unknown), columns=shown, row=header_row,
                                                    more=" …" if len(unknown) > MAX_SHOWN else "",
                                                    known=", ".join(headers(kind))))
    code_index = next(i for i, c in mapping.items() if c.field == "code")
    out: list[tuple[int, str, Values]] = []
    issues: list[RowIssue] = []
    for number, cells in rows[start + 1:]:
        code = cell_text(cells[code_index] if code_index < len(cells) else None).upper()
        try:
            existing = repo.get(code, kind) if code else None
        except Exception:
            existing = None
        values: Values = {}
        for index, column in mapping.items():
            raw = cell_text(cells[index] if index < len(cells) else None)
            if existing is not None and raw == cell_text(column.cell(existing)):
                continue  # as stored: the stored value, exactly
            if raw == "" and column.field in KEEP_WHEN_EMPTY:
                continue
            try:
                values[column.field] = column.read(raw)
            except ValueError as exc:
                issues.append(RowIssue(number, _label(kind, column.field), str(exc)))
        out.append((number, code, values))
    return out, issues


def _json_rows(path: Path) -> tuple[list[tuple[int, str, Values]], list[RowIssue]]:
    """The records of a JSON export (a list of records as stored), numbered from 1."""
    from ..limits import check_file_size
    from ..store.json_parse import parse_json

    check_file_size(path)
    data = parse_json(path.read_bytes(), path, imported=True)
    if not isinstance(data, list):
        raise ImportFormatError(_("{path}: a JSON export is a list of records").format(path=path))
    numbered, issues = numbered_records(data)
    out: list[tuple[int, str, Values]] = []
    for n, values in numbered:
        values.pop("updated_at", None)  # set by the store
        out.append((n, str(values.get("code") or ""), values))
    return out, issues


def plan_kind_import(repo: Repository, kind: str, path: Path) -> ImportPlan:
    is_json = path.suffix.lower() == ".json"
    entries, issues = _json_rows(path) if is_json else _table_rows(kind, path, repo)
    model = get_kind(kind).model
    plan = ImportPlan(kind=kind)
    seen: dict[str, int] = {}
    for number, code, values in track(entries, CHECKING):
        if not code:
            issues.append(RowIssue(number, _label(kind, "code"), _("no code")))
            continue
        if code in seen:
            issues.append(RowIssue(number, _label(kind, "code"), _("code {code} also in row {row}").format(
                code=code, row=seen[code])))
            continue
        seen[code] = number
        try:
            existing = repo.get(code, kind)
        except Exception:
            existing = None
        if existing is not None and not values:
            plan.unchanged += 1
            continue
        data = {**(record_dict(existing) if existing is not None else {}), **values, "code": code}
        try:
            record = model.model_validate(data, context=IMPORTED_JSON if is_json else None)
        except ValidationError as exc:
            for issue in describe_errors(exc):
                issues.append(RowIssue(number, _label(kind, issue.field.split(".")[0]), issue.message))
            continue
        problem = new_entries_date_problem(existing, record)  # as `set --date` and `collect`
        if problem is not None:
            issues.append(RowIssue(number, _label(kind, "progress_log"), problem))
            continue
        if kind == "indicator":  # each new value checked as `portfolio report` checks it
            from ..records.indicator.report import new_values_problem

            record, problem = new_values_problem(existing, record)
            if problem is not None:
                issues.append(RowIssue(number, _label(kind, "values"), problem))
                continue
        plan.take(existing, record)
    if issues:
        raise ImportRowsError(path, issues)
    return plan

