"""The journal beside the database: kept for good, consistent with the file after a kill,
a torn line skipped and never rewritten, never read on open; the file keeps no history. The
tests taking ``backend, db`` run on the file and on a PostgreSQL server (tests/backends.py)."""

from __future__ import annotations

import orjson
import pytest

from portfolio.records.project.model import project_dict
from portfolio.store import Repository
from portfolio.store import file as file_module
from portfolio.store.journal import Journal, journal_path
from portfolio.store.storage import AtomicJSONStorage


def test_torn_last_line_is_skipped_with_a_warning_and_kept(repo, db_path):
    repo.update("W01", {"progress_percent": 10})
    path = journal_path(db_path)
    torn = b'{"seq": 2, "group": 2, "time": "2026-'
    with open(path, "ab") as fh:
        fh.write(torn)  # a writer killed mid-line
    assert [e.code for e in repo.history()] == ["W01"]
    [warning] = repo.journal_warnings()
    assert "2" in warning and len(warning.splitlines()) == 1
    repo.update("W02", {"progress_percent": 20})
    raw = path.read_bytes()
    assert torn + b"\n" in raw  # kept as it was; the next line starts on its own line
    assert [e.code for e in Repository.open(db_path).history()] == ["W01", "W02"]


def test_lines_of_a_writer_killed_before_its_save_are_never_committed(repo, db_path, monkeypatch):
    repo.update("W01", {"progress_percent": 10})

    def killed(self, data):
        raise KeyboardInterrupt  # stands for SIGKILL between the journal and the file

    monkeypatch.setattr(AtomicJSONStorage, "write", killed)
    with pytest.raises(KeyboardInterrupt):
        Repository.open(db_path).update("W02", {"progress_percent": 99})
    monkeypatch.undo()
    assert Repository.open(db_path).get("W02").progress_percent == 0
    assert [e.code for e in Repository.open(db_path).history()] == ["W01"]  # beyond journal_seq
    Repository.open(db_path).update("W03", {"progress_percent": 30})  # moves journal_seq past it
    assert [e.code for e in Repository.open(db_path).history()] == ["W01", "W03"]
    lines = [orjson.loads(x) for x in journal_path(db_path).read_bytes().splitlines()]
    assert [x["action"] for x in lines] == ["update", "update", "rollback", "update"]


def test_opening_never_reads_the_journal(db_path, monkeypatch):
    Repository.open(db_path).update("W01", {"progress_percent": 10})

    def forbidden(*args, **kwargs):
        raise AssertionError("the journal was read on open")

    monkeypatch.setattr(Journal, "read", forbidden)
    monkeypatch.setattr(Journal, "last_seq", forbidden)
    repo = Repository.open(db_path)
    assert repo.get("W01").progress_percent == 10 and len(repo.search("cat:碧水")) == 8


def test_repeated_imports_do_not_grow_the_database(repo, db_path):
    projects = repo.projects()
    sizes = []
    for i in range(4):
        repo.upsert_many([p.model_copy(update={"content": f"第{i}次导入：" + p.content}) for p in projects])
        sizes.append(db_path.stat().st_size)
    assert max(sizes) - min(sizes) < 2000  # a few characters per record, no copies
    data = orjson.loads(db_path.read_bytes())
    assert "history" not in data


def test_repeated_imports_are_one_journal_step_each(backend, db):
    repo = backend.open(db)
    projects = repo.projects()
    for i in range(4):
        repo.upsert_many([p.model_copy(update={"content": f"第{i}次导入：" + p.content}) for p in projects])
    entries = backend.open(db).history()
    assert len(entries) == 4 * 34 and len({e.group for e in entries}) == 4
    assert {e.action for e in entries} == {"import"} and len({e.seq for e in entries}) == 4 * 34
    assert len(repo.undo()) == 34  # the last import, as one step
    assert backend.open(db).get("W01").content.startswith("第2次导入：")


def test_version_1_file_loses_its_history_table_on_the_next_save(db_path):
    data = orjson.loads(db_path.read_bytes())
    data["meta"]["schema"]["version"] = 1
    data["meta"]["schema"].pop("journal_seq", None)
    w01 = data["projects"]["W01"]
    data["history"] = {"1": {"seq": 1, "action": "update", "at": "2024-01-01T00:00:00",
                             "changes": [{"code": "W01", "before": w01, "after": w01}]}}
    db_path.write_bytes(orjson.dumps(data))
    repo = Repository.open(db_path)
    repo.update("W02", {"progress_percent": 5})
    saved = orjson.loads(db_path.read_bytes())
    assert "history" not in saved and saved["meta"]["schema"]["version"] == file_module.SCHEMA_VERSION
    assert saved["meta"]["schema"]["journal_seq"] == 1 and project_dict(repo.get("W01"))["code"] == "W01"


def test_a_new_database_at_the_same_place_ends_undo_of_the_old_one(backend, db):
    repo = backend.open(db, author="a")
    repo.update("W01", {"progress_percent": 10})
    fresh = backend.create(db, backend.open(db).projects()[:3], author="a")
    assert len(fresh) == 3 and fresh.undo() == []
    assert [e.action for e in fresh.history()] == ["update", "create"]  # the old history is kept
    fresh.update("W02", {"progress_percent": 20})
    assert [c.code for c in fresh.undo()] == ["W02"]


def test_an_unusable_journal_is_a_one_line_error_and_nothing_is_written(repo, db_path):
    from portfolio.errors import PortfolioError

    journal_path(db_path).mkdir()  # a folder where the journal goes
    before = db_path.read_bytes()
    for action in (lambda: repo.update("W01", {"progress_percent": 3}), repo.history):
        with pytest.raises(PortfolioError) as exc:
            action()
        assert "journal" in str(exc.value) and len(str(exc.value).splitlines()) == 1
    assert db_path.read_bytes() == before
