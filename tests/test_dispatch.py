"""Progress dispatch -> fill (openpyxl, as a unit would) -> collect."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from portfolio.cli import main
from portfolio.errors import PortfolioError
from portfolio.review.dispatch import HEADER_ROW, CollectError, collect, dispatch
from portfolio.store import Repository

AS_OF = date(2023, 12, 31)


def columns(ws):
    return {c.value: c.column for c in ws[HEADER_ROW]}


def project_codes(ws) -> list[str]:
    """The codes of the project rows (the signature block follows after an empty row)."""
    codes = []
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(r, 1).value is None:
            break
        codes.append(ws.cell(r, 1).value)
    return codes


def form_codes(path) -> list[str]:
    """The codes of every sheet of a form (projects, then tasks)."""
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb.worksheets if ws.sheet_state != "hidden" for c in project_codes(ws)]


def test_one_form_per_unit_and_29_for_the_bureau(repo, tmp_path):
    from portfolio.units import directory_of

    written = dispatch(repo, tmp_path / "forms", AS_OF)
    directory = directory_of(repo)
    # one form per unit named by a project or a task (through the directory: aliases are one
    # unit; a group is no unit of its own, its members get its records)
    # unit; a group is no unit of its own, its members get its records; a meta-recipient such as
    # 本计划中所有牵头单位 stands for units already named in its plan)
    from portfolio.unit_duties import is_unnamed

    # the tasks of the plans issued by the date only, as in the review (lists.in_scope)
    in_scope = [t for t in repo.records("task") if t.year <= AS_OF.year]
    named = {u for r in [*repo.projects(), *in_scope] for n in r.units for u in directory.reach(n)}
    assert len(written) == len({u for u in named if not directory.is_group(u) and not is_unnamed(u, directory)})
    assert not any("本计划" in p.name or "各县区" in p.name for p in written)
    form = tmp_path / "forms" / "进展填报_市生态环境局.xlsx"
    assert form in written
    ws = openpyxl.load_workbook(form).active
    codes = project_codes(ws)
    assert len([c for c in codes if "-" not in c]) == 29 and codes[0] == "W01"
    # then the bureau's tasks (生态环境局, 生态环境局等 … resolve to it)
    tasks = [t.code for t in repo.records("task") if any(directory.canonical(u) == "市生态环境局" for u in t.units)]
    assert len(codes) == 29 and "LZS2022W-37" in tasks
    # projects and tasks in sections of their own: titles naming what each holds, own headers
    wb = openpyxl.load_workbook(form)
    assert wb.sheetnames == ["重点工程项目", "重点任务", "_form"]
    task_sheet = wb["重点任务"]
    # … and LZS2022W-53, led by 本计划中所有牵头单位: every lead unit of its plan, the bureau among them
    assert project_codes(task_sheet) == sorted([*tasks, "LZS2022W-53"])
    assert ws["A1"].value == "重点工程项目进展填报表：市生态环境局"
    assert task_sheet["A1"].value == "重点任务进展填报表：市生态环境局"
    assert "序时进度（%）" in columns(ws) and "到期状态" not in columns(ws)
    assert {"完成时限", "到期状态"} <= set(columns(task_sheet)) and "序时进度（%）" not in columns(task_sheet)
    assert task_sheet.print_title_rows == ws.print_title_rows == "$4:$4"
    # codes print on one line: not wrapped, the column as wide as the longest code
    code = task_sheet.cell(HEADER_ROW + 1, 1)
    assert not code.alignment.wrap_text
    assert task_sheet.column_dimensions["A"].width >= max(len(c) for c in tasks) + 1
    col = columns(ws)
    assert ws.cell(HEADER_ROW + 1, col["角色"]).value == "牵头"
    assert ws.protection.sheet is True
    assert ws.cell(HEADER_ROW + 1, col["编号"]).protection.locked is True
    assert ws.cell(HEADER_ROW + 1, col["状态（选择）"]).protection.locked is False
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists and "实施中" in lists[0].formula1


def test_forms_hold_the_review_scope_by_date(repo, tmp_path):
    """As of 2023-12-31 the tasks of the 2024 plans are outside the review, so outside the forms:
    no form holds one, and no unit gets a form for them alone."""
    later = {t.code for t in repo.records("task") if t.year > AS_OF.year}
    assert later
    written = dispatch(repo, tmp_path / "forms", AS_OF)
    on_forms = {c for path in written for c in form_codes(path)}
    assert not on_forms & later and on_forms
    # as of 2024-12-31 they are on the forms
    written = dispatch(repo, tmp_path / "forms2024", date(2024, 12, 31))
    assert later <= {c for path in written for c in form_codes(path)}


def test_single_unit_to_a_file(repo, tmp_path):
    target = tmp_path / "luzhai.xlsx"
    [path] = dispatch(repo, target, AS_OF, unit="鹿寨县人民政府")
    codes = form_codes(path)
    # its own projects and those of the groups it belongs to (各县区人民政府 …), then its tasks
    groups = ("各县区人民政府", "各相关县区人民政府", "各有关县区人民政府")
    projects = [p.code for p in repo.projects() if "鹿寨县人民政府" in p.units or set(p.units) & set(groups)]
    assert {"W05", "W06", "K08"} <= set(projects)
    assert [c for c in codes if "-" not in c] == projects
    assert "LZS2022W-41" in codes  # 石榴河: 鹿寨县人民政府 alone
    assert dispatch(repo, tmp_path / "again.xlsx", AS_OF, unit="鹿寨县") != []  # the same unit
    with pytest.raises(PortfolioError, match="火星县"):
        dispatch(repo, target, AS_OF, unit="火星县")


def test_a_group_reaches_each_member(repo, tmp_path):
    written = dispatch(repo, tmp_path / "forms", AS_OF, unit="各县区人民政府")
    names = sorted(p.name for p in written)
    assert len(written) == 10
    assert names == sorted(f"进展填报_{u}.xlsx" for u in ("城中区", "鱼峰区", "柳南区", "柳北区", "柳江区", "柳城县",
                                                         "鹿寨县", "融安县", "融水苗族自治县", "三江侗族自治县"))
    with pytest.raises(PortfolioError, match="10"):
        dispatch(repo, tmp_path / "one.xlsx", AS_OF, unit="各县区人民政府")


def test_task_rows_are_collected(repo, db_path, tmp_path):
    as_of = date(2024, 12, 31)  # the district's 2024 plan is in scope
    [form] = dispatch(repo, tmp_path / "lj.xlsx", as_of, unit="柳江生态环境局")
    ws = openpyxl.load_workbook(form).active
    codes = project_codes(ws)
    assert codes and all("-" in c for c in codes)  # the district bureau leads tasks only
    # a tasks-only form is titled for tasks, its header says 到期状态 (not 序时进度)
    assert ws["A1"].value == "重点任务进展填报表：柳江生态环境局" and "到期状态" in columns(ws)
    first = codes.index("LJQ2024W-01")
    fill(form, {first + 1: {"状态（选择）": "已完成", "进展情况": "完成分类整治"}})
    assert main(["collect", str(form), "--db", str(db_path)]) == 0
    task = Repository.open(db_path).get("LJQ2024W-01", "task")
    assert task.status == "completed" and task.progress_percent == 100
    assert task.progress_log[-1].note == "完成分类整治" and task.progress_log[-1].date == as_of
    before = db_path.read_bytes()
    assert main(["collect", str(form), "--db", str(db_path)]) == 0
    assert db_path.read_bytes() == before  # collecting twice changes nothing


def fill(path, rows: dict[int, dict[str, object]]) -> None:
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    col = columns(ws)
    for offset, values in rows.items():
        for header, value in values.items():
            ws.cell(HEADER_ROW + offset, col[header]).value = value
    wb.save(path)


def test_round_trip_and_collect_twice_changes_nothing(repo, db_path, tmp_path):
    [form] = dispatch(repo, tmp_path / "f.xlsx", AS_OF, unit="市生态环境局")
    fill(form, {1: {"状态（选择）": "实施中", "进度（%）": 60, "已完成投资（万元）": 300, "进展情况": "主体完工"},
                3: {"状态（选择）": "已完成"},
                5: {"进度（%）": 40, "填报日期": date(2023, 11, 30)}})
    result = collect(Repository.open(db_path), [form])
    assert result_code(form, 5) == "W06"  # W05 is led by 鹿寨县 alone
    assert sorted(result.updates) == ["W01", "W03", "W06"]
    assert main(["collect", str(form), "--db", str(db_path)]) == 0
    after = Repository.open(db_path)
    w01 = after.get("W01")
    assert (w01.status, w01.progress_percent, w01.completed_investment) == ("in_progress", 60, 300)
    assert [(str(e.date), e.percent, e.note) for e in w01.progress_log] == [("2023-12-31", 60, "主体完工")]
    assert after.get("W03").status == "completed" and after.get("W03").progress_percent == 100
    fifth = after.get("W06")
    assert fifth.progress_log[-1].date == date(2023, 11, 30) and fifth.status == "in_progress"
    before = db_path.read_bytes()
    second = collect(Repository.open(db_path), [form])
    assert second.updates == {} and second.unchanged == 3
    assert main(["collect", str(form), "--db", str(db_path)]) == 0
    assert db_path.read_bytes() == before


def result_code(form, offset: int) -> str:
    ws = openpyxl.load_workbook(form).active
    return ws.cell(HEADER_ROW + offset, 1).value


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [("进度（%）", 160, "不能大于 100"), ("进度（%）", "很多", "不是数字"), ("状态（选择）", "差不多", "未知状态"),
     ("已完成投资（万元）", -5, "不能小于 0"), ("填报日期", "昨天", "不是日期")],
)
def test_invalid_row_refused_with_row_number(capsys, repo, db_path, tmp_path, header, value, message):
    [form] = dispatch(repo, tmp_path / "f.xlsx", AS_OF, unit="市生态环境局")
    fill(form, {1: {"状态（选择）": "实施中", "进度（%）": 50}, 4: {header: value}})
    before = db_path.read_bytes()
    with pytest.raises(CollectError) as exc:
        collect(Repository.open(db_path), [form])
    [(_path, issue)] = exc.value.problems
    assert issue.row == HEADER_ROW + 4 and issue.column == header and message in issue.message
    assert main(["collect", str(form), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert f"第 {HEADER_ROW + 4} 行" in err
    assert db_path.read_bytes() == before


def test_a_workbook_that_is_not_a_form(repo, db_path, tmp_path):
    path = tmp_path / "other.xlsx"
    openpyxl.Workbook().save(path)
    with pytest.raises(PortfolioError, match="dispatch"):
        collect(Repository.open(db_path), [path])


def test_tasks_on_their_own_sheet_are_collected(repo, db_path, tmp_path):
    [form] = dispatch(repo, tmp_path / "f.xlsx", AS_OF, unit="市生态环境局")
    wb = openpyxl.load_workbook(form)
    ws = wb["重点任务"]
    col = columns(ws)
    code = ws.cell(HEADER_ROW + 1, 1).value
    ws.cell(HEADER_ROW + 1, col["状态（选择）"]).value = "已完成"
    ws.cell(HEADER_ROW + 2, col["进度（%）"]).value = 170
    wb.save(form)
    with pytest.raises(CollectError) as exc:  # the bad row is named with its sheet
        collect(Repository.open(db_path), [form])
    [(where, issue)] = exc.value.problems
    assert where.name == "f.xlsx (重点任务)" and issue.row == HEADER_ROW + 2
    wb = openpyxl.load_workbook(form)
    wb["重点任务"].cell(HEADER_ROW + 2, col["进度（%）"]).value = None
    wb.save(form)
    assert main(["collect", str(form), "--db", str(db_path)]) == 0
    assert Repository.open(db_path).get(code, "task").status == "completed"


def test_file_names_unique_per_unit():
    from portfolio.review.dispatch import form_file_names

    names = form_file_names(["测试:单位", "测试/单位", "测试 单位", "A", "a", "..", "x\x01y"])
    assert names[:3] == ["进展填报_测试_单位.xlsx", "进展填报_测试_单位_2.xlsx", "进展填报_测试_单位_3.xlsx"]
    assert names[3:5] == ["进展填报_A.xlsx", "进展填报_a_2.xlsx"]
    assert len({n.casefold() for n in names}) == len(names) and all("/" not in n for n in names)

def test_colliding_unit_names_get_files_of_their_own(repo, db_path, tmp_path, capsys):
    repo.update("W01", {"units": ["测试:单位"]})
    repo.update("W02", {"units": ["测试/单位"]})
    out = tmp_path / "forms"
    assert main(["dispatch", "--db", str(db_path), "--as-of", "2023-12-31", "-o", str(out)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    paths = [line for line in lines if line.endswith(".xlsx")]
    # the paths, the count, then the parties no unit stands for (no form)
    said = int("".join(ch for ch in lines[len(paths)] if ch.isdigit()))
    files = sorted(p.name for p in out.iterdir())
    assert said == len(files) == len(paths) and lines[:len(paths)] == paths
    assert "未能对应到具体单位" in lines[-1] and "各相关企业" in lines[-1]
    assert {"进展填报_测试_单位.xlsx", "进展填报_测试_单位_2.xlsx"} <= set(files)
    units = {openpyxl.load_workbook(out / name)["_form"]["B2"].value
             for name in ("进展填报_测试_单位.xlsx", "进展填报_测试_单位_2.xlsx")}
    assert units == {"测试:单位", "测试/单位"}
