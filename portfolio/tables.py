"""Text tables (tabulate, with wcwidth so that Chinese columns line up) and the number formats
their cells use (percentages, amounts)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .i18n import format_number, format_percent, get_language

UNIT_JOINER = "、"


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


# a line never starts with closing punctuation nor ends with opening punctuation (the
# Chinese line-breaking rule, 避头尾)
_NO_START = frozenset("。，、；：？！）」』”’》〉】〕…%‰,.;:?!)]}·—～")
_NO_END = frozenset("（「『“‘《〈【〔([{")


def _breakable(before: str, ch: str, wide_before: bool, wide: bool) -> bool:
    """May a line break fall between ``before`` and ``ch``? After a space; between two
    characters one of which is wide (CJK text breaks between any two characters), unless the
    punctuation rule forbids it; never inside a run of narrow characters (a word, 60%)."""
    if ch == " ":
        return False
    if before == " ":
        return True
    return (wide_before or wide) and ch not in _NO_START and before not in _NO_END


def wrap_text(text: str, width: int) -> str:
    """``text`` broken into lines of at most ``width`` display columns (a CJK character
    counts two): at the last place a break may fall (a space, between CJK characters, never
    before a closing punctuation mark nor inside a word), else hard at the width. Linear in
    the text's length (tabulate's own ``maxcolwidths`` wrapping was quadratic: 1M characters
    took 32 s)."""
    from wcwidth import wcwidth

    out: list[str] = []
    for para in text.splitlines():
        if not para.strip():
            continue
        line: list[str] = []
        widths: list[int] = []
        used = 0
        brk = 0  # the last index of ``line`` a break may fall before (0: none)
        for ch in para:
            w = max(wcwidth(ch), 0)
            if line and _breakable(line[-1], ch, widths[-1] > 1, w > 1):
                brk = len(line)
            if used + w > width and line:
                if ch == " ":  # the break falls on a space: it ends the line
                    out.append("".join(line).rstrip())
                    line, widths, used, brk = [], [], 0, 0
                    continue
                cut = brk if brk > 0 else len(line)
                out.append("".join(line[:cut]).rstrip())
                line, widths = line[cut:], widths[cut:]
                while line and line[0] == " ":
                    line, widths = line[1:], widths[1:]
                used = sum(widths)
                brk = 0
                if used + w > width and line:  # what moved down does not leave room: break hard
                    out.append("".join(line))
                    line, widths, used = [], [], 0
            if not line and ch == " ":
                continue
            line.append(ch)
            widths.append(w)
            used += w
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
