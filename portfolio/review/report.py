"""The review pack: text / Markdown (tabulate), Excel (openpyxl) and Word (python-docx)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from ..categories import CATEGORIES
from ..errors import PortfolioError
from ..i18n import _, format_date, format_number, format_percent
from ..models import status_label
from ..views import UNIT_JOINER, category_label, header, money_text, percent_text, tabulate
from .dates import review_date_label
from .lights import light_text
from .states import STATE_ORDER, CategoryFigures, ProjectReview, Review, state_label

REVIEW_FORMATS = ("txt", "md", "json", "xlsx", "docx")
BODY_FONT = "宋体"  # on every Chinese Windows; WPS maps it too
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"


def title(r: Review) -> str:
    return _("Key project review as of {date}").format(date=format_date(r.as_of, "long"))


# -- the tables every format shares ---------------------------------------------------------------
def summary_table(r: Review) -> tuple[list[str], list[list[str]]]:
    headers = [header("category"), _("Projects"), _("Due"), *[state_label(s) for s in STATE_ORDER],
               _("Completion rate"), _("Planned (10k yuan)"), _("Completed (10k yuan)")]
    rows = [_figure_row(category_label(f.key, short=False), f) for f in r.categories if f.total]
    if r.totals is not None:
        rows.append(_figure_row(_("Total"), r.totals))
    return headers, rows


def _figure_row(label: str, f: CategoryFigures) -> list[str]:
    return [label, str(f.total), str(f.due), *[str(f.counts[s]) for s in STATE_ORDER],
            format_percent(f.completion_rate, 1), money_text(f.planned), money_text(f.invested)]


def project_table(items: Sequence[ProjectReview]) -> tuple[list[str], list[list[str]]]:
    """One row per project: status and progress as reported by the as-of date, the
    schedule state and its light beside it."""
    headers = [header("code"), header("name"), header("years"), header("lead_unit"), header("status"),
               _("Schedule"), _("Light"), _("Expected %"), header("progress_percent")]
    never = _(" (never reported)")
    rows = [[r.project.code, r.project.name, r.project.years, r.project.lead_unit,
             status_label(r.status), state_label(r.state) + (never if r.never_reported else ""),
             light_text(r.light), percent_text(round(r.expected, 1)), percent_text(r.progress)] for r in items]
    return headers, rows


def unit_table(r: Review) -> tuple[list[str], list[list[str]]]:
    headers = [_("Responsible unit"), _("Leads"), _("Joins"), *[state_label(s) for s in STATE_ORDER]]
    rows = []
    for unit, duties in sorted(r.units().items(), key=lambda kv: -len(kv[1])):
        counts = {s: 0 for s in STATE_ORDER}
        for d in duties:
            counts[d.project.state] += 1
        rows.append([unit, str(sum(d.lead for d in duties)), str(sum(not d.lead for d in duties)),
                     *[str(counts[s]) for s in STATE_ORDER]])
    return headers, rows


# -- text and Markdown ----------------------------------------------------------------------------
def text_report(r: Review, fmt: str = "txt") -> str:
    tablefmt = "pipe" if fmt == "md" else "simple"
    h1 = "# " if fmt == "md" else ""
    h2 = "## " if fmt == "md" else ""
    out = [f"{h1}{title(r)}", "", _("Review in force: {review}").format(review=review_date_label(r.as_of)), "",
           r.summary(), ""]
    out += [h2 + _("Summary by category"), "", tabulate(*_swap(summary_table(r)), tablefmt=tablefmt,
                                                           disable_numparse=True), ""]
    late = r.overdue + r.behind
    out += [h2 + _("Overdue and behind schedule"), ""]
    out += [tabulate(*_swap(project_table(late)), tablefmt=tablefmt, disable_numparse=True) if late
            else _("None."), ""]
    out += [h2 + _("Responsible units"), "", tabulate(*_swap(unit_table(r)), tablefmt=tablefmt,
                                                          disable_numparse=True), ""]
    if r.lists is not None:
        from .lists import lists_text

        out.append(lists_text(r.lists, fmt))
    return "\n".join(out)


def json_report(r: Review) -> bytes:
    import orjson

    from .data import review_data

    return orjson.dumps(review_data(r), option=orjson.OPT_INDENT_2) + b"\n"


def _swap(table: tuple[list[str], list[list[str]]]) -> tuple[list[list[str]], list[str]]:
    headers, rows = table
    return rows, headers


# -- Word ---------------------------------------------------------------------------------------------
def _east_asian(run_or_style: object, name: str) -> None:
    """Set the East Asian font (w:eastAsia), which python-docx's font.name does not."""
    from docx.oxml.ns import qn

    element = run_or_style.element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def docx_report(r: Review) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for margin in ("left_margin", "right_margin"):
        setattr(section, margin, Cm(2))
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = Pt(10.5)
    _east_asian(normal, BODY_FONT)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = styles[name]
        style.font.name = LATIN_FONT
        _east_asian(style, HEADING_FONT)

    heading = document.add_heading(title(r), level=0)
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta = document.add_paragraph(_("As of {date}; behind schedule means more than {margin} points below "
                                    "序时进度.").format(date=format_date(r.as_of, "long"),
                                                     margin=format_number(r.margin)))
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    document.add_heading(_("Summary"), level=1)
    document.add_paragraph(r.summary())
    _docx_table(document, *summary_table(r), font_size=Pt(8))

    document.add_heading(_("Projects by category"), level=1)
    for c in CATEGORIES:
        items = r.by_category[c.key]
        if not items:
            continue
        document.add_heading(c.heading, level=2)
        _docx_table(document, *project_table(items), font_size=Pt(9))

    document.add_heading(_("Overdue and behind schedule"), level=1)
    late = r.overdue + r.behind
    if late:
        _docx_table(document, *project_table(late), font_size=Pt(9))
        for item in late:
            p = item.project
            document.add_paragraph(
                _("{code} {name}: {state}; lead unit {lead}; also {others}.").format(
                    code=p.code, name=p.name, state=state_label(item.state), lead=p.lead_unit,
                    others=UNIT_JOINER.join(p.units[1:]) or _("none")),
                style="List Bullet")
    else:
        document.add_paragraph(_("None."))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


PROJECT_WIDTHS_CM = (1.5, 6.3, 2.2, 4.2, 1.8, 3.0, 1.2, 1.8, 1.6)  # name and lead unit get the room


def _docx_table(document: object, headers: list[str], rows: list[list[str]], font_size: object) -> None:
    from docx.shared import Cm

    table = document.add_table(rows=1, cols=len(headers))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.autofit = False
    if len(headers) == len(PROJECT_WIDTHS_CM):
        widths = [Cm(w) for w in PROJECT_WIDTHS_CM]
    else:  # the summary: the label column wider, the counts narrow
        widths = [Cm(3.2)] + [Cm(22.0 / (len(headers) - 1))] * (len(headers) - 1)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and WPS lay out by
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.text = text
        cell.width = width
        for run in cell.paragraphs[0].runs:
            run.bold = True
            run.font.size = font_size
    for row in rows:
        cells = table.add_row().cells  # row by row: python-docx's fast path
        for cell, text, width in zip(cells, row, widths, strict=True):
            cell.text = text
            cell.width = width
            for run in cell.paragraphs[0].runs:
                run.font.size = font_size
    # repeat the header row on every page
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)


def write_review(r: Review, path: Path, fmt: str | None = None, force: Path | None = None) -> str:
    from ..io.output import building, check_output, write_output

    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in REVIEW_FORMATS:
        raise PortfolioError(_("Unknown review format '{fmt}'; use one of {formats}").format(
            fmt=chosen, formats=", ".join(REVIEW_FORMATS)))
    check_output(path, force)
    with building(path):
        if chosen == "xlsx":
            from .xlsx_pack import xlsx_report

            payload = xlsx_report(r)
        elif chosen == "docx":
            payload = docx_report(r)
        elif chosen == "json":
            payload = json_report(r)
        else:
            payload = text_report(r, chosen).encode("utf-8")
    write_output(path, payload, force)
    return chosen
