"""The review pack: text / Markdown (tabulate), Excel (openpyxl) and Word (python-docx)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import PortfolioError
from ..i18n import _, format_date, format_percent
from ..records.fields import status_label
from ..records.project.views import category_label, header
from ..tables import money_text, percent_text, tabulate
from .dates import review_date_label
from .lights import light_text
from .states import STATE_ORDER, CategoryFigures, ProjectReview, Review, state_label

REVIEW_FORMATS = ("txt", "md", "json", "xlsx", "docx")


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
    late = r.late
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


def write_review(r: Review, path: Path, fmt: str | None = None, force: Path | None = None,
                 issuer: str | None = None) -> str:
    """Write the review in ``fmt`` (or the suffix's format); ``issuer`` signs the Word report
    (default: docx_report.DEFAULT_ISSUER)."""
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
            from .docx_report import DEFAULT_ISSUER, docx_report

            payload = docx_report(r, issuer or DEFAULT_ISSUER)
        elif chosen == "json":
            payload = json_report(r)
        else:
            payload = text_report(r, chosen).encode("utf-8")
    write_output(path, payload, force)
    return chosen
