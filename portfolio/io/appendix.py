"""The plan's key-project appendix table -> projects.

One mapping from table cells to projects, shared by the text importer (``plan_text``) and
the Word importer (``plan_docx``). A row is either a category heading (``一、碧水工程``),
the header row, or a project row of five cells: 类别 (subcategory, empty when the row
above continues it) / 项目名称 / 项目内容 / 建设年限 / 责任单位.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from ..errors import ImportFormatError
from ..i18n import _
from ..records.issues import describe_errors
from ..records.project.categories import Category, CategoryKey, find_category
from ..records.project.model import UNIT_SEPARATORS, Project, parse_year_range

APPENDIX_TITLE = "重点工程项目"
HEADER_FIRST_CELL = re.compile(r"^类\s*别$")
CATEGORY_HEADING = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(\S.*)$")
SUB_NUMBERING = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]\s*")
SCALE_LABEL = re.compile(r"^建设规模\s*[：:]\s*")
CONTENT_LABEL = re.compile(r"^(?:建设内容及规模|建设内容和规模|建设内容)\s*[：:]\s*")


@dataclass(frozen=True, slots=True)
class AppendixRow:
    """The cells of one table row and where it came from (for error messages)."""

    cells: tuple[str, ...]
    where: str  # e.g. "line 830" or "table 1, row 4"


def clean_text(text: str) -> str:
    """Trim full-width and ordinary spaces at both ends of every line; drop empty lines."""
    lines = [line.replace("\u3000", " ").strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def split_content(cell: str) -> tuple[str, str]:
    """Split a content cell into (content, scale).

    ``建设内容：…`` / ``建设内容及规模：…`` labels are removed; a paragraph starting with
    ``建设规模：`` and everything after it is the scale.
    """
    lines = clean_text(cell).split("\n") if cell.strip() else []
    content: list[str] = []
    scale: list[str] = []
    for line in lines:
        if scale or SCALE_LABEL.match(line):
            scale.append(SCALE_LABEL.sub("", line))
        else:
            content.append(line)
    if content:
        content[0] = CONTENT_LABEL.sub("", content[0])
    return "\n".join(content).strip(), "\n".join(scale).strip()


def parse_years(cell: str, where: str) -> tuple[int, int]:
    years = parse_year_range(clean_text(cell).replace(" ", ""))
    if years is None:
        raise ImportFormatError(
            _("{where}: cannot read the years '{value}' (expected e.g. 2021-2023)").format(
                where=where, value=cell.strip()
            )
        )
    return years


def split_units(cell: str) -> list[str]:
    return [u.strip() for u in UNIT_SEPARATORS.split(clean_text(cell)) if u.strip()]


def subcategory_name(cell: str) -> str:
    return SUB_NUMBERING.sub("", clean_text(cell).replace("\n", ""))


def category_of_heading(cell: str) -> Category | None:
    m = CATEGORY_HEADING.match(clean_text(cell))
    return find_category(m.group(1)) if m else None


def rows_to_projects(rows: Iterable[AppendixRow]) -> list[Project]:
    """Build the projects of the appendix, in the plan's order, with codes W01, A01, ..."""
    projects: list[Project] = []
    current: Category | None = None
    subcategory = ""
    counters: dict[CategoryKey, int] = {}
    for row in rows:
        cells = [c for c in row.cells]
        non_empty = [c for c in cells if c.strip()]
        if not non_empty:
            continue
        if HEADER_FIRST_CELL.match(clean_text(non_empty[0])):
            continue
        if len(non_empty) == 1 or len(set(clean_text(c) for c in non_empty)) == 1:
            # a heading row (in Word, merged across the table: the same text in every cell)
            found = category_of_heading(non_empty[0])
            if found is None:
                raise ImportFormatError(
                    _("{where}: '{value}' is not one of the plan's six categories").format(
                        where=row.where, value=clean_text(non_empty[0])
                    )
                )
            current, subcategory = found, ""
            continue
        if len(cells) != 5:
            raise ImportFormatError(
                _("{where}: expected 5 cells (category, name, content, years, units), found {n}")
                .format(where=row.where, n=len(cells))
            )
        if current is None:
            raise ImportFormatError(
                _("{where}: project row before any category heading").format(where=row.where)
            )
        sub_cell, name_cell, content_cell, years_cell, units_cell = cells
        if sub_cell.strip():
            subcategory = subcategory_name(sub_cell)
        content, scale = split_content(content_cell)
        start, end = parse_years(years_cell, row.where)
        counters[current.key] = counters.get(current.key, 0) + 1
        data = {
            "code": f"{current.prefix}{counters[current.key]:02d}",
            "category": current.key,
            "subcategory": subcategory,
            "name": clean_text(name_cell).replace("\n", ""),
            "content": content,
            "scale": scale,
            "start_year": start,
            "end_year": end,
            "units": split_units(units_cell),
        }
        try:
            projects.append(Project.model_validate(data))
        except ValidationError as exc:
            issues = "; ".join(str(i) for i in describe_errors(exc))
            raise ImportFormatError(f"{row.where}: {issues}") from None
    if not projects:
        raise ImportFormatError(_("No key projects found in the appendix table"))
    return projects
