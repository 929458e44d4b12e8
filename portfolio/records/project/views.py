"""How projects are shown as text: column headers and cell values in the active language, text
tables, and the detail of one project."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ...i18n import _, format_stamp, get_language
from ...tables import UNIT_JOINER, money_text, percent_text, tabulate
from ...text import for_terminal
from ..fields import status_label
from ..issues import field_label
from .categories import category
from .model import Project


def category_label(key: str, short: bool = True) -> str:
    c = category(key)
    if get_language() == "en":
        return c.label_en
    return c.short_zh if short else c.name_zh


def units_text(p: Project) -> str:
    return UNIT_JOINER.join(p.units)


def light_cell(p: Project) -> str:
    """The project's traffic light at the plan's review date in force, readable without
    colour ("● 绿灯"; "—" when it has none)."""
    from ...review.lights import light_text
    from ...review.states import project_light

    return light_text(project_light(p))


CELLS: dict[str, Callable[[Project], str]] = {
    "code": lambda p: p.code,
    "name": lambda p: p.name,
    "category": lambda p: category_label(p.category),
    "subcategory": lambda p: p.subcategory,
    "content": lambda p: p.content,
    "scale": lambda p: p.scale,
    "years": lambda p: p.years,
    "start_year": lambda p: str(p.start_year),
    "end_year": lambda p: str(p.end_year),
    "lead_unit": lambda p: p.lead_unit,
    "units": units_text,
    "status": lambda p: status_label(p.status),
    "progress_percent": lambda p: percent_text(p.progress_percent),
    "planned_investment": lambda p: money_text(p.planned_investment),
    "completed_investment": lambda p: money_text(p.completed_investment),
    "updated_at": lambda p: format_stamp(p.updated_at) if p.updated_at else "",
    "light": light_cell,
}


LIST_COLUMNS = ("code", "name", "category", "years", "lead_unit", "status", "light", "progress_percent")


def header(column: str) -> str:
    return field_label(column)


def rows(projects: Sequence[Project], columns: Sequence[str]) -> list[list[str]]:
    return [[CELLS[c](p) for c in columns] for p in projects]


def terminal_rows(projects: Sequence[Project], columns: Sequence[str]) -> list[list[str]]:
    """``rows`` for printing: a control character stored in the data (ESC, BEL...) is shown
    as an escape, never sent to the terminal."""
    return [[for_terminal(cell) for cell in row] for row in rows(projects, columns)]


def text_table(projects: Sequence[Project], columns: Sequence[str] = LIST_COLUMNS,
               fmt: str = "simple") -> str:
    return tabulate(terminal_rows(projects, columns), headers=[header(c) for c in columns],
                    tablefmt=fmt, disable_numparse=True)


def lead_marked(unit: str) -> str:
    return _("{unit} (lead)").format(unit=unit)


def detail_text(p: Project) -> str:
    """Every field of one project, one per line, then its progress log."""
    units = [lead_marked(u) if i == 0 else u for i, u in enumerate(p.units)]
    pairs = [
        (header("code"), p.code),
        (header("name"), p.name),
        (header("category"), category_label(p.category, short=False)),
        (header("subcategory"), p.subcategory),
        (header("years"), p.years),
        (header("units"), UNIT_JOINER.join(units)),
        (header("status"), status_label(p.status)),
        (header("progress_percent"), percent_text(p.progress_percent)),
        (header("planned_investment"), money_text(p.planned_investment)),
        (header("completed_investment"), money_text(p.completed_investment)),
        (header("updated_at"), CELLS["updated_at"](p)),
        (header("content"), p.content),
        (header("scale"), p.scale),
    ]
    pairs = [(label, for_terminal(value)) for label, value in pairs]
    text = tabulate(pairs, tablefmt="plain", disable_numparse=True, maxcolwidths=[None, 60])
    if p.progress_log:
        log = [[str(e.date), percent_text(e.percent), status_label(e.status), money_text(e.completed_investment),
                for_terminal(e.note)] for e in p.progress_log]
        text += "\n\n" + header("progress_log") + "\n" + tabulate(
            log, headers=[header("date"), header("percent"), header("status"), header("completed_investment"),
                          header("note")], disable_numparse=True)
    return text
