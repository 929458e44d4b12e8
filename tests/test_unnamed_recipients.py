"""Names standing for units the directory cannot name (各镇人民政府, 各相关企业, 相关锅炉使用单位,
…领导小组成员单位) and the meta-recipients are never units: no row, sheet or form of their own;
a note names them once."""

from __future__ import annotations

import json
from datetime import date

import openpyxl

from portfolio.cli import main
from portfolio.review.compute import review_repo
from portfolio.review.dispatch import dispatch
from portfolio.unit_duties import is_unnamed
from portfolio.units import Directory

AS_OF = date(2023, 12, 31)
UNNAMED = ("各镇人民政府", "各相关企业", "相关锅炉使用单位", "市应对气候变化及节能减排工作领导小组成员单位")
META = ("本计划中所有牵头单位", "本计划中所有配合单位", "本计划中各项任务的牵头单位")


def test_which_names_stand_for_unnamed_units() -> None:
    d = Directory.from_raw(None)
    for name in (*UNNAMED, *META):
        assert is_unnamed(name, d), name
    for name in ("各县区人民政府", "各有关县区人民政府", "鹿寨县人民政府", "市生态环境局", "区司法局"):
        assert not is_unnamed(name, d), name


def test_no_unnamed_recipient_is_a_unit_anywhere(repo, db_path, tmp_path, capsys) -> None:
    r = review_repo(repo, repo.projects(), AS_OF)
    units = {u.unit for u in r.units}
    assert not units & {*UNNAMED, *META, "各县区人民政府", "各相关县区人民政府"}
    assert "各相关企业" in r.unnamed and "市应对气候变化及节能减排工作领导小组成员单位" in r.unnamed
    assert len(r.unnamed) == len(set(r.unnamed))
    # the JSON, the Markdown unit tables (and their note), the workbook's sheets
    assert main(["--db", str(db_path), "review", "--as-of", "2023-12-31", "-f", "json", "-o",
                 str(tmp_path / "r.json")]) == 0
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert not {u["unit"] for u in data["units"]} & {*UNNAMED, *META}
    assert main(["--db", str(db_path), "review", "--as-of", "2023-12-31", "-f", "md", "-o",
                 str(tmp_path / "r.md")]) == 0
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "未能对应到具体单位的责任主体：" in md
    rows = [line for line in md.splitlines() if line.startswith("|")]
    for name in (*UNNAMED, *META):
        assert not any(row.split("|")[1].strip() == name for row in rows), name
    assert main(["--db", str(db_path), "review", "--as-of", "2023-12-31", "-f", "xlsx", "-o",
                 str(tmp_path / "r.xlsx")]) == 0
    sheets = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True).sheetnames
    assert not any(name[:20] in s for s in sheets for name in (*UNNAMED, *META))
    # dispatch: no form for them, and the summary says so
    capsys.readouterr()
    assert main(["--db", str(db_path), "dispatch", "--as-of", "2023-12-31", "-o", str(tmp_path / "forms")]) == 0
    out = capsys.readouterr().out
    assert "各相关企业" in out.splitlines()[-1]
    written = dispatch(repo, tmp_path / "forms2", AS_OF)
    assert written and not any(name in p.name for p in written for name in (*UNNAMED, *META, "各县区"))


def test_the_comparison_follows_the_rate_it_compares(repo, db_path) -> None:
    from portfolio.review.docx_report import _category_paragraph

    for code in ("W01", "W02", "K01"):
        assert main(["--db", str(db_path), "set", code, "status=completed", "progress=100",
                     "--date", "2023-06-30"]) == 0
    from portfolio.store import Repository

    fresh = Repository.open(db_path)
    r = review_repo(fresh, fresh.projects(), AS_OF)
    texts = [_category_paragraph(r, f) for f in r.categories]
    both = [t for t in texts if "平均水平" in t and "从未填报" in t]
    assert both
    for t in both:
        rate = t.index("完成率")
        assert rate < t.index("平均水平") < t.index("从未填报"), t
