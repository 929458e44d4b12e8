from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from portfolio import i18n
from portfolio.records.fields import ProgressEntry, Status, find_status
from portfolio.records.issues import describe_errors
from portfolio.records.project.categories import CATEGORIES, CategoryKey, find_category
from portfolio.records.project.model import Project, parse_year_range, project_dict

VALID = {
    "code": "W09", "category": "water", "subcategory": "饮用水水源保护", "name": "测试项目",
    "content": "内容", "scale": "", "start_year": 2021, "end_year": 2023,
    "units": ["市生态环境局", "鹿寨县人民政府"],
}


def issues(data: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        Project.model_validate(data)
    return {i.field: i.message for i in describe_errors(exc.value)}


def test_valid_project_defaults():
    p = Project.model_validate(VALID)
    assert p.status is Status.NOT_REPORTED
    assert p.progress_percent == 0 and p.progress_log == []
    assert p.lead_unit == "市生态环境局" and p.years == "2021-2023"
    assert p.active_in(2022) and not p.active_in(2024)


def test_end_before_start_names_end_year_in_chinese():
    found = issues({**VALID, "start_year": 2024, "end_year": 2022})
    assert found == {"end_year": "结束年份 2022 早于开始年份 2024"}


def test_errors_in_english(english):
    found = issues({**VALID, "start_year": 1999, "progress_percent": 120})
    assert found["start_year"] == "must be at least 2000"
    assert found["progress_percent"] == "must be at most 100"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"name": "  "}, "name", "不能为空"),
        ({"code": "w1"}, "code", "编号须为一个大写字母加 2–6 位数字，如 W01"),
        ({"units": ["市生态环境局", " "]}, "units", "第 2 个责任单位为空"),
        ({"units": []}, "units", "至少需要 1 项"),
        ({"category": "mars"}, "category", "应为以下之一：碧水工程、蓝天工程、净土工程、清废工程、应对气候变化工程、能力建设工程"),
        ({"end_year": "二〇二三"}, "end_year", "应为整数"),
        ({"planned_investment": -1}, "planned_investment", "不能小于 0"),
        ({"status": "done"}, "status", "应为以下之一：未填报、未开工、实施中、已完成、暂停、已取消"),
        ({"colour": "red"}, "colour", "不是已知字段"),
    ],
)
def test_each_invalid_field_is_named(change, field, message):
    assert issues({**VALID, **change})[field] == message


def test_units_from_text_are_split_and_trimmed():
    p = Project.model_validate({**VALID, "units": "市生态环境局、 市财政局，各县区人民政府"})
    assert p.units == ["市生态环境局", "市财政局", "各县区人民政府"]


def test_progress_entry_errors_have_a_path():
    found = issues({**VALID, "progress_log": [{"date": "2023-02-30", "percent": 10, "status": "in_progress"}]})
    assert list(found) == ["progress_log.0.date"]


def test_pydantic_markup_like_text_survives():
    p = Project.model_validate({**VALID, "name": "[bold]x[/b] [TODO] ["})
    assert p.name == "[bold]x[/b] [TODO] ["


def test_category_lookup():
    for c in CATEGORIES:
        assert find_category(c.key.value) is c
        assert find_category(c.short_zh) is c
        assert find_category(c.name_zh) is c
        assert find_category(c.heading) is c
    assert find_category("气候").key is CategoryKey.CLIMATE
    assert find_category("火星") is None


def test_status_lookup_in_both_languages():
    assert find_status("实施中") is Status.IN_PROGRESS
    assert find_status("in progress") is Status.IN_PROGRESS
    assert find_status("IN_PROGRESS") is Status.IN_PROGRESS
    assert find_status("已完成") is Status.COMPLETED
    assert find_status("?") is None


# text as it may enter: no control characters but tab and line feed (the sanitiser, portfolio.text)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff",
                             whitelist_characters="\t\n"), max_size=30).map(str.strip)
# a one-line field (names, units): no line break and no invisible format character either
line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zl", "Zp"), blacklist_characters="\ufffe\uffff",
                             whitelist_characters="\t"), max_size=30).map(str.strip)
projects = st.builds(
    lambda code_n, cat, name, content, start, span, units, status, pct, log, inv: Project(
        code=f"{next(c.prefix for c in CATEGORIES if c.key == cat)}{code_n:02d}",
        category=cat, name=name or "x", content=content, start_year=start, end_year=start + span,
        units=[u or "单位" for u in units], status=status, progress_percent=pct,
        progress_log=log, planned_investment=inv,
    ),
    st.integers(1, 99), st.sampled_from(list(CategoryKey)), line, text,
    st.integers(2000, 2090), st.integers(0, 10), st.lists(line, min_size=1, max_size=4),
    st.sampled_from(list(Status)), st.floats(0, 100, allow_nan=False),
    st.lists(st.builds(ProgressEntry, date=st.dates(date(2000, 1, 1), date(2100, 1, 1)),
                       percent=st.floats(0, 100), status=st.sampled_from(list(Status)), note=text),
             max_size=3),
    st.none() | st.floats(0, 1e9, allow_nan=False),
)


@settings(max_examples=200, deadline=None)
@given(projects)
def test_json_round_trip(project: Project):
    again = Project.model_validate_json(project.model_dump_json())
    assert again == project
    assert Project.model_validate(project_dict(project)) == project


def test_language_switch_changes_messages():
    i18n.set_language("en")
    assert issues({**VALID, "name": ""})["name"] == "must not be empty"
    i18n.set_language("zh_CN")
    assert issues({**VALID, "name": ""})["name"] == "不能为空"


def test_short_fields_are_stripped_long_texts_kept_as_given():
    p = Project.model_validate({**VALID, "code": " W09 ", "name": "  测试  ", "subcategory": " 子类 ",
                                "content": " 内容 "})
    assert (p.code, p.name, p.subcategory) == ("W09", "测试", "子类")
    assert p.content == " 内容 "  # stripped where it is typed or imported, not on every load
    assert issues({**VALID, "name": "   "})["name"] == "不能为空"


@pytest.mark.parametrize(("text", "years"), [
    ("2021-2023", (2021, 2023)), ("2021—2023", (2021, 2023)), ("2021 ~ 2023", (2021, 2023)),
    ("2021至2023年", (2021, 2023)), ("2021到2025", (2021, 2025)), ("2021～2022", (2021, 2022)),
    ("2023", (2023, 2023)), ("2023年", (2023, 2023)), (" 2021-2023 ", (2021, 2023)),
    ("2023-2021", (2023, 2021)),  # read as written: the model reports the order
    ("21-23", None), ("2021-", None), ("2021至", None), ("", None), ("二〇二一", None), ("2021-2023-2025", None),
])
def test_year_ranges_are_read_in_one_place(text, years):
    assert parse_year_range(text) == years
