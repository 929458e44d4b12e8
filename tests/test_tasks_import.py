"""Annual work plans -> tasks: the four seeds, field by field where the layout is hard
(tab-separated 001/002; PDF-flowed 000/003 with cells broken over lines and page headers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from portfolio.errors import ImportFormatError
from portfolio.io.tasks_docx import read_tasks_docx
from portfolio.io.tasks_text import read_tasks_text, tasks_from_text
from portfolio.records.task.model import DueState, Task, due_state, parse_deadline

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
LIUJIANG_WATER = SEEDS / "000_a3e3034f867074b8.txt"
LIUZHOU_WATER = SEEDS / "001_80156d0f31168e95.txt"
QINZHOU_WATER = SEEDS / "002_1cf15a59c1d7aec4.txt"
LIUJIANG_SOIL = SEEDS / "003_8ba30ea8c8a4b740.txt"


def by_number(tasks: list[Task]) -> dict[int, Task]:
    return {t.number: t for t in tasks}


@pytest.mark.parametrize(("path", "count", "title", "code"), [
    (LIUJIANG_WATER, 54, "柳江区2024年度水污染防治工作计划", "LJQ2024W"),
    (LIUZHOU_WATER, 54, "柳州市2022年度水污染防治工作计划", "LZS2022W"),
    (QINZHOU_WATER, 56, "钦州市2024年度水污染防治工作实施方案", "QZS2024W"),
    (LIUJIANG_SOIL, 15, "柳江区2024年度土壤污染防治工作计划", "LJQ2024S"),
])
def test_each_seed_gives_its_tasks_whole(path: Path, count: int, title: str, code: str) -> None:
    tasks = read_tasks_text(path)
    assert len(tasks) == count
    assert [t.number for t in tasks] == list(range(1, count + 1))  # none split, none merged
    assert {t.plan for t in tasks} == {title}
    assert [t.code for t in tasks[:2]] == [f"{code}-01", f"{code}-02"]
    assert all(t.content for t in tasks)
    # no page header words, no section heading leaked into a cell
    for t in tasks:
        for text in (t.name, t.content, *t.units, t.deadline_text):
            assert "序号" not in text and "任务内容" not in text and "配合单位 " not in text
        assert all(len(u) <= 40 for u in t.units)


def test_liuzhou_2022_field_by_field() -> None:
    tasks = by_number(read_tasks_text(LIUZHOU_WATER))
    t1 = tasks[1]
    assert t1.section == "一、巩固深化水污染治理" and t1.subsection == "（一）工业污染防治"
    assert t1.name == "加强散乱污企业整治"
    assert t1.content.startswith("全面排查不符合产业政策和规划布局")
    assert t1.content.endswith("实施分类整治。")
    assert t1.lead_units == ["市生态环境局", "工业和信息化局等"]
    assert t1.cooperating_units == ["市发展改革委", "自然资源和规划局等"]
    assert t1.responsible_units == ["各县、区人民政府", "柳东新区", "北部生态新区（阳和工业新区）管委会"]
    assert (t1.deadline_text, t1.deadline) == ("全年", date(2022, 12, 31))
    t3 = tasks[3]  # 主要任务 merged with task 2's
    assert t3.name == "集中治理工业集聚区水污染" and t3.continued == ["name"]
    assert (t3.deadline_text, t3.deadline) == ("6月底前", date(2022, 6, 30))
    t8 = tasks[8]
    assert "<p>" not in t8.content and t8.content.endswith("比上年提高1个百分点。")
    assert t8.cooperating_units == []
    t14 = tasks[14]
    assert t14.subsection == "（五）入河排污口水功能区管理"  # written (五) in the plan
    t37 = tasks[37]
    assert t37.lead_units == ["市卫生健康委", "生态环境局"]
    assert (t37.deadline_text, t37.deadline) == ("5月底前", date(2022, 5, 31))
    t45 = tasks[45]
    assert t45.deadline_text == "柳州市公布工作计划后 20 个工作日内" and t45.deadline is None
    t52 = tasks[52]
    assert t52.cooperating_units == ["本计划中各项任务的牵头单位"] and t52.responsible_units == []
    assert tasks[16].section == "二、深入推进水生态保护" and tasks[16].subsection == ""


def test_liujiang_water_2024_flowed_from_pdf() -> None:
    tasks = by_number(read_tasks_text(LIUJIANG_WATER))
    t1 = tasks[1]
    assert t1.name == "加强工业企业监管"  # broken as 加强工 / 业企业 / 监管
    assert t1.content == ("加强散乱污企业整治，对不符合产业政策和规划布局、违法违规生产经营、污染物不"
                          "能达标排放的工业企业，采取“关停取缔一批、整合搬迁一批、整改提升一批”等措施，"
                          "实施分类整治。")
    assert t1.lead_units == ["区工业和信息化局", "柳江生态环境局"]
    assert t1.cooperating_units == ["区发展改革局", "区自然资源局", "区开发区管委会"]
    assert t1.responsible_units == ["各镇人民政府"]
    assert t1.deadline_text == "全年"
    t2 = tasks[2]  # responsible cell over three lines: 各镇人民政 / 府、区开发区 / 管委会
    assert t2.responsible_units == ["各镇人民政府", "区开发区管委会"]
    t3 = tasks[3]  # "3 鼓励…" on one line after a page header; name merged with task 2's
    assert t3.name == "集中治理工业集聚区水污染"
    assert t3.content == "鼓励高耗水、高排放企业开展智能化绿色化改造，减少水耗及污染物排放。"
    assert t3.cooperating_units == ["区水利局", "柳江生态环境局等"]
    t14 = tasks[14]  # content ending on a short line: 任务。
    assert t14.content.endswith("完成70%的整治任务。")
    t15 = tasks[15]  # 区水利局 各镇人民政府 年底前: three cells on one line
    assert t15.cooperating_units == ["区水利局"] and t15.responsible_units == ["各镇人民政府"]
    assert (t15.deadline_text, t15.deadline) == ("年底前", date(2024, 12, 31))
    t17 = tasks[17]
    assert (t17.deadline_text, t17.deadline) == ("11月底前", date(2024, 11, 30))
    assert t17.lead_units == ["柳江生态环境局", "区住房城乡建设局"] and t17.cooperating_units == []
    t26 = tasks[26]  # "26 控制用" / "水总量": number and the first line of the name
    assert t26.name == "控制用水总量" and t26.section == "三、严格落实水资源管理"
    t42 = tasks[42]
    assert "市交通执法支队柳江大队" in t42.cooperating_units
    t45 = tasks[45]
    assert t45.subsection == "（一）任务分工"
    assert t45.deadline_text == "工作计划后45个工作日内" and t45.deadline is None
    t52 = tasks[52]
    assert t52.cooperating_units == ["本计划中所有牵头单位"] and t52.responsible_units == []
    t54 = tasks[54]
    assert (t54.deadline_text, t54.deadline) == ("2024年12月31日前", date(2024, 12, 31))
    assert t54.content.startswith("8月 10日前向柳江生态环境局报送")


def test_liujiang_soil_2024_justified_cells_and_no_deadline_column() -> None:
    tasks = by_number(read_tasks_text(LIUJIANG_SOIL))
    t1 = tasks[1]
    assert t1.name == "严格控制涉重金属行业重点污染物排放"
    assert t1.lead_units == ["柳江生态环境局"]
    assert t1.cooperating_units == ["区工业和信息化局", "区行政审批局"]  # 区 工 业 和 / 信息化局、…
    assert t1.responsible_units == ["各镇人民政府"]  # 各 镇 / 人 民 / 政 府
    assert (t1.deadline_text, t1.deadline) == ("", None)
    assert tasks[5].lead_units == ["区农业农村局", "柳江生态环境局", "区发展改革局按职责牵头"]
    assert tasks[6].name == "严格建设用地准入管理"  # 严 格 建 / 设 用 地 …
    assert tasks[15].cooperating_units == ["区司法局", "市公安局柳江分局"]
    assert tasks[14].section == "六、加强土壤生态环境监管体制机制建设"


def test_qinzhou_section_lines_without_tabs_and_slash_for_none() -> None:
    tasks = by_number(read_tasks_text(QINZHOU_WATER))
    assert tasks[40].section == "四、切实强化水环境风险防控"  # a plain line, not a tab row
    assert tasks[10].cooperating_units == []  # written "/"
    assert tasks[47].deadline is None


@pytest.mark.parametrize(("seed", "docx"), [
    (LIUZHOU_WATER, "plan_001_soffice.docx"), (LIUJIANG_WATER, "plan_000_soffice.docx")])
def test_word_version_made_by_libreoffice_gives_the_same_records(seed: Path, docx: str) -> None:
    assert read_tasks_docx(FIXTURES / docx) == read_tasks_text(seed)


def write_table_docx(tasks: list[Task], path: Path) -> None:
    """A Word plan with a real table (header, section rows merged across, name cells merged
    down for continued names), built with python-docx from the parsed records."""
    import docx

    document = docx.Document()
    document.add_paragraph(tasks[0].plan)
    document.add_paragraph("附件1 重点工作任务清单")
    header = ["序号", "主要任务", "任务内容", "牵头单位", "配合单位", "责任单位", "完成时限"]
    table = document.add_table(rows=1, cols=7)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    scope: tuple[str, str] = ("", "")
    name_cell = None
    for t in tasks:
        if t.section != scope[0] or (t.subsection and t.subsection != scope[1]):
            for heading in ([t.section] if t.section != scope[0] else []) + ([t.subsection] if t.subsection else []):
                if heading == scope[1]:
                    continue
                row = table.add_row().cells
                merged = row[0].merge(row[6])
                merged.text = heading
            scope = (t.section, t.subsection)
            name_cell = None
        cells = table.add_row().cells
        values = [str(t.number), t.name, t.content, "、".join(t.lead_units), "、".join(t.cooperating_units),
                  "、".join(t.responsible_units), t.deadline_text]
        for i, (cell, text) in enumerate(zip(cells, values, strict=True)):
            if i == 1 and "name" in t.continued and name_cell is not None:
                name_cell = name_cell.merge(cell)  # merged down: the continued cell is empty
                continue
            cell.text = text
            if i == 1:
                name_cell = cell
    document.save(str(path))


def test_word_version_with_a_real_table_gives_the_same_records(tmp_path: Path) -> None:
    tasks = read_tasks_text(LIUJIANG_SOIL)
    path = tmp_path / "plan.docx"
    write_table_docx(tasks, path)
    again = read_tasks_docx(path)
    assert [t.model_dump(exclude={"lead_units", "cooperating_units", "responsible_units"}) for t in again] == \
        [t.model_dump(exclude={"lead_units", "cooperating_units", "responsible_units"}) for t in tasks]
    assert [t.units for t in again] == [t.units for t in tasks]


def test_unknown_shape_is_one_line_naming_the_line() -> None:
    text = LIUZHOU_WATER.read_text(encoding="utf-8").replace(
        "15\t加强水功能区管理", "这一行不是任务\t加强水功能区管理", 1)
    with pytest.raises(ImportFormatError) as err:
        tasks_from_text(text)
    message = str(err.value)
    assert "\n" not in message and "这一行不是任务" in message
    line = next(i for i, s in enumerate(text.splitlines(), start=1) if s.startswith("这一行不是任务"))
    assert str(line) in message


def test_no_title_is_an_error() -> None:
    with pytest.raises(ImportFormatError):
        tasks_from_text("序号\t主要任务\t任务内容\n1\t甲\t乙\n")


@pytest.mark.parametrize(("text", "expected"), [
    ("全年", date(2024, 12, 31)), ("年底前", date(2024, 12, 31)), ("6月底前", date(2024, 6, 30)),
    ("2月底前", date(2024, 2, 29)), ("2024年12月31日前", date(2024, 12, 31)), ("6月25日前", date(2024, 6, 25)),
    ("工作计划后45个工作日内", None), ("", None), ("长期", None)])
def test_deadlines(text: str, expected: date | None) -> None:
    assert parse_deadline(text, 2024) == expected


def test_due_state() -> None:
    task = by_number(read_tasks_text(LIUZHOU_WATER))[3]  # due 2022-06-30
    assert due_state(task, date(2022, 5, 1)) == DueState.OPEN
    assert due_state(task, date(2022, 6, 10)) == DueState.DUE_SOON
    assert due_state(task, date(2022, 7, 1)) == DueState.OVERDUE
    assert due_state(task.model_copy(update={"status": "completed"}), date(2022, 7, 1)) == DueState.DONE
    relative = by_number(read_tasks_text(LIUZHOU_WATER))[45]
    assert due_state(relative, date(2030, 1, 1)) == DueState.OPEN
