"""How projects are shown as text: column headers and cell values in the active language,
and text tables (tabulate, with wcwidth so that Chinese columns line up)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .categories import category
from .i18n import _, format_datetime, format_number, format_percent, get_language
from .models import Project, field_label, status_label
from .text import for_terminal

UNIT_JOINER = "、"


def category_label(key: str, short: bool = True) -> str:
    c = category(key)
    if get_language() == "en":
        return c.label_en
    return c.short_zh if short else c.name_zh


def units_text(p: Project) -> str:
    return UNIT_JOINER.join(p.units)


def plain_number(value: float | None) -> str:
    """A number as typed: 40, 37.5 (no trailing .0); empty for None."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


_PERCENT_TEXTS: dict[tuple[str, float], str] = {}


def percent_text(value: float) -> str:
    """37.5%, 40%: babel's formatting (40 µs a call) kept per language and value, since a
    review of 100,000 projects formats few distinct percentages 200,000 times."""
    key = (get_language(), value)
    text = _PERCENT_TEXTS.get(key)
    if text is None:
        if len(_PERCENT_TEXTS) > 100_000:
            _PERCENT_TEXTS.clear()
        text = _PERCENT_TEXTS[key] = format_percent(value, 0 if float(value).is_integer() else 1)
    return text


def money_text(value: float | None) -> str:
    return "" if value is None else format_number(value, 2)


def light_cell(p: Project) -> str:
    """The project's traffic light at the plan's review date in force, readable without
    colour ("● 绿灯"; "—" when it has none)."""
    from .review.lights import light_text
    from .review.states import project_light

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
    "updated_at": lambda p: format_datetime(p.updated_at, "short") if p.updated_at else "",
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


def wrap_text(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` display columns (a CJK character
    counts two), at the last space when the line has one. Linear in the text's length
    (tabulate's own ``maxcolwidths`` wrapping was quadratic: 1M characters took 32 s)."""
    from wcwidth import wcwidth

    out: list[str] = []
    for para in text.splitlines():
        if not para.strip():
            continue
        line: list[str] = []
        used = 0
        space = -1
        for ch in para:
            w = max(wcwidth(ch), 0)
            if used + w > width and line:
                if ch == " ":  # the break falls on a space: it ends the line
                    out.append("".join(line))
                    line, used, space = [], 0, -1
                    continue
                if space > 0:
                    out.append("".join(line[:space]).rstrip())
                    line = line[space + 1:]
                else:
                    out.append("".join(line))
                    line = []
                used = sum(max(wcwidth(c), 0) for c in line)
                space = -1
            line.append(ch)
            used += w
            if ch == " ":
                space = len(line) - 1
        out.append("".join(line))
    return "\n".join(out)


def tabulate(*args: Any, **kwargs: Any) -> str:
    """tabulate, imported when first used (the UI never needs it: faster start-up), with
    wide-character support on (wcwidth is a dependency: a CJK character counts two columns).

    Cells are formatted text: number parsing is always off (tabulate 0.10 parses "50,000.00"
    even with ``disable_numparse`` when it wraps, and crashes). ``maxcolwidths`` is applied
    here (``wrap_text``), never by tabulate.

    Tables of one-line text in the ``simple`` and ``pipe`` formats (what the reports print)
    take a fast path that writes exactly what tabulate writes (a test compares them) at a
    seventh of the time: tabulate spends about 10 µs a cell deciding types that text cells
    do not need (a review of 100,000 projects prints 400,000 cells)."""
    kwargs["disable_numparse"] = True
    widths = kwargs.pop("maxcolwidths", None)
    if widths is not None:
        rows = args[0] if args else kwargs.pop("tabular_data")
        wrapped = [[wrap_text(str(cell), widths[i]) if i < len(widths) and widths[i] and isinstance(cell, str)
                    else cell for i, cell in enumerate(row)] for row in rows]
        args = (wrapped, *args[1:])
    fast = _fast_table(*args, **kwargs)
    if fast is not None:
        return fast
    import tabulate as module

    module.WIDE_CHARS_MODE = True
    return module.tabulate(*args, **kwargs)


def _fast_table(rows: Sequence[Sequence[Any]], headers: Sequence[str] = (), tablefmt: str = "simple",
                disable_numparse: bool = False, **others: Any) -> str | None:
    """tabulate's ``simple`` / ``pipe`` output for cells that are all one-line text without
    control characters; None (use tabulate) for anything else."""
    if others or not disable_numparse or tablefmt not in ("simple", "pipe") or not headers:
        return None
    from wcwidth import wcswidth

    ncols = len(headers)
    heads = [str(h) for h in headers]
    if any("\n" in h or "\x1b" in h for h in heads):
        return None
    cols: list[list[str]] = [[] for _ in range(ncols)]
    for row in rows:
        if len(row) != ncols:
            return None
        for c, value in enumerate(row):
            if not isinstance(value, str) or "\n" in value or "\x1b" in value:
                return None
            cols[c].append(value.strip())
    widths_of: list[list[int]] = []
    widths: list[int] = []
    for h, col in zip(heads, cols, strict=True):
        ws = [wcswidth(v) for v in col]
        hw = wcswidth(h)
        if hw < 0 or (ws and min(ws) < 0):
            return None  # control characters: tabulate's measure
        widths_of.append(ws)
        widths.append(max([hw + 2, *ws]))
    head_ws = [wcswidth(h) for h in heads]
    pad = 1 if tablefmt == "pipe" else 0
    sep, left, right = (" | ", "| ", " |") if tablefmt == "pipe" else ("  ", "", "")

    def line(values: Sequence[str], value_widths: Sequence[int]) -> str:
        cells = sep.join(v + " " * (w - vw) for v, vw, w in zip(values, value_widths, widths, strict=True))
        return (left + cells + right).rstrip()

    if tablefmt == "pipe":
        rule = "|" + "|".join(":" + "-" * (w + 2 * pad - 1) for w in widths) + "|"
    else:
        rule = "  ".join("-" * w for w in widths)
    out = [line(heads, head_ws), rule]
    out += [line([col[i] for col in cols], [ws[i] for ws in widths_of]) for i in range(len(rows))]
    return "\n".join(out)


def text_table(projects: Sequence[Project], columns: Sequence[str] = LIST_COLUMNS,
               fmt: str = "simple") -> str:
    return tabulate(terminal_rows(projects, columns), headers=[header(c) for c in columns],
                    tablefmt=fmt, disable_numparse=True)


def value_text(field: str, value: object) -> str:
    """A stored (JSON) field value as users read it, for change reports."""
    if value is None or value == "" or (value == [] and (field == "units" or field.endswith("_units"))):
        return _("(empty)")
    if field == "status":
        return status_label(str(value))
    if field == "category":
        return category_label(str(value))
    if field == "progress_percent" and isinstance(value, int | float):
        return percent_text(value)
    if field in ("planned_investment", "completed_investment") and isinstance(value, int | float):
        return money_text(value)
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):  # units of every kind
        return for_terminal(UNIT_JOINER.join(value))
    if isinstance(value, list) and value and isinstance(value[0], dict):  # a log, reported values
        return _("{n} entries").format(n=len(value))
    if field == "progress_log" and isinstance(value, list):
        return _("{n} entries").format(n=len(value))
    return for_terminal(str(value))


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
        log = [[str(e.date), percent_text(e.percent), status_label(e.status), for_terminal(e.note)]
               for e in p.progress_log]
        text += "\n\n" + header("progress_log") + "\n" + tabulate(
            log, headers=[header("date"), header("percent"), header("status"), header("note")],
            disable_numparse=True)
    return text
