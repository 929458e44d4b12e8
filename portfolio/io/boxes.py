"""Read the plan's 专栏 boxes of key tasks (专栏3 … 专栏15) from its text: number, title and
the box's text (the lines under the title, up to the first empty line). Boxes 1 and 2 are the
indicator tables and are not read here.

``scripts/build_boxes.py`` writes them to ``portfolio/plan_boxes.json``; a test rebuilds the
table from ``seeds/`` and compares.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import orjson

BOX_TITLE = re.compile(r"^(?:\[bookmark:[^\]]*\])*\s*专栏\s*(\d{1,2})\s+(.+?)\s*$")
FIRST_BOX = 3


def read_boxes(text: str) -> list[dict[str, Any]]:
    """The boxes in the plan's order: ``{"number": 5, "title": "饮用水水源地保护重点任务", "text": …}``."""
    boxes: list[dict[str, Any]] = []
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = BOX_TITLE.match(line)
        if not m or int(m.group(1)) < FIRST_BOX:
            continue
        body: list[str] = []
        for following in lines[i + 1:]:
            if not following.strip() or BOX_TITLE.match(following):
                break
            body.append(following.strip())
        boxes.append({"number": int(m.group(1)), "title": re.sub(r"\s+", "", m.group(2)),
                      "text": "\n".join(body)})
    return boxes


def boxes_bytes(plan: Path) -> bytes:
    return orjson.dumps(read_boxes(plan.read_text(encoding="utf-8")), option=orjson.OPT_INDENT_2) + b"\n"
