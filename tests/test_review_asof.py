"""The review as of a date (from the progress log), the plan's review dates, traffic lights
and the JSON form of the review."""

from __future__ import annotations

import json
from datetime import date

import pytest

from portfolio.cli import main
from portfolio.records.project.model import Project
from portfolio.review import dates
from portfolio.review.compute import review
from portfolio.review.data import review_data
from portfolio.review.dates import FINAL, MID_TERM, default_review_date, review_date_label
from portfolio.review.lights import Light, light_text
from portfolio.review.states import ScheduleState, reported_as_of, schedule_state
from portfolio.store import Repository

from .reporting import report

BASE = {"code": "W50", "category": "water", "name": "测试", "start_year": 2021, "end_year": 2023,
        "units": ["市生态环境局"]}


def project(log: list[dict[str, object]] | None = None, **changes: object) -> Project:
    return Project.model_validate({**BASE, "progress_log": log or [], **changes})


def entry(day: str, percent: float, status: str, invested: float | None = None) -> dict[str, object]:
    return {"date": day, "percent": percent, "status": status, "completed_investment": invested}


# -- as of a date -------------------------------------------------------------------------------------
def test_the_last_report_on_or_before_the_date_counts():
    p = project([entry("2022-06-30", 30, "in_progress", 100), entry("2023-06-30", 70, "in_progress"),
                 entry("2024-03-01", 100, "completed", 900)],
                status="completed", progress_percent=100, completed_investment=900)
    assert reported_as_of(p, date(2022, 1, 1)).status == "not_reported"
    at_2022 = reported_as_of(p, date(2022, 12, 31))
    assert (at_2022.status, at_2022.progress, at_2022.invested, at_2022.on) == (
        "in_progress", 30, 100, date(2022, 6, 30))
    # the investment is the latest one reported by then (the 2023 entry gave none)
    at_2023 = reported_as_of(p, MID_TERM)
    assert (at_2023.progress, at_2023.invested) == (70, 100)
    assert reported_as_of(p, date(2024, 3, 1)).status == "completed"  # on the date itself
    assert reported_as_of(p, date(2024, 12, 31)).invested == 900


def test_after_dated_entries_are_ignored_whatever_their_order_in_the_log():
    p = project([entry("2025-01-01", 100, "completed"), entry("2023-03-01", 80, "in_progress")],
                status="completed", progress_percent=100)
    r = schedule_state(p, date(2023, 6, 30))
    assert (r.status, r.progress, r.state) == ("in_progress", 80, ScheduleState.ON_TRACK)
    assert schedule_state(p, MID_TERM).state == ScheduleState.OVERDUE
    assert not schedule_state(p, MID_TERM).never_reported
    assert schedule_state(p, FINAL).state == ScheduleState.COMPLETED


def test_no_report_by_the_date_is_not_reported_and_flagged_when_overdue():
    p = project([entry("2024-03-01", 100, "completed")], status="completed", progress_percent=100)
    r = schedule_state(p, MID_TERM)
    assert r.state == ScheduleState.OVERDUE and r.never_reported and r.status == "not_reported"
    running = schedule_state(project([entry("2024-03-01", 50, "in_progress")], end_year=2025), MID_TERM)
    assert running.state == ScheduleState.NOT_REPORTED and running.progress == 0


def test_a_project_without_a_log_keeps_its_current_figures_at_every_date():
    p = project(status="in_progress", progress_percent=50, completed_investment=20, end_year=2025)
    for day in (date(2022, 12, 31), MID_TERM, FINAL):
        rep = reported_as_of(p, day)
        assert (rep.status, rep.progress, rep.invested, rep.on) == ("in_progress", 50, 20, None)


def test_a_log_without_investments_takes_the_current_investment_once_the_latest_report_holds():
    p = project([entry("2022-06-30", 30, "in_progress"), entry("2023-06-30", 70, "in_progress")],
                status="in_progress", progress_percent=70, completed_investment=500, end_year=2025)
    assert reported_as_of(p, date(2022, 12, 31)).invested is None
    assert reported_as_of(p, MID_TERM).invested == 500


def test_figures_use_the_investment_reported_by_the_date(repo):
    report(repo, "W01", date(2022, 6, 30), status="in_progress", progress_percent=30, completed_investment=100)
    report(repo, "W01", date(2024, 6, 30), status="in_progress", progress_percent=80, completed_investment=400)
    water = {f.key.value: f for f in review(repo.projects(), MID_TERM).categories}["water"]
    assert water.invested == 100
    water = {f.key.value: f for f in review(repo.projects(), FINAL).categories}["water"]
    assert water.invested == 400


def test_the_issue_check_w05_overdue_at_mid_term_completed_a_year_later(repo):
    report(repo, "W05", date(2024, 3, 1), status="completed", progress_percent=100)
    states = {i.project.code: i for i in review(repo.projects(), MID_TERM).items}
    assert states["W05"].state == ScheduleState.OVERDUE and states["W05"].never_reported
    states = {i.project.code: i for i in review(repo.projects(), date(2024, 12, 31)).items}
    assert states["W05"].state == ScheduleState.COMPLETED and states["W05"].light == Light.GREEN


# -- review dates ---------------------------------------------------------------------------------------
def test_default_review_date_is_the_latest_on_or_before_today():
    assert default_review_date(date(2026, 11, 30)) == FINAL == date(2025, 12, 31)
    assert default_review_date(date(2025, 12, 31)) == FINAL
    assert default_review_date(date(2025, 12, 30)) == MID_TERM == date(2023, 12, 31)
    assert default_review_date(date(2022, 1, 1)) == MID_TERM  # before the first: the first


def test_review_date_labels(english):
    assert review_date_label(FINAL) == "Final review (2025-12-31)"
    assert review_date_label(MID_TERM) == "Mid-term review (2023-12-31)"
    assert review_date_label(date(2024, 6, 30)) == "as of 2024-06-30"


def test_review_date_labels_in_chinese():
    assert review_date_label(FINAL) == "终期评估（2025-12-31）"
    assert review_date_label(MID_TERM) == "中期评估（2023-12-31）"


def test_cli_defaults_to_the_review_in_force_and_says_so(capsys, db_path, monkeypatch):
    monkeypatch.setattr(dates, "today", lambda: date(2026, 11, 30))
    assert main(["review", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "截至2025年12月31日" in out and "终期评估（2025-12-31）" in out
    monkeypatch.setattr(dates, "today", lambda: date(2024, 5, 1))
    assert main(["review", "--db", str(db_path), "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["as_of"], data["review"]) == ("2023-12-31", "mid_term")
    assert main(["review", "--db", str(db_path), "--as-of", "2024-06-30", "-f", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["as_of"], data["review"]) == ("2024-06-30", None)


# -- lights -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("changes", "light"), [
    ({"status": "in_progress", "progress_percent": 60}, Light.GREEN),  # 序时 66.7: 6.7 below
    ({"status": "in_progress", "progress_percent": 50}, Light.YELLOW),  # 16.7 below
    ({"status": "in_progress", "progress_percent": 30}, Light.RED),  # 36.7 below
    ({"status": "suspended", "progress_percent": 60}, Light.GREEN),
    ({"status": "completed", "progress_percent": 100}, Light.GREEN),
    ({"status": "cancelled"}, None),
    ({"start_year": 2023}, None),  # not started yet
    ({"end_year": 2030}, Light.YELLOW),  # running, never reported: 0 % against 序时 20
])
def test_lights_by_state(changes, light):
    assert schedule_state(project(**changes), date(2022, 12, 31)).light == light


def test_overdue_is_red_and_suspended_past_its_due_date_too():
    assert schedule_state(project(status="in_progress", progress_percent=99), MID_TERM).light == Light.RED
    assert schedule_state(project(status="suspended", progress_percent=99), MID_TERM).light == Light.RED


def test_light_readable_without_colour():
    assert light_text(Light.GREEN) == "● 绿灯"
    assert light_text(Light.RED) == "■ 红灯"
    assert light_text(None) == "—"


def test_lights_in_the_text_report(capsys, db_path):
    assert main(["review", "--as-of", "2023-12-31", "--db", str(db_path), "-f", "md"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("| 编号 "))
    assert "| 序时状态 " in header and "| 灯号 " in header
    row = next(line for line in out.splitlines() if line.startswith("| W05 "))
    assert "逾期未完成" in row and "■ 红灯" in row


# -- json ----------------------------------------------------------------------------------------------------
def test_json_review_for_scripts(capsys, db_path):
    repo = Repository.open(db_path)
    report(repo, "W01", date(2022, 6, 30), status="in_progress", progress_percent=20)
    assert main(["review", "--as-of", "2023-12-31", "--db", str(db_path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2023-12-31" and data["review"] == "mid_term"
    # the 69 tasks of the Liujiang 2024 plans (issued after the review date) are out of scope
    assert len(data["projects"]) == 34 and len(data["indicators"]) == 38 and len(data["tasks"]) == 54
    assert {t["plan"] for t in data["tasks"]} == {"LZS2022W"}
    assert data["indicators"][0] == {"code": "I01", "state": "not_reported", "latest": None, "attribute": "约束性"}
    w01 = next(p for p in data["projects"] if p["code"] == "W01")
    assert {k: w01[k] for k in ("state", "status", "progress", "light")} == {
        "state": "behind", "status": "in_progress", "progress": 20, "light": "red"}
    assert w01["expected_progress"] == pytest.approx(60.0, abs=0.1)  # 2021-2025 at the end of 2023
    totals = data["figures"]["totals"]
    assert totals["projects"] == 34 and totals["states"]["overdue"] == 17
    assert sum(totals["lights"].values()) == 34 - totals["states"]["not_started_yet"]
    assert set(data["figures"]["categories"]) == {"water", "air", "soil", "waste", "climate", "capacity"}
    assert data["investment"] == {"planned": None, "completed": None, "rate": None, "rate_projects": 0,
                                  "rate_planned": 0.0, "rate_completed": 0.0}


def test_json_review_to_a_file_is_the_same(tmp_path, repo, capsys, db_path):
    target = tmp_path / "r.json"
    assert main(["review", "--as-of", "2025-12-31", "--db", str(db_path), "-o", str(target)]) == 0
    assert "终期评估（2025-12-31）" in capsys.readouterr().out
    from portfolio.review.compute import review_repo

    expected = review_repo(repo, repo.projects(), FINAL)
    assert json.loads(target.read_text(encoding="utf-8")) == review_data(expected)


# -- query -------------------------------------------------------------------------------------------------
def test_light_query_at_the_review_date_in_force(repo, monkeypatch):
    from portfolio.errors import QueryError
    from portfolio.records.project.query import parse

    monkeypatch.setattr(dates, "today", lambda: date(2026, 11, 30))  # the final review is in force
    report(repo, "W05", date(2024, 3, 1), status="completed", progress_percent=100)
    red = {p.code for p in repo.search(parse("light:red"))}
    assert red == {p.code for p in repo.projects()} - {"W05"}  # all due by the end of 2025
    assert [p.code for p in repo.search(parse("灯:绿"))] == ["W05"]
    assert {p.code for p in repo.search(parse("-light:red"))} == {p.code for p in repo.projects()} - red
    assert {p.code for p in repo.search(parse("lights:红灯 cat:碧水"))} == red & {
        p.code for p in repo.search(parse("cat:碧水"))}
    # the mid-term review in force: W05 had not reported then, and is red
    monkeypatch.setattr(dates, "today", lambda: date(2024, 5, 1))
    assert "W05" in {p.code for p in repo.search(parse("light:red"))}
    with pytest.raises(QueryError, match="light:blue"):
        parse("light:blue")


def test_light_column_of_the_table(repo, monkeypatch):
    from portfolio.records.project.views import CELLS, LIST_COLUMNS

    monkeypatch.setattr(dates, "today", lambda: date(2026, 11, 30))
    assert "light" in LIST_COLUMNS
    report(repo, "W05", date(2024, 3, 1), status="completed", progress_percent=100)
    assert CELLS["light"](repo.get("W05")) == "● 绿灯"
    assert CELLS["light"](repo.get("W01")) == "■ 红灯"
