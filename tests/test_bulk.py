"""Bulk edits planned in the core (portfolio.bulk) and written with one update_many."""

from __future__ import annotations

import pytest

from portfolio.bulk import BulkError, plan_bulk
from portfolio.records.fields import Status


def qingfei(repo):
    return [p for p in repo.projects() if p.category == "waste"]


def test_status_for_the_four_waste_projects_one_undo_step(backend, db):
    """On the file and on a PostgreSQL server (tests/backends.py)."""
    repo = backend.open(db)
    projects = qingfei(repo)
    assert len(projects) == 4
    plan = plan_bulk(projects, "status", "实施中")
    assert sorted(plan.changes) == ["R01", "R02", "R03", "R04"]
    assert {(r.code, r.field, r.after) for r in plan.preview} >= {("R01", "状态", "实施中")}
    before = len(repo.history())
    changes = repo.update_many(plan.changes, action="bulk")
    assert len(changes) == 4 and all(repo.get(c).status == Status.IN_PROGRESS for c in plan.changes)
    assert len(repo.history()) == before + 4  # one journal entry per project
    undone = repo.undo()
    assert len(undone) == 4  # one undo step
    assert all(repo.get(c).status == Status.NOT_REPORTED for c in plan.changes)
    again = backend.open(db)
    assert all(again.get(c).status == Status.NOT_REPORTED for c in plan.changes)


def test_units_years_progress_and_what_is_left_out(repo):
    projects = qingfei(repo)
    add = plan_bulk(projects, "unit_add", "市财政局")
    assert all(units[-1] == "市财政局" for units in (c["units"] for c in add.changes.values()))
    lead = projects[0].lead_unit
    remove = plan_bulk(projects, "unit_remove", lead)
    assert remove.unchanged == sum(lead not in p.units for p in projects)
    years = plan_bulk(projects, "years", "2022-2024")
    assert years.changes["R01"] == {"start_year": 2022, "end_year": 2024}
    assert years.preview[0].before == "2021-2023" and years.preview[0].after == "2022-2024"
    progress = plan_bulk(projects, "progress_percent", "40%")
    assert progress.changes["R01"] == {"progress_percent": 40}
    again = plan_bulk([repo.update("R01", {"progress_percent": 40}).after], "progress_percent", "40")
    assert again.changes == {} and again.unchanged == 1


def test_a_single_unit_cannot_be_removed(repo):
    lonely = next(p for p in repo.projects() if len(p.units) == 1)
    plan = plan_bulk([lonely], "unit_remove", lonely.units[0])
    assert plan.changes == {} and plan.refused and plan.refused[0][0] == lonely.code


@pytest.mark.parametrize(("field", "value"), [("status", "finished-ish"), ("progress_percent", "120"),
                                              ("progress_percent", "abc"), ("years", "soon"), ("status", " ")])
def test_bad_values_are_one_line_errors(repo, field, value):
    with pytest.raises(BulkError) as err:
        plan_bulk(qingfei(repo), field, value)
    assert "\n" not in str(err.value)


def test_preview_shows_what_the_progress_rule_writes_too(repo):
    """Setting 已完成 also sets progress to 100 % (the progress rule in the repository's update
    path); the preview lists that change as well, and it is exactly what the save writes."""
    projects = qingfei(repo)
    plan = plan_bulk(projects, "status", "已完成")
    rows = {(r.code, r.field): (r.before, r.after) for r in plan.preview}
    for p in projects:
        assert rows[(p.code, "状态")][1] == "已完成"
        assert rows[(p.code, "进度")][1] == "100%"
    assert len(plan.preview) == 2 * len(projects)
    repo.update_many(plan.changes, action="bulk")
    for p in projects:
        assert repo.get(p.code).progress_percent == 100


# -- every kind: the fields its package declares (records/<kind>/form.py) ------------------------
def test_tasks_status_and_lead_unit_one_undo_step_each_a_journal_line(repo):
    tasks = repo.records("task")[:3]
    plan = plan_bulk(tasks, "status", "已完成", kind="task")
    assert sorted(plan.changes) == sorted(t.code for t in tasks)
    rows = {(r.code, r.field): r.after for r in plan.preview}
    assert rows[(tasks[0].code, "状态")] == "已完成" and rows[(tasks[0].code, "进度")] == "100%"
    before = len(repo.history(kind="task"))
    changes = repo.update_many(plan.changes, action="bulk", kind="task")
    assert len(changes) == 3 and all(c.kind == "task" for c in changes)
    assert all(repo.get(t.code, "task").progress_percent == 100 for t in tasks)
    assert len(repo.history(kind="task")) == before + 3
    assert len(repo.undo()) == 3
    assert [repo.get(t.code, "task").status for t in tasks] == [t.status for t in tasks]
    lone = next(t for t in repo.records("task") if len(t.lead_units) == 1)
    refused = plan_bulk([lone], "lead_units_remove", lone.lead_units[0], kind="task")
    assert refused.changes == {} and refused.refused == [(lone.code, "任务至少需要一个牵头单位")]
    added = plan_bulk([lone], "lead_units_add", "市财政局", kind="task")
    assert added.changes[lone.code] == {"lead_units": [*lone.lead_units, "市财政局"]}


def test_indicators_attribute_by_label_and_what_is_refused(repo):
    indicators = repo.records("indicator")[:4]
    plan = plan_bulk(indicators, "attribute", "预期性", kind="indicator")
    assert plan.unchanged == sum(i.attribute == "预期性" for i in indicators)
    assert all(c == {"attribute": "预期性"} for c in plan.changes.values())
    with pytest.raises(BulkError, match="约束性"):  # the choices are named
        plan_bulk(indicators, "attribute", "very", kind="indicator")
    with pytest.raises(BulkError, match="years"):  # a project's field is no indicator's
        plan_bulk(indicators, "years", "2022", kind="indicator")
    repo.update_many(plan.changes, action="bulk", kind="indicator")
    assert all(repo.get(i.code, "indicator").attribute == "预期性" for i in indicators)


def test_the_preview_reads_an_indicator_attribute_in_the_interface_language(repo, english):
    binding = [i for i in repo.records("indicator") if i.attribute == "约束性"][:1]
    plan = plan_bulk(binding, "attribute", "expected", kind="indicator")
    assert [(r.field, r.before, r.after) for r in plan.preview] == [("Attribute", "binding", "expected")]
