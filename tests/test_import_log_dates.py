"""Imports refuse progress-log entries they add or change when dated outside the range
``set --date`` and ``collect`` allow (issue 19), naming row and column; entries already stored
are left alone."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from portfolio.cli import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("when", ["0001-01-01", "9999-12-31"])
def test_json_import_refuses_a_new_log_entry_out_of_range(db_path, tmp_path, capsys, when):
    out = tmp_path / "e.json"
    assert run(capsys, "export", "-o", str(out), "--db", str(db_path))[0] == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    data[0]["progress_log"] = [{"date": when, "percent": 60, "status": "in_progress", "note": "x"}]
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = digest(db_path)
    code, _out, err = run(capsys, "import", str(out), "--db", str(db_path))
    assert code != 0 and "row 1" in err and when in err
    assert digest(db_path) == before


def test_csv_import_refuses_a_new_log_entry_out_of_range(db_path, tmp_path, capsys):
    out = tmp_path / "e.csv"
    assert main(["export", "-o", str(out), "--db", str(db_path), "--lang", "zh_CN"]) == 0
    with open(out, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    column = next(n for n, h in enumerate(rows[0]) if "进展" in h)
    rows[1][column] = "9999-12-31 | 60 | 实施中 | 备注"
    with open(out, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    before = digest(db_path)
    capsys.readouterr()
    code = main(["import", str(out), "--db", str(db_path), "--lang", "zh_CN"])
    err = capsys.readouterr().err
    assert code != 0 and "第 2 行" in err and "9999-12-31" in err and "进展记录" in err
    assert digest(db_path) == before


def test_an_entry_already_stored_out_of_range_is_left_alone(db_path, tmp_path, capsys):
    data = json.loads(db_path.read_text(encoding="utf-8"))
    first = next(iter(data["projects"]))
    data["projects"][first]["progress_log"] = [
        {"date": "2019-01-01", "percent": 0, "status": "not_reported", "note": ""}]
    db_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "e.json"
    assert run(capsys, "export", "-o", str(out), "--db", str(db_path))[0] == 0
    code, _out, err = run(capsys, "import", str(out), "--db", str(db_path))
    assert code == 0, err
