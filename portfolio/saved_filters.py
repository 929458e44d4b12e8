"""Named saved filters: ``@name`` in a query stands for the query saved under that name.

``expand`` is the one place ``@name`` is resolved: the CLI (every ``--where``) and the UI's
filter box both call it before parsing. A saved query may itself use ``@other`` (a cycle is
an error). The names live in the user's settings (``portfolio.settings``).
"""

from __future__ import annotations

import re

from . import settings
from .errors import PortfolioError, printable
from .i18n import _
from .records.project.query import parse

NAME = re.compile(r"^[^\s@:：\"'-][^\s@:：\"']*$")
_REFERENCE = re.compile(r"(?<!\S)@(\S*)")
MAX_DEPTH = 10


class FilterNameError(PortfolioError):
    """An unknown ``@name`` or an unusable name to save under."""


def saved() -> dict[str, str]:
    return settings.load().saved_filters()


def names_text(filters: dict[str, str]) -> str:
    return ", ".join("@" + n for n in sorted(filters)) if filters else _("(none saved)")


def expand(text: str, filters: dict[str, str] | None = None, _depth: int = 0) -> str:
    """The query with every ``@name`` term replaced by the saved query; an unknown name
    raises ``FilterNameError`` listing the saved names."""
    if "@" not in text:
        return text
    table = saved() if filters is None else filters

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in table:
            raise FilterNameError(_("Unknown saved filter '@{name}'; saved filters: {names}").format(
                name=printable(name), names=names_text(table)))
        if _depth >= MAX_DEPTH:
            raise FilterNameError(_("Saved filter '@{name}' refers to itself").format(name=name))
        return expand(table[name], table, _depth + 1)

    return _REFERENCE.sub(replace, text)


def check_name(name: str) -> str:
    name = name.strip().removeprefix("@")
    if not NAME.match(name):
        raise FilterNameError(_("'{name}' cannot name a filter: use a word without spaces, quotes, "
                                "'@' or ':'").format(name=printable(name)))
    return name


def save(name: str, query: str) -> str:
    """Check the name and the query (expanded and parsed), then save; returns the name."""
    name = check_name(name)
    query = query.strip()
    filters = saved()
    filters.pop(name, None)  # a query cannot refer to the name it is saved under
    parse(expand(query, filters))  # raises QueryError / FilterNameError naming the term
    settings.set_saved_filter(name, query)
    return name


def delete(name: str) -> None:
    name = name.strip().removeprefix("@")
    filters = saved()
    if name not in filters:
        raise FilterNameError(_("Unknown saved filter '@{name}'; saved filters: {names}").format(
            name=printable(name), names=names_text(filters)))
    settings.set_saved_filter(name, None)
