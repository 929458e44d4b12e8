"""The one reader of numbers typed or imported as text (``set``, bulk edit, CSV/XLSX import,
collected forms, the progress log): one number means one thing everywhere.

Accepted: ``5000``, ``5,000`` and ``1,234,567.5`` (thousands separated by commas in groups of
three), ``-3``, ``.5``, ``2.5e3``, and for percentages a trailing ``%``/``％``. Refused, never
guessed: ``5,0`` and ``0,5`` (a decimal comma, or a mistyped thousand?), ``1_0`` (Python's
digit separator), ``5.000,5``, full-width digits, ``nan``, ``inf``, and anything else.
Whether the number is in range is the model's to say (``Percent``, ``Money``).
"""

from __future__ import annotations

import math
import re

from .errors import PortfolioError, printable
from .i18n import _

_NUMBER = re.compile(
    r"[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+|\d+(?:\.\d+)?[eE][+-]?\d+)", re.ASCII)


class NumberError(PortfolioError):
    """Text that is not a number in the one accepted form; the message quotes it."""


def parse_number(text: str, *, percent: bool = False) -> int | float:
    """The number ``text`` writes (an ``int`` when it has no fraction or exponent), else
    ``NumberError`` saying what was typed and how a number is written."""
    raw = str(text)
    t = raw.strip()
    if percent:
        t = t.removesuffix("%").removesuffix("％").strip()
    if t.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise NumberError(_("'{value}' is not a finite number").format(value=printable(raw.strip())))
    if not _NUMBER.fullmatch(t):
        raise NumberError(_("'{value}' is not a number (write 5000 or 5,000, with '.' before decimals)").format(
            value=printable(raw.strip())))
    t = t.replace(",", "")
    if "." in t or "e" in t or "E" in t:
        value = float(t)
        if not math.isfinite(value):
            raise NumberError(_("'{value}' is not a finite number").format(value=printable(raw.strip())))
        return value
    return int(t)


def number_or_none(text: str, *, percent: bool = False) -> int | float | None:
    """``parse_number`` where an empty text means no value."""
    return None if not str(text).strip() else parse_number(text, percent=percent)


def field_number(text: str, label: str, *, percent: bool = False) -> int | float | None:
    """A number typed for the field ``label`` (empty: no value); refused naming the field."""
    try:
        return number_or_none(text, percent=percent)
    except NumberError as exc:
        raise NumberError(_("{field}: {message}").format(field=label, message=exc)) from None
