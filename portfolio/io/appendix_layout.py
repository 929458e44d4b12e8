"""The plan's appendix layout (类别 / 项目名称 / 项目内容 / 建设年限 / 责任单位, category heading
rows, subcategory groups): the projects as the lines of that table, shared by every writer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..i18n import N_, _
from ..records.project.categories import CATEGORIES
from ..records.project.model import Project
from ..store.kinds import plan_order
from ..tables import UNIT_JOINER

APPENDIX_HEADERS = (N_("Category"), N_("Project name"), N_("Project content"), N_("Years"),
                    N_("Responsible units"))
CHINESE_NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class AppendixLine:
    """A heading line (``heading`` set) or a project line; ``group_size`` is the number of
    lines the subcategory cell spans (on the first line of the group, else 0)."""

    heading: str | None
    cells: tuple[str, str, str, str, str]
    group_size: int = 0
    project: Project | None = None


def content_with_scale(p: Project) -> str:
    if not p.scale:
        return p.content
    return f"建设内容：{p.content}\n建设规模：{p.scale}"


def appendix_lines(projects: Sequence[Project]) -> list[AppendixLine]:
    lines: list[AppendixLine] = []
    ordered = sorted(projects, key=plan_order)
    for c in CATEGORIES:
        members = [p for p in ordered if p.category == c.key]
        if not members:
            continue
        lines.append(AppendixLine(c.heading, (c.heading, "", "", "", "")))
        groups: dict[str, list[Project]] = {}
        for p in members:
            groups.setdefault(p.subcategory, []).append(p)
        for number, (sub, group) in enumerate(groups.items()):
            numeral = CHINESE_NUMERALS[number] if number < len(CHINESE_NUMERALS) else str(number + 1)
            label = f"（{numeral}）{sub}" if sub else ""
            for i, p in enumerate(group):
                lines.append(AppendixLine(
                    None,
                    (label if i == 0 else "", p.name, content_with_scale(p), p.years, UNIT_JOINER.join(p.units)),
                    len(group) if i == 0 else 0, p,
                ))
    return lines


def appendix_headers() -> list[str]:
    return [_(h) for h in APPENDIX_HEADERS]


