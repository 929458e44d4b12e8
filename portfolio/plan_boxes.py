"""The plan's 专栏 boxes of key tasks (专栏3 … 专栏15): number, title and text, as the importer
(``portfolio.io.boxes``) read them from the plan into ``plan_boxes.json``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import orjson

BOXES_FILE = Path(__file__).resolve().parent / "plan_boxes.json"


@dataclass(frozen=True)
class PlanBox:
    number: int
    title: str  # 饮用水水源地保护重点任务
    text: str

    @property
    def label(self) -> str:
        return f"专栏{self.number}"


@cache
def plan_boxes() -> dict[int, PlanBox]:
    raw = orjson.loads(BOXES_FILE.read_bytes())
    return {int(b["number"]): PlanBox(int(b["number"]), str(b["title"]), str(b["text"])) for b in raw}


_BOX = re.compile(r"^(?:专栏|box|b)\s*:?\s*(\d{1,2})$", re.IGNORECASE)
_PROJECT = re.compile(r"^[A-Za-z][0-9]{2,6}$")


def normalise_link(text: str) -> str | None:
    """A link as stored: a project code (``W01``) or a box (``专栏5``); ``box 5``, ``box:5``,
    ``专栏 5`` and ``w01`` are read too. None when the text is neither (or names no box 3-15)."""
    t = re.sub(r"\s+", "", str(text))
    m = _BOX.match(t)
    if m:
        number = int(m.group(1))
        return f"专栏{number}" if number in plan_boxes() else None
    if _PROJECT.match(t):
        return t.upper()
    return None


def box_number(link: str) -> int | None:
    return int(link[2:]) if link.startswith("专栏") and link[2:].isdigit() else None


def links_validator(value: Any) -> Any:
    """The model validator of a ``links`` field: typed links normalised, each once, in order."""
    if isinstance(value, str):
        value = [v for v in re.split(r"[,，、\s]+", value) if v]
    if not isinstance(value, list):
        return value
    out: list[str] = []
    for item in value:
        link = normalise_link(str(item))
        if link is None:
            raise ValueError(f"'{item}' is neither a project code (W01) nor a box (专栏5, 3-15)")
        if link not in out:
            out.append(link)
    return out


def drop_empty_links(data: Any) -> Any:
    """A record's JSON without ``links`` when it has none (the bundled file stays as it was)."""
    if isinstance(data, dict) and not data.get("links", True):
        data.pop("links")
    return data
