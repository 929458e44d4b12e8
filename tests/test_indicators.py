"""The plan's indicator table (专栏2): 38 rows as written, parsed figures, state as of a date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from portfolio.errors import ImportFormatError
from portfolio.io.indicators import indicators_from_text, read_indicators
from portfolio.records.indicator.figures import parse_figure
from portfolio.records.indicator.model import Indicator, IndicatorState, IndicatorValue, indicator_state

PLAN = Path(__file__).resolve().parent.parent / "seeds" / "004_ae4b6fe49ab368be.txt"

# (number, name, sub_name, unit, baseline, target, attribute) as the plan writes each row;
# the target and attribute of a merged cell are those of the row the merge starts on
AS_WRITTEN = [
    (1, "集中式饮用水水源地水质达标率", "市级", "%", "100", "100", "约束性"),
    (1, "集中式饮用水水源地水质达标率", "县级", "%", "100", "100", "约束性"),
    (2, "地表水质量", "达到或好于Ⅲ类水体比例*", "%", "100", "100", "约束性"),
    (2, "地表水质量", "劣Ⅴ类水体比例", "%", "0", "0", "约束性"),
    (3, "水功能区达标率", "", "%", "100", ">98", "指导性"),
    (4, "城市空气环境质量", "PM10年平均浓度", "ug/m3", "43", "二级", "指导性"),
    (4, "城市空气环境质量", "二氧化硫年平均浓度", "ug/m3", "10", "二级", "指导性"),
    (4, "城市空气环境质量", "二氧化氮年平均浓度", "ug/m3", "20", "二级", "指导性"),
    (4, "城市空气环境质量", "一氧化碳24小时平均第95百分位数浓度", "mg/m3", "1.2", "二级", "指导性"),
    (4, "城市空气环境质量", "臭氧日最大八小时滑动平均值的第90百分位数浓度", "ug/m3", "115", "二级", "指导性"),
    (4, "城市空气环境质量", "PM2.5年平均浓度", "ug/m3", "29", "达到自治区考核要求", "约束性"),
    (5, "空气质量优良率", "城市", "%", "96.7", "达到自治区考核要求", "约束性"),
    (5, "空气质量优良率", "县城", "%", "97.3", "达到自治区考核要求", "约束性"),
    (6, "声环境质量", "城市区域环境噪声平均等效声级", "dB(A)", "56.1", "≤60", "指导性"),
    (6, "声环境质量", "城市区域交通干线噪声平均等效声级", "dB(A)", "69.2", "≤70", "指导性"),
    (7, "环境及辐射设施周围的辐射水平", "", "——", "在天然本底涨落控制范围内", "在天然本底涨落控制范围内", "指导性"),
    (8, "总量控制（主要污染物排放量）", "化学需氧量排放量下降率", "%", "[13]", "达到自治区考核要求", "约束性"),
    (8, "总量控制（主要污染物排放量）", "氨氮排放量下降率", "%", "[1.4]", "达到自治区考核要求", "约束性"),
    (8, "总量控制（主要污染物排放量）", "氮氧化物排放量下降率", "%", "[15]", "达到自治区考核要求", "约束性"),
    (8, "总量控制（主要污染物排放量）", "挥发性有机物排放量下降率", "%", "/", "达到自治区考核要求", "约束性"),
    (9, "受污染耕地安全利用率", "", "%", "90.35", "达到自治区考核要求", "约束性"),
    (10, "污染地块安全利用率", "", "%", "100", "达到自治区考核要求", "约束性"),
    (11, "城镇污水处理率", "市区", "%", "96", "100", "指导性"),
    (11, "城镇污水处理率", "县城", "%", ">85", "≥90", "指导性"),
    (12, "城镇生活污水集中收集率", "", "%", "42.8", "≥65", "指导性"),
    (13, "生活垃圾无害化处理率", "市区", "%", "100", "100", "指导性"),
    (13, "生活垃圾无害化处理率", "县城", "%", "100", "100", "指导性"),
    (14, "农村生活污水治理率", "", "%", "3.54", "≥25", "约束性"),
    (15, "城市生活污水处理厂污泥无害化处理率", "", "%", "100", "100", "指导性"),
    (16, "规模化畜禽养殖场配套建设废弃物处理设施比例", "", "%", "100", "100", "指导性"),
    (17, "森林覆盖率", "", "%", "67.02", "≥65", "约束性"),
    (18, "生态红线占国土面积比例", "", "%", "/", "18.02%", "指导性"),
    (19, "单位地区生产总值主要污染物排放量下降", "化学需氧量", "%", "/", "达到自治区考核要求", "指导性"),
    (19, "单位地区生产总值主要污染物排放量下降", "氨氮", "%", "/", "达到自治区考核要求", "指导性"),
    (19, "单位地区生产总值主要污染物排放量下降", "二氧化硫", "%", "/", "达到自治区考核要求", "指导性"),
    (19, "单位地区生产总值主要污染物排放量下降", "氮氧化物", "%", "/", "达到自治区考核要求", "指导性"),
    (20, "单位地区生产总值二氧化碳排放量降低", "", "%", "[ / ]", "达到自治区考核要求", "约束性"),
    (21, "单位地区生产总值能源消耗降低", "", "%", "[ / ]", "达到自治区考核要求", "约束性"),
]


@pytest.fixture(scope="module")
def indicators() -> list[Indicator]:
    return read_indicators(PLAN)


def test_the_38_rows_as_written(indicators: list[Indicator]) -> None:
    assert len(indicators) == 38
    assert [i.code for i in indicators] == [f"I{n:02d}" for n in range(1, 39)]
    got = [(i.number, i.name, i.sub_name, i.unit, i.baseline_2020, i.target_2025, i.attribute) for i in indicators]
    assert got == AS_WRITTEN
    categories = [i.category for i in indicators]
    assert categories[:16] == ["环境质量改善"] * 16
    assert categories[16:30] == ["污染防治治理"] * 14
    assert categories[30:] == ["生态保护"] * 2 + ["环境经济"] * 4 + ["应对气候变化"] * 2


def test_merged_cells_are_recorded(indicators: list[Indicator]) -> None:
    so2 = indicators[6]
    assert so2.continued == ["name", "target_2025", "attribute"]
    assert indicators[5].continued == []  # PM10: the row the merge starts on
    assert indicators[2].note.startswith("*指柳州市国控、区控断面")


def test_parsed_figures_and_direction(indicators: list[Indicator]) -> None:
    assert (parse_figure(">98").comparator, parse_figure(">98").number) == (">", 98.0)
    assert (parse_figure("≥65").comparator, parse_figure("≥65").number) == ("≥", 65.0)
    assert parse_figure("[13]").cumulative and parse_figure("[13]").number == 13.0
    assert parse_figure("[ / ]").empty and parse_figure("/").empty
    assert parse_figure("二级").qualitative and parse_figure("18.02%").number == 18.02
    directions = {i.code: i.direction for i in indicators}
    assert directions["I04"] == "lower"  # 劣Ⅴ类 share
    assert directions["I06"] == "lower"  # a concentration
    assert directions["I14"] == "lower"  # ≤60
    assert directions["I17"] == "higher"  # a reduction rate
    assert directions["I25"] == "higher"  # ≥65
    assert directions["I16"] is None  # radiation: qualitative


def value(year: int, text: str, judgement: str | None = None) -> IndicatorValue:
    return IndicatorValue(year=year, value=text, date=date(year, 12, 31), judgement=judgement)  # type: ignore[arg-type]


def test_state_as_of_a_date(indicators: list[Indicator]) -> None:
    collection = indicators[24]  # 城镇生活污水集中收集率: 42.8 -> ≥65
    assert indicator_state(collection, date(2023, 12, 31)) == IndicatorState.NOT_REPORTED
    # path at 2023: 42.8 + (65 - 42.8) * 3/5 = 56.12
    on = collection.model_copy(update={"values": [value(2023, "57")]})
    off = collection.model_copy(update={"values": [value(2023, "50")]})
    met = collection.model_copy(update={"values": [value(2023, "66.5%")]})
    assert indicator_state(on, date(2023, 12, 31)) == IndicatorState.ON_PATH
    assert indicator_state(off, date(2023, 12, 31)) == IndicatorState.OFF_PATH
    assert indicator_state(met, date(2023, 12, 31)) == IndicatorState.MET
    # a 2023 value is not known in the middle of 2023
    assert indicator_state(on, date(2023, 6, 30)) == IndicatorState.NOT_REPORTED
    noise = indicators[13]  # ≤60, lower is better
    assert indicator_state(noise.model_copy(update={"values": [value(2022, "61")]}), date(2023, 1, 1)) == \
        IndicatorState.OFF_PATH
    assert indicator_state(noise.model_copy(update={"values": [value(2022, "55.0")]}), date(2023, 1, 1)) == \
        IndicatorState.MET
    pm25 = indicators[10]  # 达到自治区考核要求: judged by hand
    assert indicator_state(pm25.model_copy(update={"values": [value(2023, "27")]}), date(2023, 12, 31)) == \
        IndicatorState.TO_JUDGE
    assert indicator_state(pm25.model_copy(update={"values": [value(2023, "27", "met")]}), date(2023, 12, 31)) == \
        IndicatorState.MET
    assert indicator_state(pm25.model_copy(update={"values": [value(2023, "35", "not_met")]}),
                           date(2023, 12, 31)) == IndicatorState.NOT_MET


def test_a_row_of_the_wrong_shape_names_its_line() -> None:
    text = PLAN.read_text(encoding="utf-8")
    broken = text.replace("\t水功能区达标率\n\t%\n", "\t水功能区达标率\n", 1)
    with pytest.raises(ImportFormatError) as err:
        indicators_from_text(broken)
    row_start = broken.splitlines().index("\t水功能区达标率") - 1  # the row's first cell, 1-based
    assert "\n" not in str(err.value) and str(row_start) in str(err.value)
