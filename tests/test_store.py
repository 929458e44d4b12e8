"""The repository: round trip, validation on load, conflicts, undo, stable codes. The tests
taking ``backend, db`` run on the TinyDB file and on a PostgreSQL server (tests/backends.py);
the others are about the file itself."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import orjson
import pytest
from tinydb import TinyDB

from portfolio.errors import DatabaseError, InvalidProject, MergeConflict, NotFound, UndoRefused, WriteError
from portfolio.records.fields import Status
from portfolio.store import Repository
from portfolio.store import file as store_module
from portfolio.store.kinds import same_content
from portfolio.store.storage import AtomicJSONStorage

NEW = {"category": "waste", "name": "新增项目", "start_year": 2024, "end_year": 2025,
       "units": ["市生态环境局"]}


def test_round_trip_keeps_every_field(backend, db):
    repo = backend.open(db)
    repo.update("W01", {"status": Status.IN_PROGRESS, "progress_percent": 35.5,
                        "planned_investment": 1200, "completed_investment": 300.25})
    again = backend.open(db).get("W01")
    assert again == repo.get("W01")
    assert again.progress_percent == 35.5 and again.completed_investment == 300.25
    assert again.updated_at is not None


def test_file_is_readable_utf8_json_in_plan_order(db_path: Path):
    raw = db_path.read_bytes()
    assert "柳州市集中式饮用水水源水环境保护项目".encode() in raw  # no \\u escapes
    assert b"\n  " in raw  # indented
    data = orjson.loads(raw)
    assert list(data["projects"])[:3] == ["W01", "W02", "W03"]
    assert list(data["projects"]["W01"])[:4] == ["code", "category", "subcategory", "name"]
    assert data["meta"]["schema"]["version"] == store_module.SCHEMA_VERSION


def test_file_is_a_tinydb_database(db_path: Path):
    db = TinyDB(db_path, storage=AtomicJSONStorage)
    assert len(db.table("projects")) == 34
    assert db.table("projects").get(doc_id="W05")["name"] == "柳州市农村黑臭水体治理试点项目"


def test_invalid_edit_writes_nothing(backend, db):
    repo = backend.open(db)
    before = backend.state(db)
    with pytest.raises(InvalidProject) as exc:
        repo.update("W01", {"end_year": 2019})
    assert "end_year" in str(exc.value)
    assert backend.state(db) == before
    assert repo.get("W01").end_year == 2025


def test_codes_are_never_reused(backend, db):
    repo = backend.open(db)
    added = repo.add(NEW)
    assert added.code == "R05"
    repo.delete("R05")
    assert repo.add(NEW).code == "R06"
    # also across a reopen
    assert backend.open(db).add(NEW).code == "R07"


def test_add_with_a_used_code_is_refused(backend, db):
    repo = backend.open(db)
    before = backend.state(db)
    with pytest.raises(InvalidProject, match="W01"):
        repo.add({**NEW, "code": "W01"})
    assert backend.state(db) == before


def test_missing_project(backend, db):
    repo = backend.open(db)
    with pytest.raises(NotFound, match="Z99"):
        repo.get("Z99")
    with pytest.raises(NotFound, match="Z99"):
        repo.update("Z99", {"name": "无此项目"})
    with pytest.raises(NotFound, match="Z99"):
        repo.delete("Z99")


def test_undo_update_add_delete(backend, db):
    repo = backend.open(db)
    original = repo.get("A01")
    repo.update("A01", {"name": "改过的名称"})
    added = repo.add(NEW)
    repo.delete("W02")
    assert "W02" not in backend.open(db)
    [c] = repo.undo()
    assert c.code == "W02" and backend.open(db).get("W02") == repo.get("W02")
    repo.undo()
    assert added.code not in backend.open(db)
    repo.undo()
    assert same_content(backend.open(db).get("A01"), original)
    assert repo.undo() == []


def test_undo_from_a_new_process_uses_the_stored_history(backend, db):
    backend.open(db).update("K01", {"progress_percent": 50})
    later = backend.open(db)
    [c] = later.undo()
    assert c.code == "K01" and backend.open(db).get("K01").progress_percent == 0


def test_two_repositories_editing_different_projects_lose_nothing(backend, db):
    a, b = backend.open(db), backend.open(db)
    a.update("W01", {"progress_percent": 10})
    b.update("W02", {"progress_percent": 20})  # b reloads a's change first
    a.update("W03", {"progress_percent": 30})
    final = backend.open(db)
    assert [final.get(c).progress_percent for c in ("W01", "W02", "W03")] == [10, 20, 30]


def test_overwriting_another_process_change_is_a_conflict_every_time(backend, db):
    a, b = backend.open(db), backend.open(db)
    a.update("W01", {"progress_percent": 10})
    before = backend.state(db)
    for _ in range(2):  # a second try from the same stale copy conflicts again
        with pytest.raises(MergeConflict, match="W01") as exc:
            b.update("W01", {"progress_percent": 99})
        assert [(c.field, c.base, c.theirs, c.mine) for c in exc.value.conflicts] == [
            ("progress_percent", 0, 10, 99)]
        assert exc.value.theirs.progress_percent == 10
        assert backend.state(db) == before
        assert b.get("W01").progress_percent == 0
    # once b has taken the newer records in (it saw the change), its edit goes through
    assert b.refresh() == ["W01"]
    b.update("W01", {"progress_percent": 99})
    assert backend.open(db).get("W01").progress_percent == 99


def test_undo_of_a_change_overwritten_elsewhere_is_refused(backend, db):
    a = backend.open(db, author="a")
    a.update("W01", {"progress_percent": 10})
    backend.open(db, author="b").update("W01", {"progress_percent": 20})
    before = backend.state(db)
    with pytest.raises(UndoRefused, match="b") as exc:
        a.undo()
    assert exc.value.who == "b" and exc.value.field == "progress_percent" and exc.value.value == 20
    assert len(str(exc.value).splitlines()) == 1
    assert backend.open(db).get("W01").progress_percent == 20
    assert backend.state(db) == before


def _corrupt_cases(db_path: Path) -> dict[str, bytes]:
    good = db_path.read_bytes()
    data = orjson.loads(good)
    bad_year = orjson.loads(good)
    bad_year["projects"]["S04"]["end_year"] = 2019
    wrong_type = orjson.loads(good)
    wrong_type["projects"]["K02"]["units"] = "x"
    wrong_type["projects"]["K02"]["progress_percent"] = "lots"
    extra = orjson.loads(good)
    extra["projects"]["A02"]["colour"] = "red"
    key_mismatch = orjson.loads(good)
    key_mismatch["projects"]["W03"]["code"] = "W99"
    newer = orjson.loads(good)
    newer["meta"]["schema"]["version"] = 99
    control_key = orjson.loads(good)  # a key edited by hand with a line break in it
    control_key["projects"]["W03\n"] = control_key["projects"].pop("W03")
    del data
    return {
        "truncated": good[: len(good) // 2],
        "garbage": b"\x00\xff not json",
        "empty": b"",
        "list": b"[]",
        "bad_year": orjson.dumps(bad_year),
        "wrong_type": orjson.dumps(wrong_type),
        "extra_field": orjson.dumps(extra),
        "key_mismatch": orjson.dumps(key_mismatch),
        "newer_schema": orjson.dumps(newer),
        "no_meta": orjson.dumps({"projects": {}}),
        "control_key": orjson.dumps(control_key),
    }


@pytest.mark.parametrize("case", ["truncated", "garbage", "empty", "list", "bad_year", "wrong_type",
                                  "extra_field", "key_mismatch", "newer_schema", "no_meta", "control_key"])
def test_corrupt_or_invalid_file_is_named_and_left_untouched(db_path: Path, case: str):
    payload = _corrupt_cases(db_path)[case]
    db_path.write_bytes(payload)
    with pytest.raises(DatabaseError) as exc:
        Repository.open(db_path)
    message = str(exc.value)
    assert str(db_path) in message
    expected = {
        "truncated": "JSON", "garbage": "JSON", "empty": "JSON", "list": "JSON",
        "bad_year": "S04", "wrong_type": "K02", "extra_field": "colour",
        "key_mismatch": "W03", "newer_schema": "99", "no_meta": "meta.schema.version",
        "control_key": "W03\\n",
    }[case]
    assert expected in message and len(message.splitlines()) == 1
    if case == "bad_year":
        assert "end_year" in message
    if case == "wrong_type":
        assert "progress_percent" in message
    assert db_path.read_bytes() == payload


def test_migration_hook_runs_and_next_save_writes_new_version(db_path: Path, monkeypatch):
    data = orjson.loads(db_path.read_bytes())
    data["meta"]["schema"]["version"] = 0
    for rec in data["projects"].values():
        rec["title"] = rec.pop("name")
    db_path.write_bytes(orjson.dumps(data))

    def rename_title(d):
        for rec in d["projects"].values():
            rec["name"] = rec.pop("title")
        return d

    monkeypatch.setitem(store_module.MIGRATIONS, 0, rename_title)
    repo = Repository.open(db_path)
    assert repo.get("W01").name == "柳州市集中式饮用水水源水环境保护项目"
    repo.update("W01", {"progress_percent": 5})
    assert orjson.loads(db_path.read_bytes())["meta"]["schema"]["version"] == store_module.SCHEMA_VERSION


def test_write_failure_leaves_previous_file(repo: Repository, db_path: Path, monkeypatch):
    before = db_path.read_bytes()

    def fail(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", fail)
    with pytest.raises(WriteError, match="磁盘已满"):
        repo.update("W01", {"progress_percent": 10})
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_permission_denied_is_a_clear_error(repo: Repository, db_path: Path, monkeypatch):
    before = db_path.read_bytes()

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("portfolio.store.storage.create_temp", deny)
    with pytest.raises(WriteError, match="没有写入权限"):
        repo.update("W01", {"progress_percent": 10})
    assert db_path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_folder_is_a_clear_error(tmp_path: Path, db_path: Path):
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "projects.json"
    shutil.copyfile(db_path, target)
    repo = Repository.open(target)
    folder.chmod(0o555)
    try:
        with pytest.raises(WriteError):
            repo.update("W01", {"progress_percent": 10})
    finally:
        folder.chmod(0o755)


def test_file_keeps_no_history_and_the_journal_keeps_everything(repo: Repository, db_path: Path):
    for i in range(60):
        repo.update("W01", {"progress_percent": i % 100 + 1})
    data = orjson.loads(db_path.read_bytes())
    assert "history" not in data and data["meta"]["schema"]["journal_seq"] == 60
    entries = repo.history("W01")
    assert len(entries) == 60 and entries[0].after["progress_percent"] == 1


def test_listener_hears_changes(backend, db):
    repo = backend.open(db)
    heard = []
    repo.subscribe(heard.append)
    repo.update("W01", {"name": "新名称"})
    assert heard[0].code == "W01" and heard[0].changed_fields()[0][0] == "name"


def test_upsert_many_is_one_write_and_skips_unchanged(backend, db):
    repo = backend.open(db)
    projects = repo.projects()
    changed = [projects[0].model_copy(update={"name": "甲"}), projects[1]]
    changes = repo.upsert_many(changed)
    assert [c.code for c in changes] == ["W01"]
    [entry] = repo.history()
    assert entry.action == "import" and entry.code == "W01"
    [_c] = repo.undo()
    assert backend.open(db).get("W01").name == projects[0].name


def test_a_deleted_code_is_never_given_again_on_the_file_even_without_a_counter(tmp_path):
    """A file edited by hand (records added without raising their counters): once one is
    deleted, its code is still never allocated again (as on the server)."""
    import orjson

    data = orjson.loads((Path(__file__).resolve().parent.parent / "data" / "projects.json").read_bytes())
    data["meta"]["schema"]["counters"] = {}
    db = tmp_path / "no-counters.json"
    db.write_bytes(orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
    repo = Repository.open(db)
    repo.delete("R04")
    new = {"category": "waste", "name": "新增项目", "start_year": 2024, "end_year": 2025, "units": ["市生态环境局"]}
    assert repo.add(new).code == "R05"
    assert Repository.open(db).add(new).code == "R06"
