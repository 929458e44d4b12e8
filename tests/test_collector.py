"""portfolio.collector: pauses of the cyclic garbage collector that overlap, in one thread or
several, leave it paused until the last one ends, and freeze what was made."""

from __future__ import annotations

import gc
import threading

from portfolio.collector import paused


def test_overlapping_pauses_in_two_threads_keep_the_collector_paused_until_the_last_ends() -> None:
    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with paused():
            inside.set()
            leave.wait(10)

    with paused():
        thread = threading.Thread(target=other)
        thread.start()
        assert inside.wait(10)
    # this thread's pause is over, the other one's is not: still paused
    assert not gc.isenabled()
    leave.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_pause_freezes_what_it_made_and_leaves_a_disabled_collector_disabled() -> None:
    before = gc.get_freeze_count()
    with paused():
        kept = [[i] for i in range(1000)]
    assert gc.get_freeze_count() - before >= len(kept)
    before = gc.get_freeze_count()
    with paused(freeze=False):
        more = [[i] for i in range(1000)]
    assert gc.get_freeze_count() == before and len(more) == 1000
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
