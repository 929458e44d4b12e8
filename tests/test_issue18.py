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
