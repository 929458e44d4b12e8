"""The review as a Word report a bureau can hand in (重点工程项目中期评估报告), laid out by
``io.official_docx`` (GB/T 9704-2012). What it holds, in order: the title; 一、总体进展 (the
summary paragraph, investment included, and a table by category); 二、各类工程进展 (a paragraph
and a table per category); 三、逾期和滞后项目 (lead units and the units' own latest progress
notes); 四、各责任单位完成情况 (the responsibility matrix); 五、存在的问题 and 六、下一步工作建议,
drafted from the figures and marked as drafts to edit; the attachment note, the issuer and the
date (落款); 附件: the project table on landscape pages. The traffic light is a column wherever
projects are listed (its symbol and label, on its colour)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from ..i18n import N_, _, format_date, get_language
from ..io.appendix_layout import CHINESE_NUMERALS
from ..io.official_docx import OfficialDocument, chinese_date
from ..records.fields import Status, status_label
from ..records.project.categories import CATEGORIES
from ..records.project.model import Project
from ..records.project.views import category_label, header
from ..tables import money_text, percent_text
from . import dates
from .compute import Review
from .dates import review_date_of
from .figures import CategoryFigures
from .lights import LIGHT_COLOURS, light_text
from .report import DRAFT_NOTE, draft_sections
from .states import STATE_ORDER, ProjectReview, state_label
from .tables import TEXT, Table, category_table, investment_table, unit_table

DEFAULT_ISSUER = "柳州市生态环境局"
PLAN_NAME = N_("Liuzhou 14th Five-Year Ecological Environment Protection Plan")
LIGHT_COLUMN_INDEX = -1  # the light is the last column of every project table


def _zh() -> bool:
    return get_language() == "zh_CN"


def level1(n: int) -> str:
    return f"{CHINESE_NUMERALS[n - 1]}、" if _zh() and n <= len(CHINESE_NUMERALS) else f"{n}. "


def level2(n: int) -> str:
    return f"（{CHINESE_NUMERALS[n - 1]}）" if _zh() and n <= len(CHINESE_NUMERALS) else f"({n}) "


def _join(items: Sequence[str]) -> str:
    return ("、" if _zh() else ", ").join(items)


def _date(when: date) -> str:
    return chinese_date(when) if _zh() else format_date(when, "long")


def title_phrases(r: Review) -> list[str]:
    """The title in phrases (the plan's name, the template's words, the kind of review): a long
    title breaks between them only."""
    found = review_date_of(r.as_of)
    kind = _(found.label) if found else _("implementation review")
    template = _("{plan}: key project {review} report")
    values = {"{plan}": _(PLAN_NAME), "{review}": kind}
    return [values.get(part, part) for part in re.split(r"(\{plan\}|\{review\})", template) if part]


def latest_note(p: Project, as_of: date) -> tuple[date, str] | None:
    """The unit's own latest progress note reported on or before ``as_of``."""
    found: tuple[date, str] | None = None
    for entry in p.progress_log:
        if entry.note and entry.date <= as_of and (found is None or entry.date >= found[0]):
            found = (entry.date, entry.note)
    return found


# -- tables -----------------------------------------------------------------------------------------
def _light_fill(fills: dict[tuple[int, int], str], row: int, column: int, item: ProjectReview) -> None:
    if item.light is not None:
        fills[(row, column)] = LIGHT_COLOURS[item.light]


def count_table(doc: OfficialDocument, t: Table, nowrap: Sequence[int] = (0,)) -> None:
    """A count table of the review (``tables``), sized to its content, its note below it."""
    doc.table(list(t.headers), t.text_rows(), numeric=[i for i, k in enumerate(t.kinds) if k != TEXT],
              nowrap=nowrap)
    if t.note:
        doc.paragraph(_("Note: ") + t.note)




def _project_rows(r: Review, items: Sequence[ProjectReview]) -> tuple[list[list[str]], dict[tuple[int, int], str]]:
    rows = []
    fills: dict[tuple[int, int], str] = {}
    for i, item in enumerate(items):
        p = item.project
        rows.append([p.code, p.name, r.lead_of(item), percent_text(round(item.expected, 1)),
                     percent_text(item.progress), state_label(item.state), light_text(item.light)])
        _light_fill(fills, i, 6, item)
    return rows, fills


def _project_headers() -> list[str]:
    return [header("code"), header("name"), header("lead_unit"), _("Expected %"), header("progress_percent"),
            _("Schedule"), _("Light")]




def _annex_table(doc: OfficialDocument, r: Review) -> None:
    headers = [header("code"), header("name"), header("years"), header("lead_unit"), header("status"),
               _("Expected %"), header("progress_percent"), _("Planned (10k yuan)"), _("Completed (10k yuan)"),
               _("Schedule"), _("Light")]
    rows: list[list[str]] = []
    spans: list[int] = []
    fills: dict[tuple[int, int], str] = {}
    for c in CATEGORIES:
        items = r.by_category.get(c.key, ())
        if not items:
            continue
        spans.append(len(rows))
        rows.append([c.heading if _zh() else category_label(c.key, short=False)] + [""] * (len(headers) - 1))
        for item in items:
            p = item.project
            _light_fill(fills, len(rows), 10, item)
            rows.append([p.code, p.name, p.years, r.lead_of(item), status_label(item.status),
                         percent_text(round(item.expected, 1)), percent_text(item.progress),
                         money_text(p.planned_investment), money_text(item.invested), state_label(item.state),
                         light_text(item.light)])
    doc.table(headers, rows, numeric=(5, 6, 7, 8), fills=fills, spans=spans, nowrap=(0,))


# -- the text drafted from the figures ------------------------------------------------------------
def _category_paragraph(r: Review, f: CategoryFigures) -> str:
    """The category's projects by state: the states named sum to its projects."""
    average = r.totals.completion_rate
    states = _join([f"{state_label(s)}{f.counts[s]}" if _zh() else f"{f.counts[s]} {state_label(s)}"
                    for s in STATE_ORDER if f.counts[s]])
    text = _("{category}: {n} projects ({states}); completion rate {rate}").format(
        category=category_label(f.key, short=False) if f.key is not None else _("Total"), n=f.total,
        states=states, rate=percent_text(round(f.completion_rate, 1)))
    # the comparison follows the rate it compares; the never-reported count comes after it
    if f.completion_rate < average:
        text += _(", below the average of all projects ({average})").format(average=percent_text(round(average, 1)))
    elif f.completion_rate > average:
        text += _(", above the average of all projects ({average})").format(average=percent_text(round(average, 1)))
    if f.overdue_never_reported:
        text += _("; {n} of the overdue projects never reported").format(n=f.overdue_never_reported)
    if f.paired:
        text += _("; the {n} projects that reported both amounts completed {invested} of {planned} "
                  "(10k yuan) planned").format(n=f.paired, invested=money_text(f.paired_invested),
                                               planned=money_text(f.paired_planned))
    return text + _(".")


def _late_paragraph(doc: OfficialDocument, r: Review, n: int, item: ProjectReview) -> None:
    as_of = r.as_of
    p = item.project
    others = _join(r.cooperating(item))  # the real units: groups expanded
    reported = _("never reported") if item.status is Status.NOT_REPORTED else percent_text(item.progress)
    text = _("Lead unit: {lead}").format(lead=r.lead_of(item))
    if others:
        text += _("; with {others}").format(others=others)
    text += _(". Years {years}, 序时进度 {expected}, reported progress {progress}.").format(
        years=p.years, expected=percent_text(round(item.expected, 1)), progress=reported)
    note = latest_note(p, as_of)
    if note is not None:
        text += _("Latest progress reported by the unit ({date}): {note}").format(date=_date(note[0]), note=note[1])
        if not note[1].endswith(("。", ".", "！", "；")):
            text += _(".")
    else:
        text += _("The unit has reported no progress note.")
    doc.paragraph(text, lead=f"{n}. {p.code} {p.name}" + _(". "))


# -- the report -------------------------------------------------------------------------------------
def docx_report(r: Review, issuer: str = DEFAULT_ISSUER, issued: date | None = None) -> bytes:
    doc = OfficialDocument()
    doc.title(title_phrases(r))
    doc.subtitle(_("(as of {date})").format(date=_date(r.as_of)))
    doc.blank()
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        doc.heading(1, level1(section) + text)

    heading(_("Overall progress"))
    doc.paragraph(r.summary)
    doc.caption(_("Table 1  Progress of the key projects by category"))
    count_table(doc, category_table(r))
    doc.caption(_("Table 2  Investment of the key projects by category"))
    count_table(doc, investment_table(r))

    if r.lists is not None:  # 主要指标完成情况, 主要任务进展 (review.lists_docs)
        from .lists_docs import add_indicator_section, add_task_section

        add_indicator_section(doc, r, heading)
        add_task_section(doc, r, heading, count_table)

    heading(_("Progress by category"))
    shown = [(f, f.key) for f in r.categories if f.total and f.key is not None]
    for n, (f, key) in enumerate(shown, start=1):
        doc.heading(2, level2(n) + category_label(key, short=False))
        doc.paragraph(_category_paragraph(r, f))
        rows, fills = _project_rows(r, r.by_category.get(key, ()))
        doc.table(_project_headers(), rows, numeric=(3, 4), fills=fills, nowrap=(0,))

    heading(_("Overdue and behind-schedule projects"))
    overdue, behind = r.overdue, r.behind
    doc.paragraph(_("By {date}, {overdue} projects are overdue and {behind} running projects are behind "
                    "schedule, as follows.").format(date=_date(r.as_of), overdue=len(overdue), behind=len(behind)))
    sections = [(_("Overdue projects"), overdue), (_("Projects behind schedule"), behind)]
    if r.red_other:  # red light for another reason (e.g. suspended past the due date): state as it is
        sections.append((_("Other red-light projects"), r.red_other))
    for n, (label, items) in enumerate(sections, start=1):
        doc.heading(2, level2(n) + label)
        if not items:
            doc.paragraph(_("None."))
        for k, item in enumerate(items, start=1):
            _late_paragraph(doc, r, k, item)

    heading(_("Completion by responsible unit"))
    units = unit_table(r)
    doc.paragraph(_("{n} units lead or take part in the key projects; their projects by state:").format(
        n=len(units.rows)))
    count_table(doc, units, nowrap=())  # long unit names wrap

    if r.lists is not None:
        from .lists_docs import add_ledger_section

        add_ledger_section(doc, r, heading, count_table)

    for title, points in draft_sections(r):
        heading(title)
        doc.draft_note(_(DRAFT_NOTE))
        if not points:
            doc.paragraph(_("None."))
        for n, point in enumerate(points, start=1):
            doc.heading(2, level2(n) + point.heading)
            # a zero-width space after each 、: a run of codes and 、 is otherwise one unbreakable
            # word, stretched across a justified line
            doc.paragraph(point.text.replace("、", "、\u200b"))

    doc.blank()
    annex_title = _("Progress of the key projects")
    doc.closing([annex_title], _("Attachment: "), issuer, _date(issued or dates.today()))
    doc.annex(_("Attachment"), annex_title)
    _annex_table(doc, r)
    return doc.to_bytes()
