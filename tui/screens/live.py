"""The live view: the main screen notices another process's write within about a second.

A timer asks the repository's ``watch_token`` every ``POLL_SECONDS``: for a file, its identity
(inode, size, modification time — one stat, a few microseconds, never a read); for a server
database, the last change announced through LISTEN/NOTIFY (a listening thread keeps it, no
round trip). A timer rather than a worker that never ends, so that waiting for the app's
workers to finish still means something. When the token changes, a thread worker asks the repository whether another process wrote
(``changed_on_disk``) and calls ``repo.refresh()`` (a 100,000-project file takes a second to
read: never on the UI thread), recomputes the filter's result and the tree counts, and looks
up in the journal who changed what. The UI thread then only swaps the new result in
(``ListScreen.apply_refresh``), names the changed records in a notification, brings every
other list pane and an open review up to date and tells an open edit form (of any kind) whose record changed.

Writes of this app and the refresh never run at once: both hold ``store_lock(repo)``.
"""

from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from portfolio.errors import NotFound, PortfolioError
from portfolio.i18n import _
from portfolio.store import Repository

if TYPE_CHECKING:
    from ..panes import Selection
    from .main import ListScreen

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
class SessionSteps:
    """What undo and redo of this window know, shared by every pane: whether an undo can be
    redone, and the steps refused (passed over, so that a refused step never blocks the
    user's own older ones)."""

    redo_ready: bool = False
    refused_undo: set[int] = field(default_factory=set)
    refused_redo: set[int] = field(default_factory=set)


_steps: weakref.WeakKeyDictionary[Repository, SessionSteps] = weakref.WeakKeyDictionary()


def session_steps(repo: Repository) -> SessionSteps:
    found = _steps.get(repo)
    if found is None:
        found = _steps.setdefault(repo, SessionSteps())
    return found


@dataclass
class Refreshed:
    """What a refresh found, computed off the UI thread."""

    codes: list[str]
    authors: dict[str, str]  # code -> who changed it (from the journal)
    selection: Selection  # the pane's filter over the new data
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
    """The watcher of the app (kept by the projects' pane, the first screen)."""

    enabled = True  # snapshot tests of a still screen switch it off (tests/ui/conftest.py)

    def __init__(self, screen: ListScreen) -> None:
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
        try:
            with store_lock(repo):
                selection = self.screen.view.select(self.screen.current_query)
        except PortfolioError:
            selection = self.screen.view.select(self.screen.view.compile(""))
        result = Refreshed(codes, self.authors(codes), selection)
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
        """On the UI thread: swap the new data in, say what changed, bring the other panes up
        to date, warn open forms."""
        from .form_base import FormSaving
        from .main import ListScreen
        from .review import ReviewScreen

        screen = self.screen
        screen.apply_refresh(result)
        screen.notify(result.message, title=_("Changed elsewhere"), markup=False, timeout=8)
        changed = set(result.codes)
        for other in screen.app.screen_stack:
            if (isinstance(other, ListScreen) and other is not screen) or isinstance(other, ReviewScreen):
                other.follow_repository()  # the other panes, an open review
            elif isinstance(other, FormSaving) and other.base is not None and other.base.code in changed:
                code = other.base.code
                other.changed_underneath(current(screen.repo, code, other.kind), result.authors.get(code))


def current(repo: Repository, code: str, kind: str) -> Any:
    """The record as the repository holds it now (None: deleted)."""
    try:
        return repo.get(code, kind)
    except NotFound:
        return None
