from __future__ import annotations

import contextlib

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from portfolio.errors import QueryError
from portfolio.query import tokenize
from portfolio.records.project.model import Project
from portfolio.records.project.query import KEYS, parse, select
from portfolio.store import Repository


def codes(repo: Repository, where: str) -> list[str]:
    return [p.code for p in select(repo.projects(), where)]


def test_empty_query_is_everything(repo):
    assert len(codes(repo, "")) == 34
    assert len(codes(repo, "   ")) == 34


@pytest.mark.parametrize("value", ["碧水", "碧水工程", "water", "WATER", "一、碧水工程"])
def test_cat_by_any_name(repo, value):
    assert codes(repo, f"cat:{value}") == [f"W0{i}" for i in range(1, 9)]


def test_issue_example_cat_and_end(repo):
    assert codes(repo, "cat:碧水 end:<=2023") == ["W05", "W08"]


def test_sub_unit_lead(repo):
    assert codes(repo, "sub:西江") == ["W02", "W03", "W04"]
    # its own projects, and those of the groups it belongs to (各县区人民政府 and variants)
    groups = ("各县区人民政府", "各相关县区人民政府", "各有关县区人民政府")
    by_group = [p.code for p in repo.projects() if any(u in groups for u in p.units)]
    assert by_group and set(codes(repo, "unit:鹿寨县")) == {"W05", "W06", "K08", *by_group}
    assert codes(repo, "unit:鹿寨县人民政府") == codes(repo, "unit:鹿寨县")  # an alias
    assert codes(repo, "lead:鹿寨县") == ["W05"]
    assert codes(repo, "lead:市水务集团") == ["R02", "R03"]
    assert len(codes(repo, "unit:市生态环境局")) == 29


def test_year_keys_and_comparisons(repo):
    assert len(codes(repo, "end:2023")) == 17
    assert len(codes(repo, "end:<=2023")) == 17
    assert len(codes(repo, "end:<2024")) == 17
    assert len(codes(repo, "end:>2023")) == 17
    assert len(codes(repo, "end:>=2025")) == 17
    assert len(codes(repo, "end:=2025")) == 17
    assert codes(repo, "end:2024") == []
    assert len(codes(repo, "start:2021")) == 34
    assert codes(repo, "start:>2021") == []
    assert len(codes(repo, "year:2024")) == 17  # only the 2021-2025 projects run in 2024
    assert len(codes(repo, "year:2022")) == 34
    assert len(codes(repo, "year:2024-2030")) == 17
    assert len(codes(repo, "end:2021-2023")) == 17


def test_status_key(repo):
    repo.update("W01", {"status": "in_progress"})
    assert codes(repo, "status:in_progress") == ["W01"]
    assert codes(repo, "status:实施中") == ["W01"]
    assert len(codes(repo, "status:未填报")) == 33


def test_code_exact_and_prefix(repo):
    assert codes(repo, "code:K08") == ["K08"]
    assert codes(repo, "code:r") == ["R01", "R02", "R03", "R04"]


def test_bare_words_match_name_content_scale(repo):
    assert codes(repo, "锂电池") == ["R01"]
    assert codes(repo, "VOCs") == ["A02", "K05", "K07"]
    assert codes(repo, "vocs") == ["A02", "K05", "K07"]
    assert codes(repo, "四排镇") == ["W05"]  # only in the scale


def test_pinyin_full_and_initials(repo):
    assert codes(repo, "lidianchi") == ["R01"]
    assert codes(repo, "ldc") == ["R01"]
    assert codes(repo, "LDC") == ["R01"]
    assert codes(repo, "jingmai") == ["R03"]


def test_negation(repo):
    assert len(codes(repo, "-cat:碧水")) == 26
    assert codes(repo, "cat:清废 -锂电池") == ["R02", "R03", "R04"]
    assert codes(repo, "cat:清废 -lead:市生态环境局") == ["R02", "R03"]


def test_quotes_hold_spaces(repo, db_path):
    repo.update("A01", {"name": "超低 排放 改造"})
    assert codes(repo, '"超低 排放"') == ["A01"]
    assert codes(repo, "'超低 排放'") == ["A01"]
    assert codes(repo, 'sub:"工业超低"') == ["A01"]
    assert tokenize('-"a b" unit:"x y"')[0].negate is True
    assert tokenize('unit:"x y"')[0].value == "x y"


def test_chinese_aliases_and_fullwidth_colon(repo):
    assert codes(repo, "类别：清废 结束:<=2023") == ["R01", "R02", "R03", "R04"]
    assert codes(repo, "牵头:鹿寨县") == ["W05"]


def test_unknown_key_names_key_and_lists_valid_keys():
    with pytest.raises(QueryError) as exc:
        parse("foo:bar")
    msg = str(exc.value)
    assert "foo" in msg
    for key in KEYS:
        assert key in msg


@pytest.mark.parametrize(
    ("query", "named"),
    [("end:abc", "end:abc"), ("year:20xx", "year:20xx"), ("start:2025-2021", "2025-2021"),
     ("cat:火星", "cat:火星"), ("status:done", "status:done"), ('"open', '"open'), ("unit:", "unit:")],
)
def test_malformed_values_name_the_term(query, named):
    with pytest.raises(QueryError) as exc:
        parse(query)
    assert named in str(exc.value)


def test_english_error_messages(english):
    with pytest.raises(QueryError, match="expected a year"):
        parse("end:abc")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab碧水 :：-"\'<>=2013catendyearunitstatus\t')), max_size=40))
def test_parser_never_fails_unexpectedly(text):
    try:
        q = parse(text)
    except QueryError as exc:
        assert str(exc)
    else:
        assert q.text == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_any_text_parses_or_gives_a_query_error(text):
    with contextlib.suppress(QueryError):
        parse(text)


def test_pinyin_of_u_umlaut_is_v():
    from portfolio.records.project.query import name_pinyin

    assert name_pinyin("覆盖率 绿色") == ("fugailv lvse", "fgl ls")


@given(st.text(alphabet="abcVOC中文水 \n2.", max_size=30), st.text(alphabet="abcvo", min_size=1, max_size=4))
@example("ab中cd", "bc")
@example("VOCs 水", "vocs")
def test_a_latin_word_matches_as_a_plain_substring_search_would(text, word):
    """The pinyin slot keeps the text's ASCII runs apart: no match across a Chinese character."""
    from portfolio.records.project.query import NAME, PINYIN, ensure_pinyin, make_row, name_pinyin, row_text

    project = Project.model_validate({"code": "W01", "category": "water", "name": text.replace("\n", " ").strip() or "x",
                                      "content": text, "start_year": 2021, "end_year": 2023,
                                      "units": ["市生态环境局"]})
    row = make_row(project)
    ensure_pinyin([row])
    full, initials = name_pinyin(row[NAME])
    expected = word in row_text(row) or word in full or word in initials
    assert (word in row[PINYIN][0]) == expected
