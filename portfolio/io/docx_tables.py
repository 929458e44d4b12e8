"""Tables of the official Word documents (``io.official_docx``): columns sized to their content,
rows written as WordprocessingML in bulk.

Column widths. A table is laid out by its grid (``w:gridCol``), which LibreOffice and WPS follow
to the letter and Word follows with ``w:tblLayout fixed``. Widths are therefore computed here, from
the text of each column, so that nothing a reader reads as one thing is broken across lines:

* a number, a code, a unit, a date (a run of characters without a space or a CJK character:
  ``95.5``, ``1,200.00``, ``LZS2022-W-01``, ``ug/m3``) is never broken: the column is at least as
  wide as its widest such run;
* a header of up to four characters is kept on one line, a longer one takes two lines (then
  three, …), and a short text (a state, a category name such as 应对气候变化工程) is kept on
  one line, as far as the table can afford it: the longest short text kept whole (8, 5, then 3
  characters) and the header's lines are traded step by step (``TRIALS``) until the table fits
  the text block; ``nowrap`` columns (a label column) keep every cell whole whatever it costs;
* the width left goes first to the headers that take the most lines, a line less at a time;
* what is left of the text block's width goes to the columns whose text wraps (names, notes), in
  proportion to how much more they would need to hold their longest text on one line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm
from wcwidth import wcwidth

PT_PER_MM = 72 / 25.4
PADDING_MM = 2.0 + 0.6  # the cell margins (1 mm each side) and a little slack for the font's metrics
# what the table tries to afford, best first: the longest short text kept on one line (display
# columns, a CJK character is 2) and the most lines a header takes (one if it is four characters)
TRIALS = ((16, 2), (10, 2), (16, 3), (10, 3), (6, 3), (6, 4), (0, 6))
SHORT_HEADER = 8

# a run that must not break: no space, no CJK ideograph and no CJK comma or stop. Brackets and
# the like join what they touch: LibreOffice keeps "95.5（2023）" together (a number and the
# bracket after it are one word to its line breaker) and breaks it mid-number when it cannot fit
_UNBREAKABLE = re.compile(r"[^\s\u3400-\u4dbf\u4e00-\u9fff、，。；：！？]+")


def _char_em(ch: str) -> float:
    """Width of one character in ems of the font size (CJK 1; Latin by its kind, generously)."""
    if ch.isupper() or ch in "%@&mwMW—":
        return 0.75
    w = wcwidth(ch)
    return 1.0 if w == 2 else 0.55 if w == 1 else 0.0


@lru_cache(maxsize=65536)
def text_em(text: str) -> float:
    """Ems the longest line of ``text`` takes."""
    return max((sum(_char_em(c) for c in line) for line in text.split("\n")), default=0.0)


@lru_cache(maxsize=65536)
def unbreakable_em(text: str) -> float:
    """Ems of the widest run of ``text`` that a line may not break (a CJK character at least)."""
    widest = max((text_em(m) for m in _UNBREAKABLE.findall(text)), default=0.0)
    return max(widest, 1.0 if any(wcwidth(c) == 2 for c in text) else 0.0)


def _display(text: str) -> int:
    return max((sum(max(wcwidth(c), 0) for c in line) for line in text.split("\n")), default=0)


def _header_mm(text: str, lines: int, em_mm: float) -> float:
    """A header on ``lines`` lines at most (a short one whole while two lines are allowed)."""
    em = text_em(text)
    if _display(text) > SHORT_HEADER or lines > 2:
        em = math.ceil(em / lines)
    return em * em_mm + PADDING_MM


def _header_lines(text: str, width: float, em_mm: float) -> int:
    per_line = max(1, math.floor((width - PADDING_MM) / em_mm + 1e-6))
    return max(1, math.ceil(text_em(text) / per_line - 1e-6))


def _balance_headers(widths: list[float], columns: Sequence[Sequence[str]], em_mm: float, spare: float,
                     keep: set[int]) -> float:
    """Spare width first to the headers that take the most lines, a line less at a time, for as
    long as every header of the tallest kind can be made a line shorter; the width left."""
    while spare > 1e-6:
        lines = [1 if c in keep or not col else _header_lines(col[0], widths[c], em_mm)
                 for c, col in enumerate(columns)]
        top = max(lines, default=1)
        if top <= 1:
            break
        tallest = [c for c in range(len(columns)) if lines[c] == top]
        need = {c: max(0.0, math.ceil(text_em(columns[c][0]) / (top - 1)) * em_mm + PADDING_MM - widths[c])
                for c in tallest}
        if sum(need.values()) > spare:
            break
        for c, more in need.items():
            widths[c] += more
        spare -= sum(need.values())
    return spare


def column_widths(columns: Sequence[Sequence[str]], size_pt: float, width_mm: float, *,
                  nowrap: Iterable[int] = ()) -> list[float]:
    """Widths in mm of columns holding ``columns[c]`` (header first) at ``size_pt``, summing to
    ``width_mm`` (see the module's note)."""
    em_mm = size_pt / PT_PER_MM
    keep = set(nowrap)
    # what a column would need for its longest text on one line (a long header may wrap anyway)
    longest = [max((text_em(t) for i, t in enumerate(col) if i or _display(t) <= SHORT_HEADER), default=0.0)
               * em_mm + PADDING_MM for col in columns]
    tokens = [max((unbreakable_em(t) for t in col), default=0.0) * em_mm + PADDING_MM for col in columns]
    minimum = [longest[c] if c in keep else tokens[c] for c in range(len(columns))]
    for limit, lines in TRIALS:
        trial = [longest[c] if c in keep else
                 max(tokens[c], _header_mm(col[0], lines, em_mm) if col else 0.0,
                     max((text_em(t) for t in col[1:] if _display(t) <= limit), default=0.0) * em_mm + PADDING_MM)
                 for c, col in enumerate(columns)]
        if sum(trial) <= width_mm:
            minimum = trial
            break
    spare = width_mm - sum(minimum)
    if spare <= 0:  # even the unbreakable runs do not fit: shrink them all alike
        return [m * width_mm / sum(minimum) for m in minimum]
    minimum = list(minimum)
    spare = _balance_headers(minimum, columns, em_mm, spare, keep)
    want = [max(0.0, longest[c] - minimum[c]) for c in range(len(columns))]
    if sum(want) > spare:
        return [minimum[c] + spare * want[c] / sum(want) for c in range(len(columns))]
    # everything fits on one line: the rest of the block goes to the columns in proportion to them
    widths = [max(minimum[c], longest[c]) for c in range(len(columns))]
    extra = width_mm - sum(widths)
    total = sum(widths)
    return [w + extra * w / total for w in widths]


# where a header's line may break, best first: before a bracket (a unit: 已完成投资 / （万元）),
# before a word that ends report headers (填报投资 / 项目数, 投资 / 完成率), between two CJK characters
_HEADER_WORDS = ("完成率", "项目数", "任务数", "指标数", "完成", "项目", "任务", "指标", "投资", "进度", "状态",
                 "情况", "目标", "属性", "时限", "单位", "日期", "名称", "到期", "推进", "滞后", "开始", "取消",
                 "填报", "率", "数", "值")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_NO_LINE_START = "）)、，。；：！？%"


def _header_breaks(text: str) -> dict[int, int]:
    """Positions a header may break before, with their cost (0 best)."""
    costs: dict[int, int] = {}
    for i in range(1, len(text)):
        before, ch = text[i - 1], text[i]
        if ch in _NO_LINE_START or before in "（(":
            continue
        if ch in "（(":
            costs[i] = 0
        elif any(text.startswith(word, i) for word in _HEADER_WORDS) and _CJK.match(before):
            costs[i] = 1
        elif before == " " or (_CJK.match(before) and ch != " "):
            costs[i] = 3
    return costs


def break_header(text: str, width_mm: float, em_mm: float) -> str:
    """A header as the lines it is shown on in a column ``width_mm`` wide: whole if it fits,
    else broken where a reader breaks it (``_header_breaks``: 已完成投资 / （万元）, never
    已完 / 成), the fewest lines, then the cheapest breaks, then the most even lines, then the
    longer first line (按序时 / 推进). Unchanged when no such breaking fits (the renderer
    breaks it then)."""
    from itertools import combinations, pairwise

    def lines(cut: tuple[int, ...]) -> list[str]:
        return [text[a:b].strip() for a, b in pairwise((0, *cut, len(text)))]

    room = width_mm - PADDING_MM + 1e-6
    if "\n" in text or text_em(text) * em_mm <= room:
        return text
    costs = _header_breaks(text)
    positions = sorted(costs)
    for k in range(1, min(len(positions), 4) + 1):
        fitting = [(sum(costs[c] for c in cut), widest, tuple(-c for c in cut), cut)
                   for cut in combinations(positions, k)
                   if (widest := max(text_em(line) for line in lines(cut)) * em_mm) <= room]
        if fitting:
            return "\n".join(lines(min(fitting)[3]))
    return text
    costs = _header_breaks(text)
    positions = sorted(costs)
    for k in range(1, min(len(positions), 4) + 1):
        best: tuple[int, float, tuple[int, ...]] | None = None
        for cut in combinations(positions, k):
            bounds = (0, *cut, len(text))
            lines = [text[a:b].strip() for a, b in pairwise(bounds)]
            widest = max(text_em(line) for line in lines) * em_mm
            if widest > room:
                continue
            key = (sum(costs[c] for c in cut), widest, tuple(-c for c in cut))
            if best is None or key < best:
                best = key
        if best is not None:
            bounds = (0, *(-c for c in best[2]), len(text))
            return "\n".join(text[a:b].strip() for a, b in pairwise(bounds))
    return text


def cell_margins(table: Any, margin: Any) -> None:
    """Left and right cell padding of the whole table (Word's default is 1.9 mm), and a fixed
    layout (Word then keeps the grid as written instead of fitting it to the text)."""
    tbl_pr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(margin.pt * 20)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tbl_pr.append(mar)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl_pr.append(layout)


def set_widths(table: Any, widths_mm: Sequence[float]) -> list[int]:
    """The grid LibreOffice and WPS lay out by, the table's total width; the widths in twips."""
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    twips = [round(Mm(w).twips) for w in widths_mm]
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        table._tbl.tblPr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(twips)))
    tbl_w.set(qn("w:type"), "dxa")
    return twips


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class RowsXml:
    """Table rows (w:tr) as text: every row unsplittable (w:cantSplit), the header repeated
    (w:tblHeader) and shaded, cell widths, paragraph styles by id, right alignment, fills."""

    def __init__(self, twips: Sequence[int], text_style: str, header_style: str) -> None:
        self.twips = list(twips)
        self.text_style, self.header_style = text_style, header_style
        self.parts: list[str] = []
        self.pending = 0

    @staticmethod
    def _runs(text: str) -> str:
        lines = [f'<w:r><w:t xml:space="preserve">{xml_escape(line)}</w:t></w:r>' for line in text.split("\n")]
        return "<w:r><w:br/></w:r>".join(lines)

    def _cell(self, text: str, width: int, style: str, *, right: bool = False, fill: str | None = None,
              span: int = 1, keep: bool = False) -> str:
        shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
        grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
        ppr = f'<w:pStyle w:val="{style}"/>' + ("<w:keepNext/>" if keep else "") + (
            '<w:jc w:val="right"/>' if right else "")
        return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}{shade}</w:tcPr>'
                f"<w:p><w:pPr>{ppr}</w:pPr>{self._runs(text)}</w:p></w:tc>")

    def row(self, values: Sequence[str], *, header: bool = False, right: Iterable[int] = (),
            fills: Sequence[str | None] | None = None) -> None:
        flags = '<w:cantSplit w:val="true"/>' + ('<w:tblHeader w:val="true"/>' if header else "")
        style = self.header_style if header else self.text_style
        right_set = set(right)
        cells = "".join(self._cell(str(v), w, style, right=c in right_set, fill=fills[c] if fills else None)
                        for c, (v, w) in enumerate(zip(values, self.twips, strict=True)))
        self.parts.append(f"<w:tr><w:trPr>{flags}</w:trPr>{cells}</w:tr>")
        self.pending += 1

    def span(self, text: str, fill: str) -> None:
        """A heading row merged across all columns, kept with the row after it."""
        cell = self._cell(text, sum(self.twips), self.header_style, fill=fill, span=len(self.twips), keep=True)
        self.parts.append(f'<w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr>{cell}</w:tr>')
        self.pending += 1

    def flush_into(self, tbl: Any) -> None:
        if not self.parts:
            return
        fragment = parse_xml(f'<w:tbl xmlns:w="{_W}">' + "".join(self.parts) + "</w:tbl>")
        for tr in list(fragment):
            tbl.append(tr)
        self.parts.clear()
        self.pending = 0
