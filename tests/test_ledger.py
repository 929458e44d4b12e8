"""The unit ledger (台账) across the lists and the one reporting function behind
``portfolio report`` and the UI's report form."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from portfolio.cli import main
from portfolio.ledger import LEDGER_KIND, unit_ledger, unit_names
from portfolio.records.indicator.report import InvalidValue, report_value
from portfolio.store import Repository
from portfolio.units import directory_of

TODAY = date(2024, 7, 1)


def test_alias_and_canonical_name_give_the_same_ledger(repo: Repository) -> None:
    a = unit_ledger(repo, "柳州市生态环境局", TODAY)
    b = unit_ledger(repo, "市生态环境局", TODAY)
    assert a == b and a
    assert "市生态环境局" in unit_names(repo)


def test_groups_are_expanded_both_ways(repo: Repository) -> None:
    directory = directory_of(repo)
    to_group = [t for t in repo.records("task")
                if any(directory.canonical(u) == "各县区人民政府" for u in t.units)
                and not any(directory.canonical(u) == "鹿寨县" for u in t.units)]
    assert to_group, "the bundled tasks give work to 各县区人民政府"
    county = {i.code for i in unit_ledger(repo, "鹿寨县", TODAY)}
    assert {t.code for t in to_group} <= county  # a member's ledger holds the group's tasks
    named = [r for r in [*repo.projects(), *repo.records("task")]
             if any(directory.canonical(u) == "鹿寨县" for u in r.units)]
    group = {i.code for i in unit_ledger(repo, "各县区人民政府", TODAY)}
    assert named and {r.code for r in named} <= group  # the group's ledger holds its members' work


def test_overdue_first_and_roles(repo: Repository) -> None:
    items = unit_ledger(repo, "市生态环境局", TODAY)
    flags = [(not i.overdue, not i.due_soon) for i in items]
    assert flags == sorted(flags)
    assert any(i.overdue for i in items) and any(not i.overdue for i in items)
    for i in items:
        if i.kind == "project":
            p = repo.get(i.code)
            assert i.lead == (directory_of(repo).canonical(p.units[0]) == "市生态环境局")
            assert i.overdue == (p.end_year < TODAY.year and p.status.value != "completed")
        else:
            t = repo.get(i.code, "task")
            assert i.overdue == (t.deadline is not None and t.deadline < TODAY and t.status.value != "completed")
    assert LEDGER_KIND.column("flag").cell(items[0]) == "⚠"


def test_cli_report_and_the_report_function_store_the_same(capsys: pytest.CaptureFixture[str], db_path: Path,
                                                           tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    shutil.copyfile(db_path, other)
    assert main(["report", "I05", "2023", "97.5", "--note", "年报", "--db", str(db_path)]) == 0
    report_value(Repository.open(other), "i05", 2023, "97.5", note="年报")
    mine = Repository.open(db_path).get("I05", "indicator").values
    theirs = Repository.open(other).get("I05", "indicator").values
    assert mine == theirs and [(v.year, v.value, v.date) for v in mine] == [(2023, "97.5", date(2023, 12, 31))]
    # a year reported again replaces its value
    report_value(Repository.open(other), "I05", 2023, "99")
    assert [v.value for v in Repository.open(other).get("I05", "indicator").values] == ["99"]


def test_invalid_value_names_the_field_and_writes_nothing(db_path: Path) -> None:
    before = db_path.read_bytes()
    with pytest.raises(InvalidValue) as caught:
        report_value(Repository.open(db_path), "I05", 1999, "98")
    assert "year" in caught.value.issues
    with pytest.raises(InvalidValue) as caught:
        report_value(Repository.open(db_path), "I05", 2023, "  ")
    assert "value" in caught.value.issues
    assert db_path.read_bytes() == before
