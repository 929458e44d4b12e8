"""HTML exports that print: a ``<title>``, ``<meta charset>``, the header in ``<thead>`` (browsers
repeat it on every printed page), rows that never split across pages, ``@page { size: A4
landscape }``. The appendix layout is the plan's own table: a category heading row spans all
columns (``colspan``), a subcategory cell spans its group (``rowspan``). Every text goes
through the standard library's ``html.escape``."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from ..i18n import _, get_language
from ..records.project.model import Project
from .appendix_layout import appendix_headers, appendix_lines

STYLE = """
@page { size: A4 landscape; margin: 12mm 10mm 14mm 10mm; }
body { font-family: "仿宋_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC", serif; font-size: 10.5pt; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #666; padding: 3pt 4pt; vertical-align: top; white-space: pre-wrap;
         overflow-wrap: anywhere; }
thead { display: table-header-group; }
thead th { background: #d9d9d9; font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; }
thead tr.title th { border: none; background: none; padding: 0 0 8pt 0; font-size: 18pt; font-weight: normal;
                    font-family: "方正小标宋简体", "华文中宋", "Noto Serif CJK SC", serif; }
tr, td, th { break-inside: avoid; page-break-inside: avoid; }
tr.category th { background: #f2f2f2; text-align: left; break-after: avoid; page-break-after: avoid; }
td.sub { text-align: center; vertical-align: middle; }
td.num { text-align: right; }
td.years { text-align: center; white-space: nowrap; }
""".strip()
APPENDIX_COLUMN_WIDTHS = ("12%", "18%", "44%", "9%", "17%")


def _page(title: str, table: str) -> str:
    """The document around ``table``; the title is the document's <title> and, visible, the
    first row of the table's header (a heading, paragraph or caption before a table with a
    repeated header leaves LibreOffice's first page blank), printed over the table on each page."""
    lang = "zh-CN" if get_language() == "zh_CN" else "en"
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{escape(title)}</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n"
            f"{table}\n</body>\n</html>\n")


def _head(title: str, headers: Sequence[str]) -> str:
    """The table's header: the title over the column headers (both repeated on every page)."""
    return (f'<thead><tr class="title"><th colspan="{len(headers)}">{escape(title)}</th></tr>'
            "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in headers) + "</tr></thead>")


def _cell(value: Any) -> str:
    return "" if value is None else escape(str(value))


def flat_html(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """One row per project; numbers right-aligned."""
    out = ['<table border="1">', _head(_("Key projects"), headers), "<tbody>"]
    for row in rows:
        cells = []
        for value in row:
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cells.append(f'<td class="num">{_cell(value)}</td>' if numeric else f"<td>{_cell(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out += ["</tbody>", "</table>"]
    return _page(_("Key projects"), "\n".join(out))


def appendix_html(projects: Sequence[Project]) -> str:
    """The plan's table with its merged cells."""
    headers = appendix_headers()
    width = len(headers)
    cols = "".join(f'<col style="width:{w}">' for w in APPENDIX_COLUMN_WIDTHS)
    out = ['<table border="1">', f"<colgroup>{cols}</colgroup>", _head(_("Key projects"), headers), "<tbody>"]
    for line in appendix_lines(projects):
        if line.heading is not None:
            out.append(f'<tr class="category"><th colspan="{width}" scope="colgroup">{escape(line.heading)}</th></tr>')
            continue
        sub, name, content, years, units = line.cells
        first = ""
        if line.group_size:  # the first line of a subcategory group holds its cell
            span = f' rowspan="{line.group_size}"' if line.group_size > 1 else ""
            first = f'<td class="sub"{span}>{_cell(sub)}</td>'
        out.append(f"<tr>{first}<td>{_cell(name)}</td><td>{_cell(content)}</td>"
                   f'<td class="years">{_cell(years)}</td><td>{_cell(units)}</td></tr>')
    out += ["</tbody>", "</table>"]
    return _page(_("Key projects"), "\n".join(out))
