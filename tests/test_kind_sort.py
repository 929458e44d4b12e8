"""``--sort`` for every kind (a tester found it silently ignored for tasks and indicators), empty
values last either way."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import run


def _codes(capsys, db: Path, *args: str) -> list[str]:
    code, out, err = run(capsys, "list", *args, "--format", "json", "--db", str(db))
    assert code == 0, err
    return [r["code"] for r in json.loads(out)]


def test_tasks_sort_by_deadline_both_ways_with_undated_last(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "list", "--kind", "task", "--format", "json", "--db", str(db_path))
    assert code == 0
    tasks = {t["code"]: t for t in json.loads(out)}
    dated = sorted((t["deadline"], c) for c, t in tasks.items() if t.get("deadline"))
    undated = [c for c, t in tasks.items() if not t.get("deadline")]
    assert dated and undated
    up = _codes(capsys, db_path, "--kind", "task", "--sort", "deadline")
    down = _codes(capsys, db_path, "--kind", "task", "--sort=-deadline")
    assert [tasks[c].get("deadline") for c in up[:len(dated)]] == [d for d, _ in dated]
    assert [tasks[c].get("deadline") for c in down[:len(dated)]] == [d for d, _ in reversed(dated)]
    assert set(up[len(dated):]) == set(undated) and set(down[len(dated):]) == set(undated)


def test_an_unknown_sort_field_of_a_kind_is_one_line(capsys, db_path: Path) -> None:
    for kind in ("task", "indicator"):
        code, _out, err = run(capsys, "list", "--kind", kind, "--sort", "foo", "--db", str(db_path))
        assert code != 0 and "foo" in err and len(err.strip().splitlines()) == 1


def test_indicators_sort_by_name(capsys, db_path: Path) -> None:
    codes = _codes(capsys, db_path, "--kind", "indicator", "--sort", "-code")
    assert codes == sorted(codes, reverse=True)


def test_a_back_dated_investment_report_keeps_the_progress_in_force_on_its_date(capsys, db_path: Path) -> None:
    """From a tester: a report dated earlier that gives only an investment took today's progress
    into the log; it carries the progress in force on its date, and its investment is current
    while no later report gives one."""
    for args in (("progress=40",), ("progress=25", "--date", "2023-06-30"), ("completed=120.5", "--date", "2023-09-30")):
        assert run(capsys, "set", "W05", *args, "--db", str(db_path))[0] == 0
    code, out, _ = run(capsys, "show", "W05", "--format", "json", "--db", str(db_path))
    record = json.loads(out)
    entry = next(e for e in record["progress_log"] if e["date"] == "2023-09-30")
    assert entry["percent"] == 25 and entry["completed_investment"] == 120.5
    assert record["progress_percent"] == 40 and record["completed_investment"] == 120.5
    code, out, _ = run(capsys, "show", "W05", "--db", str(db_path))
    assert code == 0
    assert "120.50" in out.split("2023-09-30", 1)[1].splitlines()[0]
