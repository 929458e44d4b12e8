"""Pausing Python's cyclic garbage collector around work that makes many long-lived objects and
no garbage cycles: a load of 100,000 records, a report, the imports at start-up.

The collector would scan those objects again and again while they are made (a load's validation:
2.5 s -> 0.6 s; the UI's imports: ≈ 70 ms of collections before its first frame), and then at
every full collection: when a pause ends, what it made is moved out of the collector's way
(``gc.freeze``). Pauses may overlap, in one thread or several (the UI imports its modules while
a thread opens the database): the collector runs again when the last one ends."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0  # pauses under way
_was_enabled = True  # the collector's state before the first of them


@contextmanager
def paused(freeze: bool = True) -> Iterator[None]:
    """Without ``freeze``: for work whose objects are short-lived (a sort's keys)."""
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            if freeze:
                gc.freeze()  # what the block made lives on (and a frozen object is never scanned)
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
