"""Import the flat layout back from CSV or XLSX: every row validated, every problem listed
with its row number and column, nothing written unless every row is valid."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..errors import ImportFormatError, PortfolioError, printable
from ..i18n import _
from ..limits import MAX_COLUMNS, MAX_ROWS, check_file_size, check_shape
from ..progress import new_entries_date_problem
from ..records.fields import IMPORTED_JSON
from ..records.issues import describe_errors
from ..records.project.categories import BY_KEY, CategoryKey
from ..records.project.model import FIELD_LABELS, Project, project_dict
from ..store.base import Repository
from ..store.kinds import same_content
from ..tracking import CHECKING, track
from .flat import CellError, flat_header, map_headers, parse_cell, unneutralize, years_from_cell
from .sheets import decode_csv, read_xlsx_rows

MAX_LISTED = 5  # problems named in the one-line refusal; the count says how many more
MAX_SHOWN = 5  # unknown columns named
OPTIONAL_TEXT = ("scale", "subcategory", "content")  # an empty cell clears them
DEFAULTED = ("status", "progress_percent", "progress_log")  # an empty cell keeps them


@dataclass(frozen=True)
class RowIssue:
    row: int  # the spreadsheet's own row number (header = 1)
    column: str
    message: str

    def __str__(self) -> str:
        return _("row {row}, column {column}: {message}").format(
            row=self.row, column=self.column, message=self.message)


class ImportRowsError(PortfolioError):
    def __init__(self, path: Path, issues: list[RowIssue]) -> None:
        self.path = path
        self.issues = issues
        listed = _("; ").join(str(i) for i in issues[:MAX_LISTED])
        more = len(issues) - MAX_LISTED
        text = _("{path}: {n} problem(s); nothing was imported: {problems}").format(
            path=path, n=len(issues), problems=listed)
        if more > 0:
            text += _("; … and {n} more").format(n=more)
        super().__init__(text)


@dataclass
class ImportPlan:
    """What an import would do: the validated records to write (projects unless ``kind`` says
    otherwise), and the changes."""

    projects: list[Any] = field(default_factory=list)
    added: list[Any] = field(default_factory=list)
    changed: list[tuple[Any, Any]] = field(default_factory=list)  # (before, after)
    unchanged: int = 0
    kind: str = "project"

    def take(self, existing: Any, record: Any) -> None:
        """Count ``record`` as new, unchanged or a change of ``existing``."""
        self.projects.append(record)
        if existing is None:
            self.added.append(record)
        elif same_content(existing, record):
            self.unchanged += 1
        else:
            self.changed.append((existing, record))


def read_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """(row number, cells) of the first sheet / the CSV, empty rows skipped. CSV cells come
    back un-neutralised (the ' an export put before a formula-like text is removed)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        check_file_size(path)
        text = decode_csv(path.read_bytes(), path)
        out: list[tuple[int, list[Any]]] = []
        try:
            reader = csv.reader(io.StringIO(text, newline=""))
            for i, r in enumerate(reader, start=1):
                if len(r) > MAX_COLUMNS:
                    check_shape(path, i, len(r))
                if any(c.strip() for c in r):
                    out.append((i, [unneutralize(c) for c in r]))
                if len(out) > MAX_ROWS:
                    check_shape(path, len(out), 0)
        except csv.Error as exc:
            raise ImportFormatError(_("{path}, line {line}: {reason}").format(
                path=path, line=reader.line_num, reason=exc)) from None
        return out
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_rows(path)
    raise ImportFormatError(_("{path}: import reads .txt and .docx plans, and .csv or .xlsx tables").format(
        path=path))


def _column_label(field_name: str) -> str:
    return flat_header(field_name) if field_name in FIELD_LABELS else field_name


def _table_values(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowIssue], bool]:
    """Each data row of a CSV/XLSX as field values; the problems met; whether the years are
    one column."""
    rows = read_rows(path)
    if not rows:
        raise ImportFormatError(_("{path} is empty").format(path=path))
    # an XLSX export has a title row above its header: the header is the first row naming the code
    start = next((i for i, (_row, cells) in enumerate(rows[:3]) if "code" in map_headers(cells)[0].values()),
                 None)
    if start is None:  # no code column: the first row of several cells is the header
        start = next((i for i, (_row, cells) in enumerate(rows[:3])
                      if sum(1 for v in cells if v is not None and str(v).strip()) > 1), 0)
    rows = rows[start:]
    header_row, headers = rows[0]
    mapping, unknown = map_headers(headers)
    if "code" not in mapping.values():
        if any(str(h or "").strip() in ("类别", "类  别", "Category") for h in headers) and \
                any("年限" in str(h or "") or "Years" in str(h or "") for h in headers):
            raise ImportFormatError(_("{path} looks like the appendix layout; import a flat export "
                                      "(with a code column) or the plan itself").format(path=path))
        raise ImportFormatError(_("{path}: row {row} has no code column (编号/Code)").format(
            path=path, row=header_row))
    if unknown:
        from .kind_table import other_kind_message, table_kind

        other = table_kind(headers, ("task", "indicator"))
        if other is not None:
            raise ImportFormatError(other_kind_message(path, other))
        shown = ", ".join(printable(u[:40]) for u in unknown[:MAX_SHOWN])
        raise ImportFormatError(_("{path}: {n} unknown column(s) in row {row}: {columns}{more}; known columns: "
                                  "{known}").format(path=path, n=len(unknown), columns=shown, row=header_row,
                                                    more=" …" if len(unknown) > MAX_SHOWN else "",
                                                    known=", ".join(_column_label(f) for f in FIELD_LABELS)))
    issues: list[RowIssue] = []
    out: list[tuple[int, dict[str, Any]]] = []
    for number, cells in rows[1:]:
        values: dict[str, Any] = {}
        for index, name in mapping.items():
            raw = cells[index] if index < len(cells) else None
            try:
                values[name] = parse_cell(name, raw)
            except CellError as exc:
                issues.append(RowIssue(number, _column_label(name), str(exc)))
        if "years" in values:
            years = values.pop("years")
            if years is not None:
                try:
                    values["start_year"], values["end_year"] = years_from_cell(years)
                except CellError as exc:
                    issues.append(RowIssue(number, _column_label("years"), str(exc)))
        out.append((number, values))
    return out, issues, "years" in mapping.values()


def _json_values(path: Path) -> tuple[list[tuple[int, dict[str, Any]]], list[RowIssue], bool]:
    """The records of a JSON export (flat: a list of projects; appendix: categories holding
    subcategories holding projects), numbered from 1."""
    from ..limits import check_file_size
    from ..store.json_parse import parse_json

    check_file_size(path)
    data = parse_json(path.read_bytes(), path, imported=True)
    records: list[Any] = []
    if isinstance(data, list) and all(isinstance(d, dict) and "subcategories" in d for d in data) and data:
        for group in data:
            for sub in group.get("subcategories") or []:
                records.extend(sub.get("projects") or [] if isinstance(sub, dict) else [None])
    elif isinstance(data, list):
        records = data
    else:
        raise ImportFormatError(_("{path}: a JSON export is a list of projects").format(path=path))
    out, issues = numbered_records(records)
    return out, issues, False


def numbered_records(records: list[Any]) -> tuple[list[tuple[int, dict[str, Any]]], list[RowIssue]]:
    """The records of a JSON export numbered from 1 (codes trimmed, in capitals); those that
    are not objects as problems."""
    out: list[tuple[int, dict[str, Any]]] = []
    issues: list[RowIssue] = []
    for n, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            issues.append(RowIssue(n, "-", _("the record is not an object")))
            continue
        values = dict(record)
        if isinstance(values.get("code"), str):
            values["code"] = values["code"].strip().upper()
        out.append((n, values))
    return out, issues


def plan_import(repo: Repository, path: Path) -> ImportPlan:
    is_json = path.suffix.lower() == ".json"
    if is_json:
        entries, issues, years_column = _json_values(path)
    else:
        entries, issues, years_column = _table_values(path)
    result = ImportPlan()
    seen: dict[str, int] = {}
    taken = {p.code for p in repo.projects()}
    for number, values in track(entries, CHECKING):
        values.pop("updated_at", None)  # set by the store
        code = values.get("code")
        if code and code in seen:
            issues.append(RowIssue(number, _column_label("code"), _("code {code} also in row {row}").format(
                code=code, row=seen[code])))
            continue
        existing = repo.get(code) if isinstance(code, str) and code in repo else None
        for name in OPTIONAL_TEXT:
            if name in values and values[name] is None:
                values[name] = ""
        for name in DEFAULTED:
            if name in values and values[name] is None:
                del values[name]
        data = {**(project_dict(existing) if existing else {}), **values}
        if not code and existing is None:
            category = str(data.get("category"))
            if category in CategoryKey._value2member_map_:
                code = _allocate(repo, CategoryKey(category), taken)
                data["code"] = code
        try:  # a JSON file's numbers must be JSON numbers, as in the database
            project = Project.model_validate(data, context=IMPORTED_JSON if is_json else None)
        except ValidationError as exc:
            for issue in describe_errors(exc):
                top = issue.field.split(".")[0]
                column = _column_label("years") if top in ("start_year", "end_year") and \
                    years_column else _column_label(top)
                issues.append(RowIssue(number, column, issue.message))
            continue
        problem = new_entries_date_problem(existing, project)  # as `set --date` and `collect`
        if problem is not None:
            issues.append(RowIssue(number, _column_label("progress_log"), problem))
            continue
        if code:
            seen[project.code] = number
            taken.add(project.code)
        result.take(existing, project)
    if issues:
        raise ImportRowsError(path, issues)
    return result


def _allocate(repo: Repository, category: CategoryKey, taken: set[str]) -> str:
    prefix = BY_KEY[category].prefix
    n = repo.code_counter(prefix)
    used = [int(c[1:]) for c in taken if c.startswith(prefix) and c[1:].isdigit()]
    n = max([n, *used]) + 1
    return f"{prefix}{n:02d}"


def apply_import(repo: Repository, plan: ImportPlan) -> Sequence[Any]:
    """The added and changed records written in one step (journalled, undoable)."""
    todo = [*plan.added, *(after for _before, after in plan.changed)]
    return repo.upsert_many(todo, kind=plan.kind) if todo else []
