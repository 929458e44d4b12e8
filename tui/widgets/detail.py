"""The selected project's detail: content, scale, units (lead marked), years, status, log."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from portfolio.i18n import _
from portfolio.models import Project, status_label
from portfolio.views import category_label, header, lead_marked, money_text, percent_text

HIGHLIGHT = "on dark_goldenrod"


def detail_renderable(p: Project | None, words: Sequence[str] = ()) -> RenderableType:
    if p is None:
        return Text(_("No project selected"), style="dim")
    title = Text.assemble((p.code, "bold reverse"), " ", (p.name, "bold"))
    facts = Table.grid(padding=(0, 1))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    rows: list[tuple[str, Text]] = [
        (header("category"), Text(f"{category_label(p.category, short=False)} › {p.subcategory}")),
        (header("years"), Text(p.years)),
        (header("status"), Text(f"{status_label(p.status)} · {percent_text(p.progress_percent)}")),
    ]
    if p.planned_investment is not None or p.completed_investment is not None:
        rows.append((header("planned_investment"), Text(money_text(p.planned_investment))))
        rows.append((header("completed_investment"), Text(money_text(p.completed_investment))))
    for label, value in rows:
        facts.add_row(Text(label), value)
    units = Text()
    for i, u in enumerate(p.units):
        if i:
            units.append("\n")
        units.append(lead_marked(u) if i == 0 else u, style="bold" if i == 0 else "")
    facts.add_row(Text(header("units")), units)
    parts: list[RenderableType] = [title, facts, Text(""), Text(header("content"), style="bold underline"),
                                   Text(p.content or "—")]
    if p.scale:
        parts += [Text(""), Text(header("scale"), style="bold underline"), Text(p.scale)]
    if p.progress_log:
        log = Table(show_edge=False, pad_edge=False, box=None, header_style="bold")
        for col in ("date", "percent", "status", "note"):
            log.add_column(Text(header(col)))
        for e in p.progress_log:
            log.add_row(Text(str(e.date)), Text(percent_text(e.percent)), Text(status_label(e.status)),
                        Text(e.note))
        parts += [Text(""), Text(header("progress_log"), style="bold underline"), log]
    if words:
        for part in parts:
            if isinstance(part, Text):
                part.highlight_words(words, HIGHLIGHT, case_sensitive=False)
        units.highlight_words(words, HIGHLIGHT, case_sensitive=False)
    return Group(*parts)


class ProjectDetail(VerticalScroll, can_focus=False):
    _shown: Project | None = None
    _words: tuple[str, ...] = ()

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(detail_renderable(None), id="detail-body", markup=False)

    def show(self, project: Project | None, words: Sequence[str] = ()) -> None:
        words = tuple(words)
        if project is not None and project is self._shown and words == self._words:
            return  # already on show (a change replaces the project with a new object)
        self._shown, self._words = project, words
        self.query_one("#detail-body", Static).update(detail_renderable(project, words))
        self.scroll_home(animate=False)
