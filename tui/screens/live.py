"""The live view: the main screen notices another process's write within about a second.

A timer asks the repository's ``watch_token`` every ``POLL_SECONDS``: for a file, its identity
(inode, size, modification time — one stat, a few microseconds, never a read); for a server
database, the last change announced through LISTEN/NOTIFY (a listening thread keeps it, no
round trip). A timer rather than a worker that never ends, so that waiting for the app's
workers to finish still means something. When the token changes, a thread worker asks the repository whether another process wrote
(``changed_on_disk``) and calls ``repo.refresh()`` (a 100,000-project file takes a second to
read: never on the UI thread), recomputes the filter's result and the tree counts, and looks
up in the journal who changed what. The UI thread then only swaps the new result in
(``MainScreen.apply_refresh``), names the changed projects in a notification and tells an
open edit form whose project changed.

Writes of this app and the refresh never run at once: both hold ``store_lock(repo)``.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from portfolio.errors import PortfolioError
from portfolio.i18n import _
from portfolio.records.project.categories import CategoryKey
from portfolio.records.project.model import Project
from portfolio.records.project.query import P, Query
from portfolio.scope import ScopeCounts, count_rows, shape
from portfolio.store import Repository

if TYPE_CHECKING:
    from .main import MainScreen

POLL_SECONDS = 0.4
MAX_NAMED = 8  # codes named in a notification; more are counted

_locks: weakref.WeakKeyDictionary[Repository, threading.RLock] = weakref.WeakKeyDictionary()


def store_lock(repo: Repository) -> threading.RLock:
    """The lock this app's writes and the live view's refresh of ``repo`` share."""
    lock = _locks.get(repo)
    if lock is None:
        lock = _locks.setdefault(repo, threading.RLock())
    return lock


@dataclass
class Refreshed:
    """What a refresh found, computed off the UI thread."""

    codes: list[str]
    authors: dict[str, str]  # code -> who changed it (from the journal)
    query: Query
    matches: list[Project]
    counts: ScopeCounts
    shape: dict[CategoryKey, list[str]] = field(default_factory=dict)
    message: str = ""


def changed_message(codes: list[str], authors: dict[str, str]) -> str:
    """李四 changed W01, W02; another process changed K03"""
    by_who: dict[str, list[str]] = {}
    for code in codes:
        by_who.setdefault(authors.get(code, ""), []).append(code)
    parts = []
    for who, changed in by_who.items():
        named = ", ".join(changed[:MAX_NAMED])
        if len(changed) > MAX_NAMED:
            named += _(" and {n} more").format(n=len(changed) - MAX_NAMED)
        parts.append(_("{who} changed {codes}").format(who=who or _("Another process"), codes=named))
    return _("; ").join(parts)


class LiveView:
    """The watcher of one main screen."""

    enabled = True  # snapshot tests of a still screen switch it off (tests/ui/conftest.py)

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self.seen: object = None
        self.failed: str | None = None  # the last refresh error shown (not repeated)
        self.started = False

    def start(self) -> None:
        if not self.enabled or self.started:
            return
        self.started = True
        self.seen = self.screen.repo.watch_token()
        self.screen.set_interval(POLL_SECONDS, self.poll, name="live view")

    def poll(self) -> None:
        identity = self.screen.repo.watch_token()
        if identity == self.seen:
            return
        self.seen = identity
        self.screen.run_worker(self.check, thread=True, group="live", name="live view")

    def check(self) -> None:
        """Refresh if another process wrote (called from the worker thread)."""
        repo = self.screen.repo
        try:
            with store_lock(repo):
                if not repo.changed_on_disk():
                    return  # our own write
                codes = repo.refresh()
                rows = repo.rows()
        except PortfolioError as exc:
            message = str(exc)
            if message != self.failed:
                self.failed = message
                self.screen.app.call_from_thread(self.screen.notify, message, title=_("Cannot reload"),
                                                 severity="error", markup=False, timeout=15)
            return
        self.failed = None
        if not codes:
            return
        query = self.screen.current_query
        matching = rows if query.empty else query.matching_rows(rows)
        counts = count_rows(matching)
        result = Refreshed(codes, self.authors(codes), query, [r[P] for r in matching], counts,
                           shape(counts if query.empty else count_rows(rows)))
        result.message = changed_message(codes, result.authors)
        self.screen.app.call_from_thread(self.deliver, result)

    def authors(self, codes: list[str]) -> dict[str, str]:
        """Who made the latest change of each code, from another session (the journal)."""
        repo = self.screen.repo
        wanted = set(codes)
        try:
            entries = repo.history(since=date.today() - timedelta(days=1))
        except PortfolioError:
            return {}
        out: dict[str, str] = {}
        for e in entries:
            if e.code in wanted and e.session != repo.session:
                out[e.code] = e.author
        return out

    def deliver(self, result: Refreshed) -> None:
        """On the UI thread: swap the new data in, say what changed, warn open forms."""
        from .edit import EditScreen

        screen = self.screen
        screen.apply_refresh(result)
        screen.notify(result.message, title=_("Changed elsewhere"), markup=False, timeout=8)
        changed = set(result.codes)
        for other in screen.app.screen_stack:
            if isinstance(other, EditScreen) and other.base is not None and other.base.code in changed:
                code = other.base.code
                other.changed_underneath(screen.repo.get(code) if code in screen.repo else None,
                                         result.authors.get(code))
