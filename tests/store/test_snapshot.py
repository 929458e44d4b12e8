"""Row snapshots (``portfolio.store.snapshot``): a quick open of a proved file draws from the
rows kept for exactly its bytes and parses nothing until it must; any other version, a damaged,
truncated or foreign snapshot is ignored; a snapshot is made only from bytes it matches; a write
after a quick open is a write like any other."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from bench.generate import make
from portfolio.records.project.query import CODE, parse, project_of
from portfolio.store import Repository, snapshot
from portfolio.store.file import FileRepository
from portfolio.store.json_parse import dump_json

from .test_trust import QUERIES

N = 300


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "big.json"
    Repository.create(path, make(N))  # a save by this program: the file is stamped
    return path


def kept(db: Path) -> Path:
    assert FileRepository.open(db).keep_snapshot()
    found = snapshot.path_of(db)
    assert found.is_file()
    return found


def fields(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    """A row's values, without its source and caches."""
    return [(r[1:9], r[10], r[12], r[15]) for r in rows]


def test_a_quick_open_draws_from_the_snapshot_and_shows_what_a_full_read_shows(db: Path, parses: list[int]):
    path = kept(db)
    assert path.stat().st_mode & 0o777 == 0o600  # the user's alone
    full = FileRepository.open(db)
    parses.clear()
    quick = FileRepository.open(db, quick=True)
    assert len(quick) == N and "W00001" in quick and "X1" not in quick
    assert fields(quick.rows()) == fields(full.rows())
    some = [r[CODE] for r in quick.rows()[::37]]
    assert [quick.get(c) for c in some] == [full.get(c) for c in some]  # each from its own bytes
    assert parses == []  # nothing parsed whole yet
    for text in QUERIES:  # a free word reads the records' text: the open is completed for it
        query = parse(text)
        assert [r[CODE] for r in query.matching_rows(quick.rows())] == \
            [r[CODE] for r in query.matching_rows(full.rows())], text
    assert parses == []  # completed record by record
    quick.complete_open()
    assert quick.projects() == full.projects()
    assert quick.records("task") == full.records("task")
    assert [project_of(r) for r in quick.rows()] == full.projects()


def test_the_projects_table_is_parsed_record_by_record_on_completion(db: Path, parses: list[int]):
    kept(db)
    full = FileRepository.open(db)
    parses.clear()
    quick = FileRepository.open(db, quick=True)
    quick.complete_open()
    assert parses == []  # the spans held: the table read record by record, the rest on its own
    assert quick.projects() == full.projects()
    assert quick.code_counter("W") == full.code_counter("W")
    assert quick.history() == full.history()


def test_a_snapshot_of_another_version_of_the_file_is_not_used(db: Path):
    kept(db)
    other = FileRepository.open(db, author="other")
    code = other.rows()[0][CODE]
    other.update(code, {"name": "另一个版本的项目名称"})
    quick = FileRepository.open(db, quick=True)
    assert quick.get(code).name == "另一个版本的项目名称"
    assert project_of(quick.rows()[0]).name == "另一个版本的项目名称"


@pytest.mark.parametrize("damage", ["flip", "truncate", "header", "shared", "empty"])
def test_a_damaged_or_foreign_snapshot_is_ignored(db: Path, parses: list[int], damage: str):
    path = kept(db)
    blob = path.read_bytes()
    if damage == "flip":
        middle = len(blob) // 2
        path.write_bytes(blob[:middle] + bytes([blob[middle] ^ 0x40]) + blob[middle + 1:])
    elif damage == "truncate":
        path.write_bytes(blob[: len(blob) - 100])
    elif damage == "header":
        path.write_bytes(blob.replace(b'"format":1', b'"format":9', 1))
    elif damage == "shared":
        os.chmod(path, 0o666)  # others could have written it: never unmarshalled
    else:
        path.write_bytes(b"")
    full = FileRepository.open(db)
    parses.clear()
    quick = FileRepository.open(db, quick=True)
    assert parses and fields(quick.rows()) == fields(full.rows())  # read as before


def test_a_snapshot_is_made_only_from_the_bytes_of_its_version(db: Path):
    mine = FileRepository.open(db)
    other = FileRepository.open(db, author="other")
    other.update(other.rows()[1][CODE], {"name": "别处改的名称"})
    assert not mine.keep_snapshot()  # the file on disk is another version than the one read
    assert not snapshot.path_of(db).exists()
    raw = db.read_bytes()
    data = FileRepository.open(db)._storage.read()
    assert data is not None
    items = list(data["projects"].items())
    assert snapshot.spans_of(raw, items) is not None
    assert snapshot.spans_of(raw.replace(b'"name": ', b'"name":  ', 1), items) is None  # not as dump_json writes it
    changed = [(items[0][0], {**items[0][1], "name": "x"}), *items[1:]]
    assert snapshot.spans_of(raw, changed) is None  # a record other than the bytes
    assert dump_json(data) == raw


def test_a_write_after_a_quick_open_completes_it_and_is_kept_again(db: Path):
    kept(db)
    quick = FileRepository.open(db, quick=True, author="planner")
    code = quick.rows()[2][CODE]
    quick.update(code, {"progress_percent": 55})
    assert FileRepository.open(db).get(code).progress_percent == 55
    assert quick.keep_snapshot()
    again = FileRepository.open(db, quick=True)
    assert again.get(code).progress_percent == 55
    assert project_of(next(r for r in again.rows() if r[CODE] == code)).progress_percent == 55
    assert quick.undo()  # the journal and the undo as after any write
    assert FileRepository.open(db).get(code).progress_percent != 55


def test_completion_from_two_threads_parses_once(db: Path, parses: list[int]):
    kept(db)
    full = FileRepository.open(db)
    quick = FileRepository.open(db, quick=True)
    errors: list[BaseException] = []

    def complete() -> None:
        try:
            quick.complete_open()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=complete) for _ in range(4)]
    for t in threads:
        t.start()
    projects = quick.projects()  # the main thread asks for everything meanwhile
    for t in threads:
        t.join()
    assert not errors
    assert projects == full.projects()


def test_a_snapshot_left_half_written_is_swept_by_the_next_one(db: Path):
    path = snapshot.path_of(db)
    path.parent.mkdir(parents=True, exist_ok=True)
    left = path.parent / f".{path.name}.dead0001.tmp"  # a UI that quit while keeping it
    left.write_bytes(b"x" * 1000)
    kept(db)
    assert not left.exists() and path.is_file()
