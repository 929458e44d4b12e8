"""Importing the flat layout back from CSV / XLSX."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from portfolio.cli import main
from portfolio.errors import ImportFormatError
from portfolio.io.export import export_projects
from portfolio.io.table_import import ImportRowsError, apply_import, plan_import
from portfolio.store import Repository


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(repo, db_path, tmp_path, fmt):
    repo.update("W01", {"status": "in_progress", "progress_percent": 37.5, "planned_investment": 1200,
                        "progress_log": [{"date": "2023-06-30", "percent": 37.5, "status": "in_progress",
                                          "note": "主体 | 开工"}]})
    repo.update("R01", {"name": "=1+1", "scale": "-3 吨"})
    out = tmp_path / f"p.{fmt}"
    export_projects(repo.projects(), out)
    before = db_path.read_bytes()
    plan = plan_import(Repository.open(db_path), out)
    assert plan.added == [] and plan.changed == [] and plan.unchanged == 34
    assert apply_import(Repository.open(db_path), plan) == []
    assert db_path.read_bytes() == before


def _csv_rows(path):
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _write_csv(path, rows):
    buf = io.StringIO(newline="")
    csv.writer(buf).writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))


def test_edits_and_new_rows_are_imported(repo, db_path, tmp_path):
    out = tmp_path / "p.csv"
    export_projects(repo.projects(), out)
    rows = _csv_rows(out)
    h = rows[0]
    rows[1][h.index("状态")] = "实施中"
    rows[1][h.index("进度")] = "55"
    new = [""] * len(h)
    new[h.index("类别")] = "清废"
    new[h.index("项目名称")] = "新增危废收集点"
    new[h.index("建设年限")] = "2024-2025"
    new[h.index("责任单位")] = "市生态环境局、柳北区人民政府"
    rows.append(new)
    _write_csv(out, rows)
    plan = plan_import(Repository.open(db_path), out)
    assert [p.code for p in plan.added] == ["R05"]
    assert [after.code for _b, after in plan.changed] == ["W01"]
    apply_import(Repository.open(db_path), plan)
    after = Repository.open(db_path)
    assert after.get("W01").progress_percent == 55 and after.get("W01").status == "in_progress"
    assert after.get("R05").units == ["市生态环境局", "柳北区人民政府"]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [("建设年限", "2025-2021", "结束年份 2021 早于开始年份 2025"),
     ("建设年限", "明年", "无法识别建设年限"),
     ("类别", "火星工程", "未知类别"),
     ("项目名称", "", "必须填写"),
     ("编号", "w1", "编号须为一个大写字母"),
     ("进度", "很多", "不是数字"),
     ("状态", "差不多", "未知状态")],
)
def test_bad_row_refused_with_row_number_nothing_written(repo, db_path, tmp_path, column, value, message):
    out = tmp_path / "p.csv"
    export_projects(repo.projects(), out)
    rows = _csv_rows(out)
    rows[5][rows[0].index(column)] = value  # spreadsheet row 6
    _write_csv(out, rows)
    before = db_path.read_bytes()
    with pytest.raises(ImportRowsError) as exc:
        plan_import(Repository.open(db_path), out)
    [issue] = exc.value.issues
    assert issue.row == 6 and issue.column == column and message in issue.message
    assert "第 6 行" in str(exc.value)
    assert db_path.read_bytes() == before


def test_xlsx_bad_row_via_cli(capsys, db_path, tmp_path):
    out = tmp_path / "p.xlsx"
    main(["export", "-o", str(out), "--db", str(db_path)])
    wb = openpyxl.load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[2]]  # row 1 is the title
    ws.cell(row=9, column=header.index("结束年份") + 1, value=1999)
    ws.cell(row=12, column=header.index("项目名称") + 1).value = None
    wb.save(out)
    before = db_path.read_bytes()
    code = main(["import", str(out), "--db", str(db_path)])
    err = capsys.readouterr().err
    assert code == 1 and "第 9 行" in err and "第 12 行" in err and "2 处问题" in err
    assert db_path.read_bytes() == before


def test_all_problems_listed_not_just_the_first(repo, db_path, tmp_path):
    out = tmp_path / "p.csv"
    export_projects(repo.projects(), out)
    rows = _csv_rows(out)
    for r in (2, 3, 4):
        rows[r][rows[0].index("建设年限")] = "x"
    _write_csv(out, rows)
    with pytest.raises(ImportRowsError) as exc:
        plan_import(Repository.open(db_path), out)
    assert [i.row for i in exc.value.issues] == [3, 4, 5]


def test_dry_run_reports_and_writes_nothing(capsys, db_path, tmp_path):
    out = tmp_path / "p.csv"
    main(["export", "-o", str(out), "--db", str(db_path)])
    rows = _csv_rows(out)
    rows[3][rows[0].index("项目名称")] = "改名后的项目"
    _write_csv(out, rows)
    capsys.readouterr()
    before = db_path.read_bytes()
    assert main(["import", str(out), "--dry-run", "--db", str(db_path)]) == 0
    text = capsys.readouterr().out
    assert "W03 项目名称：柳州市柳江流域重点支流水环境综合整治项目 → 改名后的项目" in text
    assert "0 个新增，1 个修改，33 个未变" in text
    assert db_path.read_bytes() == before


def test_gbk_csv_from_chinese_excel(repo, db_path, tmp_path):
    out = tmp_path / "p.csv"
    export_projects(repo.projects(), out)
    text = out.read_bytes().decode("utf-8-sig")
    out.write_bytes(text.encode("gb18030"))
    assert plan_import(Repository.open(db_path), out).unchanged == 34


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"PK\x03\x04not really a zip", "XLSX"),
     (b"", "empty")],
)
def test_malformed_spreadsheets(db_path, tmp_path, content, message):
    path = tmp_path / ("bad.xlsx" if content else "empty.csv")
    path.write_bytes(content)
    with pytest.raises(ImportFormatError) as exc:
        plan_import(Repository.open(db_path), path)
    assert message in str(exc.value) or "空" in str(exc.value)


def test_unknown_and_missing_columns(db_path, tmp_path):
    path = tmp_path / "x.csv"
    _write_csv(path, [["编号", "颜色"], ["W01", "红"]])
    with pytest.raises(ImportFormatError, match="颜色"):
        plan_import(Repository.open(db_path), path)
    _write_csv(path, [["项目名称"], ["x"]])
    with pytest.raises(ImportFormatError, match="编号"):
        plan_import(Repository.open(db_path), path)


def test_appendix_layout_is_recognised_and_refused(repo, db_path, tmp_path):
    out = tmp_path / "a.xlsx"
    export_projects(repo.projects(), out, layout="appendix")
    with pytest.raises(ImportFormatError, match="附件"):
        plan_import(Repository.open(db_path), out)


def test_duplicate_codes(repo, db_path, tmp_path):
    out = tmp_path / "p.csv"
    export_projects(repo.projects(), out)
    rows = _csv_rows(out)
    rows.append(rows[1])
    _write_csv(out, rows)
    with pytest.raises(ImportRowsError, match="W01"):
        plan_import(Repository.open(db_path), out)
