"""The units directory: canonical names, aliases, groups; unit: queries through it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from portfolio.io.tasks_text import read_tasks_text
from portfolio.query import select_kind
from portfolio.units import LIUZHOU_COUNTIES, Directory, split_units

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_split_units_keeps_one_name_written_with_a_separator() -> None:
    assert split_units("各县、区人民政府，柳东新区、北部生态新区（阳和工业新区）管委会") == [
        "各县、区人民政府", "柳东新区", "北部生态新区（阳和工业新区）管委会"]
    assert split_units("/") == [] and split_units("") == []
    assert split_units("区 工 业 和信息化局、") == ["区工业和信息化局"]


def test_aliases_resolve_to_one_canonical_name() -> None:
    d = Directory.from_raw(None)
    for written in ("市生态环境局", "柳州市生态环境局", "生态环境局", "生态环境局等", "生态环境局按职责分工推进"):
        assert d.canonical(written) == "市生态环境局"
    assert d.canonical("住房城乡建局") == "市住房城乡建设局"  # the plan's typo
    assert d.canonical("工业和信息化局等") == "市工业和信息化局"  # 市 implied by the cell
    assert d.canonical("鹿寨县人民政府") == "鹿寨县"
    assert d.canonical("区水利局") == "区水利局"  # a district bureau stays itself
    assert d.canonical("柳江生态环境局") != "市生态环境局"


def test_groups_reach_their_members() -> None:
    d = Directory.from_raw(None)
    for group in ("各县区人民政府", "各县、区人民政府", "各县（区）人民政府", "相关县区人民政府"):
        assert d.reach(group) >= set(LIUZHOU_COUNTIES)
    assert len(LIUZHOU_COUNTIES) == 10
    reaches = d.matcher("鹿寨县")
    assert reaches(["各县、区人民政府"]) and reaches(["鹿寨县人民政府"]) and not reaches(["市生态环境局"])


def test_editing_the_directory_round_trips() -> None:
    d = Directory.from_raw(None)
    d.add_alias("市生态环境局", "环保局")
    d.set_group("各镇人民政府", ["百朋镇", "成团镇"])
    again = Directory.from_raw(d.to_raw())
    assert again.canonical("环保局") == "市生态环境局"
    assert again.reach("各镇人民政府") == {"各镇人民政府", "百朋镇", "成团镇"}
    assert again.remove_alias("环保局") and again.canonical("环保局") == "市环保局"  # 市 implied again


def test_lead_query_on_tasks_uses_the_directory() -> None:
    tasks = read_tasks_text(SEEDS / "001_80156d0f31168e95.txt")
    found = select_kind(tasks, "task", "lead:市生态环境局 due:<=2022-12-31")
    d = Directory.from_raw(None)
    expected = [t for t in tasks if t.deadline and t.deadline <= date(2022, 12, 31)
                and any(d.canonical(u) == "市生态环境局" for u in t.lead_units)]
    assert found == expected and len(found) == 31
    numbers = {t.number for t in found}
    assert {37, 32, 12} <= numbers  # 生态环境局 / …按职责分工推进 / 柳州海事局，市生态环境局
    assert 45 not in numbers  # a relative deadline has no date
    assert len(select_kind(tasks, "task", "unit:鹿寨县")) == len(
        [t for t in tasks if any(d.canonical(u) in ("鹿寨县", "各县区人民政府", "各相关县区人民政府") for u in t.units)])
