"""Regressions for issue 11's reproductions, on the repository alone (the UI's dialog is
tested in tests/ui)."""

from __future__ import annotations

import pytest

from portfolio.errors import ConflictError, MergeConflict
from portfolio.store import Repository


def test_1_keep_mine_never_overwrites_the_other_process(db_path):
    """App open; a shell sets W01 progress=55; the app saves W01 progress=30 from its old copy
    (conflict, 'keep mine'), then saves again: the second save must conflict too."""
    app = Repository.open(db_path, author="app")
    form_base = app.get("W01")
    Repository.open(db_path, author="shell").update("W01", {"progress_percent": 55})
    for _ in range(2):
        with pytest.raises(MergeConflict):
            app.update("W01", {"progress_percent": 30}, base=form_base)
    # also when the caller passes no base: the repository's copy is still the stale one
    with pytest.raises(MergeConflict):
        app.update("W01", {"progress_percent": 30})
    w01 = Repository.open(db_path).get("W01")
    assert w01.progress_percent == 55 and [e.percent for e in w01.progress_log] == [55]


def test_2_another_process_change_is_seen_without_a_conflict(db_path):
    app = Repository.open(db_path)
    Repository.open(db_path).update("W01", {"progress_percent": 55})
    assert app.changed_on_disk() and app.refresh() == ["W01"]
    assert app.get("W01").progress_percent == 55


def test_3_undo_never_reverts_another_persons_change(db_path):
    a = Repository.open(db_path, author="a")
    a.update("W01", {"progress_percent": 10})
    Repository.open(db_path, author="b").update("W02", {"progress_percent": 20})
    a.refresh()
    assert [c.code for c in a.undo(scope="session")] == ["W01"]
    assert a.undo(scope="session") == []  # W02 is b's
    assert Repository.open(db_path, author="a").undo() == []  # the CLI: a's steps are all undone
    assert Repository.open(db_path).get("W02").progress_percent == 20


def test_3_hand_edit_then_two_saves_from_the_old_copy_both_conflict(db_path):
    app = Repository.open(db_path)
    base = app.get("W01")
    hand = Repository.open(db_path)
    hand.update("W01", {"name": "手工改过"})
    for _ in range(2):
        with pytest.raises(ConflictError):
            app.update("W01", {"name": "界面改的"}, base=base)
    assert Repository.open(db_path).get("W01").name == "手工改过"
