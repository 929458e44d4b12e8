"""Translations (gettext catalogs, compiled by babel on install) and locale-aware formatting.

Message ids are English; ``zh_CN`` (the default) translates them. The active language is
process-wide and can change at run time (the UI switches with F2), so ``_`` looks the
catalog up on every call. Strings defined at import time are marked with ``N_`` and
translated where they are shown.
"""

from __future__ import annotations

import decimal
import gettext
import io
import math
import os
from collections.abc import Callable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from babel import Locale
from babel.numbers import NumberPattern, format_decimal, parse_pattern

DOMAIN = "portfolio"
LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LANGUAGE = "zh_CN"
SUPPORTED_LANGUAGES = ("zh_CN", "en")
ENV_VAR = "PORTFOLIO_LANG"

_catalogs: dict[str, gettext.NullTranslations] = {}
_language = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


class UnknownLanguage(ValueError):
    pass


def normalize_language(value: str) -> str:
    """Map what users type (``zh``, ``zh-CN``, ``zh_Hans_CN``, ``en_US``, ``EN``) to a supported code."""
    v = value.strip().replace("-", "_").lower()
    if v in ("zh", "zh_cn", "zh_hans", "zh_hans_cn", "cn", "chinese", "中文"):
        return "zh_CN"
    if v in ("en", "en_us", "en_gb", "english"):
        return "en"
    raise UnknownLanguage(value)


def resolve_language(cli_value: str | None = None) -> str:
    """``--lang`` first, then ``$PORTFOLIO_LANG``, then zh_CN."""
    for candidate in (cli_value, os.environ.get(ENV_VAR)):
        if candidate:
            return normalize_language(candidate)
    return DEFAULT_LANGUAGE


def _compile_in_memory(po_path: Path) -> gettext.NullTranslations:
    """Fallback for a source tree whose .mo files were never built."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return gettext.GNUTranslations(buf)


def load_catalog(language: str) -> gettext.NullTranslations:
    """The catalog for ``language``; pass the code as a string (a babel ``Locale`` would
    look for ``zh_Hans_CN/``)."""
    if language not in _catalogs:
        # the standard library reads the compiled catalogs (babel.support would also import
        # babel.dates and zoneinfo at start-up)
        translations = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)
        po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
        mo = po.with_suffix(".mo")
        stale = po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime)
        if (stale or not isinstance(translations, gettext.GNUTranslations)) and po.exists():
            translations = _compile_in_memory(po)
        _catalogs[language] = translations
    return _catalogs[language]


def set_language(language: str) -> None:
    global _language
    _language = normalize_language(language)
    load_catalog(_language)
    for listener in list(_listeners):
        listener(_language)


def get_language() -> str:
    return _language


def on_language_change(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def _(message: str) -> str:
    return load_catalog(_language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return load_catalog(_language).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it now."""
    return message


def babel_locale() -> Locale:
    return Locale.parse(_language)


@lru_cache(maxsize=8)
def _locale(language: str) -> Locale:
    return Locale.parse(language)


@lru_cache(maxsize=32)
def _pattern(pattern: str) -> NumberPattern:
    return parse_pattern(pattern)


def _plain(value: float | int, digits: int | None, suffix: str = "") -> str:
    """What babel cannot format (inf, nan, numbers beyond its decimal precision) written plainly:
    a database or journal line from before the limits still displays."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value) + suffix
    try:
        return (f"{value:,.{digits}f}" if digits is not None else f"{value:,}") + suffix
    except (ValueError, OverflowError):
        return repr(value) + suffix


_BABEL_ERRORS = (decimal.InvalidOperation, decimal.Overflow, ValueError, OverflowError, TypeError)


def format_number(value: float | int, digits: int | None = None) -> str:
    """Never raises: inf, nan and huge numbers are written plainly."""
    if isinstance(value, float) and not math.isfinite(value):
        return _plain(value, digits)
    try:
        if digits is None:
            return format_decimal(value, locale=_locale(_language))
        pattern = _pattern("#,##0" + ("." + "0" * digits if digits else ""))
        return str(pattern.apply(value, _locale(_language)))
    except _BABEL_ERRORS:
        return _plain(value, digits)


def format_percent(value: float, digits: int = 0) -> str:
    """``value`` is a percentage (0-100), not a fraction. (Patterns and locales are parsed once:
    babel's format_percent parses them on every call, 0.4 ms each.) Never raises."""
    if isinstance(value, float) and not math.isfinite(value):
        return _plain(value, None, "%")
    try:
        pattern = _pattern("#,##0" + ("." + "0" * digits if digits else "") + "%")
        return str(pattern.apply(value / 100, _locale(_language)))
    except _BABEL_ERRORS:
        return _plain(value, digits, "%")


def format_money_wan(value: float | None) -> str:
    """An amount in 万元, with its unit."""
    if value is None:
        return ""
    return _("{amount} (10k yuan)").format(amount=format_number(value, 2))


def format_date(value: date, style: str = "medium") -> str:
    from babel.dates import format_date as babel_format_date  # with zoneinfo: not needed to start

    return babel_format_date(value, format=style, locale=_language)


def format_stamp(value: datetime) -> str:
    """A moment in tables and lists, the CLI's and the UI's alike: 2023-06-30 14:05 (dates are
    ISO everywhere too: one format a reader learns once and a spreadsheet sorts)."""
    return value.strftime("%Y-%m-%d %H:%M")
