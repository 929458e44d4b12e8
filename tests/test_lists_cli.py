"""The command line over the three lists: --kind, report, units, review and export."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from portfolio.cli import main
from portfolio.store import Repository
from portfolio.units import Directory


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_indicators_as_json_gives_full_records(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "list", "--kind", "indicator", "--format", "json", "--db", str(db_path))
    data = json.loads(out)
    assert code == 0 and len(data) == 38
    i05 = next(i for i in data if i["code"] == "I05")
    assert {k: i05[k] for k in ("category", "number", "name", "sub_name", "unit", "baseline_2020", "target_2025",
                                "attribute", "values")} == {
        "category": "环境质量改善", "number": 3, "name": "水功能区达标率", "sub_name": "", "unit": "%",
        "baseline_2020": "100", "target_2025": ">98", "attribute": "指导性", "values": []}
    assert [i["baseline_2020"] for i in data if i["number"] == 8] == ["[13]", "[1.4]", "[15]", "/"]


def test_list_tasks_as_json_gives_full_records(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "list", "--kind", "task", "--format", "json", "--where", "plan:LJQ2024W",
                       "--db", str(db_path))
    data = json.loads(out)
    assert code == 0 and len(data) == 54
    t45 = next(t for t in data if t["number"] == 45)
    keys = ("plan", "year", "section", "subsection", "number", "name", "content", "lead_units",
            "cooperating_units", "responsible_units", "deadline_text", "deadline")
    assert all(k in t45 for k in keys)
    assert (t45["deadline_text"], t45["deadline"]) == ("工作计划后45个工作日内", None)
    assert t45["plan"] == "柳江区2024年度水污染防治工作计划" and t45["year"] == 2024


def test_the_issue_query_returns_exactly_the_matching_tasks(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "list", "--kind", "task", "--format", "json", "--where",
                       "lead:市生态环境局 due:<=2022-12-31", "--db", str(db_path))
    found = [t["code"] for t in json.loads(out)]
    d = Directory.from_raw(None)
    expected = [t.code for t in Repository.open(db_path).records("task")
                if t.deadline and t.deadline <= date(2022, 12, 31)
                and any(d.canonical(u) == "市生态环境局" for u in t.lead_units)]
    assert code == 0 and found == expected and len(found) == 31


def test_an_invalid_key_lists_the_keys_of_the_kind(capsys, db_path: Path) -> None:
    code, _, err = run(capsys, "list", "--kind", "task", "--where", "attr:约束性", "--db", str(db_path))
    assert code == 1 and "plan, year, due, lead, unit, status" in err and err.count("\n") == 1
    code, _, err = run(capsys, "list", "--kind", "indicator", "--where", "due:<=2024-01-01", "--db", str(db_path))
    assert code == 1 and "attr, state, cat" in err
    code, out, _ = run(capsys, "list", "--kind", "indicator", "--where", "attr:约束性 cat:生态保护", "--db", str(db_path))
    assert code == 0 and "森林覆盖率" in out and "生态红线" not in out


def test_show_and_set_a_task(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "show", "--kind", "task", "lzs2022w-03", "--db", str(db_path))
    assert code == 0 and "集中治理工业集聚区水污染" in out and "2022-06-30" in out
    code, out, _ = run(capsys, "set", "--kind", "task", "LZS2022W-03", "status=实施中", "progress=40",
                       "deadline=9月底前", "--note", "排查中", "--date", "2022-06-15", "--db", str(db_path))
    assert code == 0
    task = Repository.open(db_path).get("LZS2022W-03", "task")
    assert task.status == "in_progress" and task.progress_percent == 40
    assert (task.deadline_text, task.deadline) == ("9月底前", date(2022, 9, 30))
    assert task.progress_log[-1].date == date(2022, 6, 15) and task.progress_log[-1].note == "排查中"
    code, _, err = run(capsys, "set", "--kind", "task", "LZS2022W-03", "baseline=1", "--db", str(db_path))
    assert code == 1 and "lead（牵头单位）" in err
    assert run(capsys, "undo", "--db", str(db_path))[0] == 0
    assert Repository.open(db_path).get("LZS2022W-03", "task").status == "not_reported"


def test_a_reported_value_changes_the_state_in_the_review(capsys, db_path: Path) -> None:
    def state(code: str) -> str:
        _c, out, _e = run(capsys, "review", "--as-of", "2023-12-31", "--format", "json", "--db", str(db_path))
        return next(i["state"] for i in json.loads(out)["indicators"] if i["code"] == code)

    assert state("I25") == "not_reported"
    code, _out, _ = run(capsys, "report", "I25", "2023", "57", "--note", "年报", "--db", str(db_path))
    assert code == 0
    assert state("I25") == "on_path"  # 42.8 -> ≥65: the path calls for 56.12 in 2023
    run(capsys, "report", "I25", "2023", "50", "--db", str(db_path))  # the 2023 value replaced
    assert state("I25") == "off_path"
    assert [v.value for v in Repository.open(db_path).get("I25", "indicator").values] == ["50"]
    run(capsys, "report", "I11", "2023", "27", "--met", "--source", "环境质量公报", "--db", str(db_path))
    assert state("I11") == "met"
    code, _, err = run(capsys, "report", "I25", "2019", "50", "--db", str(db_path))
    assert code == 1 and "2020" in err and "I25" in err and "\n" not in err.strip()
    code, _, err = run(capsys, "report", "I99", "2023", "50", "--db", str(db_path))
    assert code == 1 and "I99" in err


def test_review_text_adds_the_three_lists(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "review", "--as-of", "2023-12-31", "--db", str(db_path))
    assert code == 0
    assert "主要指标完成情况" in out and "重点任务完成情况" in out and "责任单位台账" in out
    # as of 2023-12-31 the plans of 2024 were not issued yet: out of the review (#20)
    assert "柳江区2024年度水污染防治工作计划" not in out and "工作计划后45个工作日内" not in out
    code, out, _ = run(capsys, "review", "--as-of", "2025-12-31", "--db", str(db_path))
    assert code == 0
    assert "柳江区2024年度水污染防治工作计划" in out and "工作计划后45个工作日内" in out


def test_units_directory_lists_and_edits(capsys, db_path: Path) -> None:
    code, out, _ = run(capsys, "units", "--format", "json", "--db", str(db_path))
    entries = {e["name"]: e for e in json.loads(out)}
    assert code == 0
    assert "生态环境局" in entries["市生态环境局"]["aliases"] and entries["市生态环境局"]["projects"] == 29
    assert len(entries["各县区人民政府"]["members"]) == 10
    assert "各县、区人民政府" in entries["各县区人民政府"]["written"]
    code, out, _ = run(capsys, "units", "alias", "市生态环境局", "环保局", "--db", str(db_path))
    assert code == 0
    code, out, _ = run(capsys, "list", "--kind", "task", "--where", "lead:环保局", "--db", str(db_path))
    _c, same, _e = run(capsys, "list", "--kind", "task", "--where", "lead:市生态环境局", "--db", str(db_path))
    assert "共 123 项任务，显示 32 项" in out and out == same
    code, out, _ = run(capsys, "units", "group", "各镇人民政府", "百朋镇", "成团镇", "--db", str(db_path))
    code, out, _ = run(capsys, "list", "--kind", "task", "--where", "unit:百朋镇", "--db", str(db_path))
    assert "显示 68 项" in out
    assert run(capsys, "undo", "--db", str(db_path))[0] == 0  # the group again
    code, _, err = run(capsys, "units", "ungroup", "市生态环境局", "--db", str(db_path))
    assert code == 1 and "市生态环境局" in err


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "md"])
def test_export_kinds(capsys, db_path: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"tasks.{fmt}"
    code, out, _ = run(capsys, "export", "--kind", "task", "--where", "plan:LJQ2024S", "-o", str(target),
                       "--db", str(db_path))
    assert code == 0 and "15" in out
    if fmt == "xlsx":
        rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))
        assert len(rows) == 16 and rows[1][0] == "LJQ2024S-01"
    elif fmt == "json":
        assert len(json.loads(target.read_text(encoding="utf-8"))) == 15
    else:
        assert "严格控制涉重金属行业重点污染物排放" in target.read_text(encoding="utf-8-sig")


def test_review_documents_hold_the_three_lists(capsys, db_path: Path, tmp_path: Path) -> None:
    import docx

    run(capsys, "report", "I31", "2023", "66.5", "--db", str(db_path))
    xlsx, word = tmp_path / "r.xlsx", tmp_path / "r.docx"
    assert run(capsys, "review", "--as-of", "2023-12-31", "-o", str(xlsx), "--db", str(db_path))[0] == 0
    assert run(capsys, "review", "--as-of", "2023-12-31", "-o", str(word), "--db", str(db_path))[0] == 0
    wb = openpyxl.load_workbook(xlsx)
    assert {"主要指标完成情况", "重点任务", "责任单位台账"} <= set(wb.sheetnames)
    rows = list(wb["主要指标完成情况"].iter_rows(values_only=True))
    i31 = next(r for r in rows if r[0] == "I31")
    assert i31[3:8] == ("67.02", "≥65", "约束性", "66.5（2023）", "已达2025年目标")
    tasks = list(wb["重点任务"].iter_rows(values_only=True))
    assert any(r[0] == "柳州市2022年度水污染防治工作计划" and r[1] == 54 for r in tasks)
    text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "主要指标完成情况" in text and "责任单位台账（项目和任务）" in text
