"""Files proved valid (``portfolio.store.trust``): a read of the very file an earlier read or
write checked skips the checks; any other file — changed by hand, even to the same size with
its old time put back — is checked in full and refused with the usual message."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from portfolio.errors import DatabaseError
from portfolio.records.project.query import STORED, P, make_row, parse, stored_rows
from portfolio.store import Repository, file_views, trust
from portfolio.store import file as file_module
from tests.conftest import ROOT

QUERIES = ["", "污水", "wushui", "cat:water year:2024", "unit:生态环境局", "lead:市生态环境局 -status:completed",
           "unit:鹿寨县", "light:red", "code:W", "sub:饮用水", "start:<2023 end:>=2025", "ldc"]


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The kinds whose records are validated as a whole table (on open, or when first asked)."""
    seen: list[str] = []
    for module in (file_module, file_views):
        real = module.validate_records

        def spy(table, kind, path, real=real):  # type: ignore[no-untyped-def]
            seen.append(kind.name)
            return real(table, kind, path)

        monkeypatch.setattr(module, "validate_records", spy)
    return seen


def stamps() -> list[Path]:
    return sorted((Path(os.environ["PORTFOLIO_CACHE_DIR"]) / "validated").glob("*.json"))


def edit_in_place(path: Path, old: bytes, new: bytes) -> None:
    """Replace bytes in the file, keeping its size, inode and modification time."""
    assert len(old) == len(new)
    st = path.stat()
    raw = path.read_bytes()
    assert old in raw
    with open(path, "r+b") as fh:
        fh.write(raw.replace(old, new, 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = path.stat()
    assert (after.st_ino, after.st_size, after.st_mtime_ns) == (st.st_ino, st.st_size, st.st_mtime_ns)


def test_a_read_checks_once_and_the_same_file_is_trusted(db_path: Path, checks: list[str]):
    first = Repository.open(db_path)
    assert checks == ["project"]
    assert len(stamps()) == 1
    assert [p.name for p in db_path.parent.iterdir()] == ["projects.json"]  # nothing beside the data
    second = Repository.open(db_path)
    assert checks == ["project"]  # not validated again
    for q in QUERIES:
        assert second.search(q) == first.search(q), q
    assert second.get("W05") == first.get("W05")


def test_the_stamp_lives_in_the_user_cache(db_path: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("PORTFOLIO_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))
    Repository.open(db_path)
    assert len(list((tmp_path / "xdg-cache" / "portfolio" / "validated").glob("*.json"))) == 1


def test_rows_of_a_trusted_file_match_the_models(db_path: Path):
    data = orjson.loads(db_path.read_bytes())
    odd = data["projects"]["W02"]
    odd["name"] = "\u3000 " + odd["name"] + " "  # a hand edit: the model strips short fields
    odd["units"] = " 甲单位、乙单位 "  # units written as one text (the model splits it)
    del odd["status"]  # a default
    data["projects"]["W03"]["subcategory"] = " 子类 "
    db_path.write_bytes(orjson.dumps(data))
    repo = Repository.open(db_path)
    models = {p.code: make_row(p) for p in repo.projects()}
    rows = stored_rows(data["projects"], repo)
    assert [r[5] for r in rows] == [p.code for p in repo.projects()]  # the plan's order
    for row in rows:
        model_row = models[row[5]]
        assert row[1:9] + row[10:11] + row[12:14] + row[15:] == model_row[1:9] + model_row[10:11] + \
            model_row[12:14] + model_row[15:]
    trusted = Repository.open(db_path)
    assert [p.code for p in trusted.search("unit:乙单位")] == ["W02"]
    assert [p.code for p in trusted.search("sub:子类")] == ["W03"]
    assert trusted.search(parse("")) == repo.projects()


def test_projects_of_a_trusted_file_are_built_only_when_read(db_path: Path, checks: list[str]):
    Repository.open(db_path)
    repo = Repository.open(db_path)
    found = repo.search("cat:water")
    assert checks == ["project"] and found
    assert all(r[P] is not None and r[STORED] is not None for r in repo.rows())
    assert repo.get("W01") is found[0]  # one project asked for: validated alone, the same object
    assert checks == ["project"]
    assert repo.projects()[0] is found[0]  # validating the whole table later keeps the same objects
    assert checks == ["project", "project"]


def test_same_size_edit_with_the_old_time_is_checked(db_path: Path):
    Repository.open(db_path)
    edit_in_place(db_path, b'"start_year": 2021', b'"start_year": 1999')
    with pytest.raises(DatabaseError) as exc:
        Repository.open(db_path)
    assert "start_year" in str(exc.value) and "W01" in str(exc.value)


def test_same_size_valid_edit_is_read_and_checked(db_path: Path, checks: list[str]):
    Repository.open(db_path)
    edit_in_place(db_path, "柳州市农村黑臭水体".encode(), "柳州市城镇黑臭水体".encode())
    repo = Repository.open(db_path)
    assert checks == ["project", "project"]
    assert repo.get("W05").name.startswith("柳州市城镇黑臭水体")


def test_duplicate_key_is_refused_after_a_trusted_read(db_path: Path):
    Repository.open(db_path)
    raw = db_path.read_bytes()
    db_path.write_bytes(raw.replace(b'"scale": ""', b'"scale": "", "scale": "x"', 1))
    with pytest.raises(DatabaseError) as exc:
        Repository.open(db_path)
    assert "scale" in str(exc.value) and "W01" in str(exc.value) and "27" in str(exc.value)  # key, record, line


def test_truncated_file_is_refused_after_a_trusted_read(db_path: Path):
    Repository.open(db_path)
    raw = db_path.read_bytes()
    db_path.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(DatabaseError) as exc:
        Repository.open(db_path)
    assert "JSON" in str(exc.value)


def test_a_copy_is_checked(db_path: Path, tmp_path: Path, checks: list[str]):
    Repository.open(db_path)
    copy = tmp_path / "copy.json"
    shutil.copyfile(db_path, copy)
    Repository.open(copy)
    assert checks == ["project", "project"]


def test_other_rules_check_again(db_path: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch):
    Repository.open(db_path)
    monkeypatch.setattr(trust, "rules", lambda: "another version of the program")
    Repository.open(db_path)
    assert checks == ["project", "project"]


def test_a_write_refreshes_the_stamp(db_path: Path, checks: list[str]):
    repo = Repository.open(db_path)
    before = stamps()[0].read_bytes()
    repo.update("W01", {"progress_percent": 40})
    assert stamps()[0].read_bytes() != before
    checks.clear()
    again = Repository.open(db_path)
    assert checks == []  # the file this program wrote is trusted
    assert again.search("code:W01")[0].progress_percent == 40


def test_a_write_to_a_trusted_file_validates_it(db_path: Path, checks: list[str]):
    Repository.open(db_path)
    repo = Repository.open(db_path)
    checks.clear()
    repo.update("W01", {"progress_percent": 40})
    assert checks == ["project"]


def test_other_kinds_are_read_only_when_asked(db_path: Path, checks: list[str]):
    repo = Repository.open(db_path)
    repo.search("cat:water 污水")
    assert checks == ["project"]
    repo.records("task")
    assert checks == ["project", "task"]
    checks.clear()
    trusted = Repository.open(db_path)
    trusted.search("cat:water 污水")
    assert checks == []


def test_an_unwritable_cache_is_no_stamp(db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                         checks: list[str]):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("PORTFOLIO_CACHE_DIR", str(blocker))
    Repository.open(db_path)
    Repository.open(db_path)
    assert checks == ["project", "project"]


def test_a_damaged_stamp_is_no_stamp(db_path: Path, checks: list[str]):
    Repository.open(db_path)
    stamps()[0].write_bytes(b"{not json")
    Repository.open(db_path)
    assert checks == ["project", "project"]


def test_command_line_list_on_a_trusted_file(db_path: Path):
    cmd = [sys.executable, "-m", "tui.launch", "--db", str(db_path), "list", "--where", "污水 cat:water",
           "--format", "json"]
    first = subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True).stdout
    assert len(stamps()) == 1
    second = subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True).stdout
    assert first == second and orjson.loads(second)
    edit_in_place(db_path, b'"start_year": 2021', b'"start_year": 1999')
    third = subprocess.run(cmd, capture_output=True, cwd=ROOT, text=True)
    assert third.returncode == 1 and "start_year" in third.stderr and "W01" in third.stderr
