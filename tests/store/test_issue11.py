"""Regressions for issue 11's reproductions, on the repository alone (the UI's dialog is
tested in tests/ui), on the file and on a PostgreSQL server (tests/backends.py)."""

from __future__ import annotations

import pytest

from portfolio.errors import ConflictError, MergeConflict


def test_1_keep_mine_never_overwrites_the_other_process(backend, db):
    """App open; a shell sets W01 progress=55; the app saves W01 progress=30 from its old copy
    (conflict, 'keep mine'), then saves again: the second save must conflict too."""
    app = backend.open(db, "app")
    form_base = app.get("W01")
    backend.open(db, "shell").update("W01", {"progress_percent": 55})
    for _ in range(2):
        with pytest.raises(MergeConflict):
            app.update("W01", {"progress_percent": 30}, base=form_base)
    # also when the caller passes no base: the repository's copy is still the stale one
    with pytest.raises(MergeConflict):
        app.update("W01", {"progress_percent": 30})
    w01 = backend.open(db).get("W01")
    assert w01.progress_percent == 55 and [e.percent for e in w01.progress_log] == [55]


def test_2_another_process_change_is_seen_without_a_conflict(backend, db):
    app = backend.open(db)
    backend.open(db).update("W01", {"progress_percent": 55})
    assert app.changed_on_disk() and app.refresh() == ["W01"]
    assert app.get("W01").progress_percent == 55


def test_3_undo_never_reverts_another_persons_change(backend, db):
    a = backend.open(db, "a")
    a.update("W01", {"progress_percent": 10})
    backend.open(db, "b").update("W02", {"progress_percent": 20})
    a.refresh()
    assert [c.code for c in a.undo(scope="session")] == ["W01"]
    assert a.undo(scope="session") == []  # W02 is b's
    assert backend.open(db, "a").undo() == []  # the CLI: a's steps are all undone
    assert backend.open(db).get("W02").progress_percent == 20


def test_3_hand_edit_then_two_saves_from_the_old_copy_both_conflict(backend, db):
    app = backend.open(db)
    base = app.get("W01")
    hand = backend.open(db)
    hand.update("W01", {"name": "手工改过"})
    for _ in range(2):
        with pytest.raises(ConflictError):
            app.update("W01", {"name": "界面改的"}, base=base)
    assert backend.open(db).get("W01").name == "手工改过"
