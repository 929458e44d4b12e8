"""The plan's appendix -> projects: the bundled database equals what the importer makes."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest

from portfolio.errors import ImportFormatError
from portfolio.io.appendix import AppendixRow, rows_to_projects, split_content, split_units
from portfolio.io.plan_text import read_plan_text, text_rows
from portfolio.records.project.model import project_dict
from portfolio.store import Repository

from .conftest import BUNDLED, plan_path


@pytest.fixture(scope="module")
def projects():
    return {p.code: p for p in read_plan_text(plan_path())}


def test_34_projects_in_plan_order(projects):
    codes = list(projects)
    assert len(codes) == 34
    assert codes[:8] == [f"W0{i}" for i in range(1, 9)]
    assert codes[8:11] == ["A01", "A02", "A03"]
    assert codes[11:19] == [f"S0{i}" for i in range(1, 9)]
    assert codes[19:23] == ["R01", "R02", "R03", "R04"]
    assert codes[23:26] == ["C01", "C02", "C03"]
    assert codes[26:] == [f"K0{i}" for i in range(1, 9)]


def test_importing_the_seed_reproduces_the_bundled_database(tmp_path: Path):
    """data/projects.json is exactly what `portfolio import` makes of the plan."""
    target = tmp_path / "fresh.json"
    Repository.create(target, read_plan_text(plan_path()))
    fresh = orjson.loads(target.read_bytes())
    bundled = orjson.loads(BUNDLED.read_bytes())
    assert list(fresh["projects"]) == list(bundled["projects"])
    for code, record in fresh["projects"].items():
        assert bundled["projects"][code] == record, code
    project_counters = {k: v for k, v in bundled["meta"]["schema"]["counters"].items() if ":" not in k}
    assert fresh["meta"]["schema"]["counters"] == project_counters
    # the bundled file as a whole (indicators, tasks, units too) is rebuilt byte for byte from the
    # seeds in tests/test_bundle.py


def test_first_project_fields(projects):
    p = projects["W01"]
    assert p.category == "water"
    assert p.subcategory == "饮用水水源保护"
    assert p.name == "柳州市集中式饮用水水源水环境保护项目"
    assert p.content.startswith("柳江、新圩江、古偿河、浔江等饮用水水源地开展生态评估")
    assert p.content.endswith("确保饮用水环境安全。")
    assert p.scale == ""
    assert (p.start_year, p.end_year) == (2021, 2025)
    assert p.units == ["市生态环境局", "各相关县区人民政府"]
    assert p.status == "not_reported" and p.progress_percent == 0 and p.progress_log == []


def test_subcategory_carried_down_when_cell_is_empty(projects):
    assert [projects[c].subcategory for c in ("W02", "W03", "W04")] == ["西江流域保护"] * 3
    assert {projects[f"S0{i}"].subcategory for i in range(1, 9)} == {"建设用地污染防控"}
    assert projects["C03"].subcategory == "低碳城市建设"
    # numbering （三） removed
    assert projects["A03"].subcategory == "广西锅炉和窑炉整治工程"


def test_content_label_removed_and_scale_split(projects):
    w05 = projects["W05"]
    assert w05.content.startswith("开展柳州市农村黑臭水体调查")
    assert "建设内容" not in w05.content and "建设规模" not in w05.content
    assert w05.scale == "在柳州市鹿寨县四排镇开展3个农村黑臭水体治理示范试点工作。"
    assert projects["R04"].scale == "污染土壤处理量为26万立方米/年"
    # 建设内容及规模： is a content label; there is no separate scale
    c01 = projects["C01"]
    assert c01.content.startswith("推进柳州市低碳城市建设") and c01.scale == ""
    # a content cell that merely begins with 建设规模为 is content
    assert projects["R03"].content.startswith("建设规模为日处理生活垃圾3000吨") and projects["R03"].scale == ""


def test_multi_line_cells_and_numbered_content(projects):
    w04 = projects["W04"].content
    assert w04.startswith("1.柳州市柳江流域及重点支流水环境承载能力")
    assert "5.在柳江河重点支流共建设生态缓冲带45.8公里" in w04
    assert projects["S06"].scale.startswith("在未来规划为道路和绿化用地的区域建设2个库容为32179立方米")


def test_full_width_spaces_trimmed_from_years(projects):
    # the plan writes "2021-2023\u3000" for S03..S08
    assert (projects["S03"].start_year, projects["S03"].end_year) == (2021, 2023)
    assert (projects["C01"].start_year, projects["C01"].end_year) == (2021, 2025)


def test_units_split_on_both_separators(projects):
    assert projects["A03"].units == [
        "市生态环境局", "市发展改革委", "市工业和信息化局", "市市场监管局",
        "各县区人民政府", "新区管委会", "相关锅炉使用单位",
    ]
    assert projects["S08"].units[-1] == "阳和工业新区（北部生态新区）管委会"
    assert projects["R02"].units == ["市水务集团"]


def test_names_keep_the_plans_quotes(projects):
    assert projects["K02"].name == "柳州市“无废城市”建设项目（2021-2025年）"
    assert projects["C02"].name == "广西绿色金融“气候投融资”试点"


def test_review_facts_of_the_plan(projects):
    assert sum(p.end_year <= 2023 for p in projects.values()) == 17
    assert sum("市生态环境局" in p.units for p in projects.values()) == 29


def test_bad_years_name_the_line():
    rows = [AppendixRow(("一、碧水工程",), "line 1"),
            AppendixRow(("（一）x", "名称", "内容", "2021至", "单位"), "line 3")]
    with pytest.raises(ImportFormatError, match="line 3"):
        rows_to_projects(rows)


def test_unknown_category_heading_is_refused():
    with pytest.raises(ImportFormatError, match="七、火星工程"):
        rows_to_projects([AppendixRow(("七、火星工程",), "line 9")])


def test_no_appendix(tmp_path: Path):
    f = tmp_path / "x.txt"
    f.write_text("没有附件的文本\n", encoding="utf-8")
    with pytest.raises(ImportFormatError, match="附件"):
        read_plan_text(f)


def test_split_helpers():
    assert split_units("市生态环境局、市财政局，各县区人民政府") == ["市生态环境局", "市财政局", "各县区人民政府"]
    assert split_content("建设内容：甲。\n建设规模：乙。\n丙") == ("甲。", "乙。\n丙")
    assert split_content("\u3000建设内容及规模：甲\u3000") == ("甲", "")


def test_text_rows_join_continuation_lines():
    text = "附件：某规划重点工程项目\n\n\t一、碧水工程\n\n\t（一）子类\n\t名称\n\t建设内容：甲\n建设规模：乙\n\t2021-2022\n\t单位\n"
    rows = list(text_rows(text))
    assert rows[1].cells == ("（一）子类", "名称", "建设内容：甲\n建设规模：乙", "2021-2022", "单位")
    [p] = rows_to_projects(rows)
    assert project_dict(p)["scale"] == "乙"
