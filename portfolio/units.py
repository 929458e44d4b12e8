"""Unit names: splitting a cell into names, and the units directory (canonical names,
aliases, groups) that ``unit:`` queries, dispatch and the per-unit ledger resolve through.
"""

from __future__ import annotations

import re

# a cell lists units separated by these; 各县、区人民政府 is one name written with a 、
_SEPARATORS = re.compile(r"[、，,;；\n]+")
_ONE_NAME = re.compile(r"([县市])、(区)")
_KEEP = "\u2063"  # invisible separator: protects the 、 inside one name while splitting
NO_UNITS = {"", "/", "／", "无", "——", "—", "-"}


def split_units(cell: str) -> list[str]:
    """The unit names a cell lists, as written (white space, a conversion artefact, removed)."""
    text = re.sub(r"[ \t\u3000]+", "", cell).strip()
    if text in NO_UNITS:
        return []
    text = _ONE_NAME.sub(rf"\1{_KEEP}\2", text)
    names = [part.replace(_KEEP, "、").strip() for part in _SEPARATORS.split(text)]
    return [n for n in names if n and n not in NO_UNITS]
