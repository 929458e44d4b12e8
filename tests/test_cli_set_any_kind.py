"""`portfolio set` and `show` name a record by its code alone: the kind is the one holding that
code; a field is named by its key, an alias or its label in either language; the text tables
break Chinese lines by the punctuation rule."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from wcwidth import wcswidth

from portfolio.cli import main
from portfolio.store import Repository
from portfolio.tables import _NO_START, wrap_text


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_set_finds_a_task_by_its_code_and_its_chinese_label(capsys, db_path: Path) -> None:
    code, out, err = run(capsys, "set", "LZS2022W-05", "完成时限=年底前（调整）", "--db", str(db_path))
    assert code == 0, err
    assert "完成时限：年底前 → 年底前（调整）" in out
    task = Repository.open(db_path).get("LZS2022W-05", "task")
    assert (task.deadline_text, task.deadline, task.deadline_by_hand) == ("年底前（调整）", date(2022, 12, 31), False)
    code, out, _ = run(capsys, "show", "lzs2022w-05", "--db", str(db_path))
    assert code == 0 and "年底前（调整）" in out and "2022-12-31" in out


def test_set_an_indicator_by_code_with_an_english_label(capsys, db_path: Path) -> None:
    code, _out, err = run(capsys, "--lang", "en", "set", "I25", "2025 target=≥70", "--db", str(db_path))
    assert code == 0, err
    assert Repository.open(db_path).get("I25", "indicator").target_2025 == "≥70"
    code, out, _ = run(capsys, "show", "I25", "--db", str(db_path))
    assert code == 0 and "城镇生活污水集中收集率" in out


def test_a_project_label_names_its_field(capsys, db_path: Path) -> None:
    code, _out, err = run(capsys, "set", "W05", "进度=30", "已完成投资（万元）=12.5", "--db", str(db_path))
    assert code == 0, err
    project = Repository.open(db_path).get("W05")
    assert (project.progress_percent, project.completed_investment) == (30, 12.5)


@pytest.mark.parametrize("args", [("set", "ZZ99", "progress=1"), ("show", "ZZ99")])
def test_an_unknown_code_names_every_kind_and_writes_nothing(capsys, db_path: Path, args) -> None:
    before = db_path.read_bytes()
    code, out, err = run(capsys, *args, "--db", str(db_path))
    assert code == 1 and out == ""
    assert "没有编号为 ZZ99 的项目、任务或指标" in err
    assert db_path.read_bytes() == before


def test_a_field_of_another_kind_is_refused_listing_this_kinds_fields(capsys, db_path: Path) -> None:
    before = db_path.read_bytes()
    code, _, err = run(capsys, "set", "I25", "progress=3", "--db", str(db_path))
    assert code == 1 and "未知字段“progress”" in err and "target（2025年目标）" in err
    assert db_path.read_bytes() == before


def test_an_explicit_kind_still_wins(capsys, db_path: Path) -> None:
    code, _, err = run(capsys, "set", "--kind", "task", "W05", "progress=3", "--db", str(db_path))
    assert code == 1 and "没有编号为 W05 的任务" in err


TEXT = ("持续开展城镇生活污水处理厂新建、改扩建，进一步提高污水收集率。到 2022 年底，柳州市城市生活污水"
        "集中收集率达到 60%；每个县城污水处理率均达到 95% 以上；全市镇级污水处理厂运行负荷率达到自治区下达的"
        "年度考核目标，镇级污水处理厂全部完成竣工验收和环保验收。")


@pytest.mark.parametrize("width", [20, 31, 40, 56, 60])
def test_chinese_lines_never_start_with_closing_punctuation(width: int) -> None:
    lines = wrap_text(TEXT, width).splitlines()
    assert "".join(lines).replace(" ", "") == TEXT.replace(" ", "")
    assert all(wcswidth(line) <= width for line in lines)
    assert not any(line[0] in _NO_START for line in lines)
    assert not any(line.endswith(("60", "6")) for line in lines)  # 60% stays one word


@given(st.text(alphabet="污水处理率达到。，；（）60% abc", max_size=200), st.integers(min_value=4, max_value=40))
def test_wrapping_keeps_every_character_within_the_width(text: str, width: int) -> None:
    lines = wrap_text(text, width).splitlines()
    assert "".join(lines).replace(" ", "") == "".join(text.split()).replace(" ", "")
    assert all(wcswidth(line) <= width for line in lines)


@pytest.mark.parametrize(("args", "expected"), [
    (("set", "LZS2022W-05", "status=bogus"), "错误：任务 LZS2022W-05 数据无效：状态（status）：应为以下之一：未填报、未开工、实施中、已完成、暂停、已取消"),
    (("set", "I25", "direction=sideways"), "错误：指标 I25 数据无效：指标方向（direction）：应为以下之一：越高越好、越低越好"),
    (("--lang", "en", "set", "W05", "status=bogus"),
     "Error: Invalid project W05: Status (status): must be one of: not reported, not started, in progress, "
     "completed, suspended, cancelled"),
])
def test_a_refused_value_names_the_kind_and_lists_labels_not_keys(capsys, db_path: Path, args, expected) -> None:
    before = db_path.read_bytes()
    code, out, err = run(capsys, *args, "--db", str(db_path))
    assert (code, out, err.strip()) == (1, "", expected)
    assert db_path.read_bytes() == before


def test_a_direction_is_set_by_its_label_in_either_language(capsys, db_path: Path) -> None:
    assert run(capsys, "set", "I25", "direction=越低越好", "--db", str(db_path))[0] == 0
    assert Repository.open(db_path).get("I25", "indicator").direction == "lower"
    assert run(capsys, "--lang", "en", "set", "I25", "direction=higher", "--db", str(db_path))[0] == 0
    assert Repository.open(db_path).get("I25", "indicator").direction == "higher"
