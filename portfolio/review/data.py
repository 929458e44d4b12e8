"""The review as plain data, for scripts (``portfolio review --format json``): the as-of date
and the review in force, the figures by category and in total, the investment, and one
entry per project with its state (``states.ScheduleState`` names) and light. ``indicators``
and ``tasks`` hold the reviews of the plan's other two lists when they are reviewed."""

from __future__ import annotations

from typing import Any

from .compute import Finding, Review
from .dates import review_date_of
from .figures import CategoryFigures, UnitFigures
from .lights import Light
from .states import STATE_ORDER, ProjectReview


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def figures_data(f: CategoryFigures) -> dict[str, Any]:
    return {
        "projects": f.total,
        "due": f.due,
        "states": {s.value: f.counts[s] for s in STATE_ORDER},
        "lights": {light.value: f.lights.get(light, 0) for light in Light},
        "completion_rate": round(f.completion_rate, 2),
        "planned_investment": _round(f.planned),
        "completed_investment": _round(f.invested),
        "investment_rate": _round(f.investment_rate),
        # the rate's base: the projects with both a planned and a completed investment
        "investment_rate_projects": f.paired,
        "investment_rate_planned": _round(f.paired_planned),
        "investment_rate_completed": _round(f.paired_invested),
        "never_reported": f.never_reported,
    }


def unit_data(u: UnitFigures) -> dict[str, Any]:
    return {"unit": u.unit, "projects": u.figures.total, "projects_lead": list(u.projects_lead),
            "projects_join": list(u.projects_join), "states": {s.value: u.figures.counts[s] for s in STATE_ORDER},
            "completion_rate": round(u.figures.completion_rate, 2), "tasks_lead": list(u.tasks_lead),
            "tasks_join": list(u.tasks_join), "tasks_overdue": u.tasks_overdue, "overdue": list(u.overdue)}


def finding_data(f: Finding) -> dict[str, Any]:
    return {"about": f.key, "heading": f.heading, "text": f.text, "draft": True}


def project_data(r: ProjectReview) -> dict[str, Any]:
    return {
        "code": r.project.code,
        "state": r.state.value,
        "expected_progress": round(r.expected, 2),
        "progress": r.progress,
        "status": r.status.value,
        "light": None if r.light is None else r.light.value,
        "never_reported": r.never_reported,
        "reported_on": None if r.reported_on is None else r.reported_on.isoformat(),
        "completed_investment": r.invested,
    }


def review_data(r: Review) -> dict[str, Any]:
    found = review_date_of(r.as_of)
    totals = figures_data(r.totals)
    return {
        "as_of": r.as_of.isoformat(),
        "review": found.key if found else None,  # "mid_term", "final", or None for another date
        "margin": r.margin,
        "thresholds": {"yellow_below": r.thresholds.yellow_below, "red_below": r.thresholds.red_below},
        "figures": {
            "categories": {f.key.value: figures_data(f) for f in r.categories if f.key is not None},
            "totals": totals,
        },
        "investment": {
            "planned": totals["planned_investment"],
            "completed": totals["completed_investment"],
            "rate": totals["investment_rate"],
            "rate_projects": totals["investment_rate_projects"],
            "rate_planned": totals["investment_rate_planned"],
            "rate_completed": totals["investment_rate_completed"],
        },
        "summary": r.summary,
        "projects": [project_data(item) for item in r.items],
        "units": [unit_data(u) for u in r.units],
        "findings": {"problems": [finding_data(f) for f in r.problems],
                     "suggestions": [finding_data(f) for f in r.suggestions]},
        **_lists(r),
    }


def _lists(r: Review) -> dict[str, Any]:
    """``indicators`` and ``tasks`` with their state (and the unit ledger), when reviewed."""
    if r.lists is None:
        return {"indicators": [], "tasks": []}
    from .lists import lists_data

    return lists_data(r.lists)
