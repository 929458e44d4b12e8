"""Bar charts drawn in the terminal: one bar per row, either a single value against a
maximum (completion rate) or stacked parts (schedule states), scaled to the widget's width,
labels measured in cells (CJK counts two). Bars are coloured spaces, so they line up in
every terminal (block characters are "ambiguous width" in CJK terminals).

``ReviewCharts`` shows the review's completion rate and schedule states by category; the
review screen mounts it in a tab and hands it each computed ``Review``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from portfolio.i18n import _, format_percent
from portfolio.records.project.views import category_label
from portfolio.review.compute import Review
from portfolio.review.states import STATE_ORDER, state_label

from .timeline import STATE_COLOURS

MIN_BAR = 10


@dataclass(frozen=True)
class Part:
    value: float
    colour: str


@dataclass(frozen=True)
class BarRow:
    label: str
    parts: tuple[Part, ...]
    note: str = ""  # shown after the bar ("37.5%", "8")


def _lengths(values: Sequence[float], total: float, width: int) -> list[int]:
    """Cells for each part: proportional, rounded so that they add up (largest remainder)."""
    if total <= 0:
        return [0] * len(values)
    exact = [width * v / total for v in values]
    cells = [int(x) for x in exact]
    used = sum(cells)
    target = round(width * sum(values) / total)
    for i in sorted(range(len(values)), key=lambda i: exact[i] - cells[i], reverse=True):
        if used >= target:
            break
        cells[i] += 1
        used += 1
    return cells


def chart_text(rows: Sequence[BarRow], width: int, maximum: float | None = None) -> Text:
    """The bars as text, ``width`` cells wide; ``maximum`` is the full bar (default: the
    largest row's total)."""
    label_width = min(max((cell_len(r.label) for r in rows), default=0), max(6, width // 4))
    note_width = max((cell_len(r.note) for r in rows), default=0)
    bar_width = max(MIN_BAR, width - label_width - note_width - 3)
    full = maximum if maximum is not None else max((sum(p.value for p in r.parts) for r in rows), default=0)
    out = Text(no_wrap=True, overflow="crop")
    for i, row in enumerate(rows):
        if i:
            out.append("\n")
        label = row.label if cell_len(row.label) <= label_width else \
            set_cell_size(row.label, label_width - 1).rstrip() + "…"
        out.append(label + " " * (label_width - cell_len(label)) + " ")
        cells = _lengths([p.value for p in row.parts], full, bar_width)
        for part, n in zip(row.parts, cells, strict=True):
            out.append(" " * n, Style(bgcolor=part.colour))
        out.append(" " * (bar_width - sum(cells)), Style(bgcolor="grey23"))
        out.append(" " + row.note)
    return out


class BarChart(Widget):
    """A titled bar chart that redraws to its width."""

    DEFAULT_CSS = """
    BarChart { height: auto; margin-bottom: 1; }
    """

    def __init__(self, title: str = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.title = title
        self.rows: tuple[BarRow, ...] = ()
        self.maximum: float | None = None
        self.legend: Text | None = None

    def show(self, title: str, rows: Sequence[BarRow], maximum: float | None = None,
             legend: Text | None = None) -> None:
        self.title, self.rows, self.maximum, self.legend = title, tuple(rows), maximum, legend
        self.refresh(layout=True)

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        legend = 0 if self.legend is None else len(self.legend.wrap(self.app.console, width))
        return 1 + len(self.rows) + legend

    def render(self) -> Text:
        out = Text(self.title, style="bold", no_wrap=True, overflow="ellipsis")
        if self.rows:
            out.append("\n")
            out.append_text(chart_text(self.rows, self.size.width, self.maximum))
        if self.legend is not None:
            out.append("\n")
            out.append_text(self.legend)
        return out


def completion_rows(result: Review) -> list[BarRow]:
    rows = [BarRow(category_label(f.key), (Part(f.completion_rate, "green"),),
                   format_percent(f.completion_rate, 1)) for f in result.categories if f.key is not None]
    if result.totals is not None:
        rows.append(BarRow(_("Total"), (Part(result.totals.completion_rate, "green"),),
                           format_percent(result.totals.completion_rate, 1)))
    return rows


def state_rows(result: Review) -> list[BarRow]:
    return [BarRow(category_label(f.key),
                   tuple(Part(f.counts.get(s, 0), STATE_COLOURS[s]) for s in STATE_ORDER), str(f.total))
            for f in result.categories if f.key is not None]


def state_legend(result: Review) -> Text:
    totals = result.totals
    legend = Text()
    for state in STATE_ORDER:
        n = totals.counts.get(state, 0) if totals is not None else 0
        legend.append("  ", Style(bgcolor=STATE_COLOURS[state]))
        legend.append(f" {state_label(state)} {n}   ")
    return legend


class ReviewCharts(VerticalScroll, can_focus=True):
    """Completion rate and schedule states by category, for one computed review."""

    DEFAULT_CSS = """
    ReviewCharts { padding: 0 1; }
    """

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(_("Computing…"), id="charts-empty", markup=False)
        yield BarChart(id="chart-completion")
        yield BarChart(id="chart-states")

    def show(self, result: Review) -> None:
        self.query_one("#charts-empty").display = False
        self.query_one("#chart-completion", BarChart).show(
            _("Completion rate by category"), completion_rows(result), maximum=100.0)
        self.query_one("#chart-states", BarChart).show(
            _("Schedule states by category (projects)"), state_rows(result), legend=state_legend(result))
