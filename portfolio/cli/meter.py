"""The command line's progress display: a ``rich.progress`` line on standard error.

Shown only when standard error is a terminal and ``--quiet`` is not given; standard output is
never touched, so scripts and pipes see exactly what they saw before. The line says what the
command is doing (the stage, in the interface language), done / total, a bar and the time
left, and disappears when the command ends.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..tracking import SILENT, Tracker, tracking

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID


class RichTracker:
    """A ``Tracker`` drawing one transient progress line (rich refreshes it ten times a second
    from its own thread; ``advance`` only adds to a counter)."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None
        self._pending = 0
        self._flushed = 0.0
        self._shown = True

    @property
    def shown(self) -> bool:
        return self._shown

    def suspend(self) -> None:
        """Take the line off the terminal (before the command writes its output)."""
        if self._shown:
            self._progress.stop()
            self._shown = False

    def resume(self) -> None:
        """Draw the line again (after a prompt)."""
        if not self._shown:
            self._progress.start()
            self._shown = True

    def stage(self, label: str, total: int | None = None) -> None:
        description = _(label)
        self._pending = 0
        self.resume()
        if self._task is not None:  # a new task: rich's reset keeps an old total for an unknown one
            self._progress.remove_task(self._task)
        self._task = self._progress.add_task(description, total=total)

    def advance(self, n: int = 1) -> None:
        """Called for every step of a loop: adds to a counter, handed to rich ten times a second."""
        self._pending += n
        now = time.monotonic()
        if now - self._flushed >= 0.1 and self._task is not None:
            self.resume()
            self._flushed = now
            self._progress.advance(self._task, self._pending)
            self._pending = 0


def wanted(quiet: bool) -> bool:
    """Progress is drawn on an interactive standard error only."""
    if quiet:
        return False
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def _counts_column() -> Any:
    """done / total, the percentage and the time left; while the total is unknown (reading a
    file), nothing: the spinner and the elapsed time say the work goes on."""
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class Counts(ProgressColumn):
        def render(self, task: Task) -> Text:
            if task.total is None:
                return Text("")
            left = task.time_remaining
            eta = _("{minutes}:{seconds:02d} left").format(
                minutes=int(left) // 60, seconds=int(left) % 60) if left is not None else ""
            return Text(f"{int(task.completed):,}/{int(task.total):,} {task.percentage:3.0f}% {eta}",
                        style="progress.percentage")

    return Counts()


@contextmanager
def meter(quiet: bool = False) -> Iterator[Tracker]:
    """The tracker for one command: a progress line when ``wanted``, else the silent one."""
    if not wanted(quiet):
        yield SILENT
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns: list[Any] = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(bar_width=30),
                          _counts_column(), TimeElapsedColumn()]
    console = Console(file=sys.stderr, stderr=True)
    # standard output is left alone (rich would route it through its console: to stderr)
    with Progress(*columns, console=console, transient=True, refresh_per_second=8,
                  redirect_stdout=False, redirect_stderr=False) as progress:
        tracker = RichTracker(progress)
        with tracking(tracker):
            yield tracker
