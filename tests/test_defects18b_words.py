"""Issue 18, wording: a cancelled task's due state reads 已取消 (not 已完成) in the list, the
detail and the exports; the review's English summary says "1 project", not "1 projects"."""

from __future__ import annotations

from datetime import date

from portfolio import i18n
from portfolio.records.fields import Status
from portfolio.records.task import model as tk
from portfolio.records.task.columns import TASK_KIND
from portfolio.review.compute import review
from portfolio.store import open_repository


def test_a_cancelled_task_is_due_state_cancelled_not_done(db_path):
    repo = open_repository(db_path)
    task = repo.records("task")[0]
    cancelled = task.model_copy(update={"status": Status.CANCELLED})
    completed = task.model_copy(update={"status": Status.COMPLETED})
    as_of = date(2030, 1, 1)  # long past every deadline
    assert tk.due_state(cancelled, as_of) is tk.DueState.CANCELLED
    assert tk.due_state(completed, as_of) is tk.DueState.DONE
    assert tk.due_label(tk.DueState.CANCELLED) == "已取消"
    cell = TASK_KIND.column("due").cell
    assert cell(cancelled) == "已取消" and cell(completed) != "已取消"
    try:
        i18n.set_language("en")
        assert cell(cancelled) == "cancelled"
    finally:
        i18n.set_language("zh_CN")


def test_the_english_review_counts_one_project_in_the_singular(db_path):
    repo = open_repository(db_path)
    one = [p for p in repo.records("project") if p.code == "W01"]
    try:
        i18n.set_language("en")
        summary = review(one, date(2023, 12, 31)).summary
        assert "Of the 1 key project," in summary
        assert "1 projects" not in summary
        assert "Of the 34 key projects," in review(repo.records("project"), date(2023, 12, 31)).summary
    finally:
        i18n.set_language("zh_CN")
