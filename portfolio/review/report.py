"""The review pack: text / Markdown (tabulate), Excel (openpyxl) and Word (python-docx)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..errors import PortfolioError
from ..i18n import N_, _, format_date, get_language
from ..records.fields import status_label
from ..records.project.views import header
from ..tables import percent_text, tabulate
from ..tracking import SAVING, WRITING, stage
from .compute import Finding, Review
from .dates import review_date_label
from .lights import light_text
from .states import ProjectReview, state_label
from .tables import (
    Table,
    category_table,
    deadline_table,
    indicator_count_table,
    investment_table,
    ledger_table,
    task_table,
    unit_table,
)

REVIEW_FORMATS = ("txt", "md", "json", "xlsx", "docx")


def title(r: Review) -> str:
    return _("Key project review as of {date}").format(date=format_date(r.as_of, "long"))


# -- the tables every format shares (the count tables: ``tables``) ---------------------------------
def project_table(items: Sequence[ProjectReview], r: Review | None = None) -> tuple[list[str], list[list[str]]]:
    """One row per project: status and progress as reported by the as-of date, the
    schedule state and its light beside it."""
    headers = [header("code"), header("name"), header("years"), header("lead_unit"), header("status"),
               _("Schedule"), _("Light"), _("Expected %"), header("progress_percent")]
    never = _(" (never reported)")
    rows = [[i.project.code, i.project.name, i.project.years, r.lead_of(i) if r else i.project.lead_unit,
             status_label(i.status), state_label(i.state) + (never if i.never_reported else ""),
             light_text(i.light), percent_text(round(i.expected, 1)), percent_text(i.progress)] for i in items]
    return headers, rows


def indicator_table(r: Review) -> tuple[list[str], list[list[str]]]:
    from ..records.indicator.model import indicator_state_label
    from ..records.views import header as record_header

    headers = [record_header("indicator", c) for c in ("code", "title", "unit", "baseline_2020", "target_2025",
                                                        "attribute", "latest")] + [_("State")]
    rows = [[x.indicator.code, x.indicator.title, x.indicator.unit, x.indicator.baseline_2020,
             x.indicator.target_2025, x.indicator.attribute,
             f"{x.latest.value}（{x.latest.year}）" if x.latest else "", indicator_state_label(x.state)]
            for x in (r.lists.indicators if r.lists is not None else ())]
    return headers, rows


def draft_sections(r: Review) -> list[tuple[str, Sequence[Finding]]]:
    """存在的问题 and 下一步工作建议: the findings drafted from the figures."""
    return [(_("Problems"), r.problems), (_("Suggestions for the next stage"), r.suggestions)]


DRAFT_NOTE = N_("[Draft written from the figures: check, edit and remove this line before issuing.]")


# -- text and Markdown ----------------------------------------------------------------------------
def _text_table(t: Table | tuple[list[str], list[list[str]]], tablefmt: str) -> str:
    if isinstance(t, Table):
        headers, rows = list(t.headers), t.text_rows()
        text = tabulate(rows, headers=headers, tablefmt=tablefmt, disable_numparse=True)
        return text + ("\n\n" + _("Note: ") + t.note if t.note else "")
    return tabulate(t[1], headers=t[0], tablefmt=tablefmt, disable_numparse=True)


def text_report(r: Review, fmt: str = "txt") -> str:
    tablefmt = "pipe" if fmt == "md" else "simple"
    h1 = "# " if fmt == "md" else ""
    h2 = "## " if fmt == "md" else ""
    out = [f"{h1}{title(r)}", "", _("Review in force: {review}").format(review=review_date_label(r.as_of)), "",
           r.summary, ""]
    out += [h2 + _("Summary by category"), "", _text_table(category_table(r), tablefmt), ""]
    out += [h2 + _("Investment by category"), "", _text_table(investment_table(r), tablefmt), ""]
    late = r.late
    out += [h2 + _("Overdue and behind schedule"), ""]
    out += [_text_table(project_table(late, r), tablefmt) if late else _("None."), ""]
    out += [h2 + _("Responsible units"), "", _text_table(unit_table(r), tablefmt), ""]
    lists = r.lists
    if lists is not None and lists.indicators:
        out += [h2 + _("Indicators"), "", _text_table(indicator_count_table(r), tablefmt), "",
                _text_table(indicator_table(r), tablefmt), ""]
    if lists is not None and lists.tasks:
        out += [h2 + _("Key tasks by plan"), "", _text_table(task_table(r), tablefmt), "",
                h2 + _("Key tasks by plan and deadline"), "", _text_table(deadline_table(r), tablefmt), ""]
    if lists is not None:
        out += [h2 + _("Ledger by unit (projects and tasks)"), "", _text_table(ledger_table(r), tablefmt), ""]
    for heading, findings in draft_sections(r):
        out += [h2 + heading, "", _(DRAFT_NOTE), ""]
        out += [f"{n}. {f.heading}: {f.text}" if get_language() != "zh_CN" else f"{n}. {f.heading}。{f.text}"
                for n, f in enumerate(findings, start=1)] or [_("None.")]
        out.append("")
    return "\n".join(out)


def json_report(r: Review) -> bytes:
    import orjson

    from .data import review_data

    return orjson.dumps(review_data(r), option=orjson.OPT_INDENT_2) + b"\n"


def _swap(table: tuple[list[str], list[list[str]]]) -> tuple[list[list[str]], list[str]]:
    headers, rows = table
    return rows, headers


def write_review(r: Review, path: Path, fmt: str | None = None, force: Path | None = None,
                 issuer: str | None = None, issued: date | None = None) -> str:
    """Write the review in ``fmt`` (or the suffix's format); ``issuer`` signs the Word report
    (default: docx_report.DEFAULT_ISSUER) and ``issued`` dates its 落款 (default: today)."""
    from ..io.output import building, check_output, write_output

    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in REVIEW_FORMATS:
        raise PortfolioError(_("Unknown review format '{fmt}'; use one of {formats}").format(
            fmt=chosen, formats=", ".join(REVIEW_FORMATS)))
    check_output(path, force)
    stage(WRITING)  # the xlsx and docx writers give it their row counts
    with building(path):
        if chosen == "xlsx":
            from .xlsx_pack import xlsx_report

            payload = xlsx_report(r)
        elif chosen == "docx":
            from .docx_report import DEFAULT_ISSUER, docx_report

            payload = docx_report(r, issuer or DEFAULT_ISSUER, issued)
        elif chosen == "json":
            payload = json_report(r)
        else:
            payload = text_report(r, chosen).encode("utf-8")
    stage(SAVING)
    write_output(path, payload, force)
    return chosen
