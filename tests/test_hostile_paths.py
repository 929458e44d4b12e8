"""Hostile paths (issue 12): the output guard, symlinked / FIFO / folder databases, a folder
where the lock goes, strict loading of a hand-edited file."""

from __future__ import annotations

import json
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.errors import DatabaseError
from portfolio.io.export import export_projects
from portfolio.io.output import OutputRefused, check_output
from portfolio.store import Repository

from .conftest import BUNDLED


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    return lines[0]


# -- the output guard -------------------------------------------------------------------------
@pytest.mark.parametrize("command", [
    ["export", "-o", "{db}"],
    ["export", "--format", "csv", "-o", "{db}"],
    ["export", "--format", "json", "-o", "{rel}"],
    ["export", "--format", "csv", "-o", "{link}"],
    ["export", "--format", "csv", "-o", "{hard}"],
    ["export", "--format", "csv", "-o", "{lock}"],
    ["export", "--format", "csv", "-o", "{journal}"],
    ["review", "--format", "md", "-o", "{db}"],
    ["review", "--format", "xlsx", "-o", "{db}"],
    ["dispatch", "--unit", "市生态环境局", "-o", "{db_xlsx}"],
])
def test_output_never_replaces_the_open_database(capsys, tmp_path, monkeypatch, command):
    db = tmp_path / "db.json"
    shutil.copyfile(BUNDLED, db)
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    os.symlink(db, tmp_path / "link.csv")
    os.link(db, tmp_path / "hard.csv")
    db_xlsx = tmp_path / "db.xlsx"
    shutil.copyfile(BUNDLED, db_xlsx)
    names = {"db": str(db), "rel": "../db.json", "link": str(tmp_path / "link.csv"),
             "hard": str(tmp_path / "hard.csv"), "lock": str(db) + ".lock", "db_xlsx": str(db_xlsx),
             "journal": str(db) + ".journal.jsonl"}
    target_db = db_xlsx if "{db_xlsx}" in command else db
    before = target_db.read_bytes()
    argv = [part.format(**names) for part in command]
    code, _out, err = run(capsys, *argv, "--db", str(target_db))
    assert code == 1
    assert "--force" in one_line_error(err)
    assert target_db.read_bytes() == before
    assert not (tmp_path / "db.json.lock").is_dir()
    assert (tmp_path / "link.csv").is_symlink()
    code, out, _ = run(capsys, "list", "--db", str(target_db))
    assert code == 0 and "34" in out


def test_an_export_named_after_the_database_is_an_ordinary_file(capsys, db_path):
    """db.json.csv beside db.json is an export, not one of the database's own files."""
    target = db_path.with_name(db_path.name + ".csv")
    code, _out, err = run(capsys, "export", "--format", "csv", "-o", str(target), "--db", str(db_path))
    assert code == 0, err
    assert target.read_text(encoding="utf-8-sig").count("\n") >= 35


def test_force_must_name_the_output(capsys, db_path, tmp_path):
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "export", "-o", str(db_path), "--force", str(tmp_path / "other"),
                          "--db", str(db_path))
    assert code == 1 and "--force" in one_line_error(err)
    assert db_path.read_bytes() == before


def test_symlink_to_a_fifo_is_refused_and_stays(capsys, db_path, tmp_path):
    """-o /dev/null --format csv must never replace /dev/null: the same shape, in tmp."""
    fifo = tmp_path / "null"
    os.mkfifo(fifo)
    link = tmp_path / "devnull"
    os.symlink(fifo, link)
    for target in (link, fifo):
        code, _out, err = run(capsys, "export", "--format", "csv", "-o", str(target), "--db", str(db_path))
        assert code == 1
        assert "--force" in one_line_error(err)
    assert link.is_symlink() and stat.S_ISFIFO(os.stat(link).st_mode)


def test_forced_fifo_is_written_into_not_replaced(capsys, db_path, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as fh:
            received.append(fh.read())

    thread = threading.Thread(target=reader)
    thread.start()
    # the writer opens without blocking: wait until the reader has the FIFO open
    for _ in range(200):
        code, _out, err = run(capsys, "export", "--format", "csv", "-o", str(fifo), "--force", str(fifo),
                              "--db", str(db_path))
        if code == 0:
            break
        assert "no process is reading it" in err or "没有进程在读取它" in err
        threading.Event().wait(0.01)
    thread.join(10)
    assert code == 0
    assert received and received[0].startswith(b"\xef\xbb\xbf")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_forced_fifo_without_reader_does_not_hang(capsys, db_path, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    code, _out, err = run(capsys, "export", "--format", "csv", "-o", str(fifo), "--force", str(fifo),
                          "--db", str(db_path))
    assert code == 1 and one_line_error(err)


def test_forced_symlink_keeps_the_link(capsys, db_path, tmp_path):
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    os.symlink(target, link)
    code, _out, _err = run(capsys, "export", "-o", str(link), "--force", str(link), "--db", str(db_path))
    assert code == 0
    assert link.is_symlink() and target.read_bytes().startswith(b"\xef\xbb\xbf")


def test_directory_and_missing_folder_are_refused(capsys, db_path, tmp_path):
    code, _out, err = run(capsys, "export", "-f", "csv", "-o", str(tmp_path), "--db", str(db_path))
    assert code == 1 and one_line_error(err)
    code, _out, err = run(capsys, "export", "-o", str(tmp_path / "no" / "x.csv"), "--db", str(db_path))
    assert code == 1 and one_line_error(err)


def test_guard_is_the_exporters_guard(repo, tmp_path):
    """The UI's export dialog calls export_projects: the guard is inside it."""
    with pytest.raises(OutputRefused):
        export_projects(repo.projects(), repo.path, "json")
    with pytest.raises(OutputRefused):
        check_output(Path(str(repo.path) + ".journal.jsonl"))
    assert check_output(tmp_path / "fine.csv") == (tmp_path / "fine.csv", True)


def test_dispatch_to_a_file_that_is_not_a_folder(capsys, db_path, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("keep")
    code, _out, err = run(capsys, "dispatch", "-o", str(plain), "--db", str(db_path))
    assert code == 1 and one_line_error(err)
    assert plain.read_text() == "keep"


def test_full_tmpdir_while_building_xlsx(capsys, db_path, tmp_path, monkeypatch):
    import errno
    import tempfile

    from openpyxl.worksheet import _writer  # imported first: it binds NamedTemporaryFile by name

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(_writer, "NamedTemporaryFile", full)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", full)
    monkeypatch.setattr(tempfile, "TemporaryFile", full)
    monkeypatch.setattr(tempfile, "mkstemp", full)
    out = tmp_path / "x.xlsx"
    code, _out, err = run(capsys, "export", "-o", str(out), "--db", str(db_path))
    assert code == 1 and one_line_error(err)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "projects.json"] == []


# -- the database path --------------------------------------------------------------------------
def test_symlinked_db_keeps_its_link_and_gets_the_edit(capsys, db_path, tmp_path):
    link = tmp_path / "link.json"
    os.symlink(db_path, link)
    code, _out, _err = run(capsys, "set", "W01", "progress=40", "--db", str(link))
    assert code == 0
    assert link.is_symlink()
    assert json.loads(db_path.read_text())["projects"]["W01"]["progress_percent"] == 40
    assert (tmp_path / "projects.json.lock").exists()  # the target's lock
    assert not (tmp_path / "link.json.lock").exists()
    assert Repository.open(link).path == db_path


def test_fifo_as_db_fails_at_once(capsys, tmp_path):
    fifo = tmp_path / "db.json"
    os.mkfifo(fifo)
    code, _out, err = run(capsys, "list", "--db", str(fifo))
    assert code == 1 and one_line_error(err)


def test_folder_as_db(capsys, tmp_path):
    code, _out, err = run(capsys, "list", "--db", str(tmp_path))
    assert code == 1 and one_line_error(err)


def test_folder_where_the_lock_goes(capsys, db_path):
    Path(str(db_path) + ".lock").mkdir()
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "set", "W01", "progress=40", "--db", str(db_path))
    assert code == 1 and ".lock" in one_line_error(err)
    assert db_path.read_bytes() == before


# -- strict loading -------------------------------------------------------------------------------
def _edited(db_path: Path, edit) -> Path:
    data = json.loads(db_path.read_text())
    edit(data)
    db_path.write_text(json.dumps(data, ensure_ascii=False))
    return db_path


@pytest.mark.parametrize(("edit", "names"), [
    (lambda d: d["meta"]["schema"].__setitem__("version", True), "meta.schema.version"),
    (lambda d: d["projects"]["W02"].__setitem__("progress_percent", True), "progress_percent"),
    (lambda d: d["projects"]["W02"].__setitem__("start_year", "2021"), "start_year"),
    (lambda d: d["projects"]["W02"].__setitem__("end_year", 2025.0), "end_year"),
    (lambda d: d["meta"]["schema"].__setitem__("counters", [1, 2]), "counters"),
    (lambda d: d["meta"]["schema"].__setitem__("counters", {"W": "8"}), "counters"),
])
def test_strict_types_on_load(capsys, db_path, edit, names):
    _edited(db_path, edit)
    before = db_path.read_bytes()
    code, _out, err = run(capsys, "list", "--db", str(db_path))
    line = one_line_error(err)
    assert code == 1 and names in line and str(db_path) in line
    if "W02" in names or names in ("progress_percent", "start_year", "end_year"):
        assert "W02" in line
    assert db_path.read_bytes() == before


def test_stored_log_percent_must_be_a_number(db_path):
    def edit(d):
        d["projects"]["W02"]["progress_log"] = [{"date": "2023-01-01", "percent": True, "status": "in_progress"}]
    _edited(db_path, edit)
    with pytest.raises(DatabaseError, match="percent"):
        Repository.open(db_path)


def test_duplicate_keys_are_refused(capsys, db_path):
    text = db_path.read_text(encoding="utf-8")
    db_path.write_text(text.replace('"W02": {', '"W01": {', 1), encoding="utf-8")
    code, _out, err = run(capsys, "list", "--db", str(db_path))
    assert code == 1 and "W01" in one_line_error(err)
    # a duplicate field inside a record, too
    text = BUNDLED.read_text(encoding="utf-8")
    db_path.write_text(text.replace('"name": ', '"name": "x", "name": ', 1), encoding="utf-8")
    with pytest.raises(DatabaseError, match="name"):
        Repository.open(db_path)


@pytest.mark.parametrize("payload", [b'{"a": NaN}', b'{"a": "\\ud800"}', b'{"a": "\xff"}', b"[" * 100000])
def test_hostile_json_is_one_line(capsys, tmp_path, payload):
    db = tmp_path / "db.json"
    db.write_bytes(payload)
    code, _out, err = run(capsys, "list", "--db", str(db))
    assert code == 1 and one_line_error(err)
