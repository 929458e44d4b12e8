"""The status bar's text: shown / total, marked, sort, the tree's scope, the review date in
force, the user and the database; a message (saved, exported…) after them. The most useful
parts come first so that a narrow terminal cuts the least useful."""

from __future__ import annotations

import getpass
import os
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from portfolio.i18n import _
from portfolio.records.columns import RecordKind
from portfolio.records.project.views import category_label
from portfolio.scope import Scope
from portfolio.sorting import SortKey
from portfolio.store import describe

from .table_lines import sort_mark

SEPARATOR = " · "


def scope_text(scope: Scope) -> str:
    """The tree's scope as the filter line and the status bar show it (empty: everything)."""
    if scope.category is None:
        return ""
    text = category_label(scope.category, short=False)
    return f"{text} › {scope.subcategory}" if scope.subcategory else text


def sort_description(kind: RecordKind[Any], spec: Sequence[SortKey]) -> str:
    if not spec:
        return _("plan order")
    return ", ".join(kind.column(k).header() + sort_mark([(k, d)], k) for k, d in spec)


def user_name(repo: object) -> str:
    author = getattr(repo, "author", None)
    if isinstance(author, str) and author:
        return author
    if os.environ.get("PORTFOLIO_USER", "").strip():
        return os.environ["PORTFOLIO_USER"].strip()
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): nothing to show
        return "?"


def status_line(*, shown: int, total: int, marked: int, kind: RecordKind[Any], spec: Sequence[SortKey],
                scope: str, review_date: date, db: Path, user: str, message: str = "",
                overflow: bool = False, width: int = 0) -> Text:
    """The status text; with ``width`` (the cells available) the least useful parts (the
    database, then the user, …) are left out whole rather than cut mid-word."""
    parts = [_("{shown} / {total} shown").format(shown=shown, total=total)]
    if marked:
        parts.append(_("{n} marked").format(n=marked))
    parts.append(_("Sort: {sort}").format(sort=sort_description(kind, spec)))
    if scope:
        parts.append(_("Scope: {scope}").format(scope=scope))
    if overflow:
        parts.append(_("←/→ more columns"))
    parts.append(_("Review date: {date}").format(date=review_date.isoformat()))
    parts.append(_("User: {user}").format(user=user))
    parts.append(_("Database: {path}").format(path=describe(db)))
    lead = cell_len(message + SEPARATOR) if message else 0
    while width > 0 and len(parts) > 1 and lead + cell_len(SEPARATOR.join(parts)) > width:
        parts.pop()
    text = Text(SEPARATOR.join(parts))
    if message:
        text = Text.assemble((message, "bold"), SEPARATOR, text)
    return text
