"""Defects a user found in the three lists (issue 14 follow-up): a task needs a lead unit, an
impossible deadline is refused, changes print units as written, deadlines keep their spaces."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from portfolio.cli import main
from portfolio.records.issues import describe_errors
from portfolio.records.task.model import Task, deadline_problem, parse_deadline
from portfolio.records.values import value_text
from portfolio.store import Repository


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_task_without_a_lead_unit_is_refused(capsys, db_path: Path) -> None:
    code, out, err = run(capsys, "set", "--kind", "task", "LZS2022W-05", "lead_units=", "--db", str(db_path))
    assert code == 1 and out == ""
    assert "牵头单位（lead_units）" in err and err.count("\n") == 1
    assert Repository.open(db_path).get("LZS2022W-05", "task").lead_units == ["市住房城乡建设局"]


def test_every_bundled_task_names_a_lead_unit(db_path: Path) -> None:
    tasks = Repository.open(db_path).records("task")
    assert len(tasks) == 123 and all(t.lead_units for t in tasks)


@pytest.mark.parametrize(("text", "problem"), [
    ("13月底前", "13 月不是月份"), ("0月底前", "0 月不是月份"), ("2月30日前", "2 月没有 30 日"),
    ("2024年13月1日前", "13 月不是月份"), ("2023年2月29日前", "2 月没有 29 日"),
])
def test_an_impossible_deadline_is_named(text: str, problem: str) -> None:
    found = deadline_problem(text)
    assert found is not None and problem in found and text in found


@pytest.mark.parametrize("text", ["全年", "年底前", "6月底前", "2月29日前", "2024年12月31日前",
                                  "工作计划后45个工作日内", "柳州市公布工作计划后 20 个工作日内", ""])
def test_readable_and_relative_deadlines_are_fine(text: str) -> None:
    assert deadline_problem(text) is None


def test_the_cli_refuses_an_impossible_deadline_and_keeps_the_old_one(capsys, db_path: Path) -> None:
    code, _out, err = run(capsys, "set", "--kind", "task", "LZS2022W-05", "deadline_text=13月底前",
                          "--db", str(db_path))
    assert code == 1 and "完成时限（deadline_text）" in err and "13月底前" in err and err.count("\n") == 1
    task = Repository.open(db_path).get("LZS2022W-05", "task")
    assert task.deadline_text != "13月底前" and task.deadline is not None
    code, _out, _err = run(capsys, "set", "--kind", "task", "LZS2022W-05", "deadline_text=工作计划后45个工作日内",
                           "--db", str(db_path))
    task = Repository.open(db_path).get("LZS2022W-05", "task")
    assert code == 0 and task.deadline_text == "工作计划后45个工作日内" and task.deadline is None


def test_the_model_refuses_an_impossible_deadline() -> None:
    with pytest.raises(ValidationError) as caught:
        Task(code="LZS2022W-99", plan="计划", plan_code="LZS2022W", year=2022, number=99,
             lead_units=["市生态环境局"], deadline_text="13月底前")
    [issue] = describe_errors(caught.value)
    assert issue.field == "deadline_text" and "13" in issue.message


def test_changes_print_units_joined_and_empty_values_as_empty(capsys, db_path: Path) -> None:
    assert value_text("lead_units", ["市住房城乡建设局", "市生态环境局"]) == "市住房城乡建设局、市生态环境局"
    assert value_text("cooperating_units", []) == "（空）"
    assert value_text("responsible_units", None) == "（空）"
    code, out, _ = run(capsys, "set", "--kind", "task", "LZS2022W-05", "cooperating_units=",
                       "lead_units=市住房城乡建设局、市生态环境局", "--db", str(db_path))
    assert code == 0 and "[" not in out and "→ （空）" in out
    assert "牵头单位：市住房城乡建设局 → 市住房城乡建设局、市生态环境局" in out
    code, out, _ = run(capsys, "log", "--db", str(db_path))
    assert code == 0 and "[" not in out and "（空）" in out


def test_a_deadline_keeps_its_spaces_as_written(db_path: Path) -> None:
    task = Repository.open(db_path).get("LZS2022W-45", "task")
    assert task.deadline_text == "柳州市公布工作计划后 20 个工作日内" and task.deadline is None
    assert parse_deadline("6 月底前", 2022) == date(2022, 6, 30)
