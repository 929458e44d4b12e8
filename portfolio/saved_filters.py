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
from .text import check_name_text

NAME = re.compile(r"^[^\s@:：\"'-][^\s@:：\"']*$")
_REFERENCE = re.compile(r"(?<!\S)@(\S*)")
MAX_DEPTH = 10
MAX_EXPANDED_CHARS = 10_000


class FilterNameError(PortfolioError):
    """An unknown ``@name`` or an unusable name to save under."""


def saved() -> dict[str, str]:
    return settings.load().saved_filters()


def names_text(filters: dict[str, str]) -> str:
    return ", ".join("@" + n for n in sorted(filters)) if filters else _("(none saved)")


def expand(text: str, filters: dict[str, str] | None = None) -> str:
    """The query with every ``@name`` term replaced by the saved query; an unknown name
    raises ``FilterNameError`` listing the saved names. Saved queries refer to each other at
    most ``MAX_DEPTH`` deep and expand to at most ``MAX_EXPANDED_CHARS``: beyond either (or in a
    cycle) one line names the chain, at once and in bounded memory."""
    if "@" not in text:
        return text
    table = saved() if filters is None else filters
    done: dict[str, str] = {}

    def walk(query: str, chain: list[str]) -> str:
        size = [len(query)]

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in table:
                raise FilterNameError(_("Unknown saved filter '@{name}'; saved filters: {names}").format(
                    name=printable(name), names=names_text(table)))
            path = " → ".join("@" + printable(n) for n in [*chain, name])
            if name in chain:
                raise FilterNameError(_("Saved filter '@{name}' refers to itself: {path}").format(
                    name=printable(name), path=path))
            if len(chain) >= MAX_DEPTH:
                raise FilterNameError(_("Saved filters refer to each other more than {limit} deep: {path}").format(
                    limit=MAX_DEPTH, path=path))
            if name not in done:
                done[name] = walk(table[name], [*chain, name])
            size[0] += len(done[name])
            if size[0] > MAX_EXPANDED_CHARS:
                raise FilterNameError(_("Saved filter '@{name}' expands to more than {limit} characters "
                                        "(its saved filters refer to others too often)").format(
                    name=printable(chain[0] if chain else name), limit=MAX_EXPANDED_CHARS))
            return done[name]

        return _REFERENCE.sub(replace, query) if "@" in query else query

    return walk(text, [])


def check_name(name: str) -> str:
    name = check_name_text(name, _("Filter name"), FilterNameError).removeprefix("@")
    if not NAME.match(name):
        raise FilterNameError(_("'{name}' cannot name a filter: use a word without spaces, quotes, "
                                "'@' or ':'").format(name=printable(name)))
    return name


def save(name: str, query: str) -> str:
    """Check the name and the query (expanded and parsed), then save; returns the name."""
    name = check_name(name)
    query = check_name_text(query, _("Query"), FilterNameError)
    # expanded as it would be once saved: a query that refers to its own name, directly or
    # through others (@b = @a while @a = @b), is refused naming the chain
    parse(expand("@" + name, saved() | {name: query}))  # raises QueryError / FilterNameError
    settings.set_saved_filter(name, query)
    return name


def delete(name: str) -> None:
    name = name.strip().removeprefix("@")
    filters = saved()
    if name not in filters:
        raise FilterNameError(_("Unknown saved filter '@{name}'; saved filters: {names}").format(
            name=printable(name), names=names_text(filters)))
    settings.set_saved_filter(name, None)
