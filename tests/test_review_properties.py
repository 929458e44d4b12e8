"""Property tests over random portfolios and dates: the invariants of the one review object
(``review.compute.Review``) that every document renders."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portfolio.records.fields import Status
from portfolio.records.project.categories import CATEGORIES
from portfolio.records.project.model import Project
from portfolio.records.task.model import Task
from portfolio.review.compute import review
from portfolio.review.states import STATE_ORDER, ScheduleState
from portfolio.review.tables import COUNT, category_table, investment_table, unit_table
from portfolio.units import Directory, default_entries

UNITS = ["市生态环境局", "鹿寨县人民政府", "各县区人民政府", "区农业农村", "区农业农村局", "区审批局",
         "市水利局", "柳东新区", "新区管委会"]
DIRECTORY = Directory(default_entries())
dates = st.dates(date(2020, 6, 1), date(2026, 12, 31))
money = st.one_of(st.none(), st.integers(0, 5000).map(float))


@st.composite
def projects(draw: st.DrawFn) -> list[Project]:
    out = []
    for n in range(draw(st.integers(0, 14))):
        start = draw(st.integers(2020, 2025))
        end = draw(st.integers(start, 2026))
        log = [{"date": d, "percent": p, "status": s,
                "completed_investment": draw(money)}
               for d, p, s in draw(st.lists(st.tuples(dates, st.integers(0, 99), st.sampled_from(
                   [Status.IN_PROGRESS, Status.SUSPENDED, Status.CANCELLED, Status.NOT_STARTED])), max_size=3))]
        if draw(st.booleans()):
            log.append({"date": draw(dates), "percent": 100, "status": Status.COMPLETED})
        units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
        out.append(Project.model_validate({
            "code": f"W{n + 1:02d}", "category": draw(st.sampled_from(CATEGORIES)).key, "name": f"项目{n}",
            "start_year": start, "end_year": end, "units": units, "progress_log": log,
            "planned_investment": draw(money)}))
    return out


@st.composite
def tasks(draw: st.DrawFn) -> list[Task]:
    out = []
    for n in range(draw(st.integers(0, 8))):
        year = draw(st.sampled_from([2022, 2024]))
        code = f"LZS{year}W"
        out.append(Task.model_validate({
            "code": f"{code}-{n + 1:02d}", "plan": f"柳州市{year}年度计划", "plan_code": code, "year": year,
            "number": n + 1, "lead_units": draw(st.lists(st.sampled_from([*UNITS, "本计划中所有牵头单位"]),
                                                          min_size=1, max_size=2, unique=True)),
            "cooperating_units": draw(st.lists(st.sampled_from([*UNITS, "本计划中所有配合单位"]), max_size=2,
                                               unique=True)),
            "deadline_text": "年底前", "deadline": date(year, 12, 31),
            "status": draw(st.sampled_from([Status.NOT_REPORTED, Status.COMPLETED, Status.IN_PROGRESS]))}))
    return out


def _sums(table, column: int) -> float:
    return sum(row[column] or 0 for row in table.rows)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(projects(), tasks(), dates, st.sampled_from([0.0, 10.0, 25.0]))
def test_the_review_partitions_and_sums(items: list[Project], plan_tasks: list[Task], as_of: date,
                                        margin: float) -> None:
    r = review(items, as_of, margin, indicators=[], tasks=plan_tasks, directory=DIRECTORY)
    # every project is in one category and one state; the states partition each category
    assert len(r.items) == len(items) == r.totals.total
    for f in (*r.categories, r.totals):
        assert sum(f.counts.values()) == f.total
        assert f.completed == f.counts[ScheduleState.COMPLETED]
        assert 0 <= f.overdue_never_reported <= f.counts[ScheduleState.OVERDUE]
        assert 0 <= f.paired <= f.total
    for s in STATE_ORDER:
        assert r.totals.counts[s] == sum(f.counts[s] for f in r.categories)
    assert r.totals.due == sum(f.due for f in r.categories) == len(r.due)
    # due: exactly the projects whose end year is over by the date
    assert {i.project.code for i in r.due} == {p.code for p in items if date(p.end_year, 12, 31) <= as_of}
    # the investment rate's base: the projects with both amounts, summed
    paired = [i for i in r.items if i.invested is not None and i.project.planned_investment is not None]
    assert r.totals.paired == len(paired)
    assert abs(r.totals.paired_invested - sum(i.invested or 0 for i in paired)) < 1e-6
    if r.totals.investment_rate is not None:
        assert abs(r.totals.investment_rate - 100 * r.totals.paired_invested / r.totals.paired_planned) < 1e-9
    # the lists: overdue, behind and the other red ones are disjoint
    codes = [i.project.code for i in r.late]
    assert len(codes) == len(set(codes))
    # the count tables every format prints: rows partition, 合计 is the sum of the rows
    for table in (category_table(r), investment_table(r)):
        assert table.total is not None
        for c, kind in enumerate(table.kinds):
            if kind == COUNT:
                assert table.total[c] == _sums(table, c)
    states = slice(3, 3 + len(STATE_ORDER))
    for row in (*category_table(r).rows, category_table(r).total):
        assert sum(row[states]) == row[1]
    # units: real units only, their states partition their projects, leads + joins = projects
    for row in unit_table(r).rows:
        assert row[0] not in ("各县区人民政府", "新区管委会", "鹿寨县人民政府", "区农业农村", "区审批局")
        assert row[2] + row[3] == row[1] == sum(row[4:4 + len(STATE_ORDER)])
    for u in r.units:
        assert not DIRECTORY.is_group(u.unit) and not u.unit.startswith("本计划")
        assert u.figures.total == len(u.projects)
    # tasks: only the plans issued by the date, each counted once
    assert r.lists is not None
    assert all(t.task.year <= as_of.year for t in r.lists.tasks)
    assert {t.task.code for t in r.lists.tasks} == {t.code for t in plan_tasks if t.year <= as_of.year}
    assert r.lists.task_totals.total == sum(p.total for p, _d in r.lists.plans) == len(r.lists.tasks)
    t = r.lists.task_totals
    assert t.done + t.overdue + t.due_soon + t.open == t.total
    # the findings speak of what the figures hold
    keys = {f.key for f in r.problems}
    assert ("overdue" in keys) == bool(r.overdue) and ("tasks" in keys) == bool(t.overdue)
