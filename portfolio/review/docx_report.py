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
from collections import Counter
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
from .dates import review_date_of, today
from .lights import LIGHT_COLOURS, light_text
from .states import CategoryFigures, ProjectReview, Review, ScheduleState, UnitDuty, state_label

DEFAULT_ISSUER = "柳州市生态环境局"
PLAN_NAME = N_("Liuzhou 14th Five-Year Ecological Environment Protection Plan")
LIGHT_COLUMN_INDEX = -1  # the light is the last column of every project table
MOST = 3  # units named among those with the most overdue projects


def _zh() -> bool:
    return get_language() == "zh_CN"


def level1(n: int) -> str:
    return f"{CHINESE_NUMERALS[n - 1]}、" if _zh() and n <= len(CHINESE_NUMERALS) else f"{n}. "


def level2(n: int) -> str:
    return f"（{CHINESE_NUMERALS[n - 1]}）" if _zh() and n <= len(CHINESE_NUMERALS) else f"({n}) "


def _join(items: Sequence[str]) -> str:
    return ("、" if _zh() else ", ").join(items)


def _codes(codes: Sequence[str]) -> str:
    """Codes joined so that a line may break after each (a zero-width space after 、: a run of
    codes and 、 is otherwise one unbreakable word, stretched across a justified line)."""
    return ("、\u200b" if _zh() else ", ").join(codes)


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


def _figures_row(label: str, f: CategoryFigures) -> list[str]:
    rate = f.investment_rate
    return [label, str(f.total), str(f.due), str(f.completed), str(f.counts[ScheduleState.OVERDUE]),
            str(f.counts[ScheduleState.BEHIND]), percent_text(round(f.completion_rate, 1)),
            money_text(f.planned), money_text(f.invested), "" if rate is None else percent_text(round(rate, 1))]


def _summary_table(doc: OfficialDocument, r: Review) -> None:
    headers = [header("category"), _("Projects"), _("Due"), _("Completed"), _("Overdue"), _("Behind"),
               _("Completion rate"), _("Planned (10k yuan)"), _("Completed (10k yuan)"), _("Investment rate")]
    rows = [_figures_row(category_label(f.key, short=False), f) for f in r.categories if f.total]
    if r.totals is not None:
        rows.append(_figures_row(_("Total"), r.totals))
    doc.table(headers, rows, numeric=range(1, 10), nowrap=(0,))


def _project_rows(items: Sequence[ProjectReview]) -> tuple[list[list[str]], dict[tuple[int, int], str]]:
    rows = []
    fills: dict[tuple[int, int], str] = {}
    for i, item in enumerate(items):
        p = item.project
        rows.append([p.code, p.name, p.lead_unit, percent_text(round(item.expected, 1)),
                     percent_text(item.progress), state_label(item.state), light_text(item.light)])
        _light_fill(fills, i, 6, item)
    return rows, fills


def _project_headers() -> list[str]:
    return [header("code"), header("name"), header("lead_unit"), _("Expected %"), header("progress_percent"),
            _("Schedule"), _("Light")]


def _unit_rows(matrix: dict[str, list[UnitDuty]]) -> list[list[str]]:
    rows = []
    for unit, duties in matrix.items():
        states = Counter(d.project.state for d in duties)
        active = len(duties) - states[ScheduleState.CANCELLED]
        rate = 100.0 * states[ScheduleState.COMPLETED] / active if active else 0.0
        rows.append([unit, str(sum(d.lead for d in duties)), str(sum(not d.lead for d in duties)),
                     str(states[ScheduleState.COMPLETED]), str(states[ScheduleState.OVERDUE]),
                     str(states[ScheduleState.BEHIND]), str(states[ScheduleState.NOT_REPORTED]),
                     percent_text(round(rate, 1))])
    return rows


def _annex_table(doc: OfficialDocument, r: Review) -> None:
    headers = [header("code"), header("name"), header("years"), header("lead_unit"), header("status"),
               _("Expected %"), header("progress_percent"), _("Planned (10k yuan)"), _("Completed (10k yuan)"),
               _("Schedule"), _("Light")]
    rows: list[list[str]] = []
    spans: list[int] = []
    fills: dict[tuple[int, int], str] = {}
    for c in CATEGORIES:
        items = r.by_category.get(c.key, [])
        if not items:
            continue
        spans.append(len(rows))
        rows.append([c.heading if _zh() else category_label(c.key, short=False)] + [""] * (len(headers) - 1))
        for item in items:
            p = item.project
            _light_fill(fills, len(rows), 10, item)
            rows.append([p.code, p.name, p.years, p.lead_unit, status_label(item.status),
                         percent_text(round(item.expected, 1)), percent_text(item.progress),
                         money_text(p.planned_investment), money_text(item.invested), state_label(item.state),
                         light_text(item.light)])
    doc.table(headers, rows, numeric=(5, 6, 7, 8), fills=fills, spans=spans, nowrap=(0,))


# -- the text drafted from the figures ------------------------------------------------------------
def _category_paragraph(r: Review, f: CategoryFigures, average: float) -> str:
    text = _("{category}: {n} projects, {done} completed, {overdue} overdue, {behind} behind schedule, "
             "{on_track} on track and {unreported} not reported; completion rate {rate}").format(
        category=category_label(f.key, short=False), n=f.total, done=f.completed,
        overdue=f.counts[ScheduleState.OVERDUE], behind=f.counts[ScheduleState.BEHIND],
        on_track=f.counts[ScheduleState.ON_TRACK], unreported=f.never_reported,
        rate=percent_text(round(f.completion_rate, 1)))
    if f.completion_rate < average:
        text += _(", below the average of all projects ({average})").format(average=percent_text(round(average, 1)))
    elif f.completion_rate > average:
        text += _(", above the average of all projects ({average})").format(average=percent_text(round(average, 1)))
    if f.invested is not None:
        text += _("; completed investment {invested} (10k yuan)").format(invested=money_text(f.invested))
        if f.planned:
            text += _(" of {planned} planned").format(planned=money_text(f.planned))
    return text + _(".")


def _late_paragraph(doc: OfficialDocument, n: int, item: ProjectReview, as_of: date) -> None:
    p = item.project
    others = _join(p.units[1:])
    reported = _("never reported") if item.status is Status.NOT_REPORTED else percent_text(item.progress)
    text = _("Lead unit: {lead}").format(lead=p.lead_unit)
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


def _problems(r: Review, average: float) -> list[tuple[str, str]]:
    """(heading, paragraph) drafted from the figures."""
    out: list[tuple[str, str]] = []
    overdue = r.overdue
    if overdue:
        by_unit = Counter(item.project.lead_unit for item in overdue)
        top = [f"{unit}（{n}）" if _zh() else f"{unit} ({n})" for unit, n in by_unit.most_common(MOST)]
        out.append((_("Some projects are overdue"), _(
            "{n} projects due by {date} are not completed. The units leading the most overdue projects are "
            "{units}.").format(n=len(overdue), date=_date(r.as_of), units=_join(top))))
    slow = [f for f in r.categories if f.total and f.completion_rate < average]
    if slow:
        names = [f"{category_label(f.key, short=False)}（{percent_text(round(f.completion_rate, 1))}）" if _zh()
                 else f"{category_label(f.key, short=False)} ({percent_text(round(f.completion_rate, 1))})"
                 for f in slow]
        out.append((_("Some categories progress more slowly than the average"), _(
            "The completion rate of {categories} is below the average of all projects ({average}).").format(
            categories=_join(names), average=percent_text(round(average, 1)))))
    never = [item for item in r.items if item.status is Status.NOT_REPORTED
             and item.state is not ScheduleState.NOT_STARTED_YET]
    if never:
        codes = [item.project.code for item in never[:12]]
        more = _(" and others") if len(never) > len(codes) else ""
        out.append((_("Progress is not reported"), _(
            "{n} projects have never reported their progress ({codes}{more}): their state cannot be "
            "judged.").format(n=len(never), codes=_codes(codes), more=more)))
    behind = r.behind
    if behind:
        out.append((_("Some running projects are behind schedule"), _(
            "{n} running projects are more than {margin} points below 序时进度.").format(
            n=len(behind), margin=f"{r.margin:g}")))
    return out


def _suggestions(r: Review, average: float) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    overdue = r.overdue
    if overdue:
        units = [unit for unit, _n in Counter(i.project.lead_unit for i in overdue).most_common(MOST)]
        out.append((_("Press on the overdue projects"), _(
            "Ask the lead units ({units}) to report why their projects are overdue and to commit to a "
            "completion date, and follow them up every month.").format(units=_join(units))))
    slow = [category_label(f.key, short=False) for f in r.categories if f.total and f.completion_rate < average]
    if slow:
        out.append((_("Dispatch the slower categories"), _(
            "Strengthen the dispatch of {categories}: check the projects one by one and remove what holds "
            "them up.").format(categories=_join(slow))))
    never = sum(1 for item in r.items if item.status is Status.NOT_REPORTED)
    if never:
        out.append((_("Report progress regularly"), _(
            "Set up regular progress reporting: the units of the {n} projects never reported fill in the "
            "dispatch forms before the next review.").format(n=never)))
    stalled = [i.project.code for i in overdue if i.progress < 50]
    if stalled:
        out.append((_("Adjust the plan where needed"), _(
            "For {codes}, overdue and less than half done, assess whether they can still be carried out "
            "and propose adjustments to the plan through the procedure.").format(codes=_codes(stalled[:12]))))
    return out


# -- the report -------------------------------------------------------------------------------------
def docx_report(r: Review, issuer: str = DEFAULT_ISSUER, issued: date | None = None) -> bytes:
    doc = OfficialDocument()
    doc.title(title_phrases(r))
    doc.subtitle(_("(as of {date})").format(date=_date(r.as_of)))
    doc.blank()
    average = r.totals.completion_rate if r.totals is not None else 0.0
    section = 0

    def heading(text: str) -> None:
        nonlocal section
        section += 1
        doc.heading(1, level1(section) + text)

    heading(_("Overall progress"))
    doc.paragraph(r.summary())
    doc.caption(_("Table 1  Progress of the key projects by category"))
    _summary_table(doc, r)

    if r.lists is not None:  # 主要指标完成情况, 主要任务进展 (review.lists_docs)
        from .lists_docs import add_indicator_section, add_task_section

        add_indicator_section(doc, r.lists, heading)
        add_task_section(doc, r.lists, heading)

    heading(_("Progress by category"))
    shown = [f for f in r.categories if f.total]
    for n, f in enumerate(shown, start=1):
        doc.heading(2, level2(n) + category_label(f.key, short=False))
        doc.paragraph(_category_paragraph(r, f, average))
        rows, fills = _project_rows(r.by_category.get(f.key, []))
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
            _late_paragraph(doc, k, item, r.as_of)

    heading(_("Completion by responsible unit"))
    matrix = dict(sorted(r.units().items(), key=lambda kv: -len(kv[1])))
    doc.paragraph(_("{n} units lead or take part in the key projects; their projects by state:").format(
        n=len(matrix)))
    doc.table([_("Responsible unit"), _("Leads"), _("Joins"), _("Completed"), _("Overdue"), _("Behind"),
               _("Not reported"), _("Completion rate")], _unit_rows(matrix), numeric=range(1, 8))

    if r.lists is not None:
        from .lists_docs import add_ledger_section

        add_ledger_section(doc, r.lists, heading)

    drafts = ((_("Problems"), _problems(r, average)), (_("Suggestions for the next stage"), _suggestions(r, average)))
    for title, points in drafts:
        heading(title)
        doc.draft_note(_("[Draft written from the figures: check, edit and remove this line before issuing.]"))
        if not points:
            doc.paragraph(_("None."))
        for n, (lead, text) in enumerate(points, start=1):
            doc.heading(2, level2(n) + lead)
            doc.paragraph(text)

    doc.blank()
    annex_title = _("Progress of the key projects")
    doc.closing([annex_title], _("Attachment: "), issuer, _date(issued or today()))
    doc.annex(_("Attachment"), annex_title)
    _annex_table(doc, r)
    return doc.to_bytes()
