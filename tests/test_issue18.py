"""Issue 18's core defects as the command line meets them: back-dated progress reports on
tasks and on completed records, indicator import checks, kind-aware labels in refusals,
deadline texts with a year, reported values as numbers, a task table imported without
``--kind``, and ``report --help`` in both languages."""

from __future__ import annotations

from pathlib import Path

from portfolio.cli import main
from portfolio.store import Repository


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_task_takes_a_report_dated_before_its_latest(capsys, db_path: Path):
    db = str(db_path)
    assert run(capsys, "set", "LJQ2024W-20", "进度=50", "--date", "2024-09-30", "--db", db)[0] == 0
    code, _, err = run(capsys, "set", "LJQ2024W-20", "进度=20", "--date", "2024-03-31", "--db", db)
    assert code == 0, err
    task = Repository.open(db).get("LJQ2024W-20", "task")
    assert task.progress_percent == 50  # the current figures are the latest report's
    assert [(e.date.isoformat(), e.percent) for e in task.progress_log][-2:] == [
        ("2024-03-31", 20), ("2024-09-30", 50)]


def test_completed_record_takes_an_earlier_half_year_report(capsys, db_path: Path):
    db = str(db_path)
    assert run(capsys, "set", "W07", "status=completed", "--date", "2023-12-31", "--db", db)[0] == 0
    code, _, err = run(capsys, "set", "W07", "progress=50", "--date", "2023-06-30", "--db", db)
    assert code == 0, err
    project = Repository.open(db).get("W07")
    assert project.status.value == "completed" and project.progress_percent == 100
    entry = next(e for e in project.progress_log if e.date.isoformat() == "2023-06-30")
    assert entry.percent == 50 and entry.status.value == "in_progress"
    # the same for a task, and a report contradicting itself names the task
    assert run(capsys, "set", "LJQ2024W-20", "状态=已完成", "--date", "2024-09-30", "--db", db)[0] == 0
    assert run(capsys, "set", "LJQ2024W-20", "进度=40", "--date", "2024-06-30", "--db", db)[0] == 0
    task = Repository.open(db).get("LJQ2024W-20", "task")
    assert task.progress_percent == 100 and task.status.value == "completed"
    code, _, err = run(capsys, "set", "LJQ2024W-20", "进度=40", "--db", db)
    assert code != 0 and "任务 LJQ2024W-20" in err and "已完成的任务进度必须为 100" in err


def _indicator_csv(capsys, db: str, tmp_path: Path, cells: dict[str, str]) -> Path:
    """The indicator export with the 填报值 cell of the rows ``cells`` names replaced."""
    import csv

    out = tmp_path / "indicators.csv"
    assert run(capsys, "export", "--kind", "indicator", "-o", str(out), "--db", db)[0] == 0
    rows = list(csv.reader(out.open(encoding="utf-8-sig")))
    for row in rows:
        if row[0] in cells:
            row[-1] = cells[row[0]]
    changed = tmp_path / "changed.csv"
    with changed.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return changed


def test_indicator_import_checks_values_as_report_does(capsys, db_path: Path, tmp_path: Path):
    db = str(db_path)
    before = db_path.read_bytes()
    bad = _indicator_csv(capsys, db, tmp_path, {"I26": "2024 | abc | 2024-12-31", "I25": "2030 | 5 | 2024-12-31"})
    code, _, err = run(capsys, "import", "--kind", "indicator", str(bad), "--db", db)
    assert code != 0 and db_path.read_bytes() == before
    assert "“填报值”列：2030 年：年份须在基准年 2020 至规划末年 2025 之间" in err
    assert "“填报值”列：2024 年：" in err and "须为数字" in err and "abc" in err
    good = _indicator_csv(capsys, db, tmp_path, {"I05": "2023 | 1,234.5 | 2023-12-31"})
    assert run(capsys, "import", "--kind", "indicator", str(good), "--db", db)[0] == 0
    assert [v.value for v in Repository.open(db).get("I05", "indicator").values] == ["1234.5"]


def test_reported_values_are_numbers_read_one_way(capsys, db_path: Path):
    db = str(db_path)
    code, _, err = run(capsys, "report", "I25", "2023", "５７", "--db", db)
    assert code != 0 and "５７" in err
    assert run(capsys, "report", "I25", "2023", "57%", "--source", "公报", "--db", db)[0] == 0  # unit %
    assert run(capsys, "report", "I25", "2023", "58", "--note", "年报", "--db", db)[0] == 0
    value = Repository.open(db).get("I25", "indicator").values[0]
    assert (value.value, value.source, value.note) == ("58", "公报", "年报")  # the earlier source kept
    assert run(capsys, "report", "I05", "2023", "1,234", "--db", db)[0] == 0
    assert Repository.open(db).get("I05", "indicator").values[0].value == "1234"


def test_report_help_is_translated(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["report", "--help"])
    out = capsys.readouterr().out
    assert "YEAR" in out and "值所属年份" in out and "填报值：数值目标填数字" in out


def test_refused_undo_on_a_task_names_the_tasks_field(capsys, db_path: Path):
    db = str(db_path)
    assert run(capsys, "set", "LZS2022W-04", "主要任务=甲", "--user", "wang", "--db", db)[0] == 0
    assert run(capsys, "set", "LZS2022W-04", "主要任务=乙", "--user", "li", "--db", db)[0] == 0
    code, _, err = run(capsys, "undo", "--user", "wang", "--db", db)
    assert code != 0 and "LZS2022W-04 的主要任务改为 乙" in err and "项目名称" not in err
    code, _, err = run(capsys, "undo", "--user", "wang", "--lang", "en", "--db", db)
    assert code != 0 and "LZS2022W-04 Task to 乙" in err


def test_merge_conflict_on_a_task_names_the_tasks_field(db_path: Path):
    import pytest

    from portfolio.errors import MergeConflict

    repo = Repository.open(db_path)
    base = repo.get("LZS2022W-04", "task")
    Repository.open(db_path).update("LZS2022W-04", {"name": "甲"}, kind="task")
    with pytest.raises(MergeConflict) as caught:
        repo.update("LZS2022W-04", {"name": "乙"}, kind="task", base=base)
    assert "主要任务" in str(caught.value) and "项目名称" not in str(caught.value)


def test_deadlines_with_a_year_are_read(capsys, db_path: Path):
    from datetime import date

    from portfolio.records.task.model import parse_deadline

    db = str(db_path)
    for text, due in (("2022年9月底前", "2022-09-30"), ("2022年底前", "2022-12-31"), ("2022年上半年", "2022-06-30"),
                      ("2022年第3季度", "2022-09-30")):
        code, _, err = run(capsys, "set", "LZS2022W-05", f"完成时限={text}", "--db", db)
        assert code == 0, err
        assert Repository.open(db).get("LZS2022W-05", "task").deadline.isoformat() == due, text
    assert parse_deadline("第二季度", 2023) == date(2023, 6, 30)
    assert parse_deadline("2023年3月31日前", 2022) == date(2023, 3, 31)
    assert parse_deadline("工作计划后45个工作日内", 2022) is None


def test_a_task_table_imported_without_kind_says_so(capsys, db_path: Path, tmp_path: Path):
    db = str(db_path)
    tasks = tmp_path / "tasks.csv"
    assert run(capsys, "export", "--kind", "task", "-o", str(tasks), "--db", db)[0] == 0
    before = db_path.read_bytes()
    code, _, err = run(capsys, "import", str(tasks), "--db", db)
    assert code != 0 and "看起来是任务表：请加 --kind task" in err and "unknown" not in err
    code, _, err = run(capsys, "import", str(tasks), "--lang", "en", "--db", db)
    assert code != 0 and "looks like a task table: add --kind task" in err
    code, _, err = run(capsys, "import", "--kind", "indicator", str(tasks), "--db", db)
    assert code != 0 and "--kind task" in err
    assert db_path.read_bytes() == before
