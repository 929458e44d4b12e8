"""Exports: CSV, XLSX, Markdown, HTML, JSON and text, in the flat layout (one row per
project, every field) or the plan's own appendix layout (类别 / 项目名称 / 项目内容 /
建设年限 / 责任单位 with category heading rows). Every file is written atomically."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..errors import PortfolioError
from ..i18n import _
from ..records.issues import FIELD_LABELS
from ..records.project.categories import CATEGORIES, category
from ..records.project.model import Project, project_dict
from ..store.kinds import plan_order
from ..tables import tabulate
from ..text import outgoing
from ..tracking import SAVING, WRITING, stage, track
from .appendix_layout import appendix_headers, appendix_lines
from .flat import FLAT_FIELDS, flat_header, flat_value, neutralize
from .output import building, check_output, write_output

FORMATS = ("csv", "xlsx", "md", "html", "json", "txt")
LAYOUTS = ("flat", "appendix")



class ExportError(PortfolioError):
    pass


@dataclass(frozen=True)
class ExportResult:
    path: Path
    projects: int
    fmt: str
    layout: str


def format_of(path: Path, fmt: str | None) -> str:
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    chosen = {"markdown": "md", "htm": "html", "text": "txt"}.get(chosen, chosen)
    if chosen not in FORMATS:
        raise ExportError(_("Unknown export format '{fmt}'; use one of {formats}").format(
            fmt=chosen or path.name, formats=", ".join(FORMATS)))
    return chosen


def check_columns(columns: Sequence[str] | None) -> tuple[str, ...]:
    if not columns:
        return FLAT_FIELDS
    allowed = set(FLAT_FIELDS) | {"start_year", "end_year", "lead_unit"}
    bad = [c for c in columns if c not in allowed]
    if bad:
        raise ExportError(_("Unknown column '{column}'; columns: {columns}").format(
            column=bad[0], columns=", ".join(FLAT_FIELDS)))
    return tuple(columns)


def _appendix_json(projects: Sequence[Project]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for c in CATEGORIES:
        members = [p for p in sorted(projects, key=plan_order) if p.category == c.key]
        if not members:
            continue
        subs: dict[str, list[dict[str, Any]]] = {}
        for p in members:
            subs.setdefault(p.subcategory, []).append(project_dict(p))
        out.append({"category": c.key.value, "heading": c.heading,
                    "subcategories": [{"name": k, "projects": v} for k, v in subs.items()]})
    return out


# -- writers -----------------------------------------------------------------------------------
def _table(projects: Sequence[Project], layout: str, columns: tuple[str, ...]) -> tuple[list[str], list[list[Any]]]:
    if layout == "appendix":
        return appendix_headers(), [list(line.cells) for line in appendix_lines(projects)]
    return [flat_header(c) if c in FIELD_LABELS else c for c in columns], \
        [[flat_value(p, c) for c in columns] for p in track(projects, WRITING)]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def write_csv(headers: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([neutralize(v) if isinstance(v, str) else _text(v) for v in row])
    # UTF-8 with BOM: Excel and WPS on Chinese Windows detect the encoding by it
    return buf.getvalue().encode("utf-8-sig")


def write_tabulate(headers: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    if fmt == "md":
        # Markdown renders inline HTML: text is escaped (a name holding <script> stays text)
        cells = [[html.escape(_text(v), quote=False).replace("|", "\\|").replace("\n", "<br>") for v in row]
                 for row in rows]
        text = tabulate(cells, headers=headers, tablefmt="pipe", disable_numparse=True)
    else:
        cells = [[_text(v) for v in row] for row in rows]
        text = tabulate(cells, headers=headers, tablefmt="grid", disable_numparse=True,
                        maxcolwidths=[None if len(h) < 3 else 40 for h in headers])
    return (text + "\n").encode("utf-8")


def export_projects(projects: Sequence[Project], path: Path, fmt: str | None = None,
                    layout: str = "flat", columns: Sequence[str] | None = None,
                    force: Path | None = None) -> ExportResult:
    """Write ``projects`` to ``path``; the format comes from ``fmt`` or the file's suffix.
    The output guard (``io.output``) refuses the open database, devices, FIFOs and symlinks
    unless ``force`` names the path."""
    chosen = format_of(path, fmt)
    check_output(path, force)  # before the work: a refused path is refused at once
    if chosen not in ("csv", "json"):
        # control characters stored before the sanitiser (or by hand): removed where they would
        # crash the writer (XLSX) or reach a reader (Markdown, HTML, text). CSV and JSON carry
        # the data as stored (the JSON escaped), so that their export at 100,000 projects stays
        # within its time target: the scan of every text costs about 40 %.
        projects = outgoing(projects)
    if layout not in LAYOUTS:
        raise ExportError(_("Unknown layout '{layout}'; use flat or appendix").format(layout=layout))
    cols = check_columns(columns)
    with building(path):
        if chosen == "xlsx":
            from .xlsx import write_xlsx

            payload = write_xlsx(projects, layout, None if columns is None else cols)
        elif chosen == "json":
            data: Any = _appendix_json(projects) if layout == "appendix" else \
                [project_dict(p) for p in track(projects, WRITING)]
            payload = orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n"
        elif chosen == "html":
            from .html_export import appendix_html, flat_html

            if layout == "appendix":
                payload = appendix_html(projects).encode("utf-8")
            else:
                payload = flat_html(*_table(projects, layout, cols)).encode("utf-8")
        else:
            headers, rows = _table(projects, layout, cols)
            payload = write_csv(headers, rows) if chosen == "csv" else write_tabulate(headers, rows, chosen)
    stage(SAVING)
    write_output(path, payload, force)
    return ExportResult(path, len(projects), chosen, layout)


def default_file_name(fmt: str, layout: str) -> str:
    from datetime import date

    stem = _("key_projects") if layout == "flat" else _("key_projects_appendix")
    return f"{stem}_{date.today():%Y%m%d}.{fmt}"


__all__ = ["FORMATS", "LAYOUTS", "ExportResult", "category", "export_projects"]
