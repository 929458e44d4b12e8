"""Links from a task or an indicator to the plan's key projects and its 专栏 boxes.

A link is stored on the record (``links``: ``["W01", "专栏5"]``) once the user confirms it
(``portfolio link add``, the ``l`` key of the lists' tabs). ``suggest`` proposes links, best
first, each with its reason:

* a project whose name (without 柳州市 and 项目) appears in the record's text: "names the project";
* a project that shares a responsible unit (through the units directory) AND a subject word
  with the record: "shares 市生态环境局 and 饮用水" (an indicator names no unit: the subject word
  suffices). Subject words are the runs of CJK bigrams the project's name and subcategory share
  with the record's text, less the words too common to mean anything (those in a quarter of the
  project names or more, and a short stop list: 柳州, 建设, 项目 …);
* a box whose title (less 重点任务) shares a subject word with the record's text, and first a
  box whose text lists a project the record is linked to: "lists W02".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from .i18n import _
from .plan_boxes import PlanBox, box_number, plan_boxes
from .records.project.model import Project
from .tracking import COMPUTING, track
from .units import active_directory

STOP = frozenset({
    "柳州", "州市", "市柳", "建设", "项目", "工程", "重点", "任务", "开展", "加强", "推进", "全市", "实施",
    "工作", "试点", "综合", "能力", "体系", "管理", "保护", "治理", "整治", "防治", "有限", "公司", "广西",
    "一体", "体化", "区域", "范围", "相关", "提升", "完善", "强化", "建立", "持续", "深入", "全面", "落实",
    "生态", "环境", "污染", "系统", "城市", "防控", "修复", "调查", "利用", "处置", "水环", "监测", "水污", "染防", "市空"})
_CJK = re.compile(r"[\u4e00-\u9fff]+")
NAMES_SCORE = 100
SUBJECT_SCORE = 10
UNIT_SCORE = 5
LISTS_SCORE = 60  # a box listing a project the record is linked to
MIN_PROJECT_WEIGHT = 2  # a project needs two significant bigrams in common (饮用水, 黑臭水体)


@dataclass(frozen=True)
class Suggestion:
    target: str  # W01, 专栏5
    title: str  # the project's name, the box's title
    score: int
    reason: str  # in the interface language


def bigrams(text: str) -> set[str]:
    return {run[i:i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)}


def record_text(record: Any) -> str:
    parts = [getattr(record, f, "") or "" for f in ("name", "sub_name", "content", "section", "subsection")]
    return " ".join(str(p) for p in parts)


def record_units(record: Any) -> list[str]:
    units = getattr(record, "units", None)
    return list(units) if isinstance(units, list) else []


def core_name(name: str) -> str:
    """A project's name as a task may write it: 柳州市农村生活污水整治项目 -> 农村生活污水整治."""
    t = re.sub(r"[（(][^）)]*[）)]$", "", name.strip())
    for prefix in ("柳州市", "广西柳州", "广西", "柳州"):
        if t.startswith(prefix) and len(t) > len(prefix) + 3:
            t = t[len(prefix):]
            break
    for suffix in ("项目", "工程"):
        if t.endswith(suffix) and len(t) > len(suffix) + 3:
            t = t[: -len(suffix)]
    return t


@lru_cache(maxsize=8)
def _common(names: tuple[str, ...]) -> frozenset[str]:
    """Bigrams in a quarter of the project names or more: not a subject."""
    counts: dict[str, int] = {}
    for name in names:
        for b in bigrams(name):
            counts[b] = counts.get(b, 0) + 1
    limit = max(3, len(names) // 4)
    return frozenset(b for b, n in counts.items() if n >= limit)


def subject_words(source: str, shared: set[str]) -> list[str]:
    """The runs of ``source`` made of consecutive shared bigrams: 饮用, 用水 -> 饮用水."""
    words: list[str] = []
    for run in _CJK.findall(source):
        i = 0
        while i < len(run) - 1:
            if run[i:i + 2] not in shared:
                i += 1
                continue
            j = i + 1
            while j < len(run) - 1 and run[j:j + 2] in shared:
                j += 1
            word = run[i:j + 1]
            if word not in words:
                words.append(word)
            i = j
    return words


def _shared_words(source: str, grams: set[str], common: frozenset[str]) -> tuple[list[str], int]:
    """The words ``source`` shares with a text (of bigrams ``grams``) that carry a subject, and
    their weight (how many significant bigrams they hold)."""
    def significant(b: str) -> bool:
        return b not in STOP and b not in common

    words = [w for w in subject_words(source, bigrams(source) & grams)
             if any(significant(b) for b in bigrams(w))]
    return words, sum(1 for w in words for b in bigrams(w) if significant(b))


def _shared_units(units: Iterable[str], other: Iterable[str]) -> list[str]:
    directory = active_directory()
    theirs = {directory.canonical(u) for u in other}
    return list(dict.fromkeys(c for c in (directory.canonical(u) for u in units) if c in theirs))


def suggest_projects(record: Any, projects: Sequence[Project]) -> list[Suggestion]:
    text = record_text(record)
    grams = bigrams(text)
    common = _common(tuple(p.name for p in projects))
    units = record_units(record)
    out: list[Suggestion] = []
    for p in track(projects, COMPUTING):
        core = core_name(p.name)
        if core and core in text:
            out.append(Suggestion(p.code, p.name, NAMES_SCORE + len(core), _("names the project")))
            continue
        source = f"{p.name} {p.subcategory}"
        words, weight = _shared_words(source, grams, common)
        if weight < MIN_PROJECT_WEIGHT:
            continue
        subject = "、".join(words)
        score = SUBJECT_SCORE * weight
        if units:
            common_units = _shared_units(units, p.units)
            if not common_units:
                continue
            out.append(Suggestion(p.code, p.name, score + UNIT_SCORE, _("shares {unit} and {subject}").format(
                unit=common_units[0], subject=subject)))
        else:
            out.append(Suggestion(p.code, p.name, score, _("shares {subject}").format(subject=subject)))
    return out


def box_subject(box: PlanBox) -> str:
    return box.title.removesuffix("重点任务")


def suggest_boxes(record: Any, boxes: Iterable[PlanBox] | None = None,
                  projects: Sequence[Project] = ()) -> list[Suggestion]:
    """Boxes whose title shares a subject word with the record, and boxes that list a project
    the record is linked to ("lists W02")."""
    grams = bigrams(record_text(record))
    linked = [p for p in projects if p.code in set(getattr(record, "links", []) or [])]
    out: list[Suggestion] = []
    for box in boxes if boxes is not None else plan_boxes().values():
        words, weight = _shared_words(box_subject(box), grams, frozenset())
        listed = [p.code for p in linked if core_name(p.name) and core_name(p.name) in box.text]
        if listed:
            out.append(Suggestion(box.label, box.title, LISTS_SCORE + SUBJECT_SCORE * weight,
                                  _("lists {projects}").format(projects="、".join(listed))))
        elif weight:
            out.append(Suggestion(box.label, box.title, SUBJECT_SCORE * weight,
                                  _("shares {subject}").format(subject="、".join(words))))
    return out


def suggest(record: Any, projects: Sequence[Project], *, limit: int = 8) -> list[Suggestion]:
    """Projects and boxes to link ``record`` to, best first, less those already linked."""
    linked = set(getattr(record, "links", []) or [])
    found = [s for s in (*suggest_projects(record, projects), *suggest_boxes(record, projects=projects)) if s.target not in linked]
    found.sort(key=lambda s: (-s.score, s.target))
    return found[:limit]


def link_title(link: str, projects: dict[str, Project]) -> str:
    """What a link names: the project's name, the box's title; empty when it names nothing known."""
    number = box_number(link)
    if number is not None:
        box = plan_boxes().get(number)
        return box.title if box else ""
    project = projects.get(link)
    return project.name if project else ""


def record_kind(code: str) -> str | None:
    """The kind a link-bearing record's code names: ``task`` (LZS2022W-05), ``indicator`` (I05)."""
    from .records.indicator.model import INDICATOR_CODE
    from .records.task.model import TASK_CODE

    if TASK_CODE.match(code):
        return "task"
    if INDICATOR_CODE.match(code):
        return "indicator"
    return None


def parse_targets(texts: Iterable[str], projects: dict[str, Project]) -> list[str]:
    """Typed link targets as stored, each checked: a known project code or a box 3-15."""
    from .errors import PortfolioError
    from .errors import printable as shown
    from .plan_boxes import normalise_link

    out: list[str] = []
    for text in texts:
        link = normalise_link(text)
        if link is None or (box_number(link) is None and link not in projects):
            raise PortfolioError(_("'{target}' is neither a key project's code (W01) nor a box of the plan "
                                   "(专栏3 … 专栏15)").format(target=shown(text)))
        if link not in out:
            out.append(link)
    return out


def with_links(current: Sequence[str], add: Sequence[str] = (), remove: Sequence[str] = ()) -> list[str]:
    """The links after adding and removing some: added ones at the end, in order, each once."""
    return [link for link in dict.fromkeys([*current, *add]) if link not in set(remove)]


def links_lines(record: Any, projects: dict[str, Project]) -> list[str]:
    """One line per link: ``W01  柳州市集中式饮用水水源水环境保护项目``."""
    unknown = _("(unknown)")
    return [f"{link}  {link_title(link, projects) or unknown}" for link in getattr(record, "links", [])]
