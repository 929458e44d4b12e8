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
