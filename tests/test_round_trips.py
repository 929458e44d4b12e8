"""Every flat export imported again changes nothing (projects, tasks, indicators; csv, xlsx,
json; in Chinese and in English), and edited rows come back as validated, undoable changes."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

import openpyxl
import pytest

from portfolio.cli import main
from portfolio.store import Repository

RAW_WORDS = re.compile(r"\b(not_reported|not_started|in_progress|completed|suspended|cancelled|higher|lower|"
                       r"met|not_met)\b")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def journal(db: Path) -> bytes:
    found = list(db.parent.glob(db.name + ".journal*"))
    return b"".join(p.read_bytes() for p in found)


@pytest.fixture
def reported(capsys, db_path: Path) -> Path:
    """The bundled database with reports: dated, with investments and notes holding the log's
    separator, for a project, a task and an indicator."""
    db = str(db_path)
    for argv in (("set", "W05", "progress=40", "completed_investment=100", "--date", "2024-03-31"),
                 ("set", "W05", "progress=25", "completed_investment=37.5", "--date", "2023-06-30",
                  "--note", "半年 | 报"),
                 ("set", "A02", "status=in_progress", "progress=10", "--note", "开工"),
                 ("set", "--kind", "task", "LZS2022W-01", "status=in_progress", "progress=30", "--note", "推进"),
                 ("report", "I25", "2023", "57")):
        code, _out, err = run(capsys, *argv, "--db", db)
        assert code == 0, err
    return db_path


def _export(capsys, db: Path, kind: str, target: Path, lang: str) -> None:
    code, _out, err = run(capsys, "export", "--kind", kind, "-o", str(target), "--db", str(db), "--lang", lang)
    assert code == 0, err


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
@pytest.mark.parametrize("kind", ["project", "task", "indicator"])
def test_an_export_imported_again_changes_nothing(capsys, reported: Path, tmp_path: Path, kind, fmt, lang):
    target = tmp_path / f"{kind}.{fmt}"
    _export(capsys, reported, kind, target, lang)
    before, logged = digest(reported), journal(reported)
    code, out, err = run(capsys, "import", "--kind", kind, str(target), "--db", str(reported), "--lang", lang)
    assert code == 0, err
    assert re.search(r"0 ?(个新增|new)[，,] ?0 ?(个修改|changed)", out)
    assert digest(reported) == before and journal(reported) == logged


def test_the_log_keeps_its_investments_in_a_flat_csv(capsys, reported: Path, tmp_path: Path):
    target = tmp_path / "p.csv"
    _export(capsys, reported, "project", target, "zh_CN")
    text = target.read_text(encoding="utf-8-sig")
    assert "2023-06-30 | 25 | 实施中 | 37.5 | 半年 | 报" in text
    assert "2024-03-31 | 40 | 实施中 | 100" in text


@pytest.mark.parametrize("kind", ["task", "indicator"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_kind_exports_hold_labels_not_raw_values(capsys, reported: Path, tmp_path: Path, kind, fmt):
    target = tmp_path / f"{kind}.{fmt}"
    _export(capsys, reported, kind, target, "zh_CN")
    if fmt == "csv":
        text = target.read_text(encoding="utf-8-sig")
    else:
        wb = openpyxl.load_workbook(target)
        assert wb.sheetnames[0] in ("任务清单", "指标")
        text = "\n".join(str(v) for row in wb.active.iter_rows(values_only=True) for v in row if v is not None)
    assert not RAW_WORDS.search(text)
    assert ("未填报" in text and "实施中" in text) if kind == "task" else ("越高越好" in text and "约束性" in text)


def _edit_csv(path: Path, code: str, edits: dict[str, str]) -> None:
    rows = list(csv.reader(path.open(encoding="utf-8-sig", newline="")))
    header = rows[0]
    for row in rows[1:]:
        if row[0] == code:
            for column, value in edits.items():
                row[header.index(column)] = value
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)


def test_edited_task_rows_become_undoable_changes(capsys, reported: Path, tmp_path: Path):
    target = tmp_path / "t.csv"
    _export(capsys, reported, "task", target, "zh_CN")
    _edit_csv(target, "LZS2022W-02", {"主要任务": "集中治理工业集聚区水污染（改）", "状态": "已完成"})
    code, out, err = run(capsys, "import", "--kind", "task", str(target), "--db", str(reported))
    assert code == 0, err
    assert "1 个修改" in out and "状态：未填报 → 已完成" in out
    task = Repository.open(reported).get("LZS2022W-02", "task")
    assert task.name.endswith("（改）") and task.status == "completed"
    assert run(capsys, "undo", "--db", str(reported))[0] == 0
    task = Repository.open(reported).get("LZS2022W-02", "task")
    assert not task.name.endswith("（改）") and task.status == "not_reported"


def test_edited_indicator_values_come_back(capsys, reported: Path, tmp_path: Path):
    target = tmp_path / "i.csv"
    _export(capsys, reported, "indicator", target, "en")
    _edit_csv(target, "I25", {"Reported values": "2023 | 58 | 2023-12-31", "Better when": "lower"})
    code, _out, err = run(capsys, "import", "--kind", "indicator", str(target), "--db", str(reported), "--lang", "en")
    assert code == 0, err
    indicator = Repository.open(reported).get("I25", "indicator")
    assert [(v.year, v.value) for v in indicator.values] == [(2023, "58")] and indicator.direction == "lower"


def test_a_bad_cell_imports_nothing_and_names_row_and_column(capsys, reported: Path, tmp_path: Path):
    target = tmp_path / "t.csv"
    _export(capsys, reported, "task", target, "zh_CN")
    _edit_csv(target, "LZS2022W-03", {"状态": "bogus"})
    _edit_csv(target, "LZS2022W-02", {"主要任务": "改"})
    before = digest(reported)
    code, _out, err = run(capsys, "import", "--kind", "task", str(target), "--db", str(reported))
    assert code == 1 and len(err.strip().splitlines()) == 1
    assert "第 4 行" in err and "状态" in err and "bogus" in err
    assert digest(reported) == before


def test_kind_json_export_is_the_stored_records(capsys, reported: Path, tmp_path: Path):
    target = tmp_path / "t.json"
    _export(capsys, reported, "task", target, "zh_CN")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data) == len(Repository.open(reported).records("task"))
