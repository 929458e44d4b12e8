"""Schedule states, figures and the review pack."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest

from portfolio.cli import main
from portfolio.records.project.model import Project
from portfolio.review.compute import review
from portfolio.review.report import text_report, write_review
from portfolio.review.states import ScheduleState, expected_progress, schedule_state
from portfolio.store import Repository

BASE = {"code": "W50", "category": "water", "name": "测试", "start_year": 2021, "end_year": 2023,
        "units": ["市生态环境局", "鹿寨县人民政府"]}


def project(**changes) -> Project:
    return Project.model_validate({**BASE, **changes})


def state(as_of: date, margin: float = 10, **changes) -> ScheduleState:
    return schedule_state(project(**changes), as_of, margin).state


def test_expected_progress_is_the_elapsed_share():
    p = project(start_year=2021, end_year=2024)  # 4 years, 1461 days
    assert expected_progress(p, date(2020, 12, 31)) == 0
    assert expected_progress(p, date(2021, 1, 1)) == pytest.approx(100 / 1461)
    assert expected_progress(p, date(2022, 12, 31)) == pytest.approx(100 * 730 / 1461)
    assert expected_progress(p, date(2024, 12, 31)) == 100
    assert expected_progress(p, date(2030, 1, 1)) == 100


def test_status_decides_first():
    assert state(date(2030, 1, 1), status="completed", progress_percent=100) == ScheduleState.COMPLETED
    assert state(date(2022, 1, 1), status="cancelled") == ScheduleState.CANCELLED
    assert state(date(2022, 1, 1), status="suspended") == ScheduleState.SUSPENDED


def test_due_exactly_on_the_as_of_date_is_overdue():
    assert state(date(2023, 12, 31), status="in_progress", progress_percent=99) == ScheduleState.OVERDUE
    assert state(date(2023, 12, 30), status="in_progress", progress_percent=99) == ScheduleState.ON_TRACK


def test_overdue_flags_never_reported():
    r = schedule_state(project(), date(2023, 12, 31))
    assert r.state == ScheduleState.OVERDUE and r.never_reported
    r = schedule_state(project(status="in_progress", progress_percent=50), date(2024, 6, 1))
    assert r.state == ScheduleState.OVERDUE and not r.never_reported


def test_not_started_yet_and_not_reported():
    assert state(date(2020, 12, 31)) == ScheduleState.NOT_STARTED_YET
    assert state(date(2022, 6, 30)) == ScheduleState.NOT_REPORTED


def test_margin_edges():
    as_of = date(2022, 12, 31)  # 2021-2023: 730 of 1095 days -> 66.67 %
    expected = expected_progress(project(), as_of)
    just_inside = expected - 10
    assert state(as_of, status="in_progress", progress_percent=round(just_inside + 0.01, 2)) == \
        ScheduleState.ON_TRACK
    assert state(as_of, status="in_progress", progress_percent=round(just_inside - 0.01, 2)) == \
        ScheduleState.BEHIND
    assert state(as_of, margin=30, status="in_progress", progress_percent=40) == ScheduleState.ON_TRACK
    assert state(as_of, margin=0, status="in_progress", progress_percent=66) == ScheduleState.BEHIND


def test_bundled_data_at_the_mid_term(repo):
    r = review(repo.projects(), date(2023, 12, 31))
    assert len(r.due) == 17
    assert len(r.overdue) == 17 and all(i.never_reported for i in r.overdue)
    assert {i.project.end_year for i in r.overdue} == {2023}
    assert len(r.by_state(ScheduleState.NOT_REPORTED)) == 17
    assert [(f.key.value, f.total, f.due) for f in r.categories] == [
        ("water", 8, 2), ("air", 3, 2), ("soil", 8, 6), ("waste", 4, 4), ("climate", 3, 0), ("capacity", 8, 3)]
    assert r.unit("市生态环境局").figures.total == 29
    assert "34 个重点工程项目中，17 个应于 2023 年底前完成，其中 0 个已完成，17 个逾期未完成" in r.summary


def test_reported_progress_changes_the_figures(repo):
    reported = date(2023, 12, 1)  # reports made before the review date
    repo.update("W05", {"status": "completed", "progress_percent": 100}, when=reported)
    repo.update("W01", {"status": "in_progress", "progress_percent": 20, "planned_investment": 1000,
                        "completed_investment": 250}, when=reported)
    repo.update("W02", {"status": "in_progress", "progress_percent": 60}, when=reported)
    r = review(repo.projects(), date(2023, 12, 31))
    states = {i.project.code: i.state for i in r.items}
    assert states["W05"] == ScheduleState.COMPLETED
    assert states["W01"] == ScheduleState.BEHIND  # 60 % elapsed, 20 % done
    assert states["W02"] == ScheduleState.ON_TRACK
    water = r.categories[0]
    assert water.completed == 1 and water.completion_rate == pytest.approx(12.5)
    assert water.planned == 1000 and water.invested == 250 and water.investment_rate == 25
    assert "1 个已完成" in r.summary and "1 个进度滞后" in r.summary
    # one real unit: 鹿寨县人民政府 as written, and each project of 各县区人民政府 (its group)
    duty = {d.project.project.code: d.lead for d in r.unit("鹿寨县").projects}
    assert duty["W05"] and duty["W06"] is False and duty["K08"] is False
    assert [code for code, lead in duty.items() if lead] == ["W05"]
    assert r.unit("鹿寨县人民政府") is None and r.unit("各县区人民政府") is None


def test_text_report(repo):
    text = text_report(review(repo.projects(), date(2023, 12, 31)), "md")
    assert text.startswith("# 重点工程项目实施情况评估（截至2023年12月31日）")
    assert "## 逾期及进度滞后项目" in text and "| W05 " in text


def test_xlsx_pack(repo, tmp_path):
    repo.update("W01", {"status": "in_progress", "progress_percent": 20}, when=date(2023, 12, 1))
    out = tmp_path / "r.xlsx"
    write_review(review(repo.projects(), date(2023, 12, 31)), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:3] == ["汇总", "逾期及滞后", "责任单位"]
    assert "市生态环境局" in wb.sheetnames and wb.sheetnames[-1] == "全部项目"
    summary = wb["汇总"]
    header = [c.value for c in summary[4]]
    total = next(row for row in summary.iter_rows(min_row=5, values_only=True) if row[0] == "合计")
    assert total[header.index("项目数")] == 34 and total[header.index("应完成")] == 17
    assert total[header.index("逾期未完成")] == 17
    late = wb["逾期及滞后"]
    # title, header, 17 overdue + W01 behind + 16 red-light projects not reported
    assert late.max_row == 2 + 17 + 1 + 16
    unit = wb["市生态环境局"]
    assert unit.max_row == 2 + 29
    assert len(wb["全部项目"]["A"]) == 36


def test_cli_review(capsys, db_path, tmp_path):
    assert main(["review", "--as-of", "2023-12-31", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "17 个逾期未完成" in out
    for fmt in ("xlsx", "docx", "md"):
        target = tmp_path / f"r.{fmt}"
        assert main(["review", "--as-of", "2023-12-31", "-o", str(target), "--db", str(db_path)]) == 0
        assert target.stat().st_size > 500
    assert main(["review", "--where", "cat:清废", "--as-of", "2023-12-31", "--db", str(db_path)]) == 0
    assert "4 个重点工程项目中" in capsys.readouterr().out


def test_cli_review_bad_date(capsys, db_path):
    with pytest.raises(SystemExit) as exc:
        main(["review", "--as-of", "2023-13-01", "--db", str(db_path)])
    assert exc.value.code == 2


def test_review_of_reported_progress_via_set(capsys, db_path):
    """Reports entered today count from today on, not in a review of an earlier date."""
    main(["set", "R01", "status=completed", "--db", str(db_path)])
    main(["set", "K02", "status=实施中", "progress=10", "--db", str(db_path)])
    capsys.readouterr()
    main(["review", "--as-of", date.today().isoformat(), "--db", str(db_path)])
    out = capsys.readouterr().out
    assert "1 个已完成" in out
    assert Repository.open(db_path).get("R01").progress_percent == 100
    main(["review", "--as-of", "2023-12-31", "--db", str(db_path)])
    out = capsys.readouterr().out
    assert "其中 0 个已完成，17 个逾期未完成（其中 17 个从未填报进展）" in out


def test_investment_rate_compares_only_projects_with_both_figures():
    # planned investment entered for one project, completed investment for three: the rate must
    # not divide the three projects' completed investment by the one project's plan (1,509.6 %)
    projects = [
        project(code="W51", status="in_progress", progress_percent=50, planned_investment=1000,
                completed_investment=400),
        project(code="W52", status="in_progress", progress_percent=50, completed_investment=5000),
        project(code="W53", status="in_progress", progress_percent=50, completed_investment=9000),
        project(code="W54", status="in_progress", progress_percent=50, planned_investment=3000),
    ]
    r = review(projects, date(2022, 6, 30))
    totals = r.totals
    assert totals is not None
    assert totals.paired == 1 and totals.paired_planned == 1000 and totals.paired_invested == 400
    assert totals.investment_rate == pytest.approx(40.0)
    assert totals.planned == 4000 and totals.invested == 14400  # the plain sums stay as reported
    summary = r.summary
    assert "占其中 1 个填报了计划投资项目的计划投资 1,000.00 万元的 40.0%" in summary
    assert "40.0" in summary and "360.0" not in summary
    from portfolio.review.data import review_data
    data = review_data(r)["investment"]
    assert data["rate"] == 40.0 and data["rate_projects"] == 1 and data["rate_planned"] == 1000


def test_investment_rate_is_none_without_a_project_with_both_figures():
    projects = [project(code="W51", planned_investment=1000),
                project(code="W52", status="in_progress", progress_percent=10, completed_investment=50)]
    r = review(projects, date(2022, 6, 30))
    assert r.totals is not None and r.totals.investment_rate is None
    assert "1,000" not in r.summary and "1000" not in r.summary


def test_a_suspended_project_past_its_due_date_with_a_red_light_is_in_the_late_list():
    suspended = project(code="R03", status="suspended", progress_percent=30, start_year=2021, end_year=2023)
    running = project(code="W52", status="in_progress", progress_percent=50, end_year=2025)
    r = review([suspended, running], date(2025, 12, 31))
    item = r.items[0]
    assert item.state is ScheduleState.SUSPENDED
    from portfolio.review.lights import Light

    assert item.light is Light.RED
    assert item in r.late and item in r.red_other
    text = text_report(r, "txt")
    late_part = text.split("逾期和滞后")[1] if "逾期和滞后" in text else text
    assert "R03" in late_part
    import io

    import docx

    from portfolio.review.docx_report import docx_report

    d = docx.Document(io.BytesIO(docx_report(r, "某单位")))
    paragraphs = [p.text for p in d.paragraphs]
    start = next(i for i, t in enumerate(paragraphs) if "其他红灯项目" in t)
    assert any("R03" in t for t in paragraphs[start:start + 3])


def test_category_figures_count_never_reported_projects_as_the_summary_does():
    overdue_never = project(code="W51", start_year=2021, end_year=2022)
    running_never = project(code="W52", start_year=2021, end_year=2025)
    r = review([overdue_never, running_never], date(2023, 12, 31))
    assert r.items[0].never_reported and r.items[1].state is ScheduleState.NOT_REPORTED
    water = r.categories[0]
    assert water.never_reported == 2
    from portfolio.review.docx_report import _category_paragraph

    text = _category_paragraph(r, water).replace(" ", "")
    # the states named sum to the category's projects; the never-reported overdue one is a part
    assert "2个项目（逾期未完成1、未填报1）" in text and "逾期项目中1个从未填报" in text
