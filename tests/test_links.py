"""Links from tasks and indicators to key projects and the plan's 专栏 boxes: the boxes' table,
the suggestions on the bundled data, and confirmation through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.io.boxes import boxes_bytes, read_boxes
from portfolio.links import suggest
from portfolio.plan_boxes import BOXES_FILE, normalise_link, plan_boxes
from portfolio.records.task.model import Task
from portfolio.store import Repository
from portfolio.store.kinds import record_dict

from .conftest import PLAN


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(not PLAN.exists(), reason="needs the plan seed")
def test_boxes_table_is_the_importers_reading_of_the_plan() -> None:
    assert BOXES_FILE.read_bytes() == boxes_bytes(PLAN)
    boxes = read_boxes(PLAN.read_text(encoding="utf-8"))
    assert [b["number"] for b in boxes] == list(range(3, 16))
    assert boxes[2]["title"] == "饮用水水源地保护重点任务"
    assert boxes[2]["text"].startswith("柳州市集中式饮用水水源水生态环境保护项目")


def test_boxes_table() -> None:
    boxes = plan_boxes()
    assert sorted(boxes) == list(range(3, 16))
    assert boxes[9].title == "大气污染防治重点任务" and boxes[14].label == "专栏14"


@pytest.mark.parametrize(("text", "link"), [
    ("W01", "W01"), ("w01", "W01"), ("专栏5", "专栏5"), ("专栏 5", "专栏5"), ("box5", "专栏5"), ("box:15", "专栏15"),
    ("专栏2", None), ("专栏16", None), ("饮用水", None), ("", None)])
def test_normalise_link(text: str, link: str | None) -> None:
    assert normalise_link(text) == link


def test_links_default_empty_and_are_left_out_of_the_json(repo: Repository) -> None:
    task = repo.get("LZS2022W-20", "task")
    assert task.links == [] and "links" not in record_dict(task)
    linked = Task.model_validate(record_dict(task) | {"links": ["w01", "box 5", "专栏5"]})
    assert linked.links == ["W01", "专栏5"] and record_dict(linked)["links"] == ["W01", "专栏5"]
    with pytest.raises(ValueError, match="X"):
        Task.model_validate(record_dict(task) | {"links": ["专栏99X"]})


def _targets(repo: Repository, code: str, kind: str) -> dict[str, str]:
    found = suggest(repo.get(code, kind), repo.records("project"))
    return {s.target: s.reason for s in found}


def test_suggestions_for_a_drinking_water_task(repo: Repository, english: None) -> None:
    # 保障饮用水水源安全: "…加强地下水型饮用水水源地规范化建设…", led by 市生态环境局
    found = suggest(repo.get("LZS2022W-20", "task"), repo.records("project"))
    targets = [s.target for s in found]
    assert targets[:2] == ["专栏5", "W01"]
    reasons = {s.target: s.reason for s in found}
    assert reasons["W01"] == "shares 市生态环境局 and 饮用水水源"
    assert reasons["专栏5"] == "shares 饮用水水源地"
    assert "W08" in targets  # 地下水污染防治 shares 地下水污染
    assert "A01" not in targets  # steel works: nothing in common


def test_suggestions_for_an_indicator_need_no_unit(repo: Repository, english: None) -> None:
    # I20 挥发性有机物排放量下降率 -> A02 挥发性有机物专项治理, K05 挥发性有机物监测体系
    reasons = _targets(repo, "I20", "indicator")
    assert reasons["A02"] == reasons["K05"] == "shares 挥发性有机物"


def test_a_task_naming_a_project_ranks_it_first(repo: Repository, english: None) -> None:
    task = repo.get("LZS2022W-20", "task")
    task = task.model_copy(update={"content": task.content + "推进农村黑臭水体治理试点项目。"})
    found = suggest(task, repo.records("project"))
    assert (found[0].target, found[0].reason) == ("W05", "names the project")


def test_a_unit_in_common_is_needed_for_a_task(repo: Repository) -> None:
    task = repo.get("LZS2022W-20", "task").model_copy(update={
        "lead_units": ["市水务集团"], "cooperating_units": [], "responsible_units": []})
    targets = {s.target for s in suggest(task, repo.records("project"))}
    assert "W01" not in targets and "专栏5" in targets  # boxes have no unit


def test_linked_targets_are_not_suggested_again(repo: Repository) -> None:
    task = repo.get("LZS2022W-20", "task").model_copy(update={"links": ["W01"]})
    assert "W01" not in {s.target for s in suggest(task, repo.records("project"))}


def test_cli_suggest_add_remove_undo(capsys, db_path: Path) -> None:
    db = ("--db", str(db_path), "--lang", "en")
    code, out, _err = run(capsys, "link", "suggest", "LZS2022W-20", *db)
    assert code == 0 and out.splitlines()[0].split("\t") == ["专栏5", "饮用水水源地保护重点任务", "shares 饮用水水源地"]
    assert run(capsys, "link", "add", "lzs2022w-20", "w01", "box5", *db)[0] == 0
    assert Repository.open(db_path).get("LZS2022W-20", "task").links == ["W01", "专栏5"]
    code, out, _err = run(capsys, "show", "--kind", "task", "LZS2022W-20", *db)
    assert "Links\nW01  柳州市集中式饮用水水源水环境保护项目\n专栏5  饮用水水源地保护重点任务" in out
    code, out, _err = run(capsys, "list", "--kind", "task", "--where", "link:W01", "--format", "json", *db)
    assert [t["code"] for t in json.loads(out)] == ["LZS2022W-20"] and json.loads(out)[0]["links"] == ["W01", "专栏5"]
    assert run(capsys, "link", "remove", "LZS2022W-20", "专栏5", *db)[0] == 0
    assert Repository.open(db_path).get("LZS2022W-20", "task").links == ["W01"]
    assert run(capsys, "undo", *db)[0] == 0
    assert Repository.open(db_path).get("LZS2022W-20", "task").links == ["W01", "专栏5"]
    code, out, _err = run(capsys, "log", *db)
    assert "LZS2022W-20" in out


@pytest.mark.parametrize("args", [
    ("link", "add", "LZS2022W-20", "X99"), ("link", "add", "LZS2022W-20", "专栏2"),
    ("link", "remove", "LZS2022W-20", "W01"), ("link", "add", "W01", "专栏5"), ("link", "add", "I05")])
def test_cli_bad_links_are_refused_and_change_nothing(capsys, db_path: Path, args: tuple[str, ...]) -> None:
    before = db_path.read_bytes()
    code, _out, err = run(capsys, *args, "--db", str(db_path))
    assert code != 0 and err.strip() and len(err.strip().splitlines()) == 1
    assert db_path.read_bytes() == before


def test_link_query_key(repo: Repository, capsys, db_path: Path) -> None:
    db = ("--db", str(db_path))
    run(capsys, "link", "add", "I20", "A02", *db)
    code, out, _err = run(capsys, "list", "--kind", "indicator", "--where", "link:any", "--format", "json", *db)
    assert [i["code"] for i in json.loads(out)] == ["I20"]
    code, out, _err = run(capsys, "list", "--kind", "indicator", "--where", "link:none", "--format", "json", *db)
    assert len(json.loads(out)) == 37
    code, _out, err = run(capsys, "list", "--kind", "task", "--where", "link:饮用水", *db)
    assert code != 0 and "link:饮用水" in err


def test_a_box_listing_a_linked_project_is_suggested(repo: Repository, english: None) -> None:
    # 专栏8 (农村环境综合整治) lists 柳州市农村生活污水整治项目 (W07)
    task = repo.get("LZS2022W-20", "task").model_copy(update={"links": ["W07"]})
    found = {s.target: s.reason for s in suggest(task, repo.records("project"))}
    assert found["专栏8"] == "lists W07"
    assert "专栏8" not in {s.target for s in suggest(repo.get("LZS2022W-20", "task"), repo.records("project"))}
