"""What a long piece of work is doing: stages, counts, and interruption.

The core reports its progress through ONE mechanism: ``track(items, stage, total)`` around a
loop, or ``stage(label, total)`` + ``advance(n)``; the tracker in force (a context variable)
draws it. The command line installs a ``rich.progress`` bar on standard error when that is a
terminal (``cli.meter``), the UI a tracker that moves its progress bar and raises ``Cancelled``
when the user presses ``escape``; everywhere else the tracker does nothing and costs a
function call per step.

Interruption: a long command can be stopped at any moment (``ctrl+c``, ``escape``) and must
leave every file as it was. Outputs and the database are written by temp file and rename,
so the work before the rename can stop anywhere; ``shielded()`` keeps the few lines that
commit (journal append, database replace, the renames of an output) from being cut in the
middle: an interrupt that arrives there is delivered when the commit is complete.
"""

from __future__ import annotations

import functools
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from .i18n import N_

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

# stage names: what the program is doing, in the interface language when shown
READING = N_("Reading")
CHECKING = N_("Checking")
COMPUTING = N_("Computing")
WRITING = N_("Writing")
WRITING_TABLE = N_("Writing a table")
SUMMING = N_("Summing up")
SAVING = N_("Saving")


class Cancelled(Exception):
    """The user cancelled the work (the UI's ``escape``); nothing was written."""


class Tracker(Protocol):
    def stage(self, label: str, total: int | None = None) -> None:
        """A new stage begins: ``label`` (a msgid such as ``WRITING``), ``total`` steps if known."""

    def advance(self, n: int = 1) -> None:
        """``n`` more steps of the current stage are done."""


class _Silent:
    def stage(self, label: str, total: int | None = None) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


SILENT: Tracker = _Silent()
_current: ContextVar[Tracker] = ContextVar("portfolio_tracker", default=SILENT)


def current() -> Tracker:
    return _current.get()


@contextmanager
def tracking(tracker: Tracker) -> Iterator[Tracker]:
    """Make ``tracker`` the one in force for the work done inside the block."""
    token = _current.set(tracker)
    try:
        yield tracker
    finally:
        _current.reset(token)


def stage(label: str, total: int | None = None) -> None:
    if _pending and threading.current_thread() is threading.main_thread():
        _deliver()
    _current.get().stage(label, total)


def suspend() -> None:
    """Output is about to be written to the terminal: a drawn progress line steps aside (it
    comes back with the next step), so the output never lands beside it."""
    pause = getattr(_current.get(), "suspend", None)
    if pause is not None:
        pause()


@contextmanager
def paused() -> Iterator[None]:
    """A question on the terminal (a password): the progress line steps aside while it is
    asked and comes back after the answer."""
    tracker = _current.get()
    was_shown = bool(getattr(tracker, "shown", False))
    suspend()
    try:
        yield
    finally:
        if was_shown:
            tracker.resume()  # type: ignore[attr-defined]


def advance(n: int = 1) -> None:
    if _pending and threading.current_thread() is threading.main_thread():
        _deliver()
    _current.get().advance(n)


def track(items: Iterable[T], label: str, total: int | None = None, every: int = 1) -> Iterator[T]:
    """Yield ``items``, reporting a stage ``label`` of ``total`` steps (``len(items)`` when it
    has one), advanced every ``every`` items (cheap loops report in batches)."""
    tracker = _current.get()
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    tracker.stage(label, total)
    if tracker is SILENT and not _fragile:
        yield from items
        return
    pending = 0
    for item in items:
        if _pending and threading.current_thread() is threading.main_thread():
            _deliver()
        yield item
        pending += 1
        if pending >= every:
            tracker.advance(pending)
            pending = 0
    if pending:
        tracker.advance(pending)


# -- interrupts only between steps of a C library's writer ------------------------------------
_fragile = 0
_pending = False


def on_interrupt(signum: int, frame: Any) -> None:
    """The ``SIGINT`` handler of the command line: ``KeyboardInterrupt`` at once, except inside
    ``between_steps`` work, where it waits for the next step (``advance``/``stage``)."""
    global _pending, _received
    _received = True
    if _fragile:
        _pending = True
        return
    raise KeyboardInterrupt


_received = False


def interrupt_received() -> bool:
    """Whether ``on_interrupt`` has run: an error that follows it (a KeyboardInterrupt that
    Python or a compiled extension reported as another error, e.g. pydantic-core's SchemaError
    while a model class is being built at import) is the interrupt's doing."""
    return _received


def _deliver() -> None:
    global _pending
    if _pending:
        _pending = False
        raise KeyboardInterrupt


def between_steps(func: F) -> F:
    """Run ``func`` with interrupts delivered only at its steps: openpyxl's write-only sheets
    (lxml's incremental writer) cut by an exception at an arbitrary point could crash the
    process instead of leaving it."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        global _fragile
        _fragile += 1
        try:
            return func(*args, **kwargs)
        finally:
            _fragile -= 1
            if not _fragile and threading.current_thread() is threading.main_thread():
                _deliver()

    return wrapper  # type: ignore[return-value]


# -- the commit: not cut in the middle --------------------------------------------------------
_shield_depth = 0
_commits = 0  # blocks completed by ``shielded`` in this process: did anything get written?


def commits() -> int:
    """How many commits (``shielded`` blocks) this process has completed: an interrupted command
    says "nothing written" only when none has."""
    return _commits


@contextmanager
def shielded() -> Iterator[None]:
    """Run the block with ``SIGINT`` held back (main thread only; elsewhere a plain block): an
    interrupt during it is raised when the block is done, so a commit is either not begun or
    complete, never half-done."""
    global _shield_depth, _commits
    if threading.current_thread() is not threading.main_thread():
        yield
        _commits += 1
        return
    if _shield_depth:
        _shield_depth += 1
        try:
            yield
        finally:
            _shield_depth -= 1
        return
    caught: list[int] = []

    def hold(signum: int, frame: Any) -> None:
        caught.append(signum)

    try:
        previous = signal.signal(signal.SIGINT, hold)
    except (ValueError, OSError):  # not the main interpreter: nothing to hold
        yield
        _commits += 1
        return
    _shield_depth = 1
    try:
        yield
        _commits += 1
    finally:
        _shield_depth = 0
        signal.signal(signal.SIGINT, previous)
    if caught:
        # the commit is complete: the interrupt now stops what comes after it
        raise KeyboardInterrupt
