"""Read the plan's indicator table (专栏2 …指标体系) from its text: 38 rows -> ``Indicator``s
with codes I01… in the plan's order.

In the text every table cell starts on its own tab-indented line, a line without the tab
continues the cell above (``环境\\n质量\\n改善``), a blank line ends a row. A row has 8 cells
(类别, 序号, 指标, sub-indicator, 单位, 2020年情况, 2025年目标, 指标属性) or 7 when the indicator
has no sub-indicator. The plan merges cells down over several rows (类别, 序号, 指标, and the
2025 target and attribute shared by a group such as PM10 … O3): an empty cell there takes the
value of the row above, and the record lists the fields it carried in ``continued``.
Baseline and target texts are kept exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from ..errors import ImportFormatError
from ..i18n import _
from ..records.indicator.model import Indicator, derive_direction
from ..records.issues import describe_errors

TABLE_TITLE = re.compile(r"^专栏\s*2\s*.*指标体系")
HEADER_FIRST = "类别"
FOOTNOTE_STAR = re.compile(r"^\d、\s*\*(.+)$")
CARRIED = ("name", "target_2025", "attribute")


def _rows(lines: list[str], start: int) -> Iterator[tuple[list[str], int]]:
    cells: list[str] = []
    first = start
    for number, line in enumerate(lines[start:], start=start + 1):
        if line.strip().startswith("注"):
            break
        if not line.strip() and not line.startswith("\t"):
            if cells:
                yield cells, first
            cells = []
            continue
        if line.startswith("\t"):
            if not cells:
                first = number
            cells.append(line[1:])
        elif cells:
            cells[-1] += line
    if cells:
        yield cells, first


def _footnotes(lines: list[str], start: int) -> str:
    for line in lines[start:start + 400]:
        m = FOOTNOTE_STAR.match(line.strip().removeprefix("注：").strip())
        if m:
            return "*" + m.group(1).strip()
    return ""


def indicators_from_text(text: str) -> list[Indicator]:
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if TABLE_TITLE.match(line.strip())), None)
    if start is None:
        raise ImportFormatError(_("No indicator table (专栏2 …指标体系) found"))
    star_note = _footnotes(lines, start)
    out: list[Indicator] = []
    previous: dict[str, str] = {}
    for cells, line in _rows(lines, start + 1):
        where = _("line {n}").format(n=line)
        cells = [re.sub(r"\s+", "", c) if i == 0 else c.strip() for i, c in enumerate(cells)]
        if cells and cells[0] == HEADER_FIRST:
            continue
        if len(cells) == 8:
            category, number, name, sub, unit, base, target, attribute = cells
        elif len(cells) == 7:
            category, number, name, unit, base, target, attribute = cells
            sub = ""
        else:
            raise ImportFormatError(
                _("{where}: an indicator row has 7 or 8 cells, this one {n}").format(where=where, n=len(cells)))
        row = {"category": category, "number": number, "name": name, "sub_name": sub, "unit": unit,
               "baseline_2020": base, "target_2025": target, "attribute": attribute}
        continued = []
        for key in ("category", "number", *CARRIED):
            if not row[key] and previous.get(key):
                row[key] = previous[key]
                if key in CARRIED:
                    continued.append(key)
        previous = row
        note = star_note if (name + sub).endswith("*") else ""
        data = {**row, "code": f"I{len(out) + 1:02d}", "note": note, "continued": continued,
                "direction": derive_direction(row["name"], row["sub_name"], row["target_2025"])}
        try:
            out.append(Indicator.model_validate(data))
        except ValidationError as exc:
            issues = _("; ").join(str(i) for i in describe_errors(exc))
            raise ImportFormatError(f"{where}: {issues}") from None
    if not out:
        raise ImportFormatError(_("The indicator table (专栏2) has no rows"))
    return out


def has_indicator_table(text: str) -> bool:
    return any(TABLE_TITLE.match(line.strip()) for line in text.splitlines())


def read_indicators(path: Path) -> list[Indicator]:
    from .tasks_text import read_text

    return indicators_from_text(read_text(path))
