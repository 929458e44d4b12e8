"""Where in a JSON text a strict parse failed on something the standard parser only reports
without a position (a duplicate key, a NaN/Infinity constant): line and column, and the code of
the record (the object holding a ``"code"``) when there is one. Runs only on the error path."""

from __future__ import annotations

import re
from dataclasses import dataclass

# a string (maybe a key, when a colon follows), a brace, or a bare constant
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"(\s*:)?|([{}])|(-?Infinity|NaN)\b')
_CODE_VALUE = re.compile(r'\s*"((?:[^"\\]|\\.)*)"')


@dataclass(frozen=True)
class Where:
    line: int
    column: int
    record: str | None  # the enclosing record's code, when it holds one before this point


def _where(text: str, pos: int, codes: list[str | None]) -> Where:
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    record = next((c for c in reversed(codes) if c), None)
    return Where(line, column, record)


def locate(text: str, *, duplicate: str | None = None, constant: bool = False) -> Where | None:
    """The first duplicate key (``duplicate`` names it) or bare constant in ``text``."""
    keys: list[set[str]] = []
    codes: list[str | None] = []
    for m in _TOKEN.finditer(text):
        if m.group(3) == "{":
            keys.append(set())
            codes.append(None)
        elif m.group(3) == "}":
            if keys:
                keys.pop()
                codes.pop()
        elif m.group(4) is not None:
            if constant:
                return _where(text, m.start(), codes)
        elif m.group(2) and keys:
            key = m.group(1)
            if key == "code":
                value = _CODE_VALUE.match(text, m.end())
                codes[-1] = value.group(1) if value else None
            if key in keys[-1] and (duplicate is None or key == duplicate):
                return _where(text, m.start(), codes)
            keys[-1].add(key)
    return None
