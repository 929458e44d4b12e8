"""Fault injection, short form (CI). The long form: ``python bench/reliability.py``."""

from __future__ import annotations

import os

import pytest

from portfolio.store import Repository

from .faults import (
    concurrent_cli_set,
    concurrent_writers,
    kill_cli_set_loop,
    kill_during_saves,
    save_as_other_user,
    save_with_file_size_limit,
)

pytestmark = pytest.mark.reliability


def test_sigkill_during_saves_never_corrupts(db_path):
    report = kill_during_saves(db_path, trials=25)
    print(report)
    assert report.unreadable == 0, report.failures
    assert report.lost_ack == 0, report.failures
    assert report.journal_mismatch == 0, report.failures
    assert sum(report.acks) > 25  # the kills really landed among saves
    Repository.open(db_path).update("W03", {"progress_percent": 1})  # still writable


def test_sigkill_of_portfolio_set_loop(db_path):
    report = kill_cli_set_loop(db_path, trials=12)
    print(report)
    assert report.unreadable == 0 and report.lost_ack == 0 and report.journal_mismatch == 0, report.failures


@pytest.mark.parametrize("writers", [2, 4])
def test_concurrent_writers_lose_no_update(backend, db, writers):
    counts = concurrent_writers(db, writers=writers, edits=25)
    assert len(counts) == writers and counts == {code: 25 for code in counts}
    assert len(Repository.open(db).history()) == writers * 25


def test_two_portfolio_set_loops_at_once_lose_no_edit(backend, db):
    logged = concurrent_cli_set(db, ["S01", "S02"], edits=8)
    assert logged == {"S01": [float(i) for i in range(1, 9)], "S02": [float(i) for i in range(1, 9)]}


def test_stale_temp_file_of_a_killed_writer_is_cleaned(db_path):
    stale = db_path.parent / f".{db_path.name}.abc123.tmp"
    stale.write_bytes(b"half")
    Repository.open(db_path).update("W01", {"progress_percent": 3})
    assert not stale.exists()


def test_disk_full_during_save_leaves_previous_file(db_path):
    before = db_path.read_bytes()
    result = save_with_file_size_limit(db_path, limit=len(before) + 1000)
    assert result.returncode == 1, result.stderr
    assert "无法保存" in result.stderr and "原文件未被改动" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert db_path.read_bytes() == before
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_permission_denied_for_another_user(tmp_path, db_path):
    import shutil

    folder = tmp_path / "locked"
    folder.mkdir()
    target = folder / "projects.json"
    shutil.copyfile(db_path, target)
    os.chmod(tmp_path, 0o755)
    os.chmod(folder, 0o755)
    os.chmod(target, 0o644)
    before = target.read_bytes()
    result = save_as_other_user(target)
    if result is None:
        pytest.skip("cannot switch to an unprivileged user here")
    if "ModuleNotFoundError" in result.stderr or "Permission denied: '/" in result.stderr:
        pytest.skip("the unprivileged user cannot run the installed package here")
    assert result.returncode == 1, result.stderr
    assert "没有写入权限" in result.stderr and "Traceback" not in result.stderr
    assert target.read_bytes() == before
