"""The review's documents read back as a reviewer reads them, with a pencil: the dated scenario
(``review_scenario``) as of 2023-12-31 in json, md, xlsx and docx. Every count table's state
columns sum to its 项目数, 合计 is the sum of its rows, 应完成 and 项目数 equal the JSON's, every
investment rate is completed / planned of its own row; no group or meta-recipient is a unit;
鹿寨县 has one name and one project count everywhere; the 落款 follows ``--issued``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest

from portfolio.cli import main
from portfolio.records.project.views import category_label
from portfolio.review.states import STATE_ORDER, state_label
from portfolio.store import Repository

from .review_scenario import AS_OF, apply_scenario, md_tables, number

GROUPS = ("各县区人民政府", "各县、区人民政府", "各相关县区人民政府", "各有关县区人民政府", "本计划中所有牵头单位",
          "本计划中所有配合单位", "本计划中各项任务的牵头单位", "鹿寨县人民政府", "区农业农村", "区审批局")
TOTAL = "合计"


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import shutil

    from .conftest import BUNDLED

    folder = tmp_path_factory.mktemp("scenario")
    db = folder / "projects.json"
    shutil.copyfile(BUNDLED, db)
    apply_scenario(Repository.open(db))
    out: dict[str, Any] = {"db": db}
    for fmt in ("json", "md", "xlsx", "docx"):
        target = folder / f"review.{fmt}"
        assert main(["review", "--db", str(db), "--as-of", AS_OF.isoformat(), "-o", str(target),
                     "--issued", "2024-01-20"]) == 0
        out[fmt] = target
    out["data"] = json.loads(Path(out["json"]).read_text(encoding="utf-8"))
    return out


def check_table(headers: list[str], rows: list[list[Any]], data: dict[str, Any], where: str) -> int:
    """The reviewer's checks on one table; how many of them applied."""
    checked = 0
    states = [state_label(s) for s in STATE_ORDER]
    values = [[number(c) for c in row] for row in rows]
    if "项目数" in headers and all(s in headers for s in states):
        n = headers.index("项目数")
        for row, raw in zip(values, rows, strict=True):
            assert sum(row[headers.index(s)] or 0 for s in states) == row[n], (where, raw)
            checked += 1
    labels = [str(r[0]).strip() for r in rows]
    if TOTAL in labels:
        body = [v for v, label in zip(values, labels, strict=True) if label != TOTAL]
        total = values[labels.index(TOTAL)]
        for c, h in enumerate(headers):
            if c and "率" not in h and any(v[c] is not None for v in body):
                assert total[c] == pytest.approx(sum(v[c] or 0 for v in body), abs=0.011), (where, h)
                checked += 1
    if {"投资完成率", "计划投资（万元）", "已完成投资（万元）"} <= set(headers):
        rate, planned, done = (headers.index(h) for h in ("投资完成率", "计划投资（万元）", "已完成投资（万元）"))
        for row in values:
            if row[planned]:
                assert row[rate] == pytest.approx(100 * row[done] / row[planned], abs=0.051), (where, row)
                checked += 1
    categories = {category_label(k, short=False): v for k, v in data["figures"]["categories"].items()}
    categories[TOTAL] = data["figures"]["totals"]
    if "应完成" in headers:  # the category table: the JSON's figures
        for row, label in zip(values, labels, strict=True):
            figures = categories[label]
            assert row[headers.index("项目数")] == figures["projects"] and row[headers.index("应完成")] == figures["due"]
            for s in STATE_ORDER:
                assert row[headers.index(state_label(s))] == figures["states"][s.value], (where, label, s)
            checked += 1
    if headers and headers[0] in ("责任单位", "单位"):  # unit tables: real units with the JSON's counts
        units = {u["unit"]: u for u in data["units"]}
        for row, label in zip(values, labels, strict=True):
            assert label not in GROUPS and label in units, (where, label)
            if "项目数" in headers:
                assert row[headers.index("项目数")] == units[label]["projects"]
            if "牵头项目" in headers:
                assert row[headers.index("牵头项目")] == len(units[label]["projects_lead"])
                assert row[headers.index("参与项目")] == len(units[label]["projects_join"])
            checked += 1
    return checked


def test_json_partitions_and_is_in_scope(documents: dict[str, Any]) -> None:
    data = documents["data"]
    repo = Repository.open(documents["db"])
    for f in [*data["figures"]["categories"].values(), data["figures"]["totals"]]:
        assert sum(f["states"].values()) == f["projects"]
    totals = data["figures"]["totals"]
    for key in ("projects", "due"):
        assert totals[key] == sum(f[key] for f in data["figures"]["categories"].values())
    ending = {p.code for p in repo.projects() if p.end_year <= 2023}
    assert totals["due"] == len(ending) == 17
    states = {p["code"]: p["state"] for p in data["projects"]}
    assert states["W05"] == "completed" and states["S04"] == "suspended" and states["K04"] == "cancelled"
    assert states["W06"] == "not_reported"  # its report is dated 2024
    assert totals["states"] == {"completed": 3, "overdue": 12, "behind": 3, "on_track": 4, "not_reported": 10,
                                "not_started_yet": 0, "suspended": 1, "cancelled": 1}
    # investment over the five projects with both amounts: 780 + 4,000 + 2,500 of 1,700 + 5,000 + 4,000
    assert data["investment"]["rate_projects"] == 5 and data["investment"]["rate"] == pytest.approx(68.04, abs=0.01)
    assert {t["plan"] for t in data["tasks"]} == {"LZS2022W"}  # the 2024 plans: issued later
    i03 = next(i for i in data["indicators"] if i["code"] == "I03")
    assert i03["latest"] == {"year": 2023, "value": "95"} and i03["state"] == "off_path"
    lu = [u for u in data["units"] if "鹿寨" in u["unit"]]
    assert [u["unit"] for u in lu] == ["鹿寨县"] and lu[0]["projects"] == 14


def test_markdown_tables_add_up(documents: dict[str, Any]) -> None:
    text = Path(documents["md"]).read_text(encoding="utf-8")
    tables = md_tables(text)
    checked = sum(check_table(h, rows, documents["data"], f"md table {n}") for n, (h, rows) in enumerate(tables))
    assert "鹿寨县人民政府" not in text
    assert checked > 60
    problems = text[text.index("## 存在的问题"):text.index("## 下一步工作建议")]
    assert "草稿" in problems and "I03" in problems and "I12" in problems and "重点任务" in problems


def test_word_tables_add_up_and_the_signature_date(documents: dict[str, Any]) -> None:
    d = docx.Document(str(documents["docx"]))
    checked = 0
    for n, table in enumerate(d.tables):
        rows = [[c.text for c in row.cells] for row in table.rows]
        if rows and "编号" not in rows[0]:
            checked += check_table(rows[0], rows[1:], documents["data"], f"docx table {n}")
    assert checked > 60
    texts = [p.text for p in d.paragraphs]
    assert "2024年1月20日" in texts
    start = next(i for i, t in enumerate(texts) if t.endswith("存在的问题"))
    end = next(i for i, t in enumerate(texts) if t.endswith("下一步工作建议"))
    problems = "".join(texts[start:end])
    assert "草稿" in problems and "约束性指标" in problems and "重点任务" in problems and "逾期" in problems
    # one name for the county everywhere: tables, paragraphs, the annex
    assert not any("鹿寨县人民政府" in c.text for t in d.tables for row in t.rows for c in row.cells)
    assert not any("鹿寨县人民政府" in t for t in texts) and any("鹿寨县" in t for t in texts)


def test_workbook_tables_add_up(documents: dict[str, Any]) -> None:
    wb = openpyxl.load_workbook(documents["xlsx"])
    checked = 0
    for ws in wb.worksheets:
        rows = [[c.value for c in row] for row in ws.iter_rows()]
        starts = [i for i, r in enumerate(rows) if r and r[0] in ("类别", "责任单位", "单位")]
        for i in starts:
            headers = [str(h) if h is not None else "" for h in rows[i]]
            body = []
            for r in rows[i + 1:]:
                if not r or r[0] is None or str(r[0]).startswith("注："):
                    break
                body.append([v * 100 if isinstance(v, float) and "率" in headers[c] else v for c, v in enumerate(r)])
            checked += check_table(headers, body, documents["data"], f"{ws.title} row {i + 1}")
    assert checked > 60
    assert not set(GROUPS) & set(wb.sheetnames) and "鹿寨县" in wb.sheetnames
    assert not any("鹿寨县人民政府" in str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                   for v in row if v)
    county = [r for r in wb["鹿寨县"].iter_rows(min_row=3, values_only=True) if r[0]]
    assert len(county) == next(u["projects"] for u in documents["data"]["units"] if u["unit"] == "鹿寨县")


def test_ledger_and_dispatch_agree_on_the_county(documents: dict[str, Any], tmp_path: Path) -> None:
    from portfolio.ledger import unit_ledger, unit_names
    from portfolio.review.dispatch import dispatch

    repo = Repository.open(documents["db"])
    projects = [i for i in unit_ledger(repo, "鹿寨县人民政府", AS_OF) if i.kind == "project"]
    assert len(projects) == 14
    names = unit_names(repo)
    assert "鹿寨县" in names and not set(GROUPS) & set(names)
    written = dispatch(repo, tmp_path / "forms", AS_OF)
    assert not any(g in p.name for p in written for g in GROUPS if g != "区农业农村")
    assert len({p.name for p in written}) == len(written)
