"""``portfolio log``, ``undo``/``redo`` by author, ``--user``, ``set --date`` and the progress
rule as the command line meets them (issue 11's checks), on the file and on a PostgreSQL server
(the ``backend, db`` fixtures: tests/backends.py)."""

from __future__ import annotations

from datetime import date

import orjson
import pytest

from portfolio.cli import main
from portfolio.store import Repository


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_two_authors_undo_reverts_only_ones_own(capsys, backend, db, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_USER", "a")
    assert run(capsys, "set", "W01", "progress=30", "--db", db)[0] == 0
    monkeypatch.setenv("PORTFOLIO_USER", "b")
    assert run(capsys, "set", "W02", "progress=40", "--db", db)[0] == 0
    monkeypatch.setenv("PORTFOLIO_USER", "a")
    code, out, _ = run(capsys, "undo", "--db", db)
    assert code == 0 and "W01" in out and "W02" not in out
    repo = Repository.open(db)
    assert repo.get("W01").progress_percent == 0 and repo.get("W02").progress_percent == 40
    code, out, _ = run(capsys, "undo", "--db", db)
    assert code == 0 and "没有可撤销" in out
    code, out, _ = run(capsys, "redo", "--db", db)
    assert code == 0 and "W01" in out and Repository.open(db).get("W01").progress_percent == 30
    # --user wins over the environment
    code, out, _ = run(capsys, "undo", "--user", "b", "--db", db)
    assert code == 0 and "W02" in out and Repository.open(db).get("W02").progress_percent == 0


def test_undo_over_someone_elses_later_change_is_refused(capsys, backend, db):
    run(capsys, "set", "W01", "progress=30", "--user", "a", "--db", db)
    run(capsys, "set", "W01", "progress=45", "--user", "b", "--db", db)
    before = backend.state(db)
    code, _out, err = run(capsys, "undo", "--user", "a", "--db", db)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "b" in err and "进度" in err and "45" in err
    assert backend.state(db) == before


def test_log_after_60_changes_still_lists_the_first(capsys, backend, db):
    for i in range(1, 61):
        assert run(capsys, "set", "K01", f"progress={i}", "--user", "李工", "--db", db)[0] == 0
    code, out, _ = run(capsys, "log", "--db", db)
    assert code == 0
    lines = out.strip().splitlines()
    assert "李工" in lines[2] and "0% → 1%" in lines[2]  # the first change, oldest first
    assert "59% → 60%" in lines[-2] and "60" in lines[-1]
    code, out, _ = run(capsys, "log", "K01", "--format", "json", "--db", db)
    entries = orjson.loads(out)
    assert len(entries) == 60 and entries[0]["author"] == "李工"
    assert entries[0]["before"]["progress_percent"] == 0 and entries[0]["after"]["progress_percent"] == 1


def test_log_filters(capsys, backend, db):
    run(capsys, "set", "W01", "name=甲改", "--user", "a", "--db", db)
    run(capsys, "set", "W02", "name=乙改", "--user", "b", "--db", db)
    _code, out, _ = run(capsys, "log", "--author", "b", "--db", db)
    assert "W02" in out and "W01" not in out and "乙改" in out
    _code, out, _ = run(capsys, "log", "w01", "--db", db)
    assert "W01" in out and "W02" not in out
    _code, out, _ = run(capsys, "log", "--since", "2099-01-01", "--db", db)
    assert "没有变更记录" in out
    with pytest.raises(SystemExit) as exc:
        main(["log", "--since", "昨天", "--db", db])
    assert exc.value.code == 2 and "昨天" in capsys.readouterr().err


def test_set_date_records_an_earlier_report(capsys, backend, db):
    run(capsys, "set", "W03", "progress=60", "--db", db)
    code, out, _ = run(capsys, "set", "W03", "progress=40", "status=实施中", "--date", "2023-06-30",
                       "--note", "半年报", "--db", db)
    assert code == 0, out
    log = Repository.open(db).get("W03").progress_log
    assert [(e.date, e.percent) for e in log] == [(date(2023, 6, 30), 40), (date.today(), 60)]
    assert log[0].note == "半年报"


def test_completed_then_lower_progress_is_refused(capsys, backend, db):
    code, _out, _ = run(capsys, "set", "W01", "status=已完成", "--db", db)
    assert code == 0 and Repository.open(db).get("W01").progress_percent == 100
    before = backend.state(db)
    code, _out, err = run(capsys, "set", "W01", "progress=50", "--db", db)
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "status" in err and "progress_percent" in err
    assert backend.state(db) == before


def test_progress_changed_in_a_reimported_xlsx_appends_a_log_entry(capsys, backend, db, tmp_path):
    import openpyxl

    out = tmp_path / "projects.xlsx"
    assert run(capsys, "export", "-o", str(out), "--db", db)[0] == 0
    wb = openpyxl.load_workbook(out)
    ws = wb.worksheets[0]
    first = next(r for r in ws.iter_rows() if any(c.value == "编号" for c in r))  # the header row
    header = [c.value for c in first]
    row = next(r for r in ws.iter_rows(min_row=first[0].row + 1) if r[header.index("编号")].value == "S02")
    row[header.index("进度")].value = 35
    wb.save(out)
    code, _text, err = run(capsys, "import", str(out), "--db", db)
    assert code == 0, err
    s02 = Repository.open(db).get("S02")
    assert s02.progress_percent == 35
    assert [(e.date, e.percent) for e in s02.progress_log] == [(date.today(), 35)]
    [entry] = Repository.open(db).history("S02")
    assert entry.action == "import"


def test_an_unreachable_postgresql_server_is_one_line_without_the_password(capsys):
    code, _out, err = run(capsys, "list", "--db", "postgresql://planner:secret@127.0.0.1:1/portfolio")
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "PostgreSQL" in err and "secret" not in err


@pytest.mark.parametrize("argv", [["redo"], ["log"]])
def test_nothing_yet(capsys, backend, db, argv):
    code, out, _ = run(capsys, *argv, "--db", db)
    assert code == 0 and ("没有可重做" in out or "没有变更记录" in out)
