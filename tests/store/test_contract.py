"""The repository contract (portfolio/store/base.py), run against every backend
(tests/backends.py: the ``backend`` and ``db`` fixtures of tests/conftest.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portfolio.errors import ConflictError, InvalidProject, MergeConflict, NotFound, UndoRefused
from portfolio.records.fields import Status
from portfolio.store.kinds import same_content

NEW = {"category": "waste", "name": "新增项目", "start_year": 2024, "end_year": 2025, "units": ["市生态环境局"]}


def test_reading(backend, db):
    repo = backend.open(db)
    assert len(repo) == 34 and "W01" in repo and "Z99" not in repo
    assert [p.code for p in repo.projects()][:3] == ["W01", "W02", "W03"]
    assert repo.records("project") == repo.projects()
    assert repo.get("W05").name == "柳州市农村黑臭水体治理试点项目"
    with pytest.raises(NotFound, match="Z99"):
        repo.get("Z99")
    assert [p.code for p in repo.search("cat:碧水")] == [f"W0{i}" for i in range(1, 9)]
    assert repo.author == "a" and repo.session


def test_update_is_kept_and_reported(backend, db):
    repo = backend.open(db)
    change = repo.update("W01", {"name": "新名称"})
    assert change.action == "update" and change.kind == "project"
    assert [f for f, _b, _a in change.changed_fields()] == ["name"]
    assert backend.open(db).get("W01").name == "新名称"
    unchanged = repo.update("W01", {"name": "新名称"})
    assert unchanged.before == unchanged.after


def test_invalid_update_writes_nothing(backend, db):
    repo = backend.open(db)
    with pytest.raises(InvalidProject, match="end_year"):
        repo.update("W01", {"end_year": 2019})
    assert backend.open(db).get("W01").end_year == 2025 and repo.history() == []


def test_add_allocates_codes_never_reused(backend, db):
    repo = backend.open(db)
    assert repo.add(NEW).code == "R05"
    repo.delete("R05")
    assert repo.add(NEW).code == "R06"
    assert backend.open(db).add(NEW).code == "R07"
    with pytest.raises(InvalidProject, match="W01"):
        repo.add({**NEW, "code": "W01"})


def test_fields_changed_on_either_side_are_merged(backend, db):
    a, b = backend.open(db, "a"), backend.open(db, "b")
    a.update("W01", {"name": "甲改的名称"})
    b.update("W01", {"progress_percent": 40})  # b's copy predates a's change: merged, not lost
    final = backend.open(db).get("W01")
    assert final.name == "甲改的名称" and final.progress_percent == 40


def test_same_field_on_both_sides_is_a_conflict_every_time(backend, db):
    a, b = backend.open(db, "a"), backend.open(db, "b")
    stale = b.get("W01")
    a.update("W01", {"progress_percent": 55})
    for _ in range(2):
        with pytest.raises(MergeConflict) as exc:
            b.update("W01", {"progress_percent": 30, "name": "乙改的名称"}, base=stale)
        assert exc.value.code == "W01" and isinstance(exc.value, ConflictError)
        [conflict] = exc.value.conflicts
        assert (conflict.field, conflict.base, conflict.theirs, conflict.mine) == ("progress_percent", 0, 55, 30)
        assert exc.value.theirs.progress_percent == 55
    final = backend.open(db).get("W01")
    assert final.progress_percent == 55 and final.name != "乙改的名称"


def test_progress_logs_of_both_sides_are_kept(backend, db):
    a, b = backend.open(db, "a"), backend.open(db, "b")
    a.update("W01", {"progress_percent": 20}, when=date(2023, 6, 30), note="甲")
    b.update("W01", {"status": "in_progress"}, when=date(2023, 3, 31), note="乙")
    log = backend.open(db).get("W01").progress_log
    assert [(e.date, e.note) for e in log] == [(date(2023, 3, 31), "乙"), (date(2023, 6, 30), "甲")]


def test_delete_of_a_record_changed_since_is_a_conflict(backend, db):
    a, b = backend.open(db, "a"), backend.open(db, "b")
    a.update("W02", {"name": "改过"})
    with pytest.raises(ConflictError):
        b.delete("W02")
    assert "W02" in backend.open(db)


def test_update_many_is_one_step(backend, db):
    repo = backend.open(db)
    changes = repo.update_many({"W01": {"progress_percent": 10}, "W02": {"progress_percent": 20},
                                "W03": {}}, action="bulk")
    assert [c.code for c in changes] == ["W01", "W02"]
    entries = repo.history()
    assert [e.code for e in entries] == ["W01", "W02"] and len({e.group for e in entries}) == 1
    assert [c.code for c in repo.undo()] == ["W02", "W01"]
    again = backend.open(db)
    assert again.get("W01").progress_percent == 0 and again.get("W02").progress_percent == 0


def test_undo_is_per_author_and_refuses_over_others(backend, db):
    a, b = backend.open(db, "a"), backend.open(db, "b")
    a.update("W01", {"progress_percent": 10})
    b.update("W02", {"progress_percent": 20})
    [undone] = backend.open(db, "a").undo()
    assert undone.code == "W01"
    final = backend.open(db)
    assert final.get("W01").progress_percent == 0 and final.get("W02").progress_percent == 20
    a.update("W03", {"progress_percent": 30})
    b.update("W03", {"progress_percent": 35}, base=b.get("W03").model_copy(update={"progress_percent": 30}))
    with pytest.raises(UndoRefused) as exc:
        a.undo()
    assert exc.value.who == "b" and exc.value.field == "progress_percent" and exc.value.value == 35
    assert "b" in str(exc.value) and len(str(exc.value).splitlines()) == 1
    assert backend.open(db).get("W03").progress_percent == 35


def test_a_refused_step_can_be_passed_over_to_undo_older_ones(backend, db):
    a, b = backend.open(db, "a"), backend.open(db, "b")
    a.update("W02", {"progress_percent": 10})
    a.update("W03", {"progress_percent": 30})
    b.update("W03", {"progress_percent": 35}, base=b.get("W03").model_copy(update={"progress_percent": 30}))
    with pytest.raises(UndoRefused) as exc:
        a.undo()
    assert exc.value.step is not None
    [undone] = a.undo(skip={exc.value.step})
    assert undone.code == "W02"
    final = backend.open(db)
    assert final.get("W02").progress_percent == 0 and final.get("W03").progress_percent == 35
    assert [c.code for c in a.redo(skip=set())] == ["W02"]


def test_undo_keeps_others_changes_to_other_fields(backend, db):
    a, b = backend.open(db, "a"), backend.open(db, "b")
    a.update("W01", {"name": "甲改的名称"})
    b.update("W01", {"progress_percent": 40})
    a.undo()
    final = backend.open(db).get("W01")
    assert final.name == "柳州市集中式饮用水水源水环境保护项目" and final.progress_percent == 40


def test_session_undo_reverts_only_this_instance(backend, db):
    ui, cli = backend.open(db, "a"), backend.open(db, "a")
    ui.update("W01", {"progress_percent": 10})
    cli.update("W02", {"progress_percent": 20})
    ui.refresh()
    assert [c.code for c in ui.undo(scope="session")] == ["W01"]
    assert ui.undo(scope="session") == []
    assert backend.open(db).get("W02").progress_percent == 20


def test_redo_and_a_new_change_clears_it(backend, db):
    repo = backend.open(db)
    repo.update("W01", {"progress_percent": 10})
    repo.update("W02", {"progress_percent": 20})
    repo.undo()
    repo.undo()
    assert [c.code for c in repo.redo()] == ["W01"]
    assert backend.open(db).get("W01").progress_percent == 10
    assert [c.code for c in repo.undo()] == ["W01"]
    repo.update("W03", {"progress_percent": 30})
    assert repo.redo() == []


def test_undo_of_add_and_delete(backend, db):
    repo = backend.open(db)
    original = repo.get("W02")
    added = repo.add(NEW)
    repo.delete("W02")
    repo.undo()
    assert same_content(backend.open(db).get("W02"), original)
    repo.undo()
    assert added.code not in backend.open(db)
    assert repo.undo() == []


def test_history_filters_and_keeps_everything(backend, db):
    repo = backend.open(db, "a")
    for i in range(60):
        repo.update("W01", {"progress_percent": i + 1})
    backend.open(db, "b").update("W02", {"name": "乙"})
    everything = repo.history()
    assert len(everything) == 61 and everything[0].after["progress_percent"] == 1
    assert everything[0].author == "a" and everything[-1].author == "b"
    assert [e.code for e in repo.history(author="b")] == ["W02"]
    assert len(repo.history("W01")) == 60
    assert repo.history(since=date.today() + timedelta(days=1)) == []
    assert [s for s in (e.seq for e in everything)] == sorted(e.seq for e in everything)


def test_refresh_names_what_others_changed(backend, db):
    repo = backend.open(db)
    assert repo.refresh() == [] and not repo.changed_on_disk()
    backend.open(db, "b").update("W04", {"name": "别处改过"})
    assert repo.changed_on_disk()
    assert repo.refresh() == ["W04"] and repo.get("W04").name == "别处改过"
    backend.open(db, "b").update("W05", {"name": "又改"})
    repo.update("W06", {"name": "我改"})  # my write takes W05 in: the next refresh names it
    assert repo.get("W05").name == "又改" and repo.refresh() == ["W05"]


def test_progress_rule(backend, db):
    repo = backend.open(db)
    repo.update("W01", {"status": Status.COMPLETED})
    w01 = repo.get("W01")
    assert w01.progress_percent == 100 and w01.progress_log[-1].percent == 100
    with pytest.raises(InvalidProject) as exc:
        repo.update("W01", {"progress_percent": 50})
    assert "status" in str(exc.value) and "progress_percent" in str(exc.value)
    assert len(str(exc.value).splitlines()) == 1
    repo.update("W02", {"progress_percent": 40, "completed_investment": 12}, when=date(2023, 6, 30), note="半年")
    repo.update("W02", {"progress_percent": 20}, when=date(2022, 12, 31))
    log = repo.get("W02").progress_log
    assert [(e.date, e.percent) for e in log] == [(date(2022, 12, 31), 20), (date(2023, 6, 30), 40)]
    assert log[1].completed_investment == 12 and log[1].note == "半年"
    w02 = repo.get("W02")  # the earlier-dated report goes into the log; the latest stays in force
    assert (w02.progress_percent, w02.completed_investment) == (40, 12)
    repo.update("W02", {"name": "只改名称"})
    assert len(repo.get("W02").progress_log) == 2  # no report in a rename
    assert repo.get("W02").status == Status.IN_PROGRESS  # progress reported: under way
    assert repo.get("W02").progress_log[0].status == Status.IN_PROGRESS
    repo.update("W03", {"status": Status.SUSPENDED})
    repo.update("W03", {"progress_percent": 10})
    assert repo.get("W03").status == Status.SUSPENDED  # a status someone chose is kept
    repo.update("W04", {"status": Status.NOT_STARTED, "progress_percent": 5})
    assert repo.get("W04").status == Status.NOT_STARTED  # given together: as given
    repo.update("W02", {"progress_percent": 45}, when=date(2023, 6, 30))  # same date: the later report wins
    assert repo.get("W02").progress_percent == 45


def test_their_completion_and_my_lower_progress_are_refused_together(backend, db):
    a = backend.open(db, "a")
    a.update("W01", {"status": Status.IN_PROGRESS, "progress_percent": 100})
    b = backend.open(db, "b")
    a.update("W01", {"status": Status.COMPLETED})  # a field b did not touch
    with pytest.raises(InvalidProject, match="progress_percent"):
        b.update("W01", {"progress_percent": 40})  # merged: completed at 40 %: refused
    assert backend.open(db).get("W01").progress_percent == 100
    b.update("W01", {"name": "乙改名"})  # a field the rule does not concern merges
    assert backend.open(db).get("W01").name == "乙改名"
