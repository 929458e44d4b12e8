"""Sorting (portfolio.sorting), column definitions, settings and saved filters (core)."""

from __future__ import annotations

import json
import os

import pytest

from portfolio import saved_filters, settings
from portfolio.errors import QueryError
from portfolio.records.columns import Column, add_column, record_kind
from portfolio.sorting import SortError, collation_key, cycle, parse_sort, sort_records, sort_text

from .test_cli import run


def names(projects):
    return [p.name for p in projects]


def test_chinese_sorts_by_pinyin_like_a_spreadsheet():
    words = ["原始", "柳州", "挥发", "广西"]
    assert sorted(words, key=collation_key) == ["广西", "挥发", "柳州", "原始"]
    assert sorted(words) != ["广西", "挥发", "柳州", "原始"]  # code point order differs
    # a shorter syllable first (西安 xi|an < 先 xian), Latin letters among the readings
    assert sorted(["先", "西安"], key=collation_key) == ["西安", "先"]
    assert sorted(["VOCs治理", "挥发", "abc"], key=collation_key) == ["abc", "挥发", "VOCs治理"]


def test_sort_records_by_name_then_reverse_and_several_keys(repo):
    projects = repo.projects()
    by_name = sort_records(projects, parse_sort("name"), "project")
    firsts = "".join(dict.fromkeys(p.name[0] for p in by_name))
    assert firsts == "广挥柳燃医原"  # guang < hui < liu < ran < yi < yuan
    assert names(sort_records(projects, parse_sort("-name"), "project")) == names(by_name)[::-1]
    # end year descending, then name ascending inside each year
    spec = parse_sort("-end,name")
    assert spec == [("end_year", True), ("name", False)]
    result = sort_records(projects, spec, "project")
    ends = [p.end_year for p in result]
    assert ends == sorted(ends, reverse=True)
    for year in set(ends):
        group = [p.name for p in result if p.end_year == year]
        assert group == sorted(group, key=collation_key)
    # numbers sort as numbers: 9 < 10 (as text "10" < "9")
    p1 = repo.update("W01", {"progress_percent": 9}).after
    p2 = repo.update("W02", {"progress_percent": 10}).after
    ordered = sort_records([p2, p1], parse_sort("progress"), "project")
    assert [p.code for p in ordered] == ["W01", "W02"]


def test_empty_values_sort_last_both_ways(repo):
    a = repo.update("W01", {"planned_investment": 5}).after
    b = repo.get("W02")  # no planned investment
    c = repo.update("W03", {"planned_investment": 50}).after
    for spec in ("planned", "-planned"):
        assert sort_records([b, a, c], parse_sort(spec), "project")[-1].code == "W02"


def test_unknown_sort_field_is_one_line_listing_the_sortable_ones():
    with pytest.raises(SortError) as err:
        parse_sort("name,colour")
    message = str(err.value)
    assert "colour" in message and "end_year" in message and "\n" not in message
    assert sort_text(parse_sort("名称,-结束")) == "name,-end_year"


def test_keyboard_cycle():
    assert cycle([], "name") == [("name", False)]
    assert cycle([("name", False)], "name") == [("name", True)]
    assert cycle([("name", True)], "name") == []
    assert cycle([("name", False)], "end_year", add=True) == [("name", False), ("end_year", False)]
    assert cycle([("name", False), ("end_year", False)], "end_year", add=True) == \
        [("name", False), ("end_year", True)]
    assert cycle([("name", False), ("end_year", True)], "end_year", add=True) == [("name", False)]


def test_a_column_can_be_added_to_a_kind():
    kind = record_kind("project")
    try:
        add_column("project", Column("light", "Light", lambda p: "●", sortable=False), after="status",
                   default=True)
        changed = record_kind("project")
        assert changed.keys.index("light") == changed.keys.index("status") + 1
        assert "light" in changed.default_columns
        with pytest.raises(SortError):
            parse_sort("light")
    finally:
        from portfolio.records.columns import KINDS

        KINDS["project"] = kind


# -- settings ------------------------------------------------------------------------------------
def test_settings_round_trip_and_atomic_file(tmp_path):
    settings.set_columns("project", ["code", "name"])
    settings.push_history("cat:碧水")
    settings.push_history("ldc")
    settings.push_history("cat:碧水")
    loaded = settings.load()
    assert loaded.columns("project") == ["code", "name"]
    assert loaded.history() == ["ldc", "cat:碧水"]
    assert settings.settings_path().parent == tmp_path / "config"
    assert [p.name for p in (tmp_path / "config").iterdir()] == ["settings.json"]  # no temp file left
    settings.set_columns("project", None)
    assert settings.load().columns("project") is None


@pytest.mark.parametrize("content", ["{broken", "[1, 2]", "\x00\xff"])
def test_corrupt_settings_give_a_warning_and_the_defaults(content):
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8", errors="surrogateescape")
    loaded = settings.load()
    assert loaded.warning is not None and "\n" not in loaded.warning and str(path) in loaded.warning
    assert loaded.columns("project") is None and loaded.history() == []
    settings.push_history("cat:碧水")  # the next change replaces it
    assert settings.load().history() == ["cat:碧水"]


def test_unreadable_settings_are_a_warning(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = settings.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text("{}", encoding="utf-8")
    path.chmod(0)
    assert settings.load().warning


# -- saved filters ----------------------------------------------------------------------------------
def test_saved_filters_expand_in_one_place():
    saved_filters.save("qf", "cat:清废")
    saved_filters.save("@late", "@qf end:<=2023")
    assert saved_filters.expand("@late 锂电池") == "cat:清废 end:<=2023 锂电池"
    assert saved_filters.expand("mail@example") == "mail@example"  # not a term of its own
    with pytest.raises(saved_filters.FilterNameError) as err:
        saved_filters.expand("@nope")
    assert "@late" in str(err.value) and "@qf" in str(err.value)
    with pytest.raises(QueryError):
        saved_filters.save("bad", "foo:bar")
    with pytest.raises(saved_filters.FilterNameError):
        saved_filters.save("two words", "cat:碧水")
    saved_filters.delete("late")
    assert set(saved_filters.saved()) == {"qf"}
    data = json.loads(settings.settings_path().read_text(encoding="utf-8"))
    assert data["saved_filters"] == {"qf": "cat:清废"}


def test_cli_sort_and_saved_filters(capsys, db_path):
    db = ["--db", str(db_path)]
    code, out, _ = run(capsys, "filter", "save", "qingfei", "cat:清废")
    assert code == 0 and "@qingfei" in out
    code, out, _ = run(capsys, "filter", "list")
    assert "@qingfei" in out and "cat:清废" in out
    code, out, _ = run(capsys, "list", "--where", "@qingfei", "--sort", "-end,name", *db)
    rows = [line.split()[0] for line in out.splitlines()[2:-1]]
    assert code == 0 and rows == ["R03", "R04", "R01", "R02"]  # 柳州市静… < 柳州市污… < 柳州市新… < 医疗…
    code, out, err = run(capsys, "list", "--where", "@nope", *db)
    assert code == 1 and "@qingfei" in err and len(err.strip().splitlines()) == 1
    code, out, err = run(capsys, "export", "-o", str(db_path.parent / "x.csv"), "--sort", "colour", *db)
    assert code == 1 and "end_year" in err and not (db_path.parent / "x.csv").exists()
    code, out, err = run(capsys, "filter", "delete", "qingfei")
    assert code == 0
    code, out, err = run(capsys, "filter", "delete", "qingfei")
    assert code == 1 and "qingfei" in err


def test_usual_readings_and_punctuation_ignored_as_in_chinese_spreadsheets():
    # 长 reads cháng as in WPS/Excel (not zhǎng, the table's first reading): 柳州长安 < 柳州市
    assert sorted(["柳州市环境监测站", "柳州长安锌品"], key=collation_key) == ["柳州长安锌品", "柳州市环境监测站"]
    # the opening quote is ignored: 柳州市“天地车人” among the other 柳州市 names, before letters
    names = ["柳州市Z项目", "柳州市“天地车人”项目", "柳州市城市污水"]
    assert sorted(names, key=collation_key) == ["柳州市城市污水", "柳州市“天地车人”项目", "柳州市Z项目"]
